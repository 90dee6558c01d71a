// The Theke without its window: the state of a desk session and what a
// scanned code means. A borrower card selects the borrower; a copy's
// barcode is lent to them, returned or renewed by the mode (F2 / F3 / F4);
// with no borrower selected a copy is returned. A name typed into the scan
// field offers matching borrowers.
//
// No DOM here: the commands come in as `DeskApi` (ui/api.js in the app,
// fakes in tests/ui/desk.test.mjs) and everything shown goes out through
// `DeskScreen`, which views/desk.js draws.
import { errorText, formatDate, t } from '../i18n/index.js';

/**
 * @typedef {import('../api.js').Borrower} Borrower
 * @typedef {import('../api.js').BorrowerAtDesk} BorrowerAtDesk
 * @typedef {import('../api.js').CommandError} CommandError
 * @typedef {import('../api.js').CopyAtDesk} CopyAtDesk
 * @typedef {import('../api.js').Delivered} Delivered
 * @typedef {import('../api.js').Loan} Loan
 * @typedef {import('../api.js').ReadyReservation} ReadyReservation
 * @typedef {import('../api.js').ReturnReceipt} ReturnReceipt
 * @typedef {import('../api.js').CoursePackage} CoursePackage
 * @typedef {import('../api.js').PackageOutcome} PackageOutcome
 * @typedef {import('../api.js').MissingPart} MissingPart
 * @typedef {import('../api.js').WhenMissing} WhenMissing
 * @typedef {'checkout' | 'return' | 'renew'} Mode
 * @typedef {'ok' | 'error' | 'warn' | 'info'} Tone
 */

/**
 * The commands the desk calls.
 * @typedef {Pick<typeof import('../api.js'), 'deskAct' | 'borrowerAtDesk' | 'checkout' | 'checkin'
 *   | 'reserve' | 'searchBorrowers' | 'printLoanSlip' | 'printReturnReceipt' | 'lendPackage'
 *   | 'lendClassSet'>} DeskApi
 */

/**
 * A row of the session list. `started` is the caller's clock at Enter, so
 * the screen can keep the scan-to-screen time on the row.
 * @typedef {{ action: string, title: string, barcode: string, result: string,
 *             tone: 'ok' | 'warn' | 'error', started: number }} SessionRow
 */

/**
 * Something staff can do about what the feedback line says (a button).
 * @typedef {{ id: string, label: string, run: () => Promise<void> }} Offer
 */

/**
 * What the desk asks of its screen.
 * @typedef {object} DeskScreen
 * @property {(mode: Mode) => void} showMode the pressed mode button and the scan field's label
 * @property {(tone: Tone, text: string, offer?: Offer) => void} say the feedback line (errors and warnings beep)
 * @property {(row: SessionRow) => void} addRow a new row on top of the session list
 * @property {(borrower: BorrowerAtDesk | null) => void} showBorrower the borrower panel
 * @property {(can: { slip: boolean, receipt: boolean }) => void} showPrintButtons which print buttons work
 * @property {(borrowers: Borrower[]) => void} showSuggestions the names offered under the scan field (none: hidden)
 * @property {(index: number) => void} highlight the suggestion the arrow keys are on (-1: none)
 * @property {(message: string) => Promise<string | null>} askReason why lend despite overdue items (null: cancelled)
 * @property {(copy: CopyAtDesk) => Promise<string[] | null>} askKit the kit's missing parts at return (null: cancelled)
 * @property {(pkg: CoursePackage, missing: MissingPart[]) => Promise<WhenMissing | null>} askPackage
 *   what to do about a package's missing parts (null: lend nothing)
 * @property {(ready: ReadyReservation) => Promise<void>} announce a returned copy goes to the pickup shelf
 * @property {(produce: () => Promise<Delivered>) => Promise<void>} deliver runs a document command and says where it went
 * @property {() => void} focus puts the cursor back into the scan field
 */

/** The function keys that switch the mode. @type {Readonly<Record<string, Mode>>} */
export const MODE_KEYS = Object.freeze({ F2: 'checkout', F3: 'return', F4: 'renew' });

/** How many names a typed text offers. */
const SUGGESTIONS = 8;

/**
 * Whether the scan field holds a name being typed (then borrowers are
 * offered at once) rather than a code arriving from the scanner. Codes are
 * made of A–Z, 0–9, `-`, `.` and `/` (the numbering patterns,
 * `src/catalogue/numbering.rs`; ISBNs are digits), so no part of one is
 * taken for a name while the scanner types it: a name has no digit and at
 * least one letter other than A–Z (a small letter, an accent, another
 * script). A name typed all in capitals ("YILMAZ") is therefore taken for a
 * code and offers no names.
 * @param {string} text
 */
export function looksLikeName(text) {
  return text.length >= 2 && !/\p{Nd}/u.test(text) && /[^\P{L}A-Z]/u.test(text);
}

/**
 * A class set typed into the scan field: a count, `*` (or `×`), then a
 * copy's code ("12*KI-M-000005"), as a shop's till takes a quantity before
 * a scan. Null for anything else.
 * @param {string} text
 * @returns {{ count: number, code: string } | null}
 */
export function classSetCode(text) {
  const match = /^(\d{1,3})\s*[*×]\s*(\S+)$/u.exec(text.trim());
  return match ? { count: Number(match[1]), code: match[2] } : null;
}

/** The message of a failed command (every api function rejects with a CommandError). @param {unknown} error */
function message(error) {
  return errorText(/** @type {CommandError} */ (error));
}

/** A screen that draws nothing, until a view attaches its own. @type {DeskScreen} */
const NO_SCREEN = {
  showMode() {},
  say() {},
  addRow() {},
  showBorrower() {},
  showPrintButtons() {},
  showSuggestions() {},
  highlight() {},
  askReason: async () => null,
  askKit: async () => null,
  askPackage: async () => null,
  announce: async () => {},
  deliver: async () => {},
  focus() {},
};

/** The desk's state while the app runs, and every decision the desk makes. */
export class Desk {
  /** @param {DeskApi} api */
  constructor(api) {
    this.api = api;
    /**
     * The shared database is not reached (the window's banner says so):
     * scans are not sent, so nothing is half done and nothing is lost
     * that staff believe stored; they are told to scan again later.
     */
    this.offline = false;
    /** @type {Mode} */
    this.mode = 'checkout';
    /** @type {BorrowerAtDesk | null} */
    this.borrower = null;
    /** Loans made in this session for the selected borrower (for the slip). @type {Loan[]} */
    this.lent = [];
    /**
     * The course end staff picked for the selected borrower's loans
     * (yyyy-mm-dd), or null for the loan period; forgotten with the
     * borrower.
     * @type {string | null}
     */
    this.courseEnd = null;
    /** Returns of this session, for receipts. @type {Loan[]} */
    this.returned = [];
    /**
     * Print the slip when a borrower's session ends (a lending setting; a
     * promise while the setting is being read at start).
     * @type {boolean | Promise<boolean>}
     */
    this.autoPrint = false;
    /** The borrowers offered for the typed name. @type {Borrower[]} */
    this.suggested = [];
    /** The offered borrower the arrow keys are on, -1 for none. */
    this.highlighted = -1;
    /** Counts name look-ups and Enters: an answer to an older look-up is dropped. */
    this.lookups = 0;
    /** The scans not yet answered, in order (see `enter`). @type {Promise<void>} */
    this.queue = Promise.resolve();
    /** @type {DeskScreen} */
    this.screen = NO_SCREEN;
  }

  /**
   * Shows the desk on a new screen: the mode, the borrower still selected
   * (whose panel is read again) or none, and "ready".
   * @param {DeskScreen} screen
   * @returns {Promise<void>} settles when the panel is loaded
   */
  open(screen) {
    this.screen = screen;
    this.suggested = [];
    this.highlighted = -1;
    this.setMode(this.mode);
    const loaded = this.borrower ? this.selectBorrower(this.borrower.borrower) : this.refreshPanel();
    screen.say('info', t('desk.ready'));
    screen.focus();
    return loaded;
  }

  /** @param {Mode} mode */
  setMode(mode) {
    this.mode = mode;
    this.screen.showMode(mode);
    this.screen.focus();
  }

  /**
   * A key pressed anywhere on the desk (no dialog open): F2/F3/F4 switch
   * the mode, Esc ends the borrower's session, Ctrl+P prints the slip.
   * @param {{ key: string, ctrlKey: boolean, metaKey: boolean }} event
   * @returns {boolean} whether the desk used the key
   */
  key(event) {
    const mode = MODE_KEYS[event.key];
    if (mode) {
      this.setMode(mode);
      return true;
    }
    if (event.key === 'Escape' && this.borrower) {
      this.endSession();
      return true;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'p') {
      this.printSlip();
      return true;
    }
    return false;
  }

  // ---- the scan field ----

  /**
   * The scan field's text changed. An answer to an earlier look-up no
   * longer fits and will be dropped.
   * @param {string} text trimmed
   * @returns {boolean} whether to offer names for it
   */
  typed(text) {
    this.lookups++;
    this.highlight(-1);
    if (looksLikeName(text)) return true;
    this.hideSuggestions();
    return false;
  }

  /**
   * Offers the borrowers matching a typed name. Asked at every keystroke:
   * an answer that comes after the text changed again (or after Enter) is
   * dropped, so fast typing never shows the names of an older text.
   * @param {string} text
   * @returns {Promise<boolean>} whether this was still the newest look-up
   *   when its answer came (shown, or failed quietly)
   */
  async suggest(text) {
    const mine = ++this.lookups;
    let page;
    try {
      // Always by name: the sort kept for the Ausleihende list is that list's.
      page = await this.api.searchBorrowers(text, SUGGESTIONS, 0, 'name:asc');
    } catch {
      return mine === this.lookups;
    }
    if (mine !== this.lookups) return false;
    this.suggested = page.rows;
    this.screen.showSuggestions(page.rows);
    return true;
  }

  /**
   * Arrow down or up in the scan field.
   * @param {1 | -1} step
   * @returns {boolean} whether there were names to move in
   */
  move(step) {
    if (!this.suggested.length) return false;
    const last = this.suggested.length - 1;
    this.highlight(step > 0 ? Math.min(this.highlighted + 1, last) : Math.max(this.highlighted - 1, 0));
    return true;
  }

  /** @param {number} index */
  highlight(index) {
    this.highlighted = index;
    this.screen.highlight(index);
  }

  hideSuggestions() {
    this.suggested = [];
    this.highlighted = -1;
    this.screen.showSuggestions([]);
  }

  /** An offered borrower is picked (clicked, or Enter on the highlighted one). @param {Borrower} borrower */
  async pick(borrower) {
    // A look-up still on its way must not offer names over the one picked.
    this.lookups++;
    this.hideSuggestions();
    await this.selectBorrower(borrower);
  }

  /**
   * Enter in the scan field: the highlighted name is picked; otherwise the
   * code is scanned. A code that is no card or barcode selects the one
   * borrower offered for it, if exactly one was.
   * @param {string} code the field's text, trimmed
   * @param {number} started the clock at Enter, kept with the row
   */
  enter(code, started) {
    this.lookups++;
    const picked = this.highlighted >= 0 ? this.suggested[this.highlighted] : undefined;
    const single = this.suggested.length === 1 ? this.suggested[0] : null;
    this.hideSuggestions();
    // One scan after the other, in the order they were made: a card and the
    // copies scanned after it are answered in that order even when the
    // answers are slow (at start, while the database is being checked),
    // so a copy is never taken back that was meant for the new borrower.
    const run = this.queue.then(async () => {
      if (picked) await this.pick(picked);
      else if (code) await this.scan(code, started, single);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * What a scanned code means: a card selects its borrower; a copy is
   * renewed (F4), returned (F3, or when nobody is selected) or lent to the
   * selected borrower (F2). The core recognises the code and acts in one
   * step, and answers with the selected borrower's panel after it: one
   * round trip per scan. Only a kit to take back (its list is checked
   * first) and a loan despite overdue items (a reason is asked) take a
   * second one.
   * @param {string} code @param {number} started
   * @param {Borrower | null} [single] the borrower to select if the code is unknown
   */
  async scan(code, started, single = null) {
    if (this.offline) {
      this.screen.say('error', t('desk.serverLost', { code }));
      return;
    }
    const classSet = classSetCode(code);
    if (classSet) {
      await this.lendClassSet(classSet.count, classSet.code, started, null);
      return;
    }
    let answer;
    try {
      answer = await this.api.deskAct({ code, mode: this.mode, borrower_id: this.borrower?.borrower.id ?? null, course_end: this.courseEnd });
    } catch (error) {
      if (/** @type {CommandError} */ (error).code === 'unknown_code' && single) await this.selectBorrower(single);
      else this.screen.say('error', message(error));
      return;
    }
    switch (answer.type) {
      case 'borrower':
        await this.selectBorrower(answer.panel.borrower, answer.panel);
        break;
      case 'kit_to_check':
        await this.giveBack(answer.copy, started);
        break;
      case 'lent':
        await this.showLent(answer.copy, answer.loan, started, answer.panel);
        break;
      case 'returned':
        await this.showReturned(answer.copy, answer.receipt, [], started, answer.panel);
        break;
      case 'renewed':
        await this.showRenewed(answer.loan, started, answer.panel);
        break;
      case 'package':
        await this.showPackage(answer.outcome, started, answer.panel, null);
        break;
      case 'package_refused':
        await this.packageRefused(answer.package, answer.error, started);
        break;
      case 'refused':
        await this.showRefused(answer.copy, answer.error, started);
        break;
    }
  }

  // ---- class sets ----

  /**
   * Lends `count` copies of the scanned copy's medium as a class set (typed
   * as "12*" before the scan, or from the panel's form); the row of each
   * copy names the set, and the feedback lists the Inventarnummern to hand
   * out.
   * @param {number} count @param {string} code @param {number} started
   * @param {string | null} overrideReason
   * @returns {Promise<void>}
   */
  async lendClassSet(count, code, started, overrideReason) {
    const b = this.borrower;
    if (!b || this.mode !== 'checkout') {
      this.screen.say('error', t('desk.classSetNeedsBorrower'));
      return;
    }
    let lent;
    try {
      lent = await this.api.lendClassSet({ borrower_id: b.borrower.id, barcode: code, count, override_reason: overrideReason, course_end: this.courseEnd });
    } catch (error) {
      const e = /** @type {CommandError} */ (error);
      if (e.code === 'borrower_has_overdue' && !overrideReason) {
        const reason = await this.screen.askReason(message(e));
        if (reason) return this.lendClassSet(count, code, started, reason);
        this.screen.say('warn', t('desk.classSetNotLent'));
        return;
      }
      this.screen.say('error', message(e));
      return;
    }
    for (const loan of lent.loans) {
      this.lent.push(loan);
      this.screen.addRow({
        action: t('desk.classSetAction', { name: lent.set.name }),
        title: loan.title,
        barcode: loan.barcode,
        result: t('desk.dueOn', { date: formatDate(loan.due_on) }),
        tone: 'ok',
        started,
      });
    }
    this.screen.say('ok', t('desk.classSetLent', { name: lent.set.name, list: lent.loans.map((l) => l.barcode).join(', ') }));
    await this.showPanel(null);
    this.screen.focus();
  }

  // ---- course packages ----

  /**
   * Lends a package chosen in the panel (not scanned): the same steps as
   * its card's scan.
   * @param {number} packageId
   */
  async lendChosenPackage(packageId) {
    const b = this.borrower;
    if (!b) return;
    const started = performance.now();
    await this.lendPackageWith(packageId, 'ask', null, started);
    this.screen.focus();
  }

  /**
   * @param {number} packageId @param {WhenMissing} whenMissing
   * @param {string | null} overrideReason @param {number} started
   * @returns {Promise<void>}
   */
  async lendPackageWith(packageId, whenMissing, overrideReason, started) {
    const b = this.borrower;
    if (!b) return;
    let outcome;
    try {
      outcome = await this.api.lendPackage({
        borrower_id: b.borrower.id,
        package_id: packageId,
        when_missing: whenMissing,
        override_reason: overrideReason,
        course_end: this.courseEnd,
      });
    } catch (error) {
      const e = /** @type {CommandError} */ (error);
      if (e.code === 'borrower_has_overdue' && !overrideReason) {
        const reason = await this.screen.askReason(message(e));
        if (reason) return this.lendPackageWith(packageId, whenMissing, reason, started);
        this.screen.say('warn', t('desk.packageNotLent'));
        return;
      }
      this.screen.say('error', message(e));
      return;
    }
    await this.showPackage(outcome, started, null, overrideReason);
  }

  /**
   * What a package's scan did: lent (a row per copy, under the package's
   * name), or parts missing: staff choose to lend the rest (and perhaps
   * reserve what is missing) or nothing.
   * @param {PackageOutcome} outcome @param {number} started
   * @param {BorrowerAtDesk | null} panel @param {string | null} overrideReason
   * @returns {Promise<void>}
   */
  async showPackage(outcome, started, panel, overrideReason) {
    if (outcome.status === 'incomplete') {
      const choice = await this.screen.askPackage(outcome.package, outcome.missing);
      if (!choice) {
        this.screen.say('warn', t('desk.packageNotLent'));
        return;
      }
      await this.lendPackageWith(outcome.package.id, choice, overrideReason, started);
      return;
    }
    for (const loan of outcome.loans) {
      this.lent.push(loan);
      this.screen.addRow({
        action: t('desk.packageAction', { name: outcome.package.name }),
        title: loan.title,
        barcode: loan.barcode,
        result: t('desk.dueOn', { date: formatDate(loan.due_on) }),
        tone: 'ok',
        started,
      });
    }
    const lent = t('desk.packageLent', { name: outcome.package.name, count: outcome.loans.length });
    if (!outcome.missing.length) {
      this.screen.say('ok', lent);
    } else {
      const parts = outcome.missing.map((m) => `${m.title} (${t(m.reserved ? 'desk.packagePartReserved' : 'desk.packagePartNotReserved')})`);
      this.screen.say('warn', `${lent} ${t('desk.packageMissing', { list: parts.join('; ') })}`);
    }
    await this.showPanel(panel);
  }

  /**
   * A package the core would not lend (a blocked card, the limit, overdue
   * items: then a reason is asked and it is tried again).
   * @param {CoursePackage} pkg @param {CommandError} error @param {number} started
   * @returns {Promise<void>}
   */
  async packageRefused(pkg, error, started) {
    if (error.code === 'borrower_has_overdue' && this.borrower) {
      const reason = await this.screen.askReason(message(error));
      if (reason) return this.lendPackageWith(pkg.id, 'ask', reason, started);
      this.screen.say('warn', t('desk.packageNotLent'));
      return;
    }
    this.screen.say('error', `${pkg.name}: ${message(error)}`);
  }

  // ---- the borrower ----

  /**
   * Selects a borrower: the previous one's session ends (with the slip, if
   * printed automatically), the mode returns to lending, and the feedback
   * says whether the borrower is blocked or has overdue items.
   * @param {Borrower} borrower
   * @param {BorrowerAtDesk | null} [panel] the panel, when the scan brought it along
   */
  async selectBorrower(borrower, panel = null) {
    if (this.borrower && this.borrower.borrower.id !== borrower.id) await this.finishBorrower();
    this.borrower = { borrower, loans: [], overdue: 0, limit: 0, counted: 0, reservations: [], today: '' };
    this.lent = [];
    this.courseEnd = null;
    if (this.mode !== 'checkout') this.setMode('checkout');
    await this.showPanel(panel);
    const b = this.borrower;
    if (!b) return;
    if (b.borrower.blocked_reason) this.screen.say('error', t('desk.blocked', { reason: b.borrower.blocked_reason }));
    else if (b.overdue) this.screen.say('warn', t('desk.hasOverdue', { name: b.borrower.name, count: b.overdue }));
    else this.screen.say('ok', t('desk.selected', { name: b.borrower.name }));
  }

  /** Ends the borrower's session (Esc or the panel's button). */
  async endSession() {
    await this.finishBorrower();
    this.borrower = null;
    this.lent = [];
    this.courseEnd = null;
    await this.refreshPanel();
    this.screen.say('info', t('desk.sessionEnded'));
    this.screen.focus();
  }

  /** Prints the slip automatically (if set) when a borrower's session ends. */
  async finishBorrower() {
    if ((await this.autoPrint) && this.borrower && this.lent.length) await this.printSlip();
  }

  /**
   * Shows the selected borrower's panel as a scan's answer brought it, or
   * reads it again when the answer had none.
   * @param {BorrowerAtDesk | null} panel
   */
  async showPanel(panel) {
    if (!panel || !this.borrower || panel.borrower.id !== this.borrower.borrower.id) {
      await this.refreshPanel();
      return;
    }
    this.borrower = panel;
    this.screen.showBorrower(panel);
    this.showPrintButtons();
  }

  /** Reads the selected borrower's loans and reservations again and shows them. */
  async refreshPanel() {
    if (!this.borrower) {
      this.screen.showBorrower(null);
      this.showPrintButtons();
      return;
    }
    const id = this.borrower.borrower.id;
    let fresh;
    try {
      fresh = await this.api.borrowerAtDesk(id);
    } catch (error) {
      this.screen.say('error', message(error));
      return;
    }
    // Another borrower was picked (or the session ended) meanwhile: this
    // answer is about someone no longer at the desk.
    if (!this.borrower || this.borrower.borrower.id !== id) return;
    this.borrower = fresh;
    this.screen.showBorrower(this.borrower);
    this.showPrintButtons();
  }

  /**
   * Another PC changed a loan, reservation or borrower (the shared
   * database): the panel is read again after the scans already made, in
   * their queue, so it never brings back a borrower staff moved on from.
   */
  refreshFromElsewhere() {
    const run = this.queue.then(() => this.refreshPanel());
    this.queue = run.catch(() => {});
    return run;
  }

  showPrintButtons() {
    this.screen.showPrintButtons({
      slip: Boolean(this.borrower && this.lent.length),
      receipt: this.returned.some((l) => l.borrower_id != null),
    });
  }

  // ---- printing ----

  /** The loan slip for what the selected borrower took in this session. */
  async printSlip() {
    if (!this.borrower || !this.lent.length) return;
    const borrowerId = this.borrower.borrower.id;
    const ids = this.lent.map((l) => l.id);
    await this.screen.deliver(() => this.api.printLoanSlip(borrowerId, ids, 'open'));
    this.screen.focus();
  }

  /** One return receipt per borrower who brought something back in this session. */
  async printReceipts() {
    /** @type {Map<number, number[]>} */
    const byBorrower = new Map();
    for (const loan of this.returned) {
      if (loan.borrower_id == null) continue;
      byBorrower.set(loan.borrower_id, [...(byBorrower.get(loan.borrower_id) ?? []), loan.id]);
    }
    for (const [borrowerId, ids] of byBorrower) {
      await this.screen.deliver(() => this.api.printReturnReceipt(borrowerId, ids, 'open'));
    }
    this.screen.focus();
  }

  // ---- lend, return, renew ----

  /**
   * Lends a copy to the selected borrower. Overdue items ask for a reason
   * (and the loan is tried again with it); a copy out with someone else can
   * be reserved from the feedback line.
   * @param {CopyAtDesk} copy @param {number} started
   * @param {string | null} [overrideReason]
   * @returns {Promise<void>}
   */
  async lend(copy, started, overrideReason = null) {
    const b = this.borrower;
    if (!b) return;
    try {
      const loan = await this.api.checkout({ borrower_id: b.borrower.id, barcode: copy.copy.barcode, override_reason: overrideReason, course_end: this.courseEnd });
      await this.showLent(copy, loan, started, null);
    } catch (error) {
      await this.lendRefused(copy, /** @type {CommandError} */ (error), started);
    }
  }

  /**
   * A loan made: its row, the feedback (with the kit's list to check), and
   * the panel.
   * @param {CopyAtDesk} copy @param {Loan} loan @param {number} started
   * @param {BorrowerAtDesk | null} panel
   */
  async showLent(copy, loan, started, panel) {
    this.lent.push(loan);
    this.screen.addRow({
      action: t('desk.mode.checkout'),
      title: loan.title,
      barcode: loan.barcode,
      result: t('desk.dueOn', { date: formatDate(loan.due_on) }),
      tone: 'ok',
      started,
    });
    const kit = copy.kit_items.length ? ` ${t('desk.checkKit', { items: copy.kit_items.map((k) => `${k.quantity}× ${k.name}`).join(', ') })}` : '';
    this.screen.say('ok', `${t('desk.lent', { title: loan.title, date: formatDate(loan.due_on) })}${kit}`);
    await this.showPanel(panel);
  }

  /**
   * A scan refused in the desk's mode: the row says why. A loan refused for
   * overdue items asks for a reason and is tried again with it; a copy out
   * with someone else can be reserved.
   * @param {CopyAtDesk} copy @param {CommandError} error @param {number} started
   */
  async showRefused(copy, error, started) {
    if (this.mode === 'renew') this.renewRefused(copy, error, started);
    else if (this.mode === 'return' || !this.borrower) this.returnRefused(copy, error, started);
    else await this.lendRefused(copy, error, started);
  }

  /** @param {CopyAtDesk} copy @param {CommandError} e @param {number} started */
  async lendRefused(copy, e, started) {
    const b = this.borrower;
    if (!b) return;
    if (e.code === 'borrower_has_overdue') {
      const reason = await this.screen.askReason(message(e));
      if (reason) return this.lend(copy, started, reason);
      this.screen.say('warn', t('desk.notLent', { title: copy.title }));
      return;
    }
    this.screen.addRow({ action: t('desk.mode.checkout'), title: copy.title, barcode: copy.copy.barcode, result: message(e), tone: 'error', started });
    const reservable = e.code === 'copy_already_on_loan' && copy.loan?.borrower_id !== b.borrower.id;
    this.screen.say(
      'error',
      message(e),
      reservable ? { id: 'reserve-medium', label: t('desk.reserveFor', { name: b.borrower.name }), run: () => this.reserve(copy, b) } : undefined,
    );
  }

  /**
   * Reserves the copy's medium for the borrower: a copy on the shelf is set
   * aside at once; otherwise the borrower joins the queue.
   * @param {CopyAtDesk} copy @param {BorrowerAtDesk} b
   */
  async reserve(copy, b) {
    try {
      const r = await this.api.reserve(copy.copy.medium_id, b.borrower.id);
      if (r.status === 'bereit') this.screen.say('ok', t('desk.reservedReady', { title: r.title, barcode: r.barcode ?? '', date: formatDate(r.pickup_by ?? '') }));
      else this.screen.say('ok', t('desk.reserved', { title: r.title, position: r.position ?? 1 }));
      await this.refreshPanel();
    } catch (error) {
      this.screen.say('error', message(error));
    }
    this.screen.focus();
  }

  /**
   * Books a return. A kit is checked against its list first; a copy
   * someone reserved is announced for the pickup shelf.
   * @param {CopyAtDesk} copy @param {number} started
   */
  async giveBack(copy, started) {
    /** @type {string[]} */
    let missing = [];
    if (copy.kit_items.length && copy.loan) {
      const answer = await this.screen.askKit(copy);
      if (answer == null) {
        this.screen.say('info', t('desk.returnCancelled'));
        return;
      }
      missing = answer;
    }
    try {
      const receipt = await this.api.checkin({ barcode: copy.copy.barcode, missing_parts: missing });
      await this.showReturned(copy, receipt, missing, started, null);
    } catch (error) {
      this.returnRefused(copy, /** @type {CommandError} */ (error), started);
    }
  }

  /**
   * A return booked: its row (late, parts missing, set aside for a
   * reservation), the feedback or the announcement, and the panel.
   * @param {CopyAtDesk} _copy @param {ReturnReceipt} receipt @param {string[]} missing
   * @param {number} started @param {BorrowerAtDesk | null} panel
   */
  async showReturned(_copy, receipt, missing, started, panel) {
    // The loan no longer names the borrower after the return (privacy);
    // the receipt still goes to whoever brought it back.
    this.returned.push({ ...receipt.loan, borrower_id: receipt.borrower_id });
    this.lent = this.lent.filter((l) => l.id !== receipt.loan.id);
    let result = receipt.days_overdue ? t('desk.returnedLate', { days: receipt.days_overdue }) : t('desk.returnedInTime');
    if (missing.length) result += ` · ${t('desk.missing', { parts: missing.join(', ') })}`;
    const ready = receipt.reserved_for;
    if (ready) result += ` · ${t('desk.setAside')}`;
    const set = receipt.class_set;
    // A class set or a workshop's material: how much of it is back.
    const word = set?.kind === 'material' ? 'material' : 'classSet';
    const setText = set
      ? set.missing.length
        ? t(`desk.${word}Back`, { name: set.name, returned: set.returned, total: set.total, list: set.missing.join(', ') })
        : t(`desk.${word}Complete`, { name: set.name })
      : '';
    if (set) result += ` · ${t(`desk.${word}Count`, { returned: set.returned, total: set.total })}`;
    this.screen.addRow({
      action: t('desk.mode.return'),
      title: receipt.loan.title,
      barcode: receipt.loan.barcode,
      result,
      tone: receipt.days_overdue || ready ? 'warn' : 'ok',
      started,
    });
    if (ready) {
      this.screen.say('warn', t('desk.reservedAnnounce', { title: ready.title, name: ready.borrower_name, card: ready.card_number, date: formatDate(ready.pickup_by) }));
      await this.screen.announce(ready);
    } else if (receipt.days_overdue) {
      this.screen.say('warn', `${t('desk.returnedLateLong', { title: receipt.loan.title, days: receipt.days_overdue, name: receipt.borrower_name ?? '' })}${setText ? ` ${setText}` : ''}`);
    } else if (set) {
      this.screen.say(set.missing.length ? 'info' : 'ok', setText);
    } else {
      this.screen.say('ok', t('desk.returned', { title: receipt.loan.title }));
    }
    if (this.borrower) await this.showPanel(panel);
    this.showPrintButtons();
  }

  /** @param {CopyAtDesk} copy @param {CommandError} error @param {number} started */
  returnRefused(copy, error, started) {
    this.screen.addRow({ action: t('desk.mode.return'), title: copy.title, barcode: copy.copy.barcode, result: message(error), tone: 'error', started });
    this.screen.say('error', message(error));
  }

  /**
   * A renewal made: its row and the panel.
   * @param {Loan} loan @param {number} started @param {BorrowerAtDesk | null} panel
   */
  async showRenewed(loan, started, panel) {
    this.screen.addRow({
      action: t('desk.mode.renew'),
      title: loan.title,
      barcode: loan.barcode,
      result: t('desk.renewedUntil', { date: formatDate(loan.due_on), n: loan.renewals, max: loan.max_renewals }),
      tone: 'ok',
      started,
    });
    this.screen.say('ok', t('desk.renewed', { title: loan.title, date: formatDate(loan.due_on) }));
    if (this.borrower) await this.showPanel(panel);
  }

  /** @param {CopyAtDesk} copy @param {CommandError} error @param {number} started */
  renewRefused(copy, error, started) {
    this.screen.addRow({ action: t('desk.mode.renew'), title: copy.title, barcode: copy.copy.barcode, result: message(error), tone: 'error', started });
    this.screen.say('error', message(error));
  }
}
