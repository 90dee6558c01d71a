// The notification area (aria-live): success stays a few seconds, errors
// until closed.
import { h } from './dom.js';
import { errorText, t } from '../i18n/index.js';

const SUCCESS_MS = 6000;
/** More than this and the oldest go: a pile of messages helps nobody. */
const MAX_VISIBLE = 3;

/**
 * @param {string} message
 * @param {'success' | 'error' | 'info'} [kind]
 */
export function notify(message, kind = 'success') {
  const area = document.getElementById('toasts');
  if (!area) return;
  const toast = h('div', { class: `toast toast-${kind}`, 'data-kind': kind }, [
    h('p', { class: 'toast-text', text: message }),
  ]);
  const close = h('button', {
    type: 'button',
    class: 'toast-close',
    'aria-label': t('toast.close'),
    text: '×',
    onClick: () => toast.remove(),
  });
  toast.append(close);
  area.append(toast);
  while (area.children.length > MAX_VISIBLE) area.firstElementChild?.remove();
  if (kind !== 'error') setTimeout(() => toast.remove(), SUCCESS_MS);
}

/**
 * Says in an error notification why a command failed.
 * @param {unknown} error what the command rejected with: a CommandError (every
 *   function of api.js rejects with one)
 */
export function notifyError(error) {
  notify(errorText(/** @type {import('../api.js').CommandError} */ (error)), 'error');
}
