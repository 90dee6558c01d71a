// What Einstellungen → Über KIZ Desk says about updates, without the
// window: the line for each state, the download's progress, and what keeps
// "Jetzt aktualisieren" back (an open desk session, unsaved input).
// views/settings.js draws them; tests/ui/update.test.mjs checks them.
import { errorText, formatMoment, t } from '../i18n/index.js';

/**
 * The line about updates: its text and how loud it is (`quiet` for
 * "nothing to do", `info` for an offered version, `error` for a refusal).
 * @param {import('../api.js').UpdateStatus} status
 * @param {string} appVersion
 * @returns {{ text: string, tone: 'quiet' | 'info' | 'error' }}
 */
export function statusLine(status, appVersion) {
  switch (status.state) {
    case 'off':
      return { text: t(`update.off.${status.reason}`), tone: 'quiet' };
    case 'idle':
      return {
        text: status.last_check ? t('update.idleSince', { at: formatMoment(status.last_check) }) : t('update.idle'),
        tone: 'quiet',
      };
    case 'checking':
      return { text: t('update.checking'), tone: 'quiet' };
    case 'up_to_date':
      return { text: t('update.upToDate', { version: appVersion, at: formatMoment(status.checked_at) }), tone: 'quiet' };
    case 'unreachable':
      return { text: t('update.unreachable', { at: formatMoment(status.checked_at) }), tone: 'quiet' };
    case 'downloading':
      return { text: t('update.downloading', { version: status.release.version }), tone: 'info' };
    case 'ready':
      return { text: t('update.ready', { version: status.release.version }), tone: 'info' };
    case 'failed':
      return { text: `${errorText(status.error)} ${t('update.nothingInstalled')}`, tone: 'error' };
    case 'installing':
      return { text: t('update.installing', { version: status.release.version }), tone: 'info' };
    default:
      return { text: '', tone: 'quiet' };
  }
}

/** The heading of an offered release, or null when none is offered. @param {import('../api.js').UpdateStatus} status */
export function offeredRelease(status) {
  return 'release' in status ? status.release : null;
}

/**
 * How far the download is, 0–100, or null while its size is unknown.
 * @param {number} received @param {number | null} total
 */
export function progressPercent(received, total) {
  if (!total || total <= 0) return null;
  return Math.min(100, Math.floor((received * 100) / total));
}

/** Whether the app is busy with updates (no second look may start). @param {import('../api.js').UpdateStatus} status */
export function busy(status) {
  return status.state === 'checking' || status.state === 'downloading' || status.state === 'installing';
}

/**
 * Why "Jetzt aktualisieren" must wait: an update never ends a desk session
 * or throws away what was typed. Empty when nothing stands in the way.
 * @param {{ deskBorrower: string | null, unsavedForms: number }} session
 * @returns {string[]}
 */
export function installBlockers(session) {
  const reasons = [];
  if (session.deskBorrower) reasons.push(t('update.blockedDesk', { name: session.deskBorrower }));
  if (session.unsavedForms > 0) reasons.push(t('update.blockedUnsaved'));
  return reasons;
}
