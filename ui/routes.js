// Which page shows for which hash. The sections are the navigation's
// entries; a section's sub-pages are listed here, so that views never
// import each other.
//   #/desk[/overdue | /reservations]
//   #/catalogue[/new | /ID]                 (catalogue.js)
//   #/catalogue/copy/ID                     one copy (copy.js)
//   #/borrowers[/new | /ID]                 (borrowers.js)
//   #/organisations                         directory
//   #/organisations/new | /ID[/tab]         one organisation
//   #/organisations/projects[/new | /ID]    projects
//   #/organisations/arbeitskreis[/ID], /meeting/ID
//   #/events[/new | /ID/edit]               events (events.js)
//   #/events/ID[/workshop-new]              one event
//   #/events/workshop/ID[/edit]             one workshop
//   #/events/checkin/ID                     check-in on the day
//   #/events/participant/ID                 one participant
//   #/reports[/PERIOD]                      year-2025, quarter-2026-3, half-2025-1, range-FROM-TO (reports.js)
//   #/settings[/datenschutz | /import[/TARGET[/WORKSHOP-ID]]]
import * as api from './api.js';
import { deskTabs, organisationTabs } from './components/tabs.js';
import { notifyError } from './components/toast.js';
import * as arbeitskreis from './views/arbeitskreis.js';
import * as borrowers from './views/borrowers.js';
import * as catalogue from './views/catalogue.js';
import * as checkin from './views/checkin.js';
import * as copy from './views/copy.js';
import * as desk from './views/desk.js';
import * as eventDetail from './views/event-detail.js';
import * as events from './views/events.js';
import * as importWizard from './views/import.js';
import * as organisationDetail from './views/organisation-detail.js';
import * as organisations from './views/organisations.js';
import * as overdue from './views/overdue.js';
import * as participant from './views/participant.js';
import * as privacy from './views/privacy.js';
import * as projects from './views/projects.js';
import * as reports from './views/reports.js';
import * as reservations from './views/reservations.js';
import * as settings from './views/settings.js';
import * as workshop from './views/workshop.js';

/**
 * What every page is given.
 * @typedef {{ status: import('./api.js').AppStatus, refresh: () => Promise<void>,
 *             changeLanguage: (language: 'de' | 'en') => Promise<void>, params: string[] }} RouteContext
 */

/**
 * A page: it draws into the outlet (resolving with `true` when it placed the
 * focus itself) and may take keys while shown.
 * @typedef {{ render: (outlet: HTMLElement, ctx: RouteContext) => unknown,
 *             onKey?: (event: KeyboardEvent) => unknown }} Page
 */

/**
 * A section of the navigation: its route, its icon, and the page for the
 * rest of the hash.
 * @typedef {{ route: string, icon: string, page: (params: string[]) => Page }} Section
 */

/** The sections in navigation order; Ctrl+1 … Ctrl+7 open them. @type {Section[]} */
export const SECTIONS = [
  { route: 'desk', icon: '⇄', page: deskPage },
  { route: 'catalogue', icon: '▤', page: cataloguePage },
  { route: 'borrowers', icon: '☺', page: () => borrowers },
  { route: 'organisations', icon: '⌂', page: organisationsPage },
  { route: 'events', icon: '◷', page: eventsPage },
  { route: 'reports', icon: '∑', page: () => reports },
  { route: 'settings', icon: '⚙', page: settingsPage },
];

/** @param {string[]} params @returns {Page} */
function deskPage([first]) {
  if (first === 'overdue') return { render: (outlet) => overdue.render(outlet, deskTabs('overdue')) };
  if (first === 'reservations') return { render: (outlet) => reservations.render(outlet, deskTabs('reservations')) };
  return desk;
}

/** @param {string[]} params @returns {Page} */
function cataloguePage([first, second]) {
  if (first === 'copy' && second && /^\d+$/.test(second)) return { render: (outlet) => copy.render(outlet, Number(second)), onKey: copy.onKey };
  return catalogue;
}

/** @param {string[]} params @returns {Page} */
function organisationsPage([first, second, third]) {
  if (first === 'projects') return withDirectoryOptions((outlet, options) => projects.render(outlet, options, second, organisationTabs('projects')));
  if (first === 'arbeitskreis') return { render: (outlet) => arbeitskreis.renderGroup(outlet, second ? Number(second) : null, organisationTabs('arbeitskreis')) };
  if (first === 'meeting' && second) return { render: (outlet) => arbeitskreis.renderMeeting(outlet, Number(second), organisationTabs('arbeitskreis')) };
  if (first === 'new') return withDirectoryOptions((outlet, options) => organisationDetail.render(outlet, options, null, 'overview'), organisationDetail.onKey);
  if (first && /^\d+$/.test(first)) {
    return withDirectoryOptions((outlet, options) => organisationDetail.render(outlet, options, Number(first), third ?? second ?? 'overview'), organisationDetail.onKey);
  }
  return withDirectoryOptions((outlet, options) => organisations.render(outlet, options), organisations.onKey);
}

/**
 * A page of the directory, drawn once its options (kinds, municipalities,
 * languages) are read.
 * @param {(outlet: HTMLElement, options: import('./api.js').DirectoryOptions) => unknown} draw
 * @param {(event: KeyboardEvent) => unknown} [onKey]
 * @returns {Page}
 */
function withDirectoryOptions(draw, onKey) {
  return {
    render: async (outlet) => {
      let options;
      try {
        options = await api.directoryOptions();
      } catch (error) {
        notifyError(error);
        return false;
      }
      return draw(outlet, options);
    },
    onKey,
  };
}

/** @param {string[]} params @returns {Page} */
function eventsPage([first, second, third]) {
  if (first === 'workshop' && second && !third) return { render: (outlet) => workshop.render(outlet, Number(second)) };
  if (first === 'checkin' && second) return { render: (outlet) => checkin.render(outlet, Number(second)), onKey: checkin.onKey };
  if (first === 'participant' && second) return { render: (outlet) => participant.render(outlet, Number(second)) };
  if (first === 'workshop' && second && third === 'edit') return { render: (outlet) => eventDetail.renderWorkshopEdit(outlet, Number(second)) };
  if (first && /^\d+$/.test(first) && second !== 'edit') return { render: (outlet) => eventDetail.render(outlet, Number(first), second === 'workshop-new') };
  return events;
}

/** @param {string[]} params @returns {Page} */
function settingsPage([first, second, third]) {
  if (first === 'datenschutz') return { render: (outlet) => privacy.render(outlet) };
  if (first === 'import') {
    const target = /** @type {import('./api.js').ImportTarget | undefined} */ (second);
    return { render: (outlet) => importWizard.render(outlet, target, third ? Number(third) : undefined) };
  }
  return settings;
}
