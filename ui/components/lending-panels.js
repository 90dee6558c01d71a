// Lending facts shown outside the desk: a borrower's loans, reservations
// and reminder letters (borrower page) and a medium's reservation queue
// with a way to reserve (medium page).
import * as api from '../api.js';
import { deliverDocument } from './delivery.js';
import { h } from './dom.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/** A borrower's current loans and reservations. @param {number} borrowerId */
export async function borrowerLoansSection(borrowerId) {
  const section = h('section', { 'aria-labelledby': 'loans-title', id: 'borrower-loans' }, [h('h2', { id: 'loans-title', text: t('desk.currentLoans') })]);
  let b;
  try {
    b = await api.borrowerAtDesk(borrowerId);
  } catch (error) {
    section.append(h('p', { class: 'field-error', text: errorText(/** @type {any} */ (error)) }));
    return section;
  }
  section.append(
    b.loans.length
      ? h('div', { class: 'table-wrap' }, [
          h('table', { class: 'data-table' }, [
            h('tbody', {}, b.loans.map((loan) => {
              const late = loan.due_on < b.today;
              return h('tr', { class: late ? 'overdue' : '' }, [
                h('td', { dir: 'auto', text: loan.title }),
                h('td', { class: 'mono', text: loan.barcode }),
                h('td', { text: late ? t('desk.overdueSince', { date: formatDate(loan.due_on) }) : t('desk.dueOn', { date: formatDate(loan.due_on) }) }),
                h('td', { class: 'secondary', text: t('borrowers.renewals', { n: loan.renewals, max: loan.max_renewals }) }),
              ]);
            })),
          ]),
        ])
      : h('p', { class: 'secondary', text: t('desk.noLoans') }),
  );
  if (b.reservations.length) {
    section.append(
      h('h3', { text: t('reservations.title') }),
      h('ul', {}, b.reservations.map((r) =>
        h('li', { dir: 'auto', text: `${r.title} – ${r.status === 'bereit' ? t('desk.pickupBy', { date: formatDate(r.pickup_by ?? '') }) : t('desk.position', { n: r.position ?? 0 })}` }),
      )),
    );
  }
  return section;
}

/**
 * The reminder letters sent to a borrower, each with a button that prints
 * it again as a Zweitschrift.
 * @param {number} borrowerId
 */
export async function borrowerRemindersSection(borrowerId) {
  const section = h('section', { 'aria-labelledby': 'reminders-title', id: 'borrower-reminders' }, [h('h2', { id: 'reminders-title', text: t('borrowers.remindersTitle') })]);
  let letters;
  try {
    letters = await api.sentReminders(borrowerId);
  } catch (error) {
    section.append(h('p', { class: 'field-error', text: errorText(/** @type {any} */ (error)) }));
    return section;
  }
  section.append(
    letters.length
      ? h('div', { class: 'table-wrap' }, [
          h('table', { class: 'data-table', id: 'reminder-letters' }, [
            h('tbody', {}, letters.map((letter) =>
              h('tr', { 'data-sent-on': letter.sent_on }, [
                h('td', { text: t('borrowers.reminderSent', { date: formatDate(letter.sent_on), level: letter.level }) }),
                h('td', { dir: 'auto', text: letter.titles.join(', ') }),
                h('td', {}, [
                  h('button', {
                    type: 'button',
                    class: 'button small',
                    'data-reprint': letter.sent_on,
                    text: t('borrowers.reprint'),
                    onClick: () => deliverDocument(() => api.printReminderCopy(borrowerId, letter.sent_on, 'open')),
                  }),
                ]),
              ]),
            )),
          ]),
        ])
      : h('p', { class: 'secondary', id: 'no-reminders', text: t('borrowers.remindersNone') }),
  );
  return section;
}

/** The medium's queue and a card field to reserve it for someone. @param {number} mediumId */
export async function mediumReservationsSection(mediumId) {
  const section = h('section', { 'aria-labelledby': 'queue-title', id: 'medium-reservations' });
  const list = h('div', { id: 'queue-list' });
  const card = /** @type {HTMLInputElement} */ (h('input', { id: 'reserve-card', type: 'text', autocomplete: 'off', placeholder: 'KI-A-…' }));
  const message = h('p', { id: 'reserve-message', 'aria-live': 'polite' });
  const refresh = async () => {
    try {
      const { rows } = await api.listReservations({ medium_id: mediumId });
      list.replaceChildren(
        rows.length
          ? h('ol', {}, rows.map((r) =>
              h('li', { dir: 'auto', text: `${r.borrower_name ?? ''} (${r.card_number ?? ''}) – ${t(`reservations.state.${r.status}`)}${r.pickup_by ? `, ${t('desk.pickupBy', { date: formatDate(r.pickup_by) })}` : ''}` }),
            ))
          : h('p', { class: 'secondary', text: t('reservations.noneForMedium') }),
      );
    } catch (error) {
      list.replaceChildren(h('p', { class: 'field-error', text: errorText(/** @type {any} */ (error)) }));
    }
  };
  const form = h('form', { class: 'inline-form', id: 'reserve-form', novalidate: true }, [
    h('div', { class: 'field' }, [h('label', { for: 'reserve-card', text: t('reservations.cardLabel') }), card]),
    h('button', { type: 'submit', class: 'button', id: 'reserve-submit', text: t('reservations.reserve') }),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.className = '';
    try {
      const scanned = await api.deskScan(card.value);
      if (scanned.type !== 'borrower') {
        message.className = 'field-error';
        message.textContent = t('reservations.notACard');
        return;
      }
      const r = await api.reserve(mediumId, scanned.borrower.id);
      message.textContent = r.status === 'bereit' ? t('reservations.readyNow', { name: scanned.borrower.name }) : t('reservations.queued', { name: scanned.borrower.name, n: r.position ?? 1 });
      card.value = '';
      await refresh();
    } catch (error) {
      message.className = 'field-error';
      message.textContent = errorText(/** @type {any} */ (error));
    }
  });
  await refresh();
  // The medium's page asks for the list again when another PC reserved or
  // lent (the shared database); the form and its message stay.
  section.addEventListener('kiz:refresh', () => refresh());
  section.append(h('h2', { id: 'queue-title', text: t('reservations.title') }), h('div', { class: 'card' }, [list, form, message]));
  return section;
}
