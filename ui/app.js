// The frame: reads the start-up status, then shows either the error page or
// the navigation with one view at a time (hash routes), the notification
// area and the keyboard shortcuts.
import * as api from './api.js';
import { h, pageHeader } from './components/dom.js';
import { forgetLeftPages } from './components/live.js';
import { notify, notifyError } from './components/toast.js';
import { errorText, formatDate, setLanguage, t } from './i18n/index.js';
import { SECTIONS } from './routes.js';

/** @type {import('./api.js').AppStatus} */
let status;

// Windows gets its own fonts by name (styles.css); before anything is drawn.
if (navigator.userAgent.includes('Windows')) document.documentElement.classList.add('os-windows');

/** Moments of the start (ms since the page began to load), for the log. */
const startMarks = { modules: Math.round(performance.now()), status: 0, screen: 0, layout: 0 };

async function start() {
  try {
    status = await api.startStatus();
  } catch (error) {
    status = /** @type {any} */ ({ error, data_dir: '', database_file: '', log_dir: '', ui_language: 'de' });
  }
  startMarks.status = Math.round(performance.now());
  await setLanguage(status.ui_language);
  if (status.error) {
    renderErrorPage();
  } else {
    openApp();
    if (status.server_error) waitForServer();
    // The first screen comes from a first look at the file; the start-up
    // check of the database runs meanwhile (every command that uses the
    // database waits for it). A file that fails it turns the window into
    // the error page, however the first page fares.
    if (status.checking) watchStartCheck();
    try {
      await showRoute(false);
    } catch (error) {
      notifyError(error);
    }
  }
  document.getElementById('app')?.setAttribute('aria-busy', 'false');
  startMarks.screen = Math.round(performance.now());
  void document.body.offsetHeight;
  startMarks.layout = Math.round(performance.now());
  // Two animation frames later the first screen is on the screen: the log
  // keeps how long the start took and where the page spent it (the
  // start-up benchmark reads the moment).
  requestAnimationFrame(() => {
    const frame = Math.round(performance.now());
    requestAnimationFrame(() => {
      const marks = `modules loaded ${startMarks.modules} ms, status ${startMarks.status} ms, screen drawn ${startMarks.screen} ms, layout ${startMarks.layout} ms, first frame ${frame} ms`;
      const at = Date.now();
      const pageMs = performance.now();
      // The shell's events are listened to from here on: after the first
      // screen, and before the core hears of it (the start-up check waits
      // for that signal, at most 1.5 s). The moment sent is the frame's.
      listenToShell()
        .then(() => api.firstScreenPainted(at, pageMs, marks))
        .catch(() => {});
    });
  });
}

/** The update version last announced, so that it is said once. */
let announcedUpdate = '';

/**
 * Said once when the check at start found a verified update. Here, not in
 * the update panel's module, which the first screen need not load.
 * @param {string} version
 */
function announceUpdate(version) {
  if (announcedUpdate === version) return;
  announcedUpdate = version;
  notify(t('update.readyNotice', { version }), 'info');
}

/**
 * Listens to what the shell tells the window (a panic, a second start, an
 * update ready, changes on the shared database, the server lost or back,
 * the backup's outcome) and asks once for what it may have told before.
 * Called once the first screen is on the screen: the shell's channel
 * (one for all six events, `api.onShellEvent`) and the two questions are
 * three messages to the core, which need not hold the first screen
 * (start-up benchmark, issue 21). What may have been told before is asked
 * for: an update, the server's connection, the last backup's outcome.
 * Resolves when the channel is open (or failed to open).
 * @returns {Promise<void>}
 */
function listenToShell() {
  /** @type {Promise<unknown>[]} */
  const listening = [];
  listening.push(api.onShellEvent('kiz://fatal', () => {
    // A panic inside a command also fails that command, which the view
    // reports in its own words: say it once. The event and the failed
    // command reach the window by different ways, in either order, so a
    // command failure shortly before the event counts as well as one after.
    const seen = Date.now();
    window.setTimeout(() => {
      if (api.lastInternalErrorAt() < seen - FATAL_NOTICE_DELAY_MS) notify(t('toast.fatal'), 'error');
      // Decided, said or not: counted on the notification area, where the
      // end-to-end test waits for it instead of waiting a fixed time.
      fatalEventsDecided += 1;
      document.getElementById('toasts')?.setAttribute('data-fatal-decided', String(fatalEventsDecided));
    }, FATAL_NOTICE_DELAY_MS);
  }));
  listening.push(api.onShellEvent('kiz://second-start', () => notify(t('toast.secondStart'), 'info')));
  // The check at start found a verified update: said once, quietly (also
  // when it was found before the window listened).
  listening.push(api.onShellEvent('kiz://update-ready', (version) => announceUpdate(String(version))));
  api.updateStatus().then((update) => {
    if (update.state === 'ready') announceUpdate(update.release.version);
  }, () => {});
  // The shared database: what another PC (or this one) changed reaches
  // the open view as a DOM event, which the lists that show it listen to;
  // a listener that lost the server says so in a banner until it is back.
  let changesTold = 0;
  listening.push(api.onShellEvent('kiz://database-changed', (tables) => {
    document.dispatchEvent(new CustomEvent('kiz:data-changed', { detail: tables }));
    // Counted on the page, where the end-to-end test can see it arrive.
    changesTold += 1;
    document.documentElement.setAttribute('data-changes-told', String(changesTold));
  }));
  listening.push(api.onShellEvent('kiz://database-connection', (payload) => {
    const connected = /** @type {{ connected: boolean }} */ (payload).connected;
    // Back after a loss: what changed meanwhile was not told, so the open
    // lists read everything again.
    if (connected && document.getElementById('server-lost')) {
      document.dispatchEvent(new CustomEvent('kiz:data-changed', { detail: ['*'] }));
    }
    showServerLost(!connected);
  }));
  // A loss told before the window listened is asked for once.
  api.serverConnection().then((connected) => {
    if (connected === false && !document.getElementById('server-lost')) showServerLost(true);
  }, () => {});
  let backupsTold = 0;
  listening.push(api.onShellEvent('kiz://backup-done', (payload) => {
    backupsTold += 1;
    const outcome = /** @type {{ ok: boolean, error: import('./api.js').CommandError | null }} */ (payload);
    status.backup_warning = outcome.ok ? null : outcome.error;
    showBackupWarning();
  }));
  // Marked on the page once the core has the channel (the end-to-end
  // tests wait for it before they make the core tell something).
  return Promise.allSettled(listening).then(() => {
    document.documentElement.setAttribute('data-listening', 'true');
    // A backup that ended before the window listened (it may run while the
    // page loads) is asked for once: the core keeps the last outcome in
    // the status. An outcome told meanwhile is newer and stays.
    const toldBefore = backupsTold;
    api.appStatus().then((again) => {
      if (backupsTold !== toldBefore) return;
      status.backup_warning = again.backup_warning;
      showBackupWarning();
    }, () => {});
  });
}

/** Shows the error page if the start-up check refuses the database. */
function watchStartCheck() {
  api.startCheck().then(
    (error) => {
      status.checking = false;
      if (!error) return;
      status.error = error;
      window.removeEventListener('hashchange', onHashChange);
      document.removeEventListener('keydown', onKeyDown);
      renderErrorPage();
    },
    (error) => notifyError(error),
  );
}

const onHashChange = () => showRoute(true);

/** Draws the frame and starts listening to navigation and keys. */
function openApp() {
  document.getElementById('app')?.classList.remove('app-error');
  renderFrame();
  window.addEventListener('hashchange', onHashChange);
  document.addEventListener('keydown', onKeyDown);
}

/** The banner about a failed backup, kept until a backup succeeds. */
function showBackupWarning() {
  document.getElementById('backup-warning')?.remove();
  if (!status.backup_warning) return;
  document.querySelector('.banners')?.append(
    h('p', { class: 'banner banner-warning', role: 'alert', id: 'backup-warning' }, [
      `${t('banner.backup')} ${errorText(status.backup_warning)} `,
      h('a', { href: '#/settings', text: t('banner.backupLink') }),
    ]),
  );
}

/**
 * Started while the shared database could not be read: the banner stands
 * (the desk takes no scans), the reason is told once, and the status is
 * asked again every few seconds until the server answers; then the
 * banner goes and the page is drawn again with the server's data.
 */
function waitForServer() {
  showServerLost(true);
  if (status.server_error) notify(errorText(status.server_error), 'error');
  const retry = async () => {
    let again;
    try {
      again = await api.appStatus();
    } catch {
      again = null;
    }
    if (!again || again.server_error) {
      window.setTimeout(retry, SERVER_RETRY_MS);
      return;
    }
    status = again;
    showServerLost(false);
    await showRoute(false);
  };
  window.setTimeout(retry, SERVER_RETRY_MS);
}

/** How often a window started without its server asks again. */
const SERVER_RETRY_MS = 3000;

/** Shows or removes the banner that the shared database is not reached. @param {boolean} lost */
function showServerLost(lost) {
  document.body.classList.toggle('server-lost', lost);
  document.dispatchEvent(new CustomEvent('kiz:server-lost', { detail: lost }));
  document.getElementById('server-lost')?.remove();
  if (!lost) return;
  document.querySelector('.banners')?.append(
    h('p', { class: 'banner banner-warning', role: 'alert', id: 'server-lost', text: t('banner.serverLost') }),
  );
}

/** The hash split into segments: `#/catalogue/12` → ['catalogue', '12']. */
function routeParts() {
  return location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

function currentSection() {
  const [route] = routeParts();
  return SECTIONS.find((s) => s.route === route) ?? SECTIONS[0];
}

function renderFrame() {
  const nav = h('nav', { class: 'nav', 'aria-label': t('nav.label') }, [
    h('div', { class: 'brand' }, [
      h('img', { src: 'logo.svg', alt: '', class: 'brand-logo', width: '32', height: '32' }),
      h('span', { class: 'brand-name', text: t('app.name') }),
    ]),
    h(
      'ul',
      {},
      SECTIONS.map((s, i) =>
        h('li', {}, [
          h('a', { href: `#/${s.route}`, id: `nav-${s.route}`, 'data-route': s.route }, [
            h('span', { class: 'nav-icon', 'aria-hidden': 'true', text: s.icon }),
            h('span', { class: 'nav-label', text: t(`nav.${s.route}`) }),
            h('kbd', { class: 'nav-key', 'aria-hidden': 'true', text: t('shortcuts.ctrl', { key: i + 1 }) }),
          ]),
        ]),
      ),
    ),
    h('button', { type: 'button', class: 'nav-help', id: 'open-shortcuts', onClick: openShortcuts }, [
      h('span', { text: t('nav.help') }),
      h('kbd', { 'aria-hidden': 'true', text: 'F1' }),
    ]),
  ]);
  const banners = h('div', { class: 'banners' }, [
    status.data_dir_on_network
      ? h('p', { class: 'banner banner-warning', role: 'alert', id: 'network-warning', text: t('banner.network', { path: status.data_dir }) })
      : null,
  ]);
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  document.getElementById('app')?.replaceChildren(nav, h('div', { class: 'content' }, [banners, main]));
  showBackupWarning();
}

/**
 * How long a panic's notice waits for the failed command's own message, and
 * how long before the notice such a message may have come.
 */
const FATAL_NOTICE_DELAY_MS = 1000;

/** How many panic events have been decided on (notice shown or not). */
let fatalEventsDecided = 0;

/** The route whose page `main` shows. */
let shownRoute = '';

/** @param {boolean} moveFocus */
async function showRoute(moveFocus) {
  const section = currentSection();
  for (const link of document.querySelectorAll('.nav a')) {
    if (link.getAttribute('data-route') === section.route) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const main = document.getElementById('main');
  if (!main) return;
  document.title = `${t(`nav.${section.route}`)} – ${t('app.name')}`;
  // A new route never shows the previous page's content, not even when its
  // view cannot load (it then says why in a notification). Each route
  // draws into its own container: a page still loading when staff move on
  // (its commands may wait for the start-up check) finishes in a container
  // that is no longer shown, never over the page that replaced it.
  if (location.hash !== shownRoute || pageOutlet?.parentElement !== main) {
    shownRoute = location.hash;
    pageOutlet = h('div', { class: 'page-outlet' }, [pageHeader(t(`nav.${section.route}`))]);
    main.replaceChildren(pageOutlet);
    // The page that left no longer follows other PCs' changes.
    forgetLeftPages();
  }
  const outlet = pageOutlet;
  const render = ++renders;
  main.setAttribute('aria-busy', 'true');
  // An empty database fills from any screen (the first person or medium
  // saved): while the start status says "empty", ask again, so the desk
  // turns from the welcome page into the desk without a restart.
  if (status.empty) await refreshEmpty();
  const params = routeParts().slice(1);
  try {
    const placesFocus = await section.page(params).render(outlet, { status, refresh: refreshStatus, changeLanguage, params });
    if (render === renders && moveFocus && placesFocus !== true) main.querySelector('h1')?.focus();
  } finally {
    if (render === renders) main.setAttribute('aria-busy', 'false');
  }
}

/** The container the shown route draws into (a child of `main`). @type {HTMLElement | null} */
let pageOutlet = null;

/** Counts the routes drawn: only the latest one says when it is done. */
let renders = 0;

/** Reads again whether the database is still empty. */
async function refreshEmpty() {
  try {
    status.empty = (await api.appStatus()).empty;
  } catch {
    // The status could not be read: keep what we knew.
  }
}

async function refreshStatus() {
  try {
    status = await api.appStatus();
  } catch (error) {
    notifyError(error);
  }
  showBackupWarning();
  await showRoute(false);
}

/** Stores the language, then redraws the frame in it (no page reload). @param {'de' | 'en'} language */
async function changeLanguage(language) {
  const stored = await api.setUiLanguage(language);
  status.ui_language = stored;
  await setLanguage(stored);
  renderFrame();
  await showRoute(false);
  document.getElementById('ui-language')?.focus();
}

function renderErrorPage() {
  const error = /** @type {import('./api.js').CommandError} */ (status.error);
  const app = document.getElementById('app');
  app?.classList.add('app-error');
  app?.replaceChildren(
    h('main', { class: 'error-page', id: 'error-page', 'data-code': error.code }, [
      h('h1', { tabindex: '-1', text: t('errorPage.title') }),
      h('p', { class: 'error-message', id: 'error-message', text: errorText(error) }),
      h('p', { text: t('errorPage.unchanged') }),
      h('dl', { class: 'about' }, [
        h('dt', { text: t('errorPage.file') }),
        h('dd', { class: 'path', id: 'error-file', text: status.database_file }),
        h('dt', { text: t('errorPage.log') }),
        h('dd', { class: 'path', text: status.log_dir }),
      ]),
      error.code === 'database_corrupt'
        ? h('section', { class: 'card', id: 'recovery' }, [
            h('h2', { text: t('errorPage.recoverTitle') }),
            h('p', { text: t('errorPage.recoverText') }),
            h('button', { type: 'button', class: 'button primary', id: 'recover-database', text: t('errorPage.recover'), onClick: recover }),
          ])
        : null,
      h('h2', { text: t('errorPage.next') }),
      h('ul', {}, [h('li', { text: t('errorPage.adviceIt') }), h('li', { text: t('errorPage.adviceRestart') })]),
    ]),
  );
  app?.querySelector('h1')?.focus();
}

/** Puts the newest good backup in place of a damaged database and opens the app. */
async function recover() {
  try {
    const done = await api.recoverDatabase();
    status = await api.appStatus();
    await setLanguage(status.ui_language);
    openApp();
    location.hash = '#/desk';
    await showRoute(false);
    notify(t('errorPage.recovered', { date: formatDate(done.backup.made_at), path: done.damaged }), 'success');
  } catch (error) {
    notifyError(error);
  }
}

function openShortcuts() {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('shortcuts'));
  const rows = [
    ...SECTIONS.map((s, i) => [t('shortcuts.ctrl', { key: i + 1 }), t('shortcuts.section', { name: t(`nav.${s.route}`) })]),
    ['F1 / ?', t('shortcuts.help')],
    ['F2 / F3 / F4', t('shortcuts.deskModes')],
    [t('shortcuts.ctrl', { key: 'S' }), t('shortcuts.save')],
    [t('shortcuts.ctrl', { key: 'N' }), t('shortcuts.new')],
    ['Enter', t('shortcuts.open')],
    ['Tab', t('shortcuts.tab')],
    ['Esc', t('shortcuts.close')],
  ];
  const close = h('button', { type: 'button', class: 'button', id: 'close-shortcuts', text: t('shortcuts.closeButton'), onClick: () => dialog.close() });
  dialog.replaceChildren(
    h('h2', { id: 'shortcuts-title', text: t('shortcuts.title') }),
    h('p', { text: t('shortcuts.intro') }),
    h('table', { class: 'shortcut-table' }, [
      h('tbody', {}, rows.map(([key, what]) => h('tr', {}, [h('td', {}, [h('kbd', { text: key })]), h('td', { text: what })]))),
    ]),
    h('div', { class: 'form-actions' }, [close]),
  );
  if (!dialog.open) dialog.showModal();
  close.focus();
}

/** @param {KeyboardEvent} event */
function onKeyDown(event) {
  const target = /** @type {HTMLElement} */ (event.target);
  const typing = target.matches('input, textarea, select, [contenteditable]');
  if (event.key === 'F1' || (event.key === '?' && !typing)) {
    event.preventDefault();
    openShortcuts();
    return;
  }
  if ((event.ctrlKey || event.metaKey) && !event.altKey && /^[1-7]$/.test(event.key)) {
    event.preventDefault();
    const section = SECTIONS[Number(event.key) - 1];
    (/** @type {HTMLDialogElement} */ (document.getElementById('shortcuts'))).close();
    location.hash = `#/${section.route}`;
    return;
  }
  currentSection().page(routeParts().slice(1)).onKey?.(event);
}

start();
