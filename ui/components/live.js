// The live view on the shared database: a list that shows data another PC
// may change reads its page again when the app is told of a change to one
// of its tables (`kiz:data-changed`, from ui/app.js; `'*'` after the
// connection came back, when anything may have changed).

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
