// The one table for the window's lists (Ausleihende, the directory, a
// workshop's participants, the overdue list): column headers that sort,
// and a pager with the total. Sorting and paging happen in the core (SQL
// ORDER BY on the list's own columns, LIMIT/OFFSET), so a list of ten
// thousand borrowers stays quick; the sort staff choose is kept per list
// in the core (`saveListSort`), across navigation and restarts.
//
// A sortable header is a button inside the <th>, which carries aria-sort
// (ascending / descending) when the list is sorted by it: a click, Enter or
// Space sorts by the column, a second one reverses.
import * as api from '../api.js';
import { h } from './dom.js';
import { notifyError } from './toast.js';
import { t } from '../i18n/index.js';

/**
 * A column: its sort key in the core (`sort`, none for a column that does
 * not sort, such as a list of languages), its header, and its cell class.
 * @typedef {{ label: string, sort?: string, className?: string }} TableColumn
 */

/**
 * The pager under a list: back, "1–50 von 1.234", next.
 * @param {string} prefix the ids: `<prefix>-back`, `<prefix>-info`, `<prefix>-next`
 * @param {{ offset: number, shown: number, total: number, info?: string, last?: boolean }} at
 *   the page's first row (0-based), its rows, the whole list's total; `info`
 *   and `last` where the list words its range differently (the catalogue)
 * @param {(offset: number) => void} go called with the offset of the page asked for
 * @param {number} size rows per page
 */
export function pagerControls(prefix, at, go, size) {
  const from = at.shown === 0 ? 0 : at.offset + 1;
  const to = at.offset + at.shown;
  const n = (/** @type {number} */ x) => x.toLocaleString(t('app.locale'));
  const last = at.last ?? to >= at.total;
  return [
    h('button', { type: 'button', class: 'button', id: `${prefix}-back`, disabled: at.offset === 0, text: t('catalogue.previous'), onClick: () => go(Math.max(0, at.offset - size)) }),
    h('span', { class: 'page-info', id: `${prefix}-info`, text: at.info ?? t('catalogue.range', { from: n(from), to: n(to), total: n(at.total) }) }),
    h('button', { type: 'button', class: 'button', id: `${prefix}-next`, disabled: last, text: t('catalogue.next'), onClick: () => go(at.offset + size) }),
  ];
}

/** The page sizes staff choose from under a long list (the core gives at most 1,000 rows). */
export const PAGE_SIZES = [50, 100, 250, 500, 1000];

/** The page size chosen per list, kept while the app runs. @type {Map<string, number>} */
const chosenSizes = new Map();

/**
 * The page size chosen for a list while the app runs, or `usual`. Not
 * stored: a long page is for looking through much at once, and the next
 * start opens the lists with the usual, quick page again (as the columns
 * chosen for a participant list are kept).
 * @param {string} list @param {number} usual
 */
export function keptPageSize(list, usual) {
  return chosenSizes.get(list) ?? usual;
}

/**
 * "Zeilen pro Seite" under a list: the choice is kept for the list while
 * the app runs, and `choose` shows the list again from its first page.
 * @param {string} id of the select @param {string} list @param {number} size the current one
 * @param {(size: number) => void} choose
 */
export function pageSizeChoice(id, list, size, choose) {
  const select = /** @type {HTMLSelectElement} */ (
    h('select', { id }, PAGE_SIZES.map((n) => h('option', { value: String(n), selected: n === size, text: n.toLocaleString(t('app.locale')) })))
  );
  select.addEventListener('change', () => {
    const chosen = Number(select.value);
    chosenSizes.set(list, chosen);
    choose(chosen);
  });
  // Hidden until the first page says whether the list is longer than 50 rows.
  return h('label', { class: 'page-size', hidden: true }, [h('span', { text: t('lists.rowsPerPage') }), select]);
}

/**
 * A sortable, paged table.
 * @template T
 * @param {{
 *   id: string,
 *   list: import('../api.js').ListName,
 *   columns: TableColumn[],
 *   load: (paging: import('../api.js').Paging, sort?: string) => Promise<import('../api.js').ListPage<T>>,
 *   row: (item: T) => HTMLElement,
 *   empty: string,
 *   pageSize?: number,
 *   onPage?: (page: import('../api.js').ListPage<T>) => void,
 * }} options `id` of the table (the pager's ids start with it); `load` reads
 *   a page from the core, in `sort` or, without one, in the sort kept for the
 *   list; `row` draws one row; `empty` is the text when nothing matches;
 *   `onPage` hears every page drawn (for counts beside the table)
 * @returns {{ element: HTMLElement, body: HTMLElement, reload: (fromStart?: boolean, started?: number) => Promise<void> }}
 *   `reload(true)` goes back to the first page (after the filters changed);
 *   `started` is the moment of the keystroke that asked (the table keeps
 *   the time to its update in `data-last-ms`)
 */
export function sortedTable(options) {
  let size = keptPageSize(options.list, options.pageSize ?? PAGE_SIZES[0]);
  const body = h('tbody');
  /** @type {HTMLElement[]} */
  const headers = [];
  const table = h('table', { class: 'data-table sortable', id: options.id, 'aria-busy': 'true' }, [
    h('thead', {}, [
      h('tr', {}, options.columns.map((c) => {
        const th = h('th', { scope: 'col', class: c.className ?? null, 'data-sort': c.sort ?? null }, [
          c.sort
            ? h('button', { type: 'button', class: 'sort-button', title: t('lists.sortBy', { column: c.label }), onClick: () => sortBy(/** @type {string} */ (c.sort)) }, [
                h('span', { text: c.label }),
                h('span', { class: 'sort-mark', 'aria-hidden': 'true' }),
              ])
            : c.label,
        ]);
        headers.push(th);
        return th;
      })),
    ]),
    body,
  ]);
  const pager = h('div', { class: 'pager', id: `${options.id}-pager` });
  const sizes = pageSizeChoice(`${options.id}-page-size`, options.list, size, (chosen) => {
    size = chosen;
    offset = 0;
    load();
  });
  const element = h('div', { class: 'sorted-list' }, [h('div', { class: 'table-wrap' }, [table]), h('div', { class: 'pager-row' }, [pager, sizes])]);
  /** The sort the shown page was read in; null until the first page. @type {string | null} */
  let sort = null;
  let offset = 0;
  let sequence = 0;

  /** @param {string} [asked] @param {number} [started] */
  const load = async (asked, started = performance.now()) => {
    const mine = ++sequence;
    table.setAttribute('aria-busy', 'true');
    let page;
    try {
      page = await options.load({ limit: size, offset }, asked);
    } catch (error) {
      notifyError(error);
      return;
    }
    if (mine !== sequence) return;
    if (page.rows.length === 0 && offset > 0 && page.total > 0) {
      // The list shrank under the page (a filter, a deletion): show its last page.
      offset = Math.floor((page.total - 1) / size) * size;
      return load(asked);
    }
    sort = page.sort;
    const [column, direction] = sort.split(':');
    for (const th of headers) {
      if (th.dataset.sort === column) th.setAttribute('aria-sort', direction === 'desc' ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    body.replaceChildren(...page.rows.map(options.row));
    if (page.rows.length === 0) body.replaceChildren(h('tr', {}, [h('td', { colspan: String(options.columns.length), class: 'empty-row', text: options.empty })]));
    pager.replaceChildren(...pagerControls(options.id, { offset, shown: page.rows.length, total: page.total }, (to) => { offset = to; load(); }, size));
    pager.hidden = page.total <= size && offset === 0;
    // The choice only where a list is longer than the smallest page.
    sizes.hidden = page.total <= PAGE_SIZES[0];
    options.onPage?.(page);
    table.setAttribute('data-last-ms', (performance.now() - started).toFixed(1));
    table.setAttribute('aria-busy', 'false');
  };

  /** Sorts by a column (a second time: the other way), keeps it, from the first page. @param {string} column */
  const sortBy = async (column) => {
    const [current, direction] = (sort ?? '').split(':');
    const next = `${column}:${current === column && direction === 'asc' ? 'desc' : 'asc'}`;
    try {
      await api.saveListSort(options.list, next);
    } catch (error) {
      notifyError(error);
      return;
    }
    offset = 0;
    await load(next);
  };

  return {
    element,
    body,
    reload: (fromStart = false, started = performance.now()) => {
      if (fromStart) offset = 0;
      return load(undefined, started);
    },
  };
}
