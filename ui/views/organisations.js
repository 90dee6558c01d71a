// Organisationen: the directory with search and filters, exports and the
// mailing list (#/organisations). The section's other pages (one
// organisation, projects, the Arbeitskreis) are listed in routes.js.
import * as api from '../api.js';
import { ask } from '../components/dialog.js';
import { arrowDownToRows, h, pageHeader } from '../components/dom.js';
import { deliverDocument } from '../components/delivery.js';
import { reloadOnChange } from '../components/live.js';
import { sortedTable } from '../components/sorted-table.js';
import { organisationTabs } from '../components/tabs.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, t } from '../i18n/index.js';

const STATUSES = ['kontakt', 'aktiv', 'ruhend'];

/** The directory's filters, kept while the app runs (a saved filter). @type {import('../api.js').DirectoryQuery} */
const query = {
  text: '',
  municipality: null,
  kind_id: null,
  language: null,
  offering_kind_id: null,
  status: null,
  include_archived: false,
  limit: 50,
  offset: 0,
};

/** @param {HTMLElement} outlet @param {import('../api.js').DirectoryOptions} options */
export async function render(outlet, options) {
  /** @type {import('../api.js').SavedFilter[]} */
  let saved = [];
  try {
    saved = await api.savedFilters();
  } catch (error) {
    notifyError(error);
  }
  const search = /** @type {HTMLInputElement} */ (
    h('input', { id: 'org-search', type: 'search', value: query.text, placeholder: t('organisations.searchPlaceholder'), 'aria-label': t('organisations.search'), autocomplete: 'off' })
  );
  /** @param {string} id @param {string} label @param {{ value: string, label: string }[]} list @param {string} value */
  const filter = (id, label, list, value) =>
    h('div', { class: 'field' }, [
      h('label', { for: id, text: label }),
      h('select', { id }, [h('option', { value: '', text: t('catalogue.any') }), ...list.map((o) => h('option', { value: o.value, text: o.label, selected: o.value === value }))]),
    ]);
  const filters = [
    filter('filter-municipality', t('organisations.municipality'), options.municipalities.map((m) => ({ value: m, label: m })), query.municipality ?? ''),
    filter('filter-kind', t('organisations.kind'), options.kinds.map((k) => ({ value: String(k.id), label: k.name })), query.kind_id == null ? '' : String(query.kind_id)),
    filter('filter-language', t('catalogue.language'), options.languages.map((l) => ({ value: l.code, label: l.name })), query.language ?? ''),
    filter('filter-offering', t('organisations.offering'), options.offering_kinds.map((k) => ({ value: String(k.id), label: k.name })), query.offering_kind_id == null ? '' : String(query.offering_kind_id)),
    filter('filter-status', t('organisations.status'), STATUSES.map((s) => ({ value: s, label: t(`orgStatus.${s}`) })), query.status ?? ''),
  ];
  const archived = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'filter-archived', checked: query.include_archived }));
  const count = h('p', { class: 'count', id: 'org-count', 'aria-live': 'polite' });
  const open = (/** @type {number} */ id) => (location.hash = `#/organisations/${id}`);
  // Offerings and languages are lists per organisation: they do not sort.
  const list = sortedTable({
    id: 'organisations-table',
    list: 'organisations',
    columns: [
      { label: t('organisations.name'), sort: 'name' },
      { label: t('organisations.kind'), sort: 'kind' },
      { label: t('organisations.municipality'), sort: 'municipality' },
      { label: t('organisations.offerings') },
      { label: t('catalogue.languages') },
      { label: t('organisations.status'), sort: 'status' },
    ],
    pageSize: query.limit,
    load: (paging, sort) => api.searchOrganisations({ ...query, ...paging }, sort),
    row: (o) =>
      h('tr', { tabindex: '0', class: `row-link ${o.archived ? 'archived' : ''}`, 'data-id': String(o.id), onClick: () => open(o.id), onKeydown: (/** @type {KeyboardEvent} */ e) => e.key === 'Enter' && open(o.id) }, [
        h('td', {}, [h('span', { class: 'strong block', dir: 'auto', text: o.name }), o.archived ? h('span', { class: 'secondary', text: t('organisations.archived') }) : null]),
        h('td', { text: o.kind }),
        h('td', { text: o.municipality }),
        h('td', { text: o.offerings.join(', ') }),
        h('td', { text: o.languages.map((c) => options.languages.find((l) => l.code === c)?.name ?? c).join(', ') }),
        h('td', {}, [h('span', { class: `status status-org-${o.status}`, text: t(`orgStatus.${o.status}`) })]),
      ]),
    empty: t('organisations.noMatch'),
    onPage: (page) => (count.textContent = t(page.total === 1 ? 'organisations.countOne' : 'organisations.count', { count: page.total })),
  });
  const mailing = h('div', { id: 'mailing-result', class: 'reminder-result', 'aria-live': 'polite' });
  const plain = () => ({ ...query, limit: 500, offset: 0 });
  outlet.replaceChildren(
    h('div', { class: 'page-header-row' }, [pageHeader(t('organisations.title'), t('organisations.lead')), organisationTabs('directory')]),
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button primary', href: '#/organisations/new', id: 'new-organisation' }, [t('organisations.new'), h('kbd', { class: 'button-key', text: t('shortcuts.ctrl', { key: 'N' }) })]),
      h('button', { type: 'button', class: 'button', id: 'export-directory', text: t('organisations.exportXlsx'), onClick: () => deliverDocument(() => api.exportDirectory(plain(), 'xlsx', 'open')) }),
      h('button', { type: 'button', class: 'button', id: 'print-directory', text: t('organisations.printBooklet'), onClick: () => deliverDocument(() => api.exportDirectory(plain(), 'pdf', 'open')) }),
      h('button', { type: 'button', class: 'button', id: 'mailing-list', text: t('organisations.mailingList'), onClick: () => showMailing() }),
      h('a', { class: 'button', href: '#/settings/import/organisations', id: 'import-organisations', text: t('importWizard.fromExcel') }),
    ]),
    h('div', { class: 'search-row' }, [search]),
    h('div', { class: 'filter-row' }, [...filters, h('label', { class: 'checkbox filter-check', for: 'filter-archived' }, [archived, ` ${t('organisations.includeArchived')}`])]),
    savedRow(outlet, options, saved),
    mailing,
    count,
    list.element,
  );

  const showMailing = async () => {
    let list;
    try {
      list = await api.mailingList(plain(), null, 'open');
    } catch (error) {
      notifyError(error);
      return;
    }
    const bcc = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'mailing-bcc', rows: '2', readonly: true, class: 'bcc' }));
    bcc.value = list.bcc;
    mailing.replaceChildren(
      h('p', { text: t('organisations.mailingSummary', { contacts: list.contacts, without: list.without_email }) }),
      h('label', { for: 'mailing-bcc', text: t('organisations.bccLabel') }),
      bcc,
      h('div', { class: 'button-row' }, [
        h('button', {
          type: 'button',
          class: 'button',
          id: 'copy-bcc',
          text: t('organisations.copyBcc'),
          disabled: list.addresses === 0,
          onClick: async () => {
            bcc.select();
            let copied = true;
            try {
              await navigator.clipboard.writeText(bcc.value);
            } catch {
              // Without the asynchronous clipboard, copy the selected field.
              copied = document.execCommand('copy');
            }
            if (copied) notify(list.addresses === 1 ? t('organisations.copiedOne') : t('organisations.copiedCount', { count: list.addresses }), 'success');
            else notify(t('organisations.copyFailed'), 'error');
          },
        }),
        h('button', { type: 'button', class: 'button', id: 'export-mailing', text: t('organisations.exportMailing'), onClick: () => deliverDocument(async () => /** @type {any} */ ((await api.mailingList(plain(), 'xlsx', 'open')).delivered)) }),
        h('button', { type: 'button', class: 'button', id: 'export-mailing-csv', text: t('organisations.exportOutlook'), onClick: () => deliverDocument(async () => /** @type {any} */ ((await api.mailingList(plain(), 'csv', 'save')).delivered)) }),
      ]),
    );
  };

  // Every keystroke and filter asks at once; the list drops late answers
  // to older ones.
  const changed = () => {
    const started = performance.now();
    list.body.closest('table')?.setAttribute('aria-busy', 'true');
    list.reload(true, started);
  };
  search.addEventListener('input', () => {
    query.text = search.value;
    changed();
  });
  arrowDownToRows(search, list.body);
  /** @param {string} id @param {(v: string) => void} set */
  const bind = (id, set) => {
    const select = /** @type {HTMLSelectElement} */ (outlet.querySelector(`#${id}`));
    select.addEventListener('change', () => {
      set(select.value);
      changed();
    });
  };
  bind('filter-municipality', (v) => (query.municipality = v || null));
  bind('filter-kind', (v) => (query.kind_id = v ? Number(v) : null));
  bind('filter-language', (v) => (query.language = v || null));
  bind('filter-offering', (v) => (query.offering_kind_id = v ? Number(v) : null));
  bind('filter-status', (v) => (query.status = v || null));
  archived.addEventListener('change', () => {
    query.include_archived = archived.checked;
    changed();
  });
  // Another PC entered or changed an organisation (the shared database):
  // the page is read again where it stands.
  reloadOnChange(list.body, ['organisation', 'organisation_language', 'organisation_kind', 'offering', 'offering_language', 'offering_kind', 'contact', 'contact_role'], () => list.reload());
  list.reload();
  search.focus();
  return true;
}

/** Strg+N opens a new organisation. @param {KeyboardEvent} event */
export function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'n' && location.hash.replace(/\/$/, '') === '#/organisations') {
    event.preventDefault();
    location.hash = '#/organisations/new';
    return true;
  }
  return false;
}

/**
 * Saved filters: apply one, save the current filter under a name, remove one.
 * @param {HTMLElement} outlet @param {import('../api.js').DirectoryOptions} options
 * @param {import('../api.js').SavedFilter[]} saved
 */
function savedRow(outlet, options, saved) {
  const pick = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'saved-filter' }, [
      h('option', { value: '', text: t('organisations.savedFilterNone') }),
      ...saved.map((f) => h('option', { value: f.name, text: f.name })),
    ])
  );
  const name = /** @type {HTMLInputElement} */ (h('input', { type: 'text', id: 'filter-name', placeholder: t('organisations.filterNamePlaceholder') }));
  pick.addEventListener('change', () => {
    const chosen = saved.find((f) => f.name === pick.value);
    if (!chosen) return;
    Object.assign(query, chosen.query, { limit: 50, offset: 0 });
    render(outlet, options);
  });
  return h('div', { class: 'inline-form saved-filters' }, [
    h('div', { class: 'field' }, [h('label', { for: 'saved-filter', text: t('organisations.savedFilters') }), pick]),
    h('button', {
      type: 'button',
      class: 'button small',
      id: 'delete-filter',
      text: t('organisations.deleteFilter'),
      onClick: async () => {
        if (!pick.value) return;
        await api.deleteDirectoryFilter(pick.value);
        render(outlet, options);
      },
    }),
    h('div', { class: 'field' }, [h('label', { for: 'filter-name', text: t('organisations.filterName') }), name]),
    h('button', {
      type: 'button',
      class: 'button small',
      id: 'save-filter',
      text: t('organisations.saveFilter'),
      onClick: async () => {
        const filter = { ...query, limit: 0, offset: 0 };
        try {
          try {
            await api.saveDirectoryFilter(name.value, filter, false);
          } catch (error) {
            // The name is taken (perhaps by another PC since this list was
            // read): replaced only when staff say so.
            const e = /** @type {import('../api.js').CommandError} */ (error);
            if (e.code !== 'filter_name_taken') throw e;
            const replace = await ask({ title: t('organisations.replaceFilterTitle'), message: `${errorText(e)} ${t('organisations.replaceFilterQuestion')}`, confirm: t('organisations.replaceFilter') });
            if (!replace) {
              name.focus();
              return;
            }
            await api.saveDirectoryFilter(name.value, filter, true);
          }
          notify(t('organisations.filterSaved', { name: name.value.trim() }), 'success');
          render(outlet, options);
        } catch (error) {
          notifyError(error);
          name.focus();
        }
      },
    }),
  ]);
}
