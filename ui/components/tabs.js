// The tabs over the pages of one section (a row of links, the current one
// marked for screen readers and the eye).
import { h } from './dom.js';
import { t } from '../i18n/index.js';

/**
 * @param {string} label what the tabs are, for screen readers
 * @param {[key: string, href: string, text: string][]} pages
 * @param {string} current the key of the page shown
 */
function tabs(label, pages, current) {
  return h('nav', { class: 'tabs', 'aria-label': label }, pages.map(([key, href, text]) =>
    h('a', { href, id: `tab-${key}`, class: 'tab', 'aria-current': key === current ? 'page' : null, text }),
  ));
}

/** The desk, its overdue list, its reservations and the course packages. @param {'desk' | 'overdue' | 'reservations' | 'packages'} current */
export function deskTabs(current) {
  return tabs(t('desk.tabs'), [
    ['desk', '#/desk', t('desk.tabDesk')],
    ['overdue', '#/desk/overdue', t('desk.tabOverdue')],
    ['reservations', '#/desk/reservations', t('desk.tabReservations')],
    ['packages', '#/desk/packages', t('desk.tabPackages')],
  ], current);
}

/** The directory, the projects and the Arbeitskreis. @param {'directory' | 'projects' | 'arbeitskreis'} current */
export function organisationTabs(current) {
  return tabs(t('organisations.title'), [
    ['directory', '#/organisations', t('organisations.tabDirectory')],
    ['projects', '#/organisations/projects', t('organisations.tabProjects')],
    ['arbeitskreis', '#/organisations/arbeitskreis', t('organisations.tabArbeitskreis')],
  ], current);
}
