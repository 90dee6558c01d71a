// Medien: the catalogue list with search as you type and filters, and the
// form of one medium with its copies. Routes: #/catalogue, #/catalogue/new,
// #/catalogue/<id>; a copy's own page is views/copy.js.
import * as api from '../api.js';
import { mediumReservationsSection } from '../components/lending-panels.js';
import { reloadOnChange } from '../components/live.js';
import { conflictText, materialState } from '../components/workshop-material.js';
import { arrowDownToRows, h, pageHeader } from '../components/dom.js';
import {
  checkboxGroup,
  checkedValues,
  clearFieldErrors,
  formValues,
  selectField,
  showConflict,
  showError,
  textareaField,
  textField,
} from '../components/form.js';
import { deliverDocument } from '../components/delivery.js';
import { keptPageSize, pagerControls, pageSizeChoice, PAGE_SIZES } from '../components/sorted-table.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, formatEuro, levelRange, t } from '../i18n/index.js';
import { parseEuro } from '../logic/money.js';
import { Paging } from '../logic/paging.js';

const LEVELS = ['alpha', 'a1', 'a2', 'b1', 'b2', 'c1', 'c2'];
const AUDIENCES = ['alle', 'kinder', 'jugendliche', 'erwachsene'];
const PAGE = 50;

/**
 * "1–50 von 240", "1–50 von mehr als 1.000", and past the counted hits just "1.051–1.100".
 * @param {number} from @param {number} to @param {import('../api.js').MediaPage} page
 */
function pageInfo(from, to, page) {
  const n = (/** @type {number} */ x) => x.toLocaleString(t('app.locale'));
  if (!page.more) return t('catalogue.range', { from: n(from), to: n(to), total: n(page.total) });
  if (to > page.total) return t('catalogue.rangeOpen', { from: n(from), to: n(to) });
  return t('catalogue.rangeMore', { from: n(from), to: n(to), total: n(page.total) });
}

/**
 * The list's query and page survive opening a medium and coming back.
 * @type {Omit<import('../api.js').MediaQuery, 'limit' | 'offset' | 'before'>}
 */
const query = { text: '', kind_id: null, level: null, language: null, audience: null, available_only: false };
const paging = new Paging();

/**
 * @param {HTMLElement} outlet
 * @param {{ params: string[] }} ctx
 */
export async function render(outlet, ctx) {
  let options;
  try {
    options = await api.catalogueOptions();
  } catch (error) {
    notifyError(error);
    return false;
  }
  const [param] = ctx.params;
  if (param === 'new') return renderForm(outlet, options, null);
  if (param && /^\d+$/.test(param)) {
    try {
      return renderForm(outlet, options, await api.getMedium(Number(param)));
    } catch (error) {
      notifyError(error);
      location.hash = '#/catalogue';
      return false;
    }
  }
  return renderList(outlet, options);
}

/** Ctrl+N: a new medium; Esc in the form: back to the list. @param {KeyboardEvent} event */
export function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'n') {
    event.preventDefault();
    location.hash = '#/catalogue/new';
    return true;
  }
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
    const form = /** @type {HTMLFormElement | null} */ (document.getElementById('medium-form'));
    if (form) {
      event.preventDefault();
      form.requestSubmit();
      return true;
    }
  }
  if (event.key === 'Escape' && document.getElementById('medium-form') && !document.querySelector('dialog[open]')) {
    event.preventDefault();
    location.hash = '#/catalogue';
    return true;
  }
  return false;
}

/** @param {string} value */
const orNull = (value) => (value === '' ? null : value);

/**
 * @param {HTMLElement} outlet
 * @param {import('../api.js').CatalogueOptions} options
 */
function renderList(outlet, options) {
  const search = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'media-search',
      type: 'search',
      value: query.text,
      placeholder: t('catalogue.searchPlaceholder'),
      'aria-label': t('catalogue.search'),
      autocomplete: 'off',
    })
  );
  const any = { value: '', label: t('catalogue.any') };
  const filters = [
    selectField({
      name: 'filter_kind',
      label: t('catalogue.kind'),
      value: query.kind_id == null ? '' : String(query.kind_id),
      options: [any, ...options.kinds.map((k) => ({ value: String(k.id), label: k.name }))],
    }),
    selectField({
      name: 'filter_level',
      label: t('catalogue.level'),
      value: query.level ?? '',
      options: [any, ...LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))],
    }),
    selectField({
      name: 'filter_language',
      label: t('catalogue.language'),
      value: query.language ?? '',
      options: [any, ...options.languages.map((l) => ({ value: l.code, label: l.name }))],
    }),
    selectField({
      name: 'filter_audience',
      label: t('catalogue.audience'),
      value: query.audience ?? '',
      options: [any, ...AUDIENCES.slice(1).map((a) => ({ value: a, label: t(`audiences.${a}`) }))],
    }),
  ];
  const available = /** @type {HTMLInputElement} */ (
    h('input', { type: 'checkbox', id: 'filter-available', checked: query.available_only })
  );
  const count = h('p', { class: 'count', id: 'media-count', 'aria-live': 'polite' });
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  let pageSize = keptPageSize('catalogue', PAGE);
  const sizes = pageSizeChoice('media-page-size', 'catalogue', pageSize, (chosen) => {
    pageSize = chosen;
    paging.fromStart();
    load();
  });
  const table = h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table', id: 'media-table', 'aria-busy': 'true' }, [
      h('thead', {}, [
        h('tr', {}, [
          h('th', { scope: 'col', text: t('catalogue.titleField') }),
          h('th', { scope: 'col', text: t('catalogue.kind') }),
          h('th', { scope: 'col', text: t('catalogue.level') }),
          h('th', { scope: 'col', text: t('catalogue.languages') }),
          h('th', { scope: 'col', class: 'number', text: t('catalogue.available') }),
        ]),
      ]),
      body,
    ]),
  ]);

  outlet.replaceChildren(
    h('div', { class: 'page-header-row' }, [
      pageHeader(t('catalogue.title'), t('catalogue.lead')),
      h('div', { class: 'button-row' }, [
        h('a', { class: 'button', href: '#/settings/import/media', id: 'import-media', text: t('importWizard.fromExcel') }),
        h('a', { class: 'button primary', href: '#/catalogue/new', id: 'new-medium' }, [
          t('catalogue.new'),
          h('kbd', { class: 'button-key', text: t('shortcuts.ctrl', { key: 'N' }) }),
        ]),
      ]),
    ]),
    h('div', { class: 'search-row' }, [search]),
    h('div', { class: 'filter-row' }, [
      ...filters,
      h('label', { class: 'checkbox filter-check', for: 'filter-available' }, [available, ` ${t('catalogue.availableOnly')}`]),
    ]),
    count,
    table,
    h('div', { class: 'pager-row' }, [pager, sizes]),
  );

  let sequence = 0;
  /** Asks for the hits of `query`; `started`: the key event or click that asked. */
  const load = async (started = performance.now()) => {
    const mine = ++sequence;
    // Busy until this answer is drawn (a search, a page, a page size).
    body.closest('table')?.setAttribute('aria-busy', 'true');
    let page;
    try {
      page = await api.searchMedia({ ...query, offset: paging.offset, before: paging.before, limit: pageSize });
    } catch (error) {
      notifyError(error);
      if (mine === sequence) {
        body.closest('table')?.setAttribute('aria-busy', 'false');
        // The page shown stays, and so does its pager.
        paging.undo();
      }
      return;
    }
    if (mine !== sequence) return; // a newer search is on its way
    paging.done();
    body.closest('table')?.setAttribute('aria-busy', 'false');
    const total = page.total.toLocaleString(t('app.locale'));
    const counted = page.more ? t('catalogue.countMore', { count: total }) : t(page.total === 1 ? 'catalogue.countOne' : 'catalogue.count', { count: total });
    count.textContent = counted + (page.more ? ` – ${t('catalogue.newestFirst')}` : '');
    body.replaceChildren(
      ...page.rows.map((row) =>
        h('tr', { tabindex: '0', class: 'row-link', 'data-id': String(row.id), onClick: () => open(row.id), onKeydown: (/** @type {KeyboardEvent} */ e) => e.key === 'Enter' && open(row.id) }, [
          h('td', {}, [
            h('span', { class: 'strong', dir: 'auto', text: row.title }),
            row.authors ? h('span', { class: 'secondary', dir: 'auto', text: row.authors }) : null,
          ]),
          h('td', { text: row.kind }),
          h('td', { text: row.levels }),
          h('td', { text: row.languages.join(', ') }),
          h('td', { class: `number ${row.available === 0 ? 'none-left' : ''}`, text: `${row.available} / ${row.copies}` }),
        ]),
      ),
    );
    if (page.total === 0) {
      body.replaceChildren(h('tr', {}, [h('td', { colspan: '5', class: 'empty-row', text: t('catalogue.noMatch') })]));
    }
    const drawnAt = paging.state;
    const from = page.rows.length === 0 ? 0 : paging.offset + 1;
    const to = paging.offset + page.rows.length;
    // Beyond the counted hits, a full page means there may be more.
    const last = page.more ? page.rows.length < pageSize : to >= page.total;
    sizes.hidden = page.total <= PAGE_SIZES[0];
    pager.replaceChildren(
      ...pagerControls('page', { offset: paging.offset, shown: page.rows.length, total: page.total, info: pageInfo(from, to, page), last }, (offset) => paging.turn(drawnAt, offset, page) && load(), pageSize),
    );
    // From the keystroke to the updated list, for the window's timing test.
    body.closest('table')?.setAttribute('data-last-ms', (performance.now() - started).toFixed(1));
  };
  /** @param {number} id */
  const open = (id) => {
    location.hash = `#/catalogue/${id}`;
  };
  // Every keystroke asks at once (the core answers in a millisecond or
  // two); an answer to an older keystroke that comes late is dropped.
  const changed = () => {
    const started = performance.now();
    paging.fromStart();
    load(started);
  };
  search.addEventListener('input', () => {
    query.text = search.value;
    changed();
  });
  // Another PC lent, returned or catalogued something (the shared
  // database): the page is read again where it stands, and a focused row
  // keeps the focus. Ends with the list.
  reloadOnChange(body, ['medium', 'copy', 'loan', 'media_kind', 'medium_language', 'kit_item'], async () => {
    const focused = /** @type {HTMLElement | null} */ (document.activeElement)?.closest?.('tr[data-id]');
    const focusedId = focused && body.contains(focused) ? focused.getAttribute('data-id') : null;
    await load();
    if (focusedId) /** @type {HTMLElement | null} */ (body.querySelector(`tr[data-id="${focusedId}"]`))?.focus();
  });
  arrowDownToRows(search, body);
  const bind = (/** @type {string} */ name, /** @type {(v: string) => void} */ set) => {
    const select = /** @type {HTMLSelectElement} */ (outlet.querySelector(`#field-${name}`));
    select.addEventListener('change', () => {
      set(select.value);
      changed();
    });
  };
  bind('filter_kind', (v) => (query.kind_id = v === '' ? null : Number(v)));
  bind('filter_level', (v) => (query.level = /** @type {import('../api.js').Level | null} */ (orNull(v))));
  bind('filter_language', (v) => (query.language = orNull(v)));
  bind('filter_audience', (v) => (query.audience = orNull(v)));
  available.addEventListener('change', () => {
    query.available_only = available.checked;
    changed();
  });
  load();
  search.focus();
  return true;
}

/**
 * @param {HTMLElement} outlet
 * @param {import('../api.js').CatalogueOptions} options
 * @param {import('../api.js').Medium | null} medium
 */
async function renderForm(outlet, options, medium) {
  const m = medium;
  const levelOptions = [{ value: '', label: '–' }, ...LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))];
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'medium-form', class: 'card form-grid', novalidate: true }, [
      selectField({
        name: 'kind',
        label: t('catalogue.kind'),
        value: String(m?.kind.id ?? options.kinds[0]?.id ?? ''),
        options: options.kinds.map((k) => ({ value: String(k.id), label: k.name })),
      }),
      textField({ name: 'year', label: t('catalogue.year'), value: m?.year == null ? '' : String(m.year), inputmode: 'numeric', maxlength: 4 }),
      textField({ name: 'title', label: t('catalogue.titleField'), value: m?.title, required: true, requiredText: t('settings.required'), wide: true }),
      textField({ name: 'subtitle', label: t('catalogue.subtitle'), value: m?.subtitle, wide: true }),
      textField({ name: 'authors', label: t('catalogue.authors'), value: m?.authors }),
      textField({ name: 'publisher', label: t('catalogue.publisher'), value: m?.publisher }),
      textField({ name: 'isbn', label: t('catalogue.isbn'), value: m?.isbn ?? '', inputmode: 'numeric' }),
      selectField({
        name: 'audience',
        label: t('catalogue.audience'),
        value: m?.audience ?? 'alle',
        options: AUDIENCES.map((a) => ({ value: a, label: t(`audiences.${a}`) })),
      }),
      selectField({ name: 'level_from', label: t('catalogue.levelFrom'), value: m?.level_from ?? '', options: levelOptions }),
      selectField({ name: 'level_to', label: t('catalogue.levelTo'), value: m?.level_to ?? '', options: levelOptions }),
      selectField({
        name: 'target_language',
        label: t('catalogue.targetLanguage'),
        value: m?.target_language ?? 'de',
        options: [{ value: '', label: '–' }, ...options.languages.map((l) => ({ value: l.code, label: l.name }))],
      }),
      textField({ name: 'location', label: t('catalogue.location'), value: m?.location }),
      checkboxGroup({
        name: 'support_languages',
        legend: t('catalogue.supportLanguages'),
        options: options.languages.map((l) => ({ value: l.code, label: l.name })),
        checked: m?.support_languages ?? [],
      }),
      textField({ name: 'topics', label: t('catalogue.topics'), value: (m?.topics ?? []).join(', '), wide: true }),
      textareaField({ name: 'description', label: t('catalogue.description'), value: m?.description }),
      textareaField({
        name: 'kit_items',
        label: t('catalogue.kitItems'),
        hint: t('catalogue.kitHint'),
        value: (m?.kit_items ?? []).map((k) => `${k.quantity} ${k.name}`).join('\n'),
      }),
      textareaField({ name: 'notes', label: t('catalogue.notes'), value: m?.notes, rows: 2 }),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'button primary', id: 'save-medium', text: t('settings.save') }),
        h('a', { class: 'button', href: '#/catalogue', text: t('catalogue.back') }),
        h('span', { class: 'shortcut-hint', text: t('catalogue.formKeys') }),
      ]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['kind', 'year', 'title', 'subtitle', 'authors', 'publisher', 'isbn', 'audience', 'level_from', 'level_to', 'target_language', 'location', 'topics', 'description', 'kit_items', 'notes']);
    const year = v.year.trim();
    if (year !== '' && !/^\d{1,4}$/.test(year)) {
      showError(form, { code: 'year_out_of_range', field: 'year', params: {} }, () => t('catalogue.yearInvalid'));
      return;
    }
    /** @type {import('../api.js').MediumInput} */
    const input = {
      kind_id: Number(v.kind),
      title: v.title,
      subtitle: v.subtitle,
      authors: v.authors,
      publisher: v.publisher,
      year: year === '' ? null : Number(year),
      isbn: v.isbn,
      level_from: /** @type {import('../api.js').Level | null} */ (orNull(v.level_from)),
      level_to: /** @type {import('../api.js').Level | null} */ (orNull(v.level_to)),
      audience: v.audience,
      target_language: orNull(v.target_language),
      support_languages: checkedValues(form, 'support_languages'),
      topics: v.topics.split(',').map((s) => s.trim()).filter(Boolean),
      location: v.location,
      description: v.description,
      notes: v.notes,
      kit_items: v.kit_items
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const match = /^(\d+)\s*[x×]?\s+(.*)$/.exec(line);
          return match ? { quantity: Number(match[1]), name: match[2] } : { quantity: 1, name: line };
        }),
      // The version this form was filled from: a save over someone else's is refused.
      version: m ? m.saved.version : null,
    };
    try {
      const saved = await api.saveMedium(m?.id ?? null, input);
      notify(t('catalogue.saved', { title: saved.title }));
      if (m) {
        await render(outlet, { params: [String(saved.id)] });
      } else {
        location.hash = `#/catalogue/${saved.id}`;
      }
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (m && showConflict(form, e, () => render(outlet, { params: [String(m.id)] }))) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });

  const header = pageHeader(m ? m.title : t('catalogue.newTitle'), m ? `${m.kind.name}${m.isbn ? ` · ISBN ${m.isbn}` : ''}` : t('catalogue.newLead'));
  // For a medium on the shelf its copies come first: they are what the desk asks about.
  if (m) {
    const copies = copiesSection(outlet, options, m);
    const reservations = await mediumReservationsSection(m.id);
    const [next, material] = await Promise.all([nextInSeriesSection(m.id), workshopMaterialSection(m.id)]);
    outlet.replaceChildren(header, copies, reservations, material, next, h('h2', { text: t('catalogue.details') }), form);
    // Another PC lent, returned or reserved one of its copies (the shared
    // database): the copies' states and the reservations are read again;
    // what is typed in the forms on the page stays.
    reloadOnChange(header, ['copy', 'loan', 'reservation'], async () => {
      let fresh;
      try {
        fresh = await api.getMedium(m.id);
      } catch {
        return;
      }
      for (const c of fresh.copies) {
        const state = copies.querySelector(`tr[data-barcode="${CSS.escape(c.barcode)}"] .status`);
        if (state) {
          state.className = `status status-${c.status}`;
          state.textContent = t(`copyStatus.${c.status}`);
        }
      }
      reservations.dispatchEvent(new Event('kiz:refresh'));
    });
  } else {
    outlet.replaceChildren(header, form);
  }
  /** @type {HTMLElement | null} */ (form.querySelector(m ? '#field-title' : '#field-kind'))?.focus();
  return true;
}

/**
 * The workshops this medium is reserved for (issue 23), with where each
 * reservation stands. Empty (and not shown) when there is none.
 * @param {number} mediumId
 */
async function workshopMaterialSection(mediumId) {
  const section = h('section', { class: 'next-in-series', id: 'medium-material' });
  let list;
  try {
    list = await api.mediumMaterial(mediumId);
  } catch (error) {
    section.append(h('p', { class: 'secondary', text: errorText(/** @type {import('../api.js').CommandError} */ (error)) }));
    return section;
  }
  if (!list.length) return section;
  section.append(
    h('h2', { text: t('material.onMedium') }),
    h('ul', {}, list.map((m) => h('li', { 'data-workshop': String(m.workshop_id) }, [
      h('a', { href: `#/events/workshop/${m.workshop_id}`, dir: 'auto', text: t('material.onMediumItem', { quantity: m.quantity, date: formatDate(m.day), workshop: m.workshop_title }) }),
      h('span', { class: 'secondary block small', text: [materialState(m), ...m.conflicts.map(conflictText)].join(' · ') }),
    ]))),
  );
  return section;
}

/**
 * "Passt dazu": the next level of the medium's series, for a teacher whose
 * course moves on. Empty (and not shown) when there is none.
 * @param {number} mediumId
 */
async function nextInSeriesSection(mediumId) {
  const section = h('section', { class: 'next-in-series', id: 'next-in-series' });
  let next;
  try {
    next = await api.nextInSeries(mediumId);
  } catch (error) {
    // A nicety beside the medium: said here, not in a notification.
    section.append(h('p', { class: 'secondary', text: errorText(/** @type {import('../api.js').CommandError} */ (error)) }));
    return section;
  }
  if (!next.length) return section;
  section.append(
    h('h2', { text: t('catalogue.nextInSeries') }),
    h('ul', {}, next.map((m) => h('li', {}, [
      h('a', { href: `#/catalogue/${m.medium_id}`, dir: 'auto', text: m.title }),
      m.level_from || m.level_to ? ` (${levelRange(m.level_from, m.level_to)})` : '',
    ]))),
  );
  return section;
}

/**
 * @param {HTMLElement} outlet
 * @param {import('../api.js').CatalogueOptions} options
 * @param {import('../api.js').Medium} m
 */
function copiesSection(outlet, options, m) {
  const reload = async () => render(outlet, { params: [String(m.id)] });
  const rows = m.copies.map((c) =>
    h('tr', { 'data-barcode': c.barcode }, [
      h('td', { class: 'mono', text: c.barcode }),
      h('td', { text: [c.condition, c.shelf, c.acquired_on ? formatDate(c.acquired_on) : '', c.price_cents == null ? '' : formatEuro(c.price_cents)].filter(Boolean).join(' · ') }),
      h('td', {}, [h('span', { class: `status status-${c.status}`, text: t(`copyStatus.${c.status}`) })]),
      h('td', {}, [
        h('a', {
          class: 'button small',
          href: `#/catalogue/copy/${c.id}`,
          text: t('copy.open'),
          'aria-label': t('copy.openCopy', { barcode: c.barcode }),
        }),
      ]),
    ]),
  );
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'copy-form', class: 'inline-form', novalidate: true }, [
      textField({ name: 'barcode', label: t('catalogue.barcode'), value: '' }),
      textField({ name: 'condition', label: t('catalogue.condition'), value: '' }),
      textField({ name: 'acquired_on', label: t('catalogue.acquiredOn'), value: '', type: 'date' }),
      textField({ name: 'price', label: t('catalogue.price'), value: '', inputmode: 'decimal' }),
      textField({ name: 'shelf', label: t('copy.shelf'), value: '' }),
      h('button', { type: 'submit', class: 'button primary', id: 'add-copy', text: t('catalogue.addCopy') }),
    ])
  );
  const barcode = /** @type {HTMLInputElement} */ (form.querySelector('#field-barcode'));
  barcode.placeholder = options.next_barcode;
  // Empty: the copy stands where its medium does.
  /** @type {HTMLInputElement} */ (form.querySelector('#field-shelf')).placeholder = m.location;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['barcode', 'condition', 'acquired_on', 'price', 'shelf']);
    const price = parseEuro(v.price);
    if (Number.isNaN(price)) {
      showError(form, { code: 'invalid_price', field: 'price', params: {} }, () => t('catalogue.priceInvalid'));
      return;
    }
    try {
      const copy = await api.addCopy(m.id, {
        barcode: v.barcode,
        condition: v.condition,
        acquired_on: v.acquired_on === '' ? null : v.acquired_on,
        price_cents: price,
        shelf: v.shelf,
      });
      notify(t('catalogue.copyAdded', { barcode: copy.barcode }));
      await reload();
      /** @type {HTMLElement | null} */ (document.getElementById('field-barcode'))?.focus();
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  const printable = m.copies.filter((c) => c.status !== 'ausgeschieden').map((c) => c.id);
  const labelForm = /** @type {HTMLFormElement} */ (
    h('form', { id: 'label-form', class: 'inline-form', novalidate: true }, [
      selectField({
        name: 'sheet',
        label: t('labels.sheet'),
        value: 'three_by_eight',
        options: [
          { value: 'three_by_eight', label: t('labels.threeByEight') },
          { value: 'three_by_seven', label: t('labels.threeBySeven') },
        ],
      }),
      textField({ name: 'start', label: t('labels.start'), value: '1', inputmode: 'numeric', maxlength: 2 }),
      h('button', { type: 'submit', class: 'button', id: 'print-labels', text: t('labels.print', { count: printable.length }) }),
    ])
  );
  labelForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(labelForm);
    const v = formValues(labelForm, ['sheet', 'start']);
    const capacity = v.sheet === 'three_by_seven' ? 21 : 24;
    const start = Number(v.start);
    if (!Number.isInteger(start) || start < 1 || start > capacity) {
      showError(labelForm, { code: 'required', field: 'start', params: {} }, () => t('labels.startInvalid', { max: capacity }));
      return;
    }
    await deliverDocument(() => api.printLabels(printable, /** @type {any} */ (v.sheet), start, 'open'));
  });
  return h('section', { 'aria-labelledby': 'copies-title', class: 'copies' }, [
    h('h2', { id: 'copies-title', text: t('catalogue.copies', { count: m.copies.length }) }),
    m.copies.length
      ? h('div', { class: 'table-wrap' }, [
          h('table', { class: 'data-table', id: 'copies-table' }, [
            h('thead', {}, [
              h('tr', {}, [
                h('th', { scope: 'col', text: t('catalogue.barcode') }),
                h('th', { scope: 'col', text: t('catalogue.copyDetails') }),
                h('th', { scope: 'col', text: t('catalogue.status') }),
                h('th', { scope: 'col', text: '' }),
              ]),
            ]),
            h('tbody', {}, rows),
          ]),
        ])
      : h('p', { class: 'secondary', text: t('catalogue.noCopies') }),
    h('div', { class: 'card' }, [form]),
    printable.length ? h('div', { class: 'card label-card' }, [h('h3', { text: t('labels.title') }), labelForm]) : null,
  ]);
}

