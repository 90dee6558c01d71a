// Modal questions in a <dialog> (the window's WebView has no confirm()).
import { h } from './dom.js';
import { t } from '../i18n/index.js';

/** The one dialog element of the page, created on first use. */
function dialogElement() {
  let dialog = /** @type {HTMLDialogElement | null} */ (document.getElementById('app-dialog'));
  if (!dialog) {
    dialog = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'dialog', id: 'app-dialog' }));
    document.body.append(dialog);
  }
  return dialog;
}

/**
 * Asks a yes/no question; resolves true only when staff confirm.
 * @param {{ title: string, message: string, confirm: string, body?: Node[] }} spec
 * @returns {Promise<boolean>}
 */
export function ask(spec) {
  const dialog = dialogElement();
  return new Promise((resolve) => {
    const done = (/** @type {boolean} */ answer) => {
      dialog.onclose = null;
      dialog.close();
      resolve(answer);
    };
    const confirm = h('button', { type: 'button', class: 'button primary', id: 'dialog-confirm', text: spec.confirm, onClick: () => done(true) });
    dialog.replaceChildren(
      h('h2', { text: spec.title }),
      h('p', { text: spec.message }),
      ...(spec.body ?? []),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'button', class: 'button', id: 'dialog-cancel', text: t('desk.cancel'), onClick: () => done(false) }),
        confirm,
      ]),
    );
    dialog.onclose = () => resolve(false);
    dialog.showModal();
    confirm.focus();
  });
}
