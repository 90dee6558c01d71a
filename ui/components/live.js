// The live view on the shared database: a list that shows data another PC
// may change reads its page again when the app is told of a change to one
// of its tables (`kiz:data-changed`, from ui/app.js; `'*'` after the
// connection came back, when anything may have changed).

import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { unsavedForms } from './form.js';

/**
 * The pages' wishes to hear of changes: one listener on the document serves
 * them all. A page registers while it is drawn, often before its elements
 * are on the page, so an entry is dropped only when its element is gone at
 * a moment it must be there: when a notice arrives, and when the app shows
 * another route (`forgetLeftPages`, from ui/app.js), which replaces the
 * page before the new one registers. So on a PC with its own file, where
 * no notice ever comes, the list stays as long as the pages shown.
 * @type {Set<{ element: HTMLElement, tables: Set<string>, reload: () => unknown }>}
 */
const following = new Set();

/**
 * Forgets the entries whose element is no longer on the page. Called by
 * the app right after it replaced the shown page with a new route's empty
 * one: every entry drawn so far then belongs to a page that left (or to one
 * still loading for a route no longer shown).
 */
export function forgetLeftPages() {
  for (const entry of following) {
    if (!entry.element.isConnected) following.delete(entry);
  }
}

/** @param {Event} event */
async function changed(event) {
  forgetLeftPages();
  const tables = /** @type {CustomEvent<string[]>} */ (event).detail ?? [];
  const due = [...following].filter((entry) => tables.some((table) => table === '*' || entry.tables.has(table)));
  // Each page reads on its own: one that fails (or left meanwhile) does
  // not keep the others from reading.
  await Promise.allSettled(due.map(async (entry) => {
    if (entry.element.isConnected) await entry.reload();
  }));
}

let listening = false;

/**
 * Calls `reload` whenever one of `tables` changed, for as long as
 * `element` is on the page (it may be put there after this call).
 * @param {HTMLElement} element
 * @param {string[]} tables
 * @param {() => unknown} reload
 */
export function reloadOnChange(element, tables, reload) {
  if (!listening) {
    document.addEventListener('kiz:data-changed', changed);
    listening = true;
  }
  following.add({ element, tables: new Set(tables), reload });
}

/** How many pages' elements are following changes now (for the tests). */
export function followingCount() {
  return following.size;
}

/**
 * Whether a page that follows other PCs draws what it read again: told
 * whether the stored state differs from what the page shows.
 * @typedef {(differs: boolean) => boolean} RedrawDecision
 */

/**
 * A page with forms that follows other PCs: when one of `tables` changed,
 * `redraw` reads the page's data again and asks the decision it is given
 * whether to draw it. A page whose data is unchanged (another
 * organisation changed, or this PC's own save, already drawn) stays as
 * it is; a changed one is drawn again if nothing typed on it is unsaved
 * (the field that had the focus gets it back). Otherwise the input stays,
 * and a notice at the top of the page says that the data changed
 * elsewhere, with "Neu laden" (a form protected by a version still
 * refuses a save over the other PC's). The input is looked at after the
 * data arrived, so what is typed while it is read is not lost.
 * @param {HTMLElement} drawn an element of this drawing of the page: the listener ends once it left
 * @param {string[]} tables
 * @param {(decide: RedrawDecision) => Promise<unknown>} redraw reads, asks `decide`, draws when told to
 * @param {HTMLElement} [page] what holds the page's forms, and the notice (default: `drawn`)
 */
export function redrawOnChange(drawn, tables, redraw, page = drawn) {
  reloadOnChange(drawn, tables, async () => {
    const focused = document.activeElement?.id;
    let drawing = false;
    await redraw((differs) => {
      if (!differs || !drawn.isConnected) return false;
      if (unsavedForms(page) === 0) {
        drawing = true;
        return true;
      }
      if (!page.querySelector('.changed-elsewhere')) {
        const button = h('button', { type: 'button', class: 'button', 'data-action': 'reload-page', text: t('database.reloadRecord') });
        button.addEventListener('click', () => redraw(() => true));
        page.prepend(h('div', { class: 'banner-block changed-elsewhere', role: 'status' }, [h('p', { text: t('database.changedElsewhere') }), button]));
      }
      return false;
    });
    if (drawing && focused) document.getElementById(focused)?.focus();
  });
}
