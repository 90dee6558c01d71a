// Einstellungen: the institution's data (on every printout), the UI
// language, and where the data lives.
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { clearFieldErrors, formValues, showConflict, showFieldError, textField } from '../components/form.js';
import { backupSection } from '../components/backup-settings.js';
import { databaseSection } from '../components/database-settings.js';
import { deliverDocument } from '../components/delivery.js';
import { lendingSection } from '../components/lending-settings.js';
import { numberingSection } from '../components/numbering-settings.js';
import { updatePanel } from '../components/update-panel.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, t } from '../i18n/index.js';

const FIELDS = /** @type {const} */ ([
  { name: 'name', required: true, autocomplete: 'organization', wide: true },
  { name: 'department', wide: true },
  { name: 'street', autocomplete: 'street-address', wide: true },
  { name: 'postal_code', inputmode: 'numeric', maxlength: 5, autocomplete: 'postal-code' },
  { name: 'city', autocomplete: 'address-level2' },
  { name: 'phone', type: 'tel', autocomplete: 'tel' },
  { name: 'email', type: 'email', autocomplete: 'email' },
  { name: 'website', wide: true },
  { name: 'opening_hours', wide: true, hintKey: 'settings.openingHoursHint' },
]);

/** The formats of slips and receipts with their i18n keys, in the order offered. */
const SLIP_FORMATS = /** @type {const} */ ([
  ['a4', 'slipFormatA4'],
  ['a5', 'slipFormatA5'],
  ['roll_80', 'slipFormatRoll80'],
  ['roll_58', 'slipFormatRoll58'],
]);

/**
 * @param {HTMLElement} outlet
 * @param {{ status: import('../api.js').AppStatus, changeLanguage: (lang: 'de' | 'en') => Promise<void>, refresh: () => Promise<void> }} ctx
 */
export async function render(outlet, ctx) {
  outlet.replaceChildren(
    pageHeader(t('settings.title')),
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button', href: '#/settings/datenschutz', id: 'open-privacy', text: t('privacy.open') }),
      h('a', { class: 'button', href: '#/settings/import', id: 'open-import', text: t('importWizard.open') }),
      h('a', { class: 'button', href: '#/settings/veroeffentlichen', id: 'open-publish', text: t('publishSite.open') }),
      h('button', { type: 'button', class: 'button', id: 'export-all', text: t('importWizard.exportAll'), onClick: () => deliverDocument(() => api.exportAllData('save')) }),
    ]),
  );
  let settings;
  try {
    settings = await api.getSettings();
  } catch (error) {
    notifyError(error);
    // The database section needs no data of the database: it stays the
    // way out when the server cannot be reached or its password is
    // missing (connect again).
    const database = await databaseSection();
    if (database) outlet.append(database);
    return;
  }
  let kinds;
  try {
    kinds = (await api.catalogueOptions()).kinds;
  } catch (error) {
    notifyError(error);
    return;
  }
  let directory;
  try {
    directory = await api.directoryOptions();
  } catch (error) {
    notifyError(error);
    return;
  }
  const lending = await lendingSection();
  const numbering = await numberingSection();
  const database = await databaseSection();
  const backups = await backupSection(async () => {
    await ctx.refresh();
  });
  const institution = /** @type {Record<string, string>} */ (settings.institution);
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'institution-form', class: 'card form-grid', novalidate: true }, [
      ...FIELDS.map((f) =>
        textField({
          ...f,
          hint: 'hintKey' in f ? t(f.hintKey) : undefined,
          label: t(`settings.${f.name}`),
          value: institution[f.name] ?? '',
          requiredText: t('settings.required'),
        }),
      ),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'button primary', id: 'save-institution', text: t('settings.save') }),
        h('span', { class: 'shortcut-hint', text: t('shortcuts.ctrl', { key: 'S' }) }),
      ]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = formValues(form, FIELDS.map((f) => f.name));
    try {
      await api.saveInstitution(/** @type {any} */ (values), settings.institution_version);
      notify(t('settings.saved'));
      await render(outlet, ctx);
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      // Saved on another PC since this page read it: say who, offer to reload.
      if (showConflict(form, e, () => render(outlet, ctx))) return;
      // A refusal that belongs to a field is shown there (aria-live);
      // anything else in the notification area.
      if (!(e.field && showFieldError(form, e.field, errorText(e)))) {
        notifyError(e);
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
      notifyError(error);
    }
  });

  const slipFormat = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'slip-format', name: 'slip_format', 'aria-describedby': 'slip-format-hint' },
      SLIP_FORMATS.map(([value, key]) => h('option', { value, text: t(`settings.${key}`) })))
  );
  slipFormat.value = settings.slip_format;
  slipFormat.addEventListener('change', async () => {
    try {
      const format = /** @type {import('../api.js').SlipFormat} */ (slipFormat.value);
      const stored = await api.setSlipFormat(format);
      const key = SLIP_FORMATS.find(([value]) => value === stored)?.[1] ?? 'slipFormatA4';
      notify(t('settings.slipFormatSaved', { format: t(`settings.${key}`) }));
    } catch (error) {
      slipFormat.value = settings.slip_format;
      notifyError(error);
    }
  });

  const minCount = reportMinCountForm(settings.report_min_count);

  const s = ctx.status;
  const updates = await updatePanel(s.app_version);
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
    listSection(outlet, ctx, { key: 'kind', title: t('settings.kindsTitle'), label: t('settings.newKind'), added: t('settings.kindAdded'), names: kinds.map((k) => k.name), add: api.addMediaKind }),
    listSection(outlet, ctx, { key: 'organisation_kind', title: t('settings.orgKindsTitle'), label: t('settings.newOrgKind'), added: t('settings.entryAdded'), names: directory.kinds.map((k) => k.name), add: (name) => api.addDirectoryKind('organisation', name) }),
    listSection(outlet, ctx, { key: 'offering_kind', title: t('settings.offeringKindsTitle'), label: t('settings.newOfferingKind'), added: t('settings.entryAdded'), names: directory.offering_kinds.map((k) => k.name), add: (name) => api.addDirectoryKind('offering', name) }),
    lending ?? '',
    numbering ?? '',
    h('section', { 'aria-labelledby': 'print-title' }, [
      h('h2', { id: 'print-title', text: t('settings.printTitle') }),
      h('p', { class: 'section-lead', text: t('settings.printLead') }),
      h('div', { class: 'card field' }, [
        h('label', { for: 'slip-format', text: t('settings.slipFormat') }),
        slipFormat,
        h('p', { class: 'secondary', id: 'slip-format-hint', text: t('settings.slipFormatHint') }),
      ]),
      minCount,
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
    database ?? '',
    backups ?? '',
    h('section', { 'aria-labelledby': 'about-title' }, [
      h('h2', { id: 'about-title', text: t('settings.aboutTitle') }),
      h('div', { class: 'card' }, [about, updates]),
    ]),
  );
}

/**
 * The smallest count of people the printed report shows as it is: a
 * number field saved with its button; a refusal stands next to the field
 * and the stored value stays.
 * @param {number} stored
 */
function reportMinCountForm(stored) {
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'report-min-count-form', class: 'card form-grid', novalidate: true }, [
      textField({
        name: 'report_min_count',
        type: 'number',
        inputmode: 'numeric',
        label: t('settings.reportMinCount'),
        hint: t('settings.reportMinCountHint'),
        value: String(stored),
      }),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'button', id: 'save-report-min-count', text: t('settings.reportMinCountSave') }),
      ]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('report_min_count'));
    const text = input.value.trim();
    /** @type {import('../api.js').CommandError} */
    const refused = { code: 'report_min_count_invalid', field: 'report_min_count', params: { value: text, min: 1, max: 10 } };
    // Only a whole number reaches the core, which checks the range.
    if (!/^-?\d{1,9}$/.test(text)) {
      showFieldError(form, 'report_min_count', errorText(refused));
      return;
    }
    try {
      const n = await api.setReportMinCount(Number(text));
      input.value = String(n);
      notify(n === 1 ? t('settings.reportMinCountOff') : t('settings.reportMinCountSaved', { n }));
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (!(e.field && showFieldError(form, e.field, errorText(e)))) notifyError(e);
    }
  });
  return form;
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
 * An extendable list (Mediengruppen, kinds of organisation, kinds of
 * offering): its entries and a field to add one.
 * @param {HTMLElement} outlet
 * @param {any} ctx
 * @param {{ key: string, title: string, label: string, added: string, names: string[],
 *           add: (name: string) => Promise<{ name: string }> }} list
 */
function listSection(outlet, ctx, list) {
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: `${list.key}-form`, class: 'inline-form', novalidate: true }, [
      textField({ name: list.key, label: list.label, value: '' }),
      h('button', { type: 'submit', class: 'button', id: `add-${list.key}`, text: t('settings.addKind') }),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const name = formValues(form, [list.key])[list.key];
    try {
      const added = await list.add(name);
      notify(list.added.replace('{name}', added.name));
      await render(outlet, ctx);
      document.getElementById(`field-${list.key}`)?.focus();
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (!showFieldError(form, list.key, errorText(e))) notifyError(e);
    }
  });
  return h('section', { 'aria-labelledby': `${list.key}-title` }, [
    h('h2', { id: `${list.key}-title`, text: list.title }),
    h('p', { class: 'section-lead', id: `${list.key}-list`, text: list.names.join(' · ') }),
    h('div', { class: 'card' }, [form]),
  ]);
}
