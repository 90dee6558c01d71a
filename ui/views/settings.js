// Einstellungen: the institution's data (on every printout), the UI
// language, and where the data lives.
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { clearFieldErrors, formValues, showFieldError, textField } from '../components/form.js';
import { deliverDocument } from '../components/delivery.js';
import { notify } from '../components/toast.js';
import { errorText, t } from '../i18n/index.js';
import { lendingSection } from './lending-settings.js';

const FIELDS = /** @type {const} */ ([
  { name: 'name', required: true, autocomplete: 'organization', wide: true },
  { name: 'department', wide: true },
  { name: 'street', autocomplete: 'street-address', wide: true },
  { name: 'postal_code', inputmode: 'numeric', maxlength: 5, autocomplete: 'postal-code' },
  { name: 'city', autocomplete: 'address-level2' },
  { name: 'phone', type: 'tel', autocomplete: 'tel' },
  { name: 'email', type: 'email', autocomplete: 'email' },
  { name: 'website', wide: true },
]);

/**
 * @param {HTMLElement} outlet
 * @param {{ status: import('../api.js').AppStatus, changeLanguage: (lang: 'de' | 'en') => Promise<void> }} ctx
 */
export async function render(outlet, ctx) {
  outlet.replaceChildren(pageHeader(t('settings.title')));
  let settings;
  try {
    settings = await api.getSettings();
  } catch (error) {
    notify(errorText(/** @type {any} */ (error)), 'error');
    return;
  }
  let kinds;
  try {
    kinds = (await api.catalogueOptions()).kinds;
  } catch (error) {
    notify(errorText(/** @type {any} */ (error)), 'error');
    return;
  }
  const lending = await lendingSection();
  const institution = /** @type {Record<string, string>} */ (settings.institution);
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'institution-form', class: 'card form-grid', novalidate: true }, [
      ...FIELDS.map((f) =>
        textField({
          ...f,
          label: t(`settings.${f.name}`),
          value: institution[f.name] ?? '',
          requiredText: t('settings.required'),
        }),
      ),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'button primary', id: 'save-institution', text: t('settings.save') }),
        h('span', { class: 'shortcut-hint', text: 'Strg+S' }),
      ]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = formValues(form, FIELDS.map((f) => f.name));
    try {
      await api.saveInstitution(/** @type {any} */ (values));
      notify(t('settings.saved'));
      await render(outlet, ctx);
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      // A refusal that belongs to a field is shown there (aria-live);
      // anything else in the notification area.
      if (!(e.field && showFieldError(form, e.field, errorText(e)))) {
        notify(errorText(e), 'error');
      }
    }
  });

  const language = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'ui-language', name: 'ui_language' }, [
      h('option', { value: 'de', text: t('settings.languageDe'), lang: 'de' }),
      h('option', { value: 'en', text: t('settings.languageEn'), lang: 'en' }),
    ])
  );
  language.value = settings.ui_language;
  language.addEventListener('change', async () => {
    try {
      await ctx.changeLanguage(/** @type {'de' | 'en'} */ (language.value));
      notify(t('settings.languageSaved'));
    } catch (error) {
      notify(errorText(/** @type {any} */ (error)), 'error');
    }
  });

  const s = ctx.status;
  const about = h('dl', { class: 'about' }, [
    ...[
      ['version', s.app_version],
      ['schema', String(s.schema_version ?? '')],
      ['dataDir', s.data_dir],
      ['databaseFile', s.database_file],
      ['logDir', s.log_dir],
    ].flatMap(([key, value]) => [h('dt', { text: t(`settings.${key}`) }), h('dd', { class: 'path', text: value })]),
  ]);

  outlet.append(
    h('section', { 'aria-labelledby': 'institution-title' }, [
      h('h2', { id: 'institution-title', text: t('settings.institutionTitle') }),
      h('p', { class: 'section-lead', text: t('settings.institutionLead') }),
      form,
    ]),
    h('section', { 'aria-labelledby': 'language-title' }, [
      h('h2', { id: 'language-title', text: t('settings.languageTitle') }),
      h('div', { class: 'card field' }, [h('label', { for: 'ui-language', text: t('settings.languageLabel') }), language]),
    ]),
    kindsSection(outlet, ctx, kinds),
    lending ?? '',
    h('section', { 'aria-labelledby': 'print-title' }, [
      h('h2', { id: 'print-title', text: t('settings.printTitle') }),
      h('p', { class: 'section-lead', text: t('settings.printLead') }),
      h('div', { class: 'card button-row' }, [
        h('button', {
          type: 'button',
          class: 'button primary',
          id: 'print-test-page',
          text: t('settings.printTestPage'),
          onClick: () => deliverDocument(() => api.printTestPage('open')),
        }),
        h('button', {
          type: 'button',
          class: 'button',
          id: 'save-test-page',
          text: t('settings.saveTestPage'),
          onClick: () => deliverDocument(() => api.printTestPage('save')),
        }),
      ]),
    ]),
    h('section', { 'aria-labelledby': 'about-title' }, [
      h('h2', { id: 'about-title', text: t('settings.aboutTitle') }),
      h('div', { class: 'card' }, [about]),
    ]),
  );
}

/** Ctrl+S in this view saves the form. @param {KeyboardEvent} event */
export function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
    const form = /** @type {HTMLFormElement | null} */ (document.getElementById('institution-form'));
    if (form) {
      event.preventDefault();
      form.requestSubmit();
      return true;
    }
  }
  return false;
}

/**
 * The Mediengruppen and a field to add one.
 * @param {HTMLElement} outlet
 * @param {any} ctx
 * @param {import('../api.js').MediaKind[]} kinds
 */
function kindsSection(outlet, ctx, kinds) {
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'kind-form', class: 'inline-form', novalidate: true }, [
      textField({ name: 'kind', label: t('settings.newKind'), value: '' }),
      h('button', { type: 'submit', class: 'button', id: 'add-kind', text: t('settings.addKind') }),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const { kind } = formValues(form, ['kind']);
    try {
      const added = await api.addMediaKind(kind);
      notify(t('settings.kindAdded', { name: added.name }));
      await render(outlet, ctx);
      document.getElementById('field-kind')?.focus();
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (!(e.field && showFieldError(form, e.field, errorText(e)))) notify(errorText(e), 'error');
    }
  });
  return h('section', { 'aria-labelledby': 'kinds-title' }, [
    h('h2', { id: 'kinds-title', text: t('settings.kindsTitle') }),
    h('p', { class: 'section-lead', id: 'kind-list', text: kinds.map((k) => k.name).join(' · ') }),
    h('div', { class: 'card' }, [form]),
  ]);
}
