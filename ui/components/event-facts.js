// How the event pages write times, periods, figures and a registration's
// state.
import { h } from './dom.js';
import { formatDate, t } from '../i18n/index.js';

/** @param {string} iso @returns {string} "10:00" */
export function clock(iso) {
  return iso.slice(11, 16);
}

/** @param {import('../api.js').Figures} f */
export function rate(f) {
  return f.attendance_rate == null ? '–' : `${f.attendance_rate} %`;
}

/** A period of days as staff read it. @param {string} from @param {string} to */
export function period(from, to) {
  return from === to ? formatDate(from) : `${formatDate(from)} – ${formatDate(to)}`;
}

/** @param {string} label @param {string} value */
export function figure(label, value) {
  return h('div', { class: 'figure' }, [h('span', { class: 'figure-value', text: value }), h('span', { class: 'figure-label', text: label })]);
}

/** @param {import('../api.js').Registration} r */
export function statusText(r) {
  if (r.status === 'warteliste') return t('registration.warteliste', { n: r.waitlist_position ?? '' });
  if (r.status === 'teilgenommen' && r.walk_in) return t('registration.walkIn');
  return t(`registration.${r.status}`);
}
