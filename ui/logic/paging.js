// Paging through the media list. Up to 1,000 hits the core sorts them by
// title and a page is found by its offset; beyond that they come newest
// first, and the next page is read after the last row shown (the query's
// `before`): the core then reads only that page's rows, and a page stays
// where it is when another PC adds media meanwhile. Going back returns to
// where the page before started, so those starts are kept.

/**
 * @typedef {{ more: boolean, rows: { id: number }[] }} ShownPage
 */

export class Paging {
  /** The first row of the page asked for, counted from the list's start (for the pager's "51–100"). */
  offset = 0;
  /** In a list of more than 1,000 hits: the page starts after this medium; `null` from the newest. */
  before = /** @type {number | null} */ (null);
  /** Where each earlier page started (its `before`), to go back. @type {(number | null)[]} */
  #starts = [];
  /** Counts the turns and new starts, so that a pager drawn before one of them does nothing. */
  #turns = 0;
  /** The page shown before the last turn, until its page is read. @type {{ offset: number, before: number | null, starts: (number | null)[], turns: number, after: number } | null} */
  #shown = null;

  /** The state a pager is drawn in: pass it back to {@link turn}. */
  get state() {
    return this.#turns;
  }

  /** Back to the first page: a new search, filter or page size. */
  fromStart() {
    this.#shown = null;
    this.offset = 0;
    this.before = null;
    this.#starts.length = 0;
    this.#turns += 1;
  }

  /**
   * The page at `offset`, asked for by a pager drawn at state `drawnAt`
   * (the shown `page`): forwards, after the last row shown; backwards, to
   * where the page before started. A pager drawn before the last turn or
   * new start (a second click while the answer to the first is on its way,
   * a click on the old list after typing) does nothing.
   * @param {number} drawnAt @param {number} offset @param {ShownPage} page
   * @returns {boolean} whether the page changed
   */
  turn(drawnAt, offset, page) {
    if (drawnAt !== this.#turns || offset === this.offset) return false;
    const shown = { offset: this.offset, before: this.before, starts: [...this.#starts], turns: this.#turns };
    if (offset > this.offset) {
      this.#starts.push(this.before);
      this.before = page.more ? (page.rows.at(-1)?.id ?? null) : null;
    } else {
      this.before = this.#starts.pop() ?? null;
    }
    this.offset = offset;
    this.#turns += 1;
    this.#shown = { ...shown, after: this.#turns };
    return true;
  }

  /** The page turned to was read and drawn: going back to the one before is done. */
  done() {
    this.#shown = null;
  }

  /**
   * The page turned to could not be read (the server did not answer): back
   * to the page still on screen, whose pager works again. Nothing when
   * something else turned or started anew since.
   */
  undo() {
    const shown = this.#shown;
    if (!shown || shown.after !== this.#turns) return;
    this.offset = shown.offset;
    this.before = shown.before;
    this.#starts = shown.starts;
    this.#turns = shown.turns;
    this.#shown = null;
  }
}
