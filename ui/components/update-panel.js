// Einstellungen → Über KIZ Desk, the part about updates: the state in one
// line, the offered version with its release notes and the download's
// progress, "Nach Updates suchen", and "Jetzt aktualisieren" once the
// download is verified and no desk session or unsaved input stands in the
// way (the words: logic/update.js).
import * as api from '../api.js';
import { h } from './dom.js';
import { unsavedForms } from './form.js';
import { notifyError } from './toast.js';
import { t } from '../i18n/index.js';
import { busy, installBlockers, offeredRelease, progressPercent, statusLine } from '../logic/update.js';
import { openBorrowerName } from '../views/desk.js';

/** How often the state is read again while a look or a download runs. */
const POLL_MS = 250;

/** Draws the panel on screen again (a form on the page changed), if one is shown. @type {(() => void) | null} */
let redrawShown = null;

// Typing in a form on the page may make "Jetzt aktualisieren" wait.
document.addEventListener('input', () => redrawShown?.());

/**
 * @param {string} appVersion the running version
 * @returns {Promise<HTMLElement>}
 */
export async function updatePanel(appVersion) {
  const panel = h('div', { class: 'update-panel', id: 'update-panel' });
  /** @type {import('../api.js').UpdateStatus} */
  let status;
  try {
    status = await api.updateStatus();
  } catch (error) {
    notifyError(error);
    return panel;
  }
  let polling = false;
  /** Whether the panel has been on the page. */
  let shown = false;

  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      // The panel is put on the page after this starts; it stops when the
      // page is left (or once nothing is under way any more).
      while (busy(status)) {
        await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
        if (panel.isConnected) shown = true;
        else if (shown) break;
        status = await api.updateStatus();
        draw();
      }
    } catch (error) {
      notifyError(error);
    } finally {
      polling = false;
    }
  };

  const check = async () => {
    status = { state: 'checking' };
    draw();
    // The command answers when the look and the download are over; the
    // progress comes from polling meanwhile.
    const done = api.updateCheck();
    poll();
    try {
      status = await done;
    } catch (error) {
      notifyError(error);
      status = await api.updateStatus();
    }
    draw();
  };

  const install = async () => {
    // Checked again at the click: the desk or a form may have changed.
    const blockers = currentBlockers();
    if (blockers.length > 0) {
      draw();
      return;
    }
    const release = offeredRelease(status);
    if (!release) return;
    status = { state: 'installing', release };
    draw();
    try {
      await api.updateInstall();
      // On Windows the app ends here and the installer takes over.
    } catch (error) {
      notifyError(error);
      status = await api.updateStatus();
      draw();
    }
  };

  /** What keeps "Jetzt aktualisieren" back right now. */
  const currentBlockers = () => installBlockers({ deskBorrower: openBorrowerName(), unsavedForms: unsavedForms(document.getElementById('main') ?? document) });

  /** What the panel shows, to draw it only when that changes (a button
   * replaced under the pointer loses its click; a live line read twice). */
  let drawn = '';

  function draw() {
    const blockers = status.state === 'ready' ? currentBlockers() : [];
    const shows = JSON.stringify([status, blockers]);
    if (shows === drawn) return;
    drawn = shows;
    const line = statusLine(status, appVersion);
    const release = offeredRelease(status);
    /** @type {HTMLElement[]} */
    const children = [];
    if (release) {
      children.push(h('h3', { id: 'update-version', text: t('update.available', { version: release.version }) }));
      if (release.notes) children.push(h('p', { id: 'update-notes', class: 'update-notes', lang: 'de', dir: 'auto', text: release.notes }));
    }
    children.push(h('p', { id: 'update-line', class: `update-line update-${line.tone}`, role: line.tone === 'error' ? 'alert' : 'status', text: line.text }));
    if (status.state === 'downloading') {
      const percent = progressPercent(status.received, status.total);
      children.push(
        h('div', { class: 'update-progress' }, [
          h('progress', { id: 'update-progress', max: '100', ...(percent == null ? {} : { value: String(percent) }) }),
          h('span', { id: 'update-progress-text', text: percent == null ? t('update.receivedUnknown') : t('update.received', { percent }) }),
        ]),
      );
    }
    const buttons = [
      h('button', {
        type: 'button',
        class: 'button',
        id: 'check-updates',
        text: t('update.check'),
        disabled: status.state === 'off' || busy(status),
        onClick: check,
      }),
    ];
    if (status.state === 'ready') {
      children.push(h('p', { id: 'update-verified', class: 'update-verified', text: t('update.verified') }));
      if (blockers.length > 0) {
        children.push(h('ul', { id: 'update-blockers', class: 'update-blockers' }, blockers.map((b) => h('li', { text: b }))));
      }
      buttons.push(
        h('button', {
          type: 'button',
          class: 'button primary',
          id: 'install-update',
          text: t('update.install'),
          disabled: blockers.length > 0,
          title: blockers.join(' '),
          onClick: install,
        }),
      );
    }
    children.push(h('div', { class: 'button-row' }, buttons));
    panel.replaceChildren(...children);
    panel.setAttribute('data-state', status.state);
  }

  redrawShown = () => {
    if (panel.isConnected && status.state === 'ready') draw();
  };
  draw();
  poll();
  return panel;
}
