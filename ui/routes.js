// Which page shows for which hash. The sections are the navigation's
// entries; a section's sub-pages are listed here, so that views never
// import each other.
//   #/desk[/overdue | /reservations | /packages]
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
//   #/settings[/datenschutz | /veroeffentlichen | /import[/TARGET[/WORKSHOP-ID]]]
import * as api from './api.js';
import { deskTabs, organisationTabs } from './components/tabs.js';
import { notifyError } from './components/toast.js';
// The first screen's view, imported with this module (its modules are
// preloaded with the page anyway): a dynamic import of it would give the
// page a turn of the event loop between the frame and the desk, in which
// WebKit may lay out and paint the frame without the desk first (issue 21:
// about 18 ms between drawing the frame and the desk's drawing).
import * as deskView from './views/desk.js';

/**
 * A view's module, loaded when its page is first shown: the window starts
 * with the modules of the first page only (each module is a request and a
 * parse before the first screen).
 * @template M
 * @param {() => Promise<M>} importer
 */
function lazy(importer) {
  /** @type {M | undefined} */
  let module;
  /** @type {Promise<M> | undefined} */
  let pending;
  return {
    /** The module, loading it the first time. @returns {Promise<M>} */
    load: async () => {
      pending ??= importer();
      try {
        module = await pending;
      } catch (error) {
        // Tried again the next time the page is opened.
        pending = undefined;
        throw error;
      }
      return module;
    },
    /** The module if it is loaded (keys go to a page only once it is shown). */
    get loaded() {
      return module;
    },
  };
}

/**
 * The view's module for a page drawn at the current address, or null when
 * the address changed while it loaded: the later page draws instead, and
 * this one must not draw over it.
 * @template M
 * @param {{ load: () => Promise<M> }} view
 * @returns {Promise<M | null>}
 */
async function loadFor(view) {
  const address = location.hash;
  const module = await view.load();
  return location.hash === address ? module : null;
}

const arbeitskreis = lazy(() => import('./views/arbeitskreis.js'));
const borrowers = lazy(() => import('./views/borrowers.js'));
const catalogue = lazy(() => import('./views/catalogue.js'));
const checkin = lazy(() => import('./views/checkin.js'));
const copy = lazy(() => import('./views/copy.js'));
const desk = lazy(() => Promise.resolve(deskView));
const eventDetail = lazy(() => import('./views/event-detail.js'));
const events = lazy(() => import('./views/events.js'));
const importWizard = lazy(() => import('./views/import.js'));
const organisationDetail = lazy(() => import('./views/organisation-detail.js'));
const organisations = lazy(() => import('./views/organisations.js'));
const overdue = lazy(() => import('./views/overdue.js'));
const packages = lazy(() => import('./views/packages.js'));
const participant = lazy(() => import('./views/participant.js'));
const privacy = lazy(() => import('./views/privacy.js'));
const projects = lazy(() => import('./views/projects.js'));
const publishView = lazy(() => import('./views/publish.js'));
const reports = lazy(() => import('./views/reports.js'));
const reservations = lazy(() => import('./views/reservations.js'));
const settings = lazy(() => import('./views/settings.js'));
const workshop = lazy(() => import('./views/workshop.js'));

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
  { route: 'borrowers', icon: '☺', page: () => wholeView(borrowers) },
  { route: 'organisations', icon: '⌂', page: organisationsPage },
  { route: 'events', icon: '◷', page: eventsPage },
  { route: 'reports', icon: '∑', page: () => wholeView(reports) },
  { route: 'settings', icon: '⚙', page: settingsPage },
];

/** @param {string[]} params @returns {Page} */
function deskPage([first]) {
  if (first === 'overdue') return { render: async (outlet) => (await loadFor(overdue))?.render(outlet, deskTabs('overdue')) };
  if (first === 'packages') return { render: async (outlet) => (await loadFor(packages))?.render(outlet, deskTabs('packages')) };
  if (first === 'reservations') return { render: async (outlet) => (await loadFor(reservations))?.render(outlet, deskTabs('reservations')) };
  return wholeView(desk);
}

/** @param {string[]} params @returns {Page} */
function cataloguePage([first, second]) {
  if (first === 'copy' && second && /^\d+$/.test(second)) {
    return { render: async (outlet) => (await loadFor(copy))?.render(outlet, Number(second)), onKey: (event) => copy.loaded?.onKey(event) };
  }
  return wholeView(catalogue);
}

/** @param {string[]} params @returns {Page} */
function organisationsPage([first, second, third]) {
  if (first === 'projects') {
    return withDirectoryOptions(projects, (view, outlet, options) => view.render(outlet, options, second, organisationTabs('projects')));
  }
  if (first === 'arbeitskreis') {
    return { render: async (outlet) => (await loadFor(arbeitskreis))?.renderGroup(outlet, second ? Number(second) : null, organisationTabs('arbeitskreis')) };
  }
  if (first === 'meeting' && second) {
    return { render: async (outlet) => (await loadFor(arbeitskreis))?.renderMeeting(outlet, Number(second), organisationTabs('arbeitskreis')) };
  }
  const detailKeys = (/** @type {KeyboardEvent} */ event) => organisationDetail.loaded?.onKey(event);
  if (first === 'new') return withDirectoryOptions(organisationDetail, (view, outlet, options) => view.render(outlet, options, null, 'overview'), detailKeys);
  if (first && /^\d+$/.test(first)) {
    return withDirectoryOptions(
      organisationDetail,
      (view, outlet, options) => view.render(outlet, options, Number(first), third ?? second ?? 'overview'),
      detailKeys,
    );
  }
  return withDirectoryOptions(organisations, (view, outlet, options) => view.render(outlet, options), (event) => organisations.loaded?.onKey(event));
}

/**
 * A view whose module is the page: its `render` and its keys.
 * @param {{ load: () => Promise<Page>, loaded: Page | undefined }} view
 * @returns {Page}
 */
function wholeView(view) {
  return {
    render: async (outlet, ctx) => (await loadFor(view))?.render(outlet, ctx),
    onKey: (event) => view.loaded?.onKey?.(event),
  };
}

/**
 * A page of the directory, drawn once its module is loaded and its options
 * (kinds, municipalities, languages) are read.
 * @template M
 * @param {{ load: () => Promise<M> }} view
 * @param {(view: M, outlet: HTMLElement, options: import('./api.js').DirectoryOptions) => unknown} draw
 * @param {(event: KeyboardEvent) => unknown} [onKey]
 * @returns {Page}
 */
function withDirectoryOptions(view, draw, onKey) {
  return {
    render: async (outlet) => {
      let options;
      let module;
      const address = location.hash;
      try {
        [module, options] = await Promise.all([view.load(), api.directoryOptions()]);
      } catch (error) {
        notifyError(error);
        return false;
      }
      if (location.hash !== address) return false;
      return draw(module, outlet, options);
    },
    onKey,
  };
}

/** @param {string[]} params @returns {Page} */
function eventsPage([first, second, third]) {
  if (first === 'workshop' && second && !third) return { render: async (outlet) => (await loadFor(workshop))?.render(outlet, Number(second)) };
  if (first === 'checkin' && second) {
    return { render: async (outlet) => (await loadFor(checkin))?.render(outlet, Number(second)), onKey: (event) => checkin.loaded?.onKey(event) };
  }
  if (first === 'participant' && second) return { render: async (outlet) => (await loadFor(participant))?.render(outlet, Number(second)) };
  if (first === 'workshop' && second && third === 'edit') {
    return { render: async (outlet) => (await loadFor(eventDetail))?.renderWorkshopEdit(outlet, Number(second)) };
  }
  if (first && /^\d+$/.test(first) && second !== 'edit') {
    return { render: async (outlet) => (await loadFor(eventDetail))?.render(outlet, Number(first), second === 'workshop-new') };
  }
  return wholeView(events);
}

/** @param {string[]} params @returns {Page} */
function settingsPage([first, second, third]) {
  if (first === 'datenschutz') return { render: async (outlet) => (await loadFor(privacy))?.render(outlet) };
  if (first === 'veroeffentlichen') return { render: async (outlet) => (await loadFor(publishView))?.render(outlet) };
  if (first === 'import') {
    const target = /** @type {import('./api.js').ImportTarget | undefined} */ (second);
    return { render: async (outlet) => (await loadFor(importWizard))?.render(outlet, target, third ? Number(third) : undefined) };
  }
  return wholeView(settings);
}
