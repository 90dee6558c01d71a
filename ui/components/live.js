// The live view on the shared database: a list that shows data another PC
// may change reads its page again when the app is told of a change to one
// of its tables (`kiz:data-changed`, from ui/app.js; `'*'` after the
// connection came back, when anything may have changed).

import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { unsavedForms } from './form.js';

/**
 * Calls `reload` whenever one of `tables` changed, for as long as
 * `element` is on the page; the first notice after it left the page
 * removes the listener.
 * @param {HTMLElement} element
 * @param {string[]} tables
 * @param {() => unknown} reload
 */
export function reloadOnChange(element, tables, reload) {
  const shown = new Set(tables);
  /** @param {Event} event */
  const listener = async (event) => {
    if (!element.isConnected) {
      document.removeEventListener('kiz:data-changed', listener);
      return;
    }
    const changed = /** @type {CustomEvent<string[]>} */ (event).detail ?? [];
    if (changed.some((table) => table === '*' || shown.has(table))) await reload();
  };
  document.addEventListener('kiz:data-changed', listener);
}

/**
 * A page with forms that follows other PCs: when one of `tables` changed,
 * `redraw` draws the page again with what is stored, if nothing typed on
 * it is unsaved (the field that had the focus gets it back). Otherwise
 * the input stays, and a notice above the page says that the data
 * changed elsewhere, with "Neu laden" (a form protected by a version
 * still refuses a save over the other PC's).
 * @param {HTMLElement} page the page's element, whose first child the notice precedes
 * @param {string[]} tables
 * @param {() => Promise<unknown>} redraw
 */
export function redrawOnChange(page, tables, redraw) {
  reloadOnChange(page, tables, async () => {
    if (unsavedForms(page) === 0) {
      const focused = document.activeElement?.id;
      await redraw();
      if (focused) document.getElementById(focused)?.focus();
      return;
    }
    if (page.querySelector('.changed-elsewhere')) return;
    const button = h('button', { type: 'button', class: 'button', 'data-action': 'reload-page', text: t('database.reloadRecord') });
    button.addEventListener('click', () => redraw());
    page.prepend(h('div', { class: 'banner-block changed-elsewhere', role: 'status' }, [h('p', { text: t('database.changedElsewhere') }), button]));
  });
}

