// A copy's own page (#/catalogue/copy/<id>): its status (in repair,
// withdrawn, back on the shelf), its corrected details, and its loan
// history with due dates, renewals and reminders. A borrower is named
// only where the core says the privacy rules allow it.
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { clearFieldErrors, formValues, showConflict, showError, textField } from '../components/form.js';
import { redrawOnChange } from '../components/live.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';
import { centsToInput, parseEuro } from '../logic/money.js';

/**
 * @param {HTMLElement} outlet
 * @param {number} copyId
 * @param {(page: import('../api.js').CopyPage) => boolean} [decide] after reading: whether to draw (the live view)
 */
export async function render(outlet, copyId, decide) {
  let page;
  try {
    page = await api.copyPage(copyId);
  } catch (error) {
    if (decide) return false;
    notifyError(error);
    location.hash = '#/catalogue';
    return false;
  }
  if (decide && !decide(page)) return false;
  const c = page.copy;
  const reload = () => render(outlet, copyId);
  const header = pageHeader(t('copy.title', { barcode: c.barcode }), `${page.title} · ${page.kind_name}`);
  // Another PC lent, returned or changed the copy (the shared database):
  // the page is drawn again, unless something typed here is not saved.
  const shown = JSON.stringify(page);
  redrawOnChange(header, ['copy', 'loan', 'reminder', 'reservation', 'medium'], (check) => render(outlet, copyId, (read) => check(JSON.stringify(read) !== shown)), outlet);
  outlet.replaceChildren(
    header,
    h('div', { class: 'button-row toolbar' }, [
      h('a', { class: 'button', href: `#/catalogue/${c.medium_id}`, id: 'back-to-medium', text: t('copy.backToMedium') }),
    ]),
    statusSection(c, reload),
    detailsSection(c, page.medium_location, reload),
    historySection(page.loans),
  );
  /** @type {HTMLElement | null} */ (outlet.querySelector('h1'))?.focus();
  return true;
}

/** Ctrl+S saves the copy's details. @param {KeyboardEvent} event */
export function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
    const form = /** @type {HTMLFormElement | null} */ (document.getElementById('copy-edit-form'));
    if (form) {
      event.preventDefault();
      form.requestSubmit();
      return true;
    }
  }
  return false;
}

/**
 * The status and the ways to change it. Buttons are offered for every
 * status but the current one; the core refuses what is not allowed (a
 * copy on loan, one set aside) and the message says why.
 * @param {import('../api.js').Copy} c
 * @param {() => Promise<unknown>} reload
 */
function statusSection(c, reload) {
  const card = h('div', { class: 'card', id: 'copy-status-card' });
  /** @param {import('../api.js').CopyStatusChange} change @param {string} done */
  const change = async (change, done) => {
    try {
      await api.changeCopyStatus(c.id, change, c.saved.version);
      notify(done);
      await reload();
      return true;
    } catch (error) {
      // Saved on another PC since this page read it: say who, offer to reload.
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (!showConflict(card, e, reload)) notifyError(e);
      return false;
    }
  };
  const buttons = [];
  if (c.status !== 'in_reparatur') {
    buttons.push(
      h('button', {
        type: 'button',
        class: 'button',
        id: 'set-in-repair',
        text: t('copy.toRepair'),
        onClick: () => change({ status: 'in_reparatur' }, t('copy.inRepair', { barcode: c.barcode })),
      }),
    );
  }
  if (c.status !== 'verfuegbar') {
    buttons.push(
      h('button', {
        type: 'button',
        class: 'button',
        id: 'set-available',
        text: t('copy.toAvailable'),
        onClick: () => change({ status: 'verfuegbar' }, t('copy.available', { barcode: c.barcode })),
      }),
    );
  }
  const withdraw = /** @type {HTMLFormElement} */ (
    h('form', { id: 'withdraw-form', class: 'inline-form', novalidate: true }, [
      textField({ name: 'reason', label: t('copy.reason'), value: c.status === 'ausgeschieden' ? c.retired_reason : '', required: true, requiredText: t('settings.required') }),
      textField({ name: 'retired_on', label: t('copy.retiredOn'), value: c.retired_on ?? '', type: 'date', hint: t('copy.retiredOnHint') }),
      h('button', {
        type: 'submit',
        class: 'button',
        id: 'withdraw-copy',
        text: c.status === 'ausgeschieden' ? t('copy.withdrawAgain') : t('copy.withdraw'),
      }),
    ])
  );
  withdraw.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(withdraw);
    const v = formValues(withdraw, ['reason', 'retired_on']);
    try {
      await api.changeCopyStatus(c.id, { status: 'ausgeschieden', reason: v.reason, on: v.retired_on === '' ? null : v.retired_on }, c.saved.version);
      notify(t('copy.withdrawn', { barcode: c.barcode }));
      await reload();
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (showConflict(withdraw, e, reload)) return;
      if (!showError(withdraw, e, errorText)) notifyError(e);
    }
  });
  const state = [
    h('span', { class: `status status-${c.status}`, id: 'copy-status', text: t(`copyStatus.${c.status}`) }),
    c.status === 'ausgeschieden'
      ? h('span', { id: 'copy-withdrawal', text: ` ${t('copy.withdrawnOn', { date: c.retired_on ? formatDate(c.retired_on) : '', reason: c.retired_reason })}` })
      : null,
  ];
  card.replaceChildren(
    h('p', {}, state),
    h('p', { class: 'section-lead', text: t('copy.statusLead') }),
    h('div', { class: 'button-row' }, buttons),
    h('h3', { text: t('copy.withdrawTitle') }),
    withdraw,
  );
  return h('section', { 'aria-labelledby': 'copy-status-title' }, [h('h2', { id: 'copy-status-title', text: t('copy.statusTitle') }), card]);
}

/**
 * Condition, price, acquisition day and shelf, saved together.
 * @param {import('../api.js').Copy} c
 * @param {string} mediumLocation
 * @param {() => Promise<unknown>} reload
 */
function detailsSection(c, mediumLocation, reload) {
  const form = /** @type {HTMLFormElement} */ (
    h('form', { id: 'copy-edit-form', class: 'card form-grid', novalidate: true }, [
      textField({ name: 'condition', label: t('catalogue.condition'), value: c.condition }),
      textField({ name: 'price', label: t('catalogue.price'), value: centsToInput(c.price_cents), inputmode: 'decimal', hint: t('copy.priceHint') }),
      textField({ name: 'acquired_on', label: t('catalogue.acquiredOn'), value: c.acquired_on ?? '', type: 'date' }),
      textField({
        name: 'shelf',
        label: t('copy.shelf'),
        value: c.shelf,
        hint: mediumLocation ? t('copy.shelfHint', { location: mediumLocation }) : t('copy.shelfHintNone'),
      }),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'button primary', id: 'save-copy', text: t('settings.save') }),
        h('span', { class: 'shortcut-hint', text: t('shortcuts.ctrl', { key: 'S' }) }),
      ]),
    ])
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const v = formValues(form, ['condition', 'price', 'acquired_on', 'shelf']);
    const price = parseEuro(v.price);
    if (Number.isNaN(price)) {
      showError(form, { code: 'invalid_price', field: 'price', params: {} }, () => t('catalogue.priceInvalid'));
      return;
    }
    try {
      await api.updateCopy(c.id, { condition: v.condition, price_cents: price, acquired_on: v.acquired_on === '' ? null : v.acquired_on, shelf: v.shelf, version: c.saved.version });
      notify(t('copy.saved', { barcode: c.barcode }));
      await reload();
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (showConflict(form, e, reload)) return;
      if (!showError(form, e, errorText)) notifyError(e);
    }
  });
  return h('section', { 'aria-labelledby': 'copy-details-title' }, [
    h('h2', { id: 'copy-details-title', text: t('copy.detailsTitle') }),
    form,
  ]);
}

/**
 * The loans, newest first.
 * @param {import('../api.js').HistoryLoan[]} loans
 */
function historySection(loans) {
  /** @param {import('../api.js').HistoryBorrower} b */
  const who = (b) => {
    if (b.shown === 'named') return h('a', { href: `#/borrowers/${b.id}`, text: `${b.name} (${b.card_number})` });
    return h('span', { class: 'secondary', text: t(`copy.borrower_${b.shown}`) });
  };
  const rows = loans.map((l) =>
    h('tr', { 'data-loan': String(l.id) }, [
      h('td', { text: formatDate(l.loaned_at) }),
      h('td', { text: formatDate(l.due_on) }),
      h('td', { text: l.renewals ? t('copy.renewals', { count: l.renewals, date: l.renewed_at ? formatDate(l.renewed_at) : '' }) : '–' }),
      h('td', { text: l.reminders.length ? l.reminders.map((r) => t('copy.reminder', { level: r.level, date: formatDate(r.sent_on) })).join(', ') : '–' }),
      h('td', {
        text: l.returned_at
          ? `${formatDate(l.returned_at)}${l.outcome === 'verloren' ? ` (${t('copyStatus.verloren')})` : ''}${l.missing_parts ? ` · ${t('copy.missing', { parts: l.missing_parts })}` : ''}`
          : t('copy.stillOut'),
      }),
      h('td', {}, [who(l.borrower)]),
    ]),
  );
  return h('section', { 'aria-labelledby': 'copy-history-title' }, [
    h('h2', { id: 'copy-history-title', text: t('copy.historyTitle', { count: loans.length }) }),
    h('p', { class: 'section-lead', text: t('copy.historyLead') }),
    loans.length
      ? h('div', { class: 'table-wrap' }, [
          h('table', { class: 'data-table', id: 'copy-history' }, [
            h('thead', {}, [
              h('tr', {}, [
                t('copy.loanedAt'),
                t('copy.dueOn'),
                t('copy.renewalsTitle'),
                t('copy.remindersTitle'),
                t('copy.returnedAt'),
                t('copy.borrower'),
              ].map((text) => h('th', { scope: 'col', text }))),
            ]),
            h('tbody', {}, rows),
          ]),
        ])
      : h('p', { class: 'secondary', id: 'copy-history-empty', text: t('copy.neverLent') }),
  ]);
}
