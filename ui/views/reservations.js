// Vormerkungen: copies ready for pickup (with their deadline) and the
// queues. Expired pickups are ended when the list loads; a copy that moved
// on to the next person is announced.
import * as api from '../api.js';
import { h, pageHeader } from '../components/dom.js';
import { reloadOnChange } from '../components/live.js';
import { notify, notifyError } from '../components/toast.js';
import { formatDate, t } from '../i18n/index.js';

/** @param {HTMLElement} outlet @param {HTMLElement} tabs */
export function render(outlet, tabs) {
  const body = h('tbody');
  const table = h('table', { class: 'data-table', id: 'reservations-table', 'aria-busy': 'true' }, [
    h('thead', {}, [
      h('tr', {}, [
        h('th', { scope: 'col', text: t('reservations.status') }),
        h('th', { scope: 'col', text: t('desk.col.title') }),
        h('th', { scope: 'col', text: t('overdue.borrower') }),
        h('th', { scope: 'col', text: t('reservations.since') }),
        h('th', { scope: 'col', text: t('reservations.pickup') }),
        h('th', { scope: 'col', text: t('overdue.actions') }),
      ]),
    ]),
    body,
  ]);
  const notice = h('div', { id: 'reservations-notice', 'aria-live': 'polite' });
  outlet.replaceChildren(
    h('div', { class: 'page-header-row' }, [pageHeader(t('reservations.title'), t('reservations.lead')), tabs]),
    notice,
    h('div', { class: 'table-wrap' }, [table]),
  );

  const load = async () => {
    table.setAttribute('aria-busy', 'true');
    let list;
    try {
      list = await api.listReservations({});
    } catch (error) {
      notifyError(error);
      return;
    }
    if (list.newly_ready.length) {
      notice.replaceChildren(
        h('div', { class: 'banner banner-warning', role: 'alert' }, [
          h('strong', { text: t('reservations.movedOn') }),
          h('ul', {}, list.newly_ready.map((r) => h('li', { dir: 'auto', text: t('reservations.movedOnItem', { title: r.title, barcode: r.barcode, name: r.borrower_name, date: formatDate(r.pickup_by) }) }))),
        ]),
      );
    }
    body.replaceChildren(
      ...list.rows.map((r) =>
        h('tr', { 'data-reservation': String(r.id), class: r.status === 'bereit' ? 'ready' : '' }, [
          h('td', {}, [
            h('span', { class: `status status-${r.status}`, text: t(`reservations.state.${r.status}`) }),
            r.position ? h('span', { class: 'secondary', text: ` ${t('desk.position', { n: r.position })}` }) : null,
          ]),
          h('td', {}, [h('span', { dir: 'auto', class: 'strong', text: r.title }), r.barcode ? h('span', { class: 'secondary mono', text: r.barcode }) : null]),
          h('td', {}, [h('span', { dir: 'auto', text: r.borrower_name ?? '' }), h('span', { class: 'secondary mono', text: r.card_number ?? '' })]),
          h('td', { text: formatDate(r.created_at) }),
          h('td', { text: r.pickup_by ? formatDate(r.pickup_by) : '–' }),
          h('td', {}, [
            h('button', {
              type: 'button',
              class: 'button small',
              'data-cancel': String(r.id),
              text: t('reservations.cancel'),
              onClick: async () => {
                try {
                  const next = await api.cancelReservation(r.id);
                  notify(next ? t('reservations.cancelledNext', { name: next.borrower_name }) : t('reservations.cancelled'), 'success');
                } catch (error) {
                  notifyError(error);
                }
                await load();
              },
            }),
          ]),
        ]),
      ),
    );
    if (!list.rows.length) body.replaceChildren(h('tr', {}, [h('td', { colspan: '6', class: 'empty-row', text: t('reservations.none') })]));
    table.setAttribute('aria-busy', 'false');
  };
  // Another PC reserved, lent or returned (the shared database): the
  // list is read again.
  reloadOnChange(body, ['reservation', 'loan', 'copy', 'borrower'], load);
  load();
  return false;
}
