// Berichte: loans by month, Mediengruppe, Sprachniveau and kind of
// borrower; participants by workshop, age group, language and attendance.
// Both are counted from what anonymisation keeps, so they stay the same
// when people are deleted.
import * as api from '../api.js';
import { emptyState, h, pageHeader } from '../components/dom.js';
import { notifyError } from '../components/toast.js';
import { t } from '../i18n/index.js';

/**
 * @param {string} id @param {string[]} columns
 * @param {{ group: string[], count: number }[]} rows
 * @param {(group: string[]) => string[]} [label]
 */
function table(id, columns, rows, label = (g) => g) {
  return h('div', { class: 'table-wrap' }, [
    h('table', { class: 'data-table', id }, [
      h('thead', {}, [h('tr', {}, [...columns, t('reports.count')].map((c, i) => h('th', { scope: 'col', class: i === columns.length ? 'number' : null, text: c })))]),
      h('tbody', {}, rows.map((r) => h('tr', {}, [...label(r.group).map((g) => h('td', { text: g })), h('td', { class: 'number', text: String(r.count) })]))),
    ]),
  ]);
}

/** @param {HTMLElement} outlet */
export async function render(outlet) {
  let stats;
  try {
    stats = await api.statistics();
  } catch (error) {
    notifyError(error);
    return false;
  }
  if (!stats.loans.length && !stats.participants.length) {
    outlet.replaceChildren(pageHeader(t('reports.title'), t('reports.lead')), emptyState(t('reports.emptyTitle'), t('reports.emptyText')));
    return false;
  }
  outlet.replaceChildren(
    pageHeader(t('reports.title'), t('reports.lead')),
    h('p', { class: 'section-lead', text: t('reports.anonymous') }),
    h('h2', { text: t('reports.loansTitle') }),
    table('loan-statistics', [t('reports.month'), t('reports.kind'), t('reports.level'), t('reports.borrowerKind')], stats.loans, (g) => [g[0], g[1], g[2] || t('reports.noLevel'), t(`borrowerKinds.${g[3]}`)]),
    h('h2', { text: t('reports.participantsTitle') }),
    table('participant-statistics', [t('events.workshop'), t('participant.ageGroup'), t('privacy.language'), t('workshop.status')], stats.participants, (g) => [g[0], g[1], g[2], t(`registration.${g[3]}`, { n: '' })]),
  );
  return false;
}
