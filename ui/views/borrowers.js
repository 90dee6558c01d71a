// Ausleihende: the list with search as you type, and the form of one
// borrower with blocking. Routes: #/borrowers, #/borrowers/new,
// #/borrowers/<id>.
import * as api from '../api.js';
import { personActions } from '../components/person-actions.js';
import { borrowerLoansSection, borrowerRemindersSection } from '../components/lending-panels.js';
import { arrowDownToRows, h, pageHeader } from '../components/dom.js';
import { reloadOnChange } from '../components/live.js';
import { clearFieldErrors, formValues, selectField, showConflict, showError, textareaField, textField, todayIso, consentVersion } from '../components/form.js';
import { deliverDocument } from '../components/delivery.js';
import { sortedTable } from '../components/sorted-table.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, inLabelOrder, t } from '../i18n/index.js';


/** The levels a teacher may teach. @type {import('../api.js').LevelCode[]} */
const LEVELS = ['alpha', 'a1', 'a2', 'b1', 'b2', 'c1', 'c2'];
const KINDS = ['ehrenamtlich', 'hauptamtlich', 'organisation', 'sonstige'];
const PRINT_LANGUAGES = ['de', 'en', 'fr', 'ru', 'tr', 'ar'];
const PAGE = 50;

let searchText = '';

/**
 * @param {HTMLElement} outlet
 * @param {{ params: string[] }} ctx
 */
export async function render(outlet, ctx) {
  const [param] = ctx.params;
  try {
    const organisations = await api.listOrganisations();
    if (param === 'new') return renderForm(outlet, null, (await api.searchBorrowers('', 1, 0)).next_card_number, organisations);
    if (param && /^\d+$/.test(param)) return renderForm(outlet, await api.getBorrower(Number(param)), '', organisations);
  } catch (error) {
    notifyError(error);
    location.hash = '#/borrowers';
    return false;
  }
  return renderList(outlet);
}

/** @param {KeyboardEvent} event */
export function onKey(event) {
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && event.key.toLowerCase() === 'n') {
    event.preventDefault();
    location.hash = '#/borrowers/new';
    return true;
  }
  const form = /** @type {HTMLFormElement | null} */ (document.getElementById('borrower-form'));
  if (ctrl && event.key.toLowerCase() === 's' && form) {
    event.preventDefault();
    form.requestSubmit();
    return true;
  }
  if (event.key === 'Escape' && form && !document.querySelector('dialog[open]')) {
    event.preventDefault();
    location.hash = '#/borrowers';
    return true;
  }
  return false;
}

/** @param {HTMLElement} outlet */
function renderList(outlet) {
  const search = /** @type {HTMLInputElement} */ (
    h('input', { id: 'borrower-search', type: 'search', value: searchText, placeholder: t('borrowers.searchPlaceholder'), 'aria-label': t('borrowers.search'), autocomplete: 'off' })
  );
  const count = h('p', { class: 'count', id: 'borrower-count', 'aria-live': 'polite' });
  const open = (/** @type {number} */ id) => (location.hash = `#/borrowers/${id}`);
  // The kind column sorts by the label read here, not by the stored code.
  const kindOrder = inLabelOrder(KINDS, 'borrowerKinds');
  const list = sortedTable({
    id: 'borrower-table',
    list: 'borrowers',
    columns: [
      { label: t('borrowers.name'), sort: 'name' },
      { label: t('borrowers.kind'), sort: 'kind' },
      { label: t('borrowers.card'), sort: 'card_number' },
      { label: t('borrowers.state'), sort: 'state' },
    ],
    pageSize: PAGE,
    load: (paging, sort) => api.searchBorrowers(searchText, paging.limit, paging.offset, sort, kindOrder),
    row: (b) =>
      h('tr', { tabindex: '0', class: 'row-link', 'data-id': String(b.id), onClick: () => open(b.id), onKeydown: (/** @type {KeyboardEvent} */ e) => e.key === 'Enter' && open(b.id) }, [
        h('td', { class: 'strong', dir: 'auto', text: b.name }),
        h('td', { text: t(`borrowerKinds.${b.kind}`) }),
        h('td', { class: 'mono', text: b.card_number }),
        h('td', {}, [b.blocked_reason ? h('span', { class: 'status status-gesperrt', text: t('borrowers.blocked') }) : null]),
      ]),
    empty: t('borrowers.noMatch'),
    onPage: (page) => (count.textContent = t(page.total === 1 ? 'borrowers.countOne' : 'borrowers.count', { count: page.total })),
  });
  outlet.replaceChildren(
    h('div', { class: 'page-header-row' }, [
      pageHeader(t('borrowers.title'), t('borrowers.lead')),
      h('div', { class: 'button-row' }, [
        h('a', { class: 'button', href: '#/settings/import/borrowers', id: 'import-borrowers', text: t('importWizard.fromExcel') }),
        h('a', { class: 'button primary', href: '#/borrowers/new', id: 'new-borrower' }, [t('borrowers.new'), h('kbd', { class: 'button-key', text: t('shortcuts.ctrl', { key: 'N' }) })]),
      ]),
    ]),
    h('div', { class: 'search-row' }, [search]),
    count,
    list.element,
  );
  // Every keystroke asks at once; the list drops late answers to older ones.
  search.addEventListener('input', () => {
    const started = performance.now();
    searchText = search.value;
    list.body.closest('table')?.setAttribute('aria-busy', 'true');
    list.reload(true, started);
  });
  arrowDownToRows(search, list.body);
  // Another PC added, changed or blocked someone (the shared database):
  // the page is read again where it stands.
  reloadOnChange(list.body, ['borrower'], () => list.reload());
  list.reload();
  search.focus();
  return true;
}

/**
 * A consent checkbox with the version of the text agreed.
 * @param {string} name
 * @param {import('../api.js').Consent | null} consent
 */
function consentField(name, consent) {
  return h('div', { class: 'field field-wide consent', 'data-field': `${name}_consent` }, [
    h('label', { class: 'checkbox' }, [
      h('input', { type: 'checkbox', id: `field-${name}_consent`, name: `${name}_consent`, checked: Boolean(consent) }),
      ` ${t(`borrowers.${name}Consent`)}`,
    ]),
    h('p', {
      class: 'field-hint',
      text: consent ? t('borrowers.consentGiven', { date: formatDate(consent.given_on), version: consent.text_version }) : t('borrowers.consentNone'),
    }),
  ]);
}

/**
 * @param {HTMLElement} outlet
 * @param {import('../api.js').Borrower | null} b
 * @param {string} nextCard
 * @param {import('../api.js').OrganisationSummary[]} organisations
 */
async function renderForm(outlet, b, nextCard, organisations) {
  // The languages a teacher may teach: the catalogue's list (without it,
  // the form shows the stored code and saves it unchanged).
  /** @type {import('../api.js').Language[]} */
  let languages = [];
  try {
    languages = (await api.catalogueOptions()).languages;
  } catch (error) {
    notifyError(error);
  }
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'borrower-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'name', label: t('borrowers.name'), value: b?.name, required: true, requiredText: t('settings.required'), wide: true }),
      selectField({ name: 'kind', label: t('borrowers.kind'), value: b?.kind ?? 'ehrenamtlich', options: KINDS.map((k) => ({ value: k, label: t(`borrowerKinds.${k}`) })) }),
      textField({ name: 'card_number', label: t('borrowers.card'), value: b?.card_number ?? '' }),
      selectField({
        name: 'organisation',
        label: t('borrowers.organisation'),
        value: b?.organisation_id == null ? '' : String(b.organisation_id),
        options: [{ value: '', label: '–' }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))],
        wide: true,
      }),
      textField({ name: 'email', label: t('settings.email'), value: b?.email, type: 'email' }),
      textField({ name: 'phone', label: t('settings.phone'), value: b?.phone, type: 'tel' }),
      selectField({
        name: 'print_language',
        label: t('borrowers.printLanguage'),
        value: b?.print_language ?? 'de',
        options: PRINT_LANGUAGES.map((l) => ({ value: l, label: t(`printLanguages.${l}`) })),
      }),
      h('fieldset', { class: 'field-wide form-grid address-fields', id: 'address-fields' }, [
        h('legend', { text: t('borrowers.addressTitle') }),
        h('p', { class: 'field-hint field-wide', text: t('borrowers.addressHint') }),
        textField({ name: 'address_street', label: t('borrowers.addressStreet'), value: b?.address.street, wide: true }),
        textField({ name: 'address_extra', label: t('borrowers.addressExtra'), value: b?.address.extra, wide: true }),
        textField({ name: 'address_postal_code', label: t('borrowers.addressPostalCode'), value: b?.address.postal_code, inputmode: 'numeric' }),
        textField({ name: 'address_town', label: t('borrowers.addressTown'), value: b?.address.town }),
        textField({ name: 'address_country', label: t('borrowers.addressCountry'), value: b?.address.country }),
      ]),
      h('fieldset', { class: 'field-wide form-grid', id: 'teaching-fields' }, [
        h('legend', { text: t('borrowers.teachingTitle') }),
        h('p', { class: 'field-hint field-wide', text: t('borrowers.teachingHint') }),
        selectField({
          name: 'teaching_language',
          label: t('borrowers.teachingLanguage'),
          value: b?.teaching_language ?? '',
          // A stored code the list lacks (it could not be read) stays, so
          // that saving never drops it.
          options: [
            { value: '', label: '–' },
            ...languages.map((l) => ({ value: l.code, label: l.name })),
            ...(b?.teaching_language && !languages.some((l) => l.code === b.teaching_language) ? [{ value: b.teaching_language, label: b.teaching_language }] : []),
          ],
        }),
        selectField({
          name: 'teaching_level',
          label: t('borrowers.teachingLevel'),
          value: b?.teaching_level ?? '',
          options: [{ value: '', label: '–' }, ...LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))],
        }),
      ]),
      consentField('history', b?.history_consent ?? null),
      consentField('email', b?.email_consent ?? null),
      textareaField({ name: 'note', label: t('catalogue.notes'), value: b?.note, rows: 2 }),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'button primary', id: 'save-borrower', text: t('settings.save') }),
        h('a', { class: 'button', href: '#/borrowers', text: t('catalogue.back') }),
        h('span', { class: 'shortcut-hint', text: t('catalogue.formKeys') }),
      ]),
    ])
  );
  if (!b) /** @type {HTMLInputElement} */ (form.querySelector('#field-card_number')).placeholder = nextCard;
  const kindSelect = /** @type {HTMLSelectElement} */ (form.querySelector('#field-kind'));
  const organisationField = /** @type {HTMLElement} */ (form.querySelector('[data-field="organisation"]'));
  const teachingFields = /** @type {HTMLElement} */ (form.querySelector('#teaching-fields'));
  const showOrganisation = () => {
    organisationField.hidden = kindSelect.value !== 'organisation';
    // What is taught: for teachers, paid or volunteer.
    teachingFields.hidden = kindSelect.value !== 'hauptamtlich' && kindSelect.value !== 'ehrenamtlich';
  };
  kindSelect.addEventListener('change', showOrganisation);
  showOrganisation();
  const today = todayIso();
  const version = await consentVersion('mediathek');
  /** @param {string} name @param {import('../api.js').Consent | null} old */
  const consent = (name, old) =>
    /** @type {HTMLInputElement} */ (form.querySelector(`#field-${name}_consent`)).checked ? old ?? { given_on: today, text_version: version } : null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const { organisation, ...v } = formValues(form, ['name', 'kind', 'card_number', 'email', 'phone', 'print_language', 'note', 'organisation']);
    const a = formValues(form, ['address_street', 'address_extra', 'address_postal_code', 'address_town', 'address_country']);
    const taught = formValues(form, ['teaching_language', 'teaching_level']);
    const teaches = v.kind === 'hauptamtlich' || v.kind === 'ehrenamtlich';
    try {
      const saved = await api.saveBorrower(b?.id ?? null, {
        ...v,
        address: { street: a.address_street, extra: a.address_extra, postal_code: a.address_postal_code, town: a.address_town, country: a.address_country },
        organisation_id: v.kind === 'organisation' && organisation !== '' ? Number(organisation) : null,
        history_consent: consent('history', b?.history_consent ?? null),
        email_consent: consent('email', b?.email_consent ?? null),
        teaching_language: teaches ? taught.teaching_language || null : null,
        teaching_level: teaches ? /** @type {import('../api.js').LevelCode} */ (taught.teaching_level) || null : null,
        // The version this form was filled from: a save over someone else's is refused.
        version: b ? b.saved.version : null,
      });
      notify(t('borrowers.saved', { name: saved.name }));
      if (b) await render(outlet, { params: [String(saved.id)] });
      else location.hash = `#/borrowers/${saved.id}`;
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (b && showConflict(form, e, () => render(outlet, { params: [String(b.id)] }))) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  const parts = [pageHeader(b ? b.name : t('borrowers.newTitle'), b ? `${t(`borrowerKinds.${b.kind}`)} · ${b.card_number}` : t('borrowers.newLead'))];
  if (b) {
    parts.push(
      h('div', { class: 'button-row action-row' }, [
        h('button', {
          type: 'button',
          class: 'button',
          id: 'print-card',
          text: t('borrowers.printCard'),
          onClick: () => deliverDocument(() => api.printBorrowerCard(b.id, 'open')),
        }),
      ]),
    );
    parts.push(blockSection(outlet, b));
  }
  parts.push(form);
  if (b) parts.push(await borrowerLoansSection(b.id));
  if (b) parts.push(await borrowerRemindersSection(b.id));
  if (b) parts.push(personActions({ borrower: b.id }, () => (location.hash = '#/borrowers')));
  outlet.replaceChildren(...parts);
  /** @type {HTMLElement | null} */ (form.querySelector('#field-name'))?.focus();
  return true;
}

/**
 * Blocking with a reason, or lifting the block.
 * @param {HTMLElement} outlet
 * @param {import('../api.js').Borrower} b
 */
function blockSection(outlet, b) {
  const reload = () => render(outlet, { params: [String(b.id)] });
  if (b.blocked_reason) {
    const banner = h('div', { class: 'banner-block', role: 'status', id: 'blocked-banner' }, [
      h('p', { text: t('borrowers.blockedBecause', { reason: b.blocked_reason }) }),
      h('button', {
        type: 'button',
        class: 'button',
        id: 'unblock',
        text: t('borrowers.unblock'),
        onClick: async () => {
          try {
            await api.setBorrowerBlocked(b.id, null, b.saved.version);
            notify(t('borrowers.unblocked'));
            await reload();
          } catch (error) {
            // Someone changed the person meanwhile: say who, offer to reload.
            const e = /** @type {import('../api.js').CommandError} */ (error);
            if (!showConflict(banner, e, reload)) notifyError(e);
          }
        },
      }),
    ]);
    return banner;
  }
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'block-form', class: 'inline-form card', novalidate: true }, [
      textField({ name: 'blocked_reason', label: t('borrowers.blockReason'), value: '' }),
      h('button', { type: 'submit', class: 'button', id: 'block', text: t('borrowers.block') }),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const { blocked_reason: reason } = formValues(form, ['blocked_reason']);
    try {
      await api.setBorrowerBlocked(b.id, reason, b.saved.version);
      notify(t('borrowers.blockedNow'));
      await reload();
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (showConflict(form, e, reload)) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  return form;
}

