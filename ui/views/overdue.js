// Überfällig: overdue loans by borrower, with filters, reminder letters
// (PDF, and an e-mail draft where an address exists) and "verloren".
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { reloadOnChange } from '../components/live.js';
import { sortedTable } from '../components/sorted-table.js';
import { notify, notifyError } from '../components/toast.js';
import { formatDate, t } from '../i18n/index.js';

const KINDS = ['hauptamtlich', 'ehrenamtlich', 'organisation', 'sonstige'];

/** @type {import('../api.js').OverdueFilter} */
const filter = { text: '', min_days: 0, reminder_due_only: false, borrower_kind: null, borrower_id: null };

/** @param {HTMLElement} outlet @param {HTMLElement} tabs */
export function render(outlet, tabs) {
  const text = /** @type {HTMLInputElement} */ (
    h('input', { id: 'overdue-search', type: 'search', value: filter.text, placeholder: t('overdue.searchPlaceholder'), 'aria-label': t('overdue.search'), autocomplete: 'off' })
  );
  const minDays = /** @type {HTMLInputElement} */ (
    h('input', { id: 'overdue-min-days', type: 'number', min: '0', value: String(filter.min_days), class: 'narrow' })
  );
  const kind = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'overdue-kind' }, [
      h('option', { value: '', text: t('catalogue.any') }),
      ...KINDS.map((k) => h('option', { value: k, text: t(`borrowerKinds.${k}`), selected: filter.borrower_kind === k })),
    ])
  );
  const dueOnly = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'overdue-due-only', checked: filter.reminder_due_only }));
  const count = h('p', { class: 'count', id: 'overdue-count', 'aria-live': 'polite' });
  const list = sortedTable({
    id: 'overdue-table',
    list: 'overdue',
    columns: [
      { label: t('overdue.borrower'), sort: 'borrower' },
      { label: t('desk.col.title'), sort: 'title' },
      { label: t('overdue.due'), sort: 'due_on' },
      { label: t('overdue.days'), sort: 'days', className: 'number' },
      { label: t('overdue.reminders'), sort: 'level' },
      { label: t('overdue.actions') },
    ],
    load: (paging, sort) => api.overduePage({ ...filter }, paging, sort),
    row: (row) => overdueRow(row),
    empty: t('overdue.none'),
    onPage: (page) => (count.textContent = t(page.total === 1 ? 'overdue.countOne' : 'overdue.count', { count: page.total })),
  });
  const load = () => list.reload();
  // Another PC lent, returned, renewed or reminded (the shared database):
  // the page is read again where it stands.
  reloadOnChange(list.body, ['loan', 'reminder', 'borrower', 'copy', 'medium'], load);
  const result = h('div', { id: 'reminder-result', class: 'reminder-result', 'aria-live': 'polite' });
  const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'dialog', id: 'lost-dialog' }));

  outlet.replaceChildren(
    h('div', { class: 'page-header-row' }, [pageHeader(t('overdue.title'), t('overdue.lead')), tabs]),
    h('div', { class: 'filter-row' }, [
      h('div', { class: 'field' }, [h('label', { for: 'overdue-search', text: t('overdue.search') }), text]),
      h('div', { class: 'field' }, [h('label', { for: 'overdue-min-days', text: t('overdue.minDays') }), minDays]),
      h('div', { class: 'field' }, [h('label', { for: 'overdue-kind', text: t('borrowers.kind') }), kind]),
      h('label', { class: 'checkbox filter-check', for: 'overdue-due-only' }, [dueOnly, ` ${t('overdue.dueOnly')}`]),
    ]),
    result,
    count,
    list.element,
    dialog,
  );

  /**
   * One loan; the reminder button on the borrower's first row in the whole
   * list (the core says which, and whether a reminder is due for the
   * borrower), so a borrower whose loans fall on two pages gets one.
   * @param {import('../api.js').OverdueLoan} row
   */
  function overdueRow(row) {
    const borrowerId = row.loan.borrower_id;
    return h('tr', { 'data-loan': String(row.loan.id), class: row.reminder_due ? 'reminder-due' : '' }, [
      h('td', {}, [h('span', { class: 'strong', dir: 'auto', text: row.borrower_name || t('overdue.unknownBorrower') }), h('span', { class: 'secondary mono', text: row.card_number })]),
      h('td', {}, [h('span', { dir: 'auto', text: row.loan.title }), h('span', { class: 'secondary mono', text: row.loan.barcode })]),
      h('td', { text: formatDate(row.loan.due_on) }),
      h('td', { class: 'number strong', text: String(row.days_overdue) }),
      h('td', { text: reminderText(row) }),
      h('td', {}, [h('div', { class: 'actions-cell' }, [
        row.first_of_borrower && row.borrower_reminder_due && borrowerId != null
          ? h('button', { type: 'button', class: 'button small primary', 'data-remind': String(borrowerId), text: t('overdue.remind'), onClick: () => remind(borrowerId, row.email) })
          : null,
        h('button', { type: 'button', class: 'button small', 'data-lost': String(row.loan.id), text: t('overdue.lost'), onClick: () => lost(row) }),
      ])]),
    ]);
  }

  /** @param {number} borrowerId @param {string} email */
  const remind = async (borrowerId, email) => {
    try {
      const sent = await api.sendReminder(borrowerId, 'open');
      notify(t('overdue.reminderRecorded', { level: sent.level, items: sent.items }), 'success');
      if (sent.delivered.outcome !== 'cancelled') notify(t(`delivery.${sent.delivered.outcome}`, { path: sent.delivered.path ?? '' }), 'info');
      const mail = sent.mail;
      result.replaceChildren(
        h('p', { id: 'reminder-done', text: t('overdue.reminderRecorded', { level: sent.level, items: sent.items }) }),
        mail
          ? h('button', {
              type: 'button',
              class: 'button',
              id: 'open-mail',
              text: t('overdue.openMail', { email }),
              onClick: async () => {
                try {
                  await api.openMail(mail);
                } catch (error) {
                  notifyError(error);
                }
              },
            })
          : h('p', { class: 'secondary', id: 'no-mail', text: t(sent.email === 'no_consent' ? 'overdue.noEmailConsent' : 'overdue.noEmail') }),
      );
    } catch (error) {
      notifyError(error);
    }
    await load();
  };

  /** @param {import('../api.js').OverdueLoan} row */
  const lost = (row) => {
    const confirm = h('button', {
      type: 'button',
      class: 'button danger',
      id: 'lost-confirm',
      text: t('overdue.lostConfirm'),
      onClick: async () => {
        dialog.close();
        try {
          await api.markLost(row.loan.id);
          notify(t('overdue.lostDone', { title: row.loan.title }), 'success');
        } catch (error) {
          notifyError(error);
        }
        await load();
      },
    });
    dialog.replaceChildren(
      h('h2', { text: t('overdue.lostTitle') }),
      h('p', { dir: 'auto', text: t('overdue.lostText', { title: row.loan.title, barcode: row.loan.barcode, name: row.borrower_name }) }),
      h('div', { class: 'form-actions' }, [h('button', { type: 'button', class: 'button', text: t('desk.cancel'), onClick: () => dialog.close() }), confirm]),
    );
    dialog.showModal();
    confirm.focus();
  };

  let timer = 0;
  const changed = () => {
    list.body.closest('table')?.setAttribute('aria-busy', 'true');
    clearTimeout(timer);
    timer = window.setTimeout(() => list.reload(true), 150);
  };
  text.addEventListener('input', () => {
    filter.text = text.value;
    changed();
  });
  minDays.addEventListener('input', () => {
    filter.min_days = Math.max(0, Number(minDays.value) || 0);
    changed();
  });
  kind.addEventListener('change', () => {
    filter.borrower_kind = kind.value || null;
    changed();
  });
  dueOnly.addEventListener('change', () => {
    filter.reminder_due_only = dueOnly.checked;
    changed();
  });
  load();
  text.focus();
  return true;
}

/** "1. Mahnung am 15.11.2026 · 2. ab 29.11.2026" @param {import('../api.js').OverdueLoan} row */
function reminderText(row) {
  const parts = [];
  if (row.last_level) parts.push(t('overdue.sent', { level: row.last_level, date: formatDate(row.last_sent_on ?? '') }));
  if (row.next_level) {
    parts.push(row.reminder_due ? t('overdue.nextDue', { level: row.next_level }) : t('overdue.nextFrom', { level: row.next_level, date: formatDate(row.next_due_on ?? '') }));
  } else {
    parts.push(t('overdue.allSent'));
  }
  return parts.join(' · ');
}
