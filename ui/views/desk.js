// Theke: one scan field, always focused. What a scan means and the
// session's state live in logic/desk.js; this view draws them: the mode
// buttons, the feedback line (with a beep for errors), the session list,
// the borrower panel and the dialogs.
import * as api from '../api.js';
import { emptyState, h, pageHeader } from '../components/dom.js';
import { deliverDocument } from '../components/delivery.js';
import { reloadOnChange } from '../components/live.js';
import { deskTabs } from '../components/tabs.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, levelRange, t } from '../i18n/index.js';
import { Desk } from '../logic/desk.js';

/** @typedef {import('../logic/desk.js').Mode} Mode */

/** The desk's state while the app runs (it outlives the view). */
const desk = new Desk(api);

/** The keys of the desk while it is shown. @type {((event: KeyboardEvent) => void) | null} */
let keys = null;

/** The borrower whose session is open at the desk (kept while other views are shown), or null. */
export function openBorrowerName() {
  return desk.borrower?.borrower.name ?? null;
}

/**
 * @param {HTMLElement} outlet
 * @param {{ status: import('../api.js').AppStatus, refresh: () => Promise<void> }} ctx
 */
export async function render(outlet, ctx) {
  keys = null;
  if (ctx.status.empty) {
    renderWelcome(outlet, ctx);
    return false;
  }
  // The desk is drawn at once (the setting is read after the start-up
  // check of the database); the end of a session waits for it.
  desk.autoPrint = api.getLendingSettings().then(
    (settings) => settings.auto_print_slip,
    (error) => {
      notifyError(error);
      return false;
    },
  );
  return renderDesk(outlet);
}

/** Keyboard: F2/F3/F4 switch the mode, Esc ends the borrower's session. @param {KeyboardEvent} event */
export function onKey(event) {
  keys?.(event);
}

/** @param {HTMLElement} outlet @param {{ refresh: () => Promise<void> }} ctx */
function renderWelcome(outlet, ctx) {
  const button = h('button', {
    type: 'button',
    class: 'button primary',
    id: 'load-demo',
    text: t('desk.loadDemo'),
    onClick: async () => {
      button.setAttribute('disabled', '');
      try {
        const summary = await api.loadDemoData();
        notify(t('desk.demoLoaded', { ...summary }));
        await ctx.refresh();
      } catch (error) {
        notifyError(error);
        button.removeAttribute('disabled');
      }
    },
  });
  outlet.replaceChildren(pageHeader(t('desk.title'), t('desk.lead')), emptyState(t('desk.welcomeTitle'), t('desk.welcomeText'), [button]));
}

/** @param {HTMLElement} outlet */
function renderDesk(outlet) {
  // Read again for this visit of the desk (another tab may have changed them).
  once.settings = null;
  once.packages = null;
  const scan = /** @type {HTMLInputElement} */ (
    h('input', { id: 'scan', class: 'scan-input', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'scan-feedback' })
  );
  const feedback = h('p', { id: 'scan-feedback', class: 'scan-feedback', role: 'status', 'aria-live': 'assertive', 'data-beeps': '0' });
  const suggestions = h('ul', { id: 'scan-suggestions', class: 'suggestions', role: 'listbox', hidden: true });
  const modeButtons = /** @type {[Mode, string][]} */ ([
    ['checkout', 'F2'],
    ['return', 'F3'],
    ['renew', 'F4'],
  ]).map(([mode, key]) =>
    h('button', { type: 'button', class: 'mode', id: `mode-${mode}`, 'data-mode': mode, onClick: () => desk.setMode(mode) }, [
      h('kbd', { text: key }),
      ` ${t(`desk.mode.${mode}`)}`,
    ]),
  );
  const sessionBody = h('tbody');
  const sessionTable = h('table', { class: 'data-table session-table', id: 'session-table' }, [
    h('thead', {}, [
      h('tr', {}, [
        h('th', { scope: 'col', text: t('desk.col.title') }),
        h('th', { scope: 'col', text: t('desk.col.result') }),
      ]),
    ]),
    sessionBody,
  ]);
  const panel = h('aside', { class: 'card borrower-panel', id: 'borrower-panel', 'aria-live': 'polite' });
  const printSlip = h('button', { type: 'button', class: 'button', id: 'print-slip', disabled: true, onClick: () => desk.printSlip() }, [
    t('desk.printSlip'),
    h('kbd', { class: 'button-key', text: t('shortcuts.ctrl', { key: 'P' }) }),
  ]);
  const printReceipt = h('button', { type: 'button', class: 'button', id: 'print-receipt', disabled: true, onClick: () => desk.printReceipts() }, [
    t('desk.printReceipt'),
  ]);
  const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'dialog', id: 'desk-dialog' }));
  const scanCard = h('section', { class: 'card scan-card' }, [
    h('div', { class: 'modes', role: 'group', 'aria-label': t('desk.modeLabel') }, modeButtons),
    h('label', { for: 'scan', class: 'scan-label', id: 'scan-label' }),
    h('div', { class: 'scan-row' }, [scan, suggestions]),
    feedback,
  ]);

  const root = h('div', { class: 'desk' }, [
    h('div', { class: 'page-header-row' }, [pageHeader(t('desk.title'), t('desk.lead')), deskTabs('desk')]),
    scanCard,
    h('div', { class: 'desk-grid' }, [
      h('section', { class: 'card session' }, [
        h('div', { class: 'session-head' }, [h('h2', { text: t('desk.session') }), h('div', { class: 'button-row' }, [printSlip, printReceipt])]),
        h('div', { class: 'table-wrap' }, [sessionTable]),
      ]),
      panel,
    ]),
    dialog,
  ]);
  outlet.replaceChildren(root);

  const focusScan = () => {
    if (!dialog.open) scan.focus();
  };

  /** @param {'error' | 'warn'} kind */
  function beep(kind) {
    feedback.setAttribute('data-beep', kind);
    feedback.setAttribute('data-beeps', String(Number(feedback.getAttribute('data-beeps')) + 1));
    try {
      const AudioContext = /** @type {any} */ (window).AudioContext ?? /** @type {any} */ (window).webkitAudioContext;
      const audio = new AudioContext();
      const tones = kind === 'error' ? [220, 220] : [880, 660, 880];
      tones.forEach((frequency, i) => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = 'square';
        osc.frequency.value = frequency;
        gain.gain.value = 0.08;
        osc.connect(gain).connect(audio.destination);
        const start = audio.currentTime + i * 0.18;
        osc.start(start);
        osc.stop(start + 0.14);
      });
      window.setTimeout(() => audio.close(), 1200);
    } catch {
      // No audio device: the colour and text still tell.
    }
  }

  /** @type {import('../logic/desk.js').DeskScreen} */
  const screen = {
    showMode(mode) {
      for (const button of modeButtons) {
        button.setAttribute('aria-pressed', String(button.getAttribute('data-mode') === mode));
      }
      scanCard.setAttribute('data-mode', mode);
      const label = root.querySelector('#scan-label');
      if (label) label.textContent = t(`desk.scanLabel.${mode}`);
      scan.placeholder = t(`desk.scanPlaceholder.${mode}`);
    },
    say(tone, text, offer) {
      feedback.className = `scan-feedback feedback-${tone}`;
      const button = offer
        ? h('button', {
            type: 'button',
            class: 'button small',
            id: offer.id,
            text: offer.label,
            onClick: () => offer.run(),
          })
        : null;
      feedback.replaceChildren(h('span', { text }), ...(button ? [button] : []));
      if (tone === 'error' || tone === 'warn') beep(tone);
    },
    // `started` (performance.now() at Enter) gives the measured
    // scan-to-screen time, kept on the row: taken once the page has
    // rendered the frame that shows the row (and the panel, drawn after it
    // in the same task when the scan's answer brought it). A message
    // posted from the frame's callback arrives after that rendering.
    addRow(row) {
      const tr = h('tr', { class: `session-${row.tone}`, 'data-barcode': row.barcode }, [
        h('td', {}, [h('span', { dir: 'auto', class: 'strong', text: row.title }), h('span', { class: 'secondary mono', text: row.barcode })]),
        h('td', { class: 'result' }, [h('span', { class: 'action-label', text: row.action }), h('span', { text: row.result })]),
      ]);
      sessionBody.prepend(tr);
      requestAnimationFrame(() => {
        const painted = new MessageChannel();
        painted.port1.onmessage = () => {
          const ms = (performance.now() - row.started).toFixed(1);
          tr.setAttribute('data-ms', ms);
          painted.port1.close();
        };
        painted.port2.postMessage(null);
      });
    },
    showBorrower(borrower) {
      if (borrower) {
        renderPanel(panel, borrower, () => desk.endSession());
        return;
      }
      // No reading of the suggestions for a borrower who left.
      window.clearTimeout(suggested.timer);
      suggested = { id: 0, node: null, asked: 0, timer: 0 };
      panel.replaceChildren(
        h('h2', { text: t('desk.noBorrower') }),
        h('p', { class: 'secondary', text: t('desk.noBorrowerHint') }),
      );
      panel.removeAttribute('data-borrower');
    },
    showPrintButtons(can) {
      printSlip.toggleAttribute('disabled', !can.slip);
      printReceipt.toggleAttribute('disabled', !can.receipt);
    },
    showSuggestions(borrowers) {
      suggestions.replaceChildren(
        ...borrowers.map((b, i) =>
          h('li', { role: 'option', id: `suggestion-${i}`, 'data-id': String(b.id) }, [
            h('button', { type: 'button', class: 'suggestion', tabindex: '-1', onClick: () => pick(b) }, [
              h('span', { class: 'strong', dir: 'auto', text: b.name }),
              h('span', { class: 'mono secondary', text: b.card_number }),
            ]),
          ]),
        ),
      );
      suggestions.hidden = borrowers.length === 0;
    },
    highlight(index) {
      suggestions.querySelectorAll('li').forEach((li, j) => li.setAttribute('aria-selected', String(j === index)));
    },
    askReason: (message) => askReason(dialog, message),
    askKit: (copy) => askKit(dialog, copy),
    askPackage: (pkg, missing) => askPackage(dialog, pkg, missing),
    announce: (ready) => announce(dialog, ready),
    deliver: deliverDocument,
    focus: focusScan,
  };

  /** @param {import('../api.js').Borrower} b */
  const pick = async (b) => {
    scan.value = '';
    // A name look-up still on its way is dropped by the pick.
    suggestions.setAttribute('aria-busy', 'false');
    await desk.pick(b);
    focusScan();
  };

  // Every keystroke that looks like a name asks at once (the core answers
  // in a millisecond or two); no part of a scanned code asks anything
  // (looksLikeName). The list keeps the time from the keystroke to its
  // update for the timing test.
  scan.addEventListener('input', async () => {
    const started = performance.now();
    const text = scan.value.trim();
    if (!desk.typed(text)) {
      suggestions.setAttribute('aria-busy', 'false');
      return;
    }
    suggestions.setAttribute('aria-busy', 'true');
    if (await desk.suggest(text)) {
      suggestions.setAttribute('data-last-ms', (performance.now() - started).toFixed(1));
      suggestions.setAttribute('aria-busy', 'false');
    }
  });

  scan.addEventListener('keydown', async (event) => {
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && desk.move(event.key === 'ArrowDown' ? 1 : -1)) {
      event.preventDefault();
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const started = performance.now();
    const code = scan.value.trim();
    scan.value = '';
    // A name look-up still on its way is dropped by Enter.
    suggestions.setAttribute('aria-busy', 'false');
    await desk.enter(code, started);
    focusScan();
  });

  keys = (event) => {
    if (!dialog.open && desk.key(event)) event.preventDefault();
  };
  // A click anywhere but on a control brings the cursor back to the scan field.
  root.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (!target.closest('button, a, input, select, textarea, dialog')) focusScan();
  });

  // The shared database lost (the banner): the desk takes no scans until
  // it is back. Ends with the desk.
  desk.offline = document.body.classList.contains('server-lost');
  /** @param {Event} event */
  const onServerLost = (event) => {
    if (!root.isConnected) {
      document.removeEventListener('kiz:server-lost', onServerLost);
      return;
    }
    desk.offline = Boolean(/** @type {CustomEvent<boolean>} */ (event).detail);
  };
  document.addEventListener('kiz:server-lost', onServerLost);
  // Another PC lent to, took back from or reserved for the borrower open
  // here (the shared database): the panel is read again. Ends with the desk.
  reloadOnChange(panel, ['loan', 'reservation', 'borrower'], () => desk.refreshFromElsewhere());
  desk.open(screen);
  return true;
}

/**
 * The selected borrower: name, card, current loans (overdue highlighted),
 * reservations ready for pickup, notes. Drawn in full when a borrower is
 * selected; after a scan for the same borrower only what changed: the
 * head and the forms are small and drawn again, the rows of the loans
 * already shown are kept (a scan adds or removes one, however many the
 * borrower has), and the suggestions are read again once the scans pause.
 * @param {HTMLElement} panel @param {import('../api.js').BorrowerAtDesk} b @param {() => void} end
 */
function renderPanel(panel, b, end) {
  const ready = b.reservations.filter((r) => r.status === 'bereit');
  const waiting = b.reservations.filter((r) => r.status === 'wartend');
  const top = h('div', { id: 'panel-top' }, [
    h('div', { class: 'panel-head' }, [
      h('h2', { dir: 'auto', id: 'panel-name', text: b.borrower.name }),
      h('button', { type: 'button', class: 'button small', id: 'end-session', onClick: end }, [t('desk.endSession'), h('kbd', { class: 'button-key', text: 'Esc' })]),
    ]),
    h('p', { class: 'secondary' }, [
      h('span', { class: 'mono', text: b.borrower.card_number }),
      ` · ${t(`borrowerKinds.${b.borrower.kind}`)} · ${t('desk.onLoanOf', { count: b.counted, limit: b.limit })}${
        b.counted !== b.loans.length ? ` (${t('desk.onLoanCopies', { count: b.loans.length })})` : ''
      }`,
    ]),
    b.borrower.blocked_reason ? h('p', { class: 'banner banner-warning', text: t('desk.blocked', { reason: b.borrower.blocked_reason }) }) : null,
    b.borrower.note ? h('p', { class: 'note', dir: 'auto', text: b.borrower.note }) : null,
    ready.length
      ? h('div', { class: 'ready-list', id: 'ready-list' }, [
          h('h3', { text: t('desk.readyForPickup') }),
          h('ul', {}, ready.map((r) => h('li', { dir: 'auto', text: `${r.title} (${r.barcode ?? ''}) – ${t('desk.pickupBy', { date: formatDate(r.pickup_by ?? '') })}` }))),
        ])
      : null,
    waiting.length
      ? h('p', { class: 'secondary', id: 'waiting-list', text: t('desk.waiting', { list: waiting.map((r) => `${r.title} (${t('desk.position', { n: r.position ?? 0 })})`).join('; ') }) })
      : null,
    h('h3', { text: t('desk.currentLoans') }),
  ]);
  const shown = panel.getAttribute('data-borrower') === String(b.borrower.id);
  const oldTop = shown ? panel.querySelector('#panel-top') : null;
  const loans = shown ? panel.querySelector('#panel-loans-area') : null;
  const chooser = panel.querySelector('#course-end-form');
  const more = panel.querySelector('#panel-more');
  if (oldTop && loans && chooser && more) {
    oldTop.replaceWith(top);
    showLoans(/** @type {HTMLElement} */ (loans), b);
    chooser.replaceWith(courseEndChooser());
    more.replaceWith(lendMore(b.borrower.id));
    suggestionsFor(b.borrower.id, true);
    return;
  }
  panel.setAttribute('data-borrower', String(b.borrower.id));
  const area = h('div', { id: 'panel-loans-area' });
  showLoans(area, b);
  panel.replaceChildren(top, area, courseEndChooser(), lendMore(b.borrower.id), suggestionsFor(b.borrower.id, false));
}

/**
 * The borrower's current loans in `area`: rows already drawn for the same
 * loan (same copy, due date, title and lateness) are kept where they are,
 * the others are made, and the rows of loans that ended are removed.
 * @param {HTMLElement} area @param {import('../api.js').BorrowerAtDesk} b
 */
function showLoans(area, b) {
  if (!b.loans.length) {
    area.replaceChildren(h('p', { class: 'secondary', text: t('desk.noLoans') }));
    return;
  }
  const table = area.querySelector('#panel-loans');
  const body = table?.querySelector('tbody');
  if (!body) {
    area.replaceChildren(h('table', { class: 'data-table compact', id: 'panel-loans' }, [h('tbody', {}, b.loans.map((loan) => loanRow(loan, b.today)))]));
    return;
  }
  // The rows of loans that ended (or changed) go first, so that the walk
  // below finds the kept rows in their places and moves none of them.
  const wanted = new Set(b.loans.map((loan) => loanKey(loan, b.today)));
  /** @type {Map<string, Element>} */
  const kept = new Map();
  for (const tr of [...body.children]) {
    const key = tr.getAttribute('data-key') ?? '';
    if (wanted.has(key) && !kept.has(key)) kept.set(key, tr);
    else tr.remove();
  }
  let at = body.firstElementChild;
  for (const loan of b.loans) {
    const tr = kept.get(loanKey(loan, b.today));
    if (tr && tr === at) {
      at = at.nextElementSibling;
      continue;
    }
    body.insertBefore(tr ?? loanRow(loan, b.today), at);
  }
}

/**
 * What a loan's row shows, as a key: a row with the same key need not be
 * drawn again.
 * @param {import('../api.js').Loan} loan @param {string} today
 */
function loanKey(loan, today) {
  return JSON.stringify([loan.barcode, loan.due_on, loan.title, loan.due_on < today]);
}

/** @param {import('../api.js').Loan} loan @param {string} today */
function loanRow(loan, today) {
  const late = loan.due_on < today;
  return h('tr', { class: late ? 'overdue' : '', 'data-barcode': loan.barcode, 'data-key': loanKey(loan, today) }, [
    h('td', {}, [h('span', { dir: 'auto', class: 'block', text: loan.title }), h('span', { class: 'secondary mono block', text: loan.barcode })]),
    h('td', { class: 'number', title: late ? t('desk.overdueSince', { date: formatDate(loan.due_on) }) : null }, [
      h('span', { class: 'block', text: formatDate(loan.due_on) }),
      late ? h('span', { class: 'block small', text: t('copyStatus.ueberfaellig') }) : null,
    ]),
  ]);
}

/**
 * The suggestions shown for the borrower at the desk: kept while the same
 * person stays, read again after loans changed so that what was just lent
 * drops out; `asked` counts the readings, so that only the newest answer
 * is drawn.
 * @type {{ id: number, node: HTMLElement | null, asked: number, timer: number }}
 */
let suggested = { id: 0, node: null, asked: 0, timer: 0 };

/**
 * How long the scans must pause before the suggestions are read again
 * for the same borrower: a stack scanned faster than that is one round
 * trip a scan, with no reading of the suggestions between two scans to
 * wait behind on the database thread (issue 21).
 */
const SUGGESTIONS_AFTER_SCANS_MS = 400;

/**
 * Media on the shelf that fit what the borrower teaches (their level and
 * target language, from their loans), read apart from the scan's answer:
 * at once for a borrower newly shown, after the scans pause when `later`.
 * @param {number} borrowerId @param {boolean} later
 */
function suggestionsFor(borrowerId, later) {
  if (suggested.id !== borrowerId || !suggested.node) {
    window.clearTimeout(suggested.timer);
    suggested = { id: borrowerId, node: h('section', { class: 'panel-suggestions', id: 'panel-suggestions' }), asked: 0, timer: 0 };
    later = false;
  }
  const node = /** @type {HTMLElement} */ (suggested.node);
  const asked = ++suggested.asked;
  // An answer to an older reading (two scans in quick succession) is not
  // drawn over a newer one.
  const newest = () => suggested.node === node && suggested.asked === asked;
  node.setAttribute('aria-busy', 'true');
  const read = () => {
    if (!newest()) return;
    api.borrowerSuggestions(borrowerId).then(
      (found) => {
        if (!newest()) return;
        node.replaceChildren(...suggestionParts(found));
        node.setAttribute('aria-busy', 'false');
      },
      (error) => {
        // A nicety beside the scans: the desk keeps working without it.
        if (!newest()) return;
        node.replaceChildren(h('p', { class: 'secondary', text: errorText(error) }));
        node.setAttribute('aria-busy', 'false');
      },
    );
  };
  window.clearTimeout(suggested.timer);
  // (A desk left while the scans paused has nobody to read them for.)
  if (later) suggested.timer = window.setTimeout(() => node.isConnected && read(), SUGGESTIONS_AFTER_SCANS_MS);
  else read();
  return node;
}

/** @param {import('../api.js').Suggestions} found */
function suggestionParts(found) {
  if (!found.teaching) return [];
  const taught = { level: t(`levels.${found.teaching.level}`), language: found.teaching.language_name };
  if (!found.media.length) return [h('p', { class: 'secondary', text: t('desk.suggestNone', taught) })];
  return [
    h('h3', { text: t('desk.suggestTitle', taught) }),
    h('ul', { class: 'suggested' }, found.media.map((m) => {
      const details = [levelRange(m.level_from, m.level_to), t('desk.suggestOnShelf', { count: m.on_shelf })];
      if (m.location) details.push(t('desk.suggestWhere', { location: m.location }));
      return h('li', { 'data-medium': String(m.medium_id) }, [
        h('a', { href: `#/catalogue/${m.medium_id}`, dir: 'auto', class: 'block', text: m.title }),
        h('span', { class: 'secondary small block', text: details.join(' · ') }),
      ]);
    })),
  ];
}

/**
 * When what is lent now is due: after the loan period, at the end of a
 * course or term from the lending settings, or on a date staff pick. Kept
 * on the desk for the borrower's session (every scan draws the panel
 * again).
 */
function courseEndChooser() {
  const select = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'course-end', 'aria-describedby': 'course-end-chosen' }, [h('option', { value: '', text: t('desk.coursePeriod') })])
  );
  const date = /** @type {HTMLInputElement} */ (h('input', { type: 'date', id: 'course-end-date', hidden: true, 'aria-label': t('desk.courseEndDate') }));
  const chosen = h('p', { class: 'secondary small', id: 'course-end-chosen', 'aria-live': 'polite' });
  const show = () => {
    chosen.textContent = desk.courseEnd ? t('desk.courseEndChosen', { date: formatDate(desk.courseEnd) }) : '';
    chosen.classList.toggle('strong', Boolean(desk.courseEnd));
  };
  const apply = () => {
    date.hidden = select.value !== 'date';
    desk.courseEnd = (select.value === 'date' ? date.value : select.value) || null;
    show();
  };
  select.addEventListener('change', apply);
  date.addEventListener('change', apply);
  const current = desk.courseEnd;
  lendingSettingsOnce().then(
    (settings) => {
      // Only terms still to come (the panel's day is the core's today).
      const today = desk.borrower?.today ?? '';
      select.append(
        ...settings.course_terms.filter((term) => term.ends_on > today).map((term) => h('option', { value: term.ends_on, text: t('desk.courseTerm', { name: term.name, date: formatDate(term.ends_on) }) })),
        h('option', { value: 'date', text: t('desk.courseOtherDate') }),
      );
      if (current && desk.courseEnd === current) {
        const term = settings.course_terms.some((x) => x.ends_on === current);
        select.value = term ? current : 'date';
        if (!term) date.value = current;
        date.hidden = term;
      }
      select.setAttribute('data-ready', '');
    },
    // A nicety beside the scans: the loan period applies without it.
    () => {},
  );
  show();
  return h('div', { class: 'package-chooser', id: 'course-end-form' }, [
    h('label', { for: 'course-end', text: t('desk.courseEnd') }),
    h('div', { class: 'inline-row' }, [select, date]),
    chosen,
  ]);
}

/**
 * The lending settings (for the terms) and the course packages, read once
 * each time the desk is opened rather than at every scan that draws the
 * panel again. @type {{ settings: Promise<import('../api.js').LendingSettings> | null,
 *            packages: Promise<import('../api.js').CoursePackage[]> | null }}
 */
const once = { settings: null, packages: null };

function lendingSettingsOnce() {
  once.settings ??= api.getLendingSettings().catch((error) => {
    once.settings = null;
    throw error;
  });
  return once.settings;
}

function packagesOnce() {
  once.packages ??= api.coursePackages().catch((error) => {
    once.packages = null;
    throw error;
  });
  return once.packages;
}

/** Whether "Mehrere auf einmal" is open (kept while the panel is redrawn). */
let moreOpen = false;

/**
 * Class sets and course packages, folded under one heading so that the
 * panel stays short; open or closed as staff left it.
 * @param {number} borrowerId
 */
function lendMore(borrowerId) {
  const details = /** @type {HTMLDetailsElement} */ (
    h('details', { class: 'panel-more', id: 'panel-more', open: moreOpen }, [
      h('summary', { text: t('desk.lendMore') }),
      classSetForm(),
      packageChooser(borrowerId),
    ])
  );
  details.addEventListener('toggle', () => {
    moreOpen = details.open;
  });
  return details;
}

/**
 * Lends a class set: how many, and the Inventarnummer of one copy (the
 * scan field takes the same as "12*" before a scan).
 */
function classSetForm() {
  const count = /** @type {HTMLInputElement} */ (
    h('input', { id: 'class-set-count', type: 'number', min: '2', max: '50', value: '12', class: 'narrow', 'aria-label': t('desk.classSetCount2') })
  );
  const code = /** @type {HTMLInputElement} */ (
    h('input', { id: 'class-set-code', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: t('desk.classSetCode'), 'aria-label': t('desk.classSetCode') })
  );
  const lend = () => {
    if (!code.value.trim()) {
      code.focus();
      return;
    }
    desk.lendClassSet(Number(count.value), code.value.trim(), performance.now(), null);
    code.value = '';
  };
  code.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    lend();
  });
  return h('div', { class: 'package-chooser', id: 'class-set-form' }, [
    h('label', { for: 'class-set-code', text: t('desk.classSetTitle') }),
    h('p', { class: 'secondary small', text: t('desk.classSetHint') }),
    h('div', { class: 'inline-row' }, [
      count,
      h('span', { text: '×' }),
      code,
      h('button', { type: 'button', class: 'button small', id: 'lend-class-set', text: t('desk.packageLend'), onClick: lend }),
    ]),
  ]);
}

/**
 * Lends a course package chosen from the list (rather than by its card):
 * the packages are read when the panel is drawn.
 * @param {number} borrowerId
 */
function packageChooser(borrowerId) {
  const select = /** @type {HTMLSelectElement} */ (h('select', { id: 'package-choice', 'aria-label': t('desk.packageChoose') }));
  const button = h('button', {
    type: 'button',
    class: 'button small',
    id: 'lend-package',
    text: t('desk.packageLend'),
    disabled: true,
    onClick: () => {
      if (select.value) desk.lendChosenPackage(Number(select.value));
    },
  });
  const section = h('div', { class: 'package-chooser', hidden: true, 'data-borrower': String(borrowerId) }, [
    h('label', { for: 'package-choice', text: t('desk.packageChoose') }),
    h('div', { class: 'inline-row' }, [select, button]),
  ]);
  packagesOnce().then(
    (packages) => {
      if (!packages.length) return;
      select.replaceChildren(...packages.map((p) => h('option', { value: String(p.id), text: `${p.name} (${p.code})` })));
      button.removeAttribute('disabled');
      section.hidden = false;
    },
    // A nicety beside the scans (the card's scan works without it).
    () => {},
  );
  return section;
}

/**
 * A course package whose parts are not all on the shelf: which are
 * missing, and what staff do: lend the rest, lend the rest and reserve
 * what is missing, or lend nothing. Resolves with the choice, or null.
 * @param {HTMLDialogElement} dialog @param {import('../api.js').CoursePackage} pkg
 * @param {import('../api.js').MissingPart[]} missing
 * @returns {Promise<import('../api.js').WhenMissing | null>}
 */
function askPackage(dialog, pkg, missing) {
  return new Promise((resolve) => {
    const done = (/** @type {import('../api.js').WhenMissing | null} */ value) => {
      dialog.onclose = null;
      dialog.close();
      resolve(value);
    };
    const reserve = h('button', {
      type: 'button',
      class: 'button primary',
      id: 'package-lend-reserve',
      text: t('desk.packageLendReserve'),
      onClick: () => done('lend_rest_and_reserve'),
    });
    dialog.replaceChildren(
      h('h2', { text: t('desk.packageTitle', { name: pkg.name }) }),
      h('p', { text: t('desk.packageText') }),
      h('ul', { class: 'missing-parts', id: 'package-missing' }, missing.map((m) =>
        h('li', { dir: 'auto', 'data-medium': String(m.medium_id), text: t('desk.packagePart', { title: m.title, on_shelf: m.on_shelf, wanted: m.wanted }) }),
      )),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'button', class: 'button', id: 'package-cancel', text: t('desk.packageNothing'), onClick: () => done(null) }),
        h('button', { type: 'button', class: 'button', id: 'package-lend-rest', text: t('desk.packageLendRest'), onClick: () => done('lend_rest') }),
        reserve,
      ]),
    );
    dialog.onclose = () => resolve(null);
    dialog.showModal();
    reserve.focus();
  });
}

/**
 * Asks why staff lend despite overdue items. Resolves with the reason, or
 * null when cancelled.
 * @param {HTMLDialogElement} dialog @param {string} message @returns {Promise<string | null>}
 */
function askReason(dialog, message) {
  return new Promise((resolve) => {
    const reason = /** @type {HTMLTextAreaElement} */ (h('textarea', { id: 'override-reason', rows: '2', required: true }));
    const error = h('p', { class: 'field-error', id: 'override-error', 'aria-live': 'polite' });
    const done = (/** @type {string | null} */ value) => {
      dialog.close();
      resolve(value);
    };
    dialog.replaceChildren(
      h('h2', { text: t('desk.overrideTitle') }),
      h('p', { text: message }),
      h('label', { for: 'override-reason', text: t('desk.overrideLabel') }),
      reason,
      error,
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'button', class: 'button', id: 'override-cancel', text: t('desk.cancel'), onClick: () => done(null) }),
        h('button', {
          type: 'button',
          class: 'button primary',
          id: 'override-confirm',
          text: t('desk.overrideConfirm'),
          onClick: () => {
            if (!reason.value.trim()) {
              error.textContent = t('desk.overrideRequired');
              reason.focus();
              return;
            }
            done(reason.value.trim());
          },
        }),
      ]),
    );
    dialog.onclose = () => resolve(null);
    dialog.showModal();
    reason.focus();
  });
}

/**
 * The kit checklist at return: everything ticked; staff untick what is
 * missing. Resolves with the missing parts, or null when cancelled.
 * @param {HTMLDialogElement} dialog @param {import('../api.js').CopyAtDesk} copy
 * @returns {Promise<string[] | null>}
 */
function askKit(dialog, copy) {
  return new Promise((resolve) => {
    const boxes = copy.kit_items.map((item, i) =>
      /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: `kit-${i}`, checked: true, 'data-name': item.name })),
    );
    const done = (/** @type {string[] | null} */ value) => {
      dialog.onclose = null;
      dialog.close();
      resolve(value);
    };
    const confirm = h('button', {
      type: 'button',
      class: 'button primary',
      id: 'kit-confirm',
      text: t('desk.kitConfirm'),
      onClick: () => done(boxes.filter((b) => !b.checked).map((b) => b.getAttribute('data-name') ?? '')),
    });
    dialog.replaceChildren(
      h('h2', { text: t('desk.kitTitle', { title: copy.title }) }),
      h('p', { text: t('desk.kitText') }),
      h('ul', { class: 'kit-list' }, copy.kit_items.map((item, i) =>
        h('li', {}, [h('label', { class: 'checkbox', for: `kit-${i}` }, [boxes[i], ` ${item.quantity}× ${item.name}`])]),
      )),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'button', class: 'button', id: 'kit-cancel', text: t('desk.cancel'), onClick: () => done(null) }),
        confirm,
      ]),
    );
    dialog.onclose = () => resolve(null);
    dialog.showModal();
    confirm.focus();
  });
}

/**
 * Announces loudly that a returned copy is reserved: it goes on the pickup
 * shelf, not back to its place.
 * @param {HTMLDialogElement} dialog @param {import('../api.js').ReadyReservation} ready
 */
function announce(dialog, ready) {
  return new Promise((resolve) => {
    const ok = h('button', {
      type: 'button',
      class: 'button primary',
      id: 'announce-ok',
      text: t('desk.announceOk'),
      onClick: () => {
        dialog.onclose = null;
        dialog.close();
        resolve(undefined);
      },
    });
    dialog.replaceChildren(
      h('div', { class: 'announce', id: 'reserved-announcement', role: 'alert' }, [
        h('h2', { text: t('desk.announceTitle') }),
        h('p', { class: 'announce-title', dir: 'auto', text: ready.title }),
        h('p', { dir: 'auto', text: t('desk.announceFor', { name: ready.borrower_name, card: ready.card_number }) }),
        h('p', { text: t('desk.pickupBy', { date: formatDate(ready.pickup_by) }) }),
      ]),
      h('div', { class: 'form-actions' }, [ok]),
    );
    dialog.onclose = () => resolve(undefined);
    dialog.showModal();
    ok.focus();
  });
}
