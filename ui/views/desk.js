// Theke: one scan field, always focused. A scanned Ausweisnummer selects the
// borrower; a scanned Inventarnummer is lent to them, returned or renewed by
// the mode (F2 / F3 / F4). A return scan with no borrower selected returns.
import * as api from '../api.js';
import { emptyState, h, pageHeader } from '../components/dom.js';
import { deliverDocument } from '../components/delivery.js';
import { deskTabs } from '../components/tabs.js';
import { notify, notifyError } from '../components/toast.js';
import { errorText, formatDate, t } from '../i18n/index.js';

/** @typedef {'checkout' | 'return' | 'renew'} Mode */

const MODE_KEYS = /** @type {Record<string, Mode>} */ ({ F2: 'checkout', F3: 'return', F4: 'renew' });

/** The state of the desk while the view is shown. */
const desk = {
  /** @type {Mode} */
  mode: 'checkout',
  /** @type {import('../api.js').BorrowerAtDesk | null} */
  borrower: null,
  /** Loans made in this session for the selected borrower (for the slip). @type {import('../api.js').Loan[]} */
  lent: [],
  /** Returns of this session, for receipts. @type {import('../api.js').Loan[]} */
  returned: [],
  autoPrint: false,
  /** @type {((event: KeyboardEvent) => void) | null} */
  keys: null,
};

/**
 * @param {HTMLElement} outlet
 * @param {{ status: import('../api.js').AppStatus, refresh: () => Promise<void> }} ctx
 */
export async function render(outlet, ctx) {
  desk.keys = null;
  if (ctx.status.empty) {
    renderWelcome(outlet, ctx);
    return false;
  }
  try {
    desk.autoPrint = (await api.getLendingSettings()).auto_print_slip;
  } catch (error) {
    notifyError(error);
  }
  return renderDesk(outlet);
}

/** Keyboard: F2/F3/F4 switch the mode, Esc ends the borrower's session. @param {KeyboardEvent} event */
export function onKey(event) {
  desk.keys?.(event);
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
    h('button', { type: 'button', class: 'mode', id: `mode-${mode}`, 'data-mode': mode, onClick: () => setMode(mode) }, [
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
  const printSlip = h('button', { type: 'button', class: 'button', id: 'print-slip', disabled: true, onClick: () => printSlipNow() }, [
    t('desk.printSlip'),
    h('kbd', { class: 'button-key', text: 'Strg+P' }),
  ]);
  const printReceipt = h('button', { type: 'button', class: 'button', id: 'print-receipt', disabled: true, onClick: () => printReceipts() }, [
    t('desk.printReceipt'),
  ]);
  const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'dialog', id: 'desk-dialog' }));

  const root = h('div', { class: 'desk' }, [
    h('div', { class: 'page-header-row' }, [pageHeader(t('desk.title'), t('desk.lead')), deskTabs('desk')]),
    h('section', { class: 'card scan-card' }, [
      h('div', { class: 'modes', role: 'group', 'aria-label': t('desk.modeLabel') }, modeButtons),
      h('label', { for: 'scan', class: 'scan-label', id: 'scan-label' }),
      h('div', { class: 'scan-row' }, [scan, suggestions]),
      feedback,
    ]),
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

  /** @param {Mode} mode */
  function setMode(mode) {
    desk.mode = mode;
    for (const button of modeButtons) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-mode') === mode));
    }
    root.querySelector('.scan-card')?.setAttribute('data-mode', mode);
    const label = root.querySelector('#scan-label');
    if (label) label.textContent = t(`desk.scanLabel.${mode}`);
    scan.placeholder = t(`desk.scanPlaceholder.${mode}`);
    focusScan();
  }

  /**
   * Shows the outcome of a scan: colour, text, and a beep for errors.
   * @param {'ok' | 'error' | 'warn' | 'info'} kind @param {string} text @param {Node[]} [actions]
   */
  function say(kind, text, actions = []) {
    feedback.className = `scan-feedback feedback-${kind}`;
    feedback.replaceChildren(h('span', { text }), ...actions);
    if (kind === 'error' || kind === 'warn') beep(kind);
  }

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

  /**
   * Adds a row to the session list; `started` (performance.now() at Enter)
   * is kept on the row as the measured scan-to-row time.
   * @param {string} action @param {string} title @param {string} barcode @param {string} result
   * @param {string} kind @param {number} started
   */
  function addRow(action, title, barcode, result, kind, started) {
    const row = h('tr', { class: `session-${kind}`, 'data-barcode': barcode }, [
      h('td', {}, [h('span', { dir: 'auto', class: 'strong', text: title }), h('span', { class: 'secondary mono', text: barcode })]),
      h('td', { class: 'result' }, [h('span', { class: 'action-label', text: action }), h('span', { text: result })]),
    ]);
    sessionBody.prepend(row);
    const ms = performance.now() - started;
    row.setAttribute('data-ms', ms.toFixed(1));
    sessionTable.setAttribute('data-last-ms', ms.toFixed(1));
  }

  function updateButtons() {
    printSlip.toggleAttribute('disabled', !(desk.borrower && desk.lent.length));
    printReceipt.toggleAttribute('disabled', !desk.returned.some((l) => l.borrower_id != null));
  }

  async function refreshPanel() {
    if (!desk.borrower) {
      panel.replaceChildren(
        h('h2', { text: t('desk.noBorrower') }),
        h('p', { class: 'secondary', text: t('desk.noBorrowerHint') }),
      );
      panel.removeAttribute('data-borrower');
      updateButtons();
      return;
    }
    try {
      desk.borrower = await api.borrowerAtDesk(desk.borrower.borrower.id);
    } catch (error) {
      say('error', errorText(/** @type {any} */ (error)));
      return;
    }
    renderPanel(panel, desk.borrower, endSession);
    updateButtons();
  }

  /** @param {import('../api.js').Borrower} borrower */
  async function selectBorrower(borrower) {
    if (desk.borrower && desk.borrower.borrower.id !== borrower.id) await finishBorrower();
    desk.borrower = { borrower, loans: [], overdue: 0, limit: 0, reservations: [], today: '' };
    desk.lent = [];
    if (desk.mode !== 'checkout') setMode('checkout');
    await refreshPanel();
    const b = /** @type {import('../api.js').BorrowerAtDesk} */ (desk.borrower);
    if (b.borrower.blocked_reason) say('error', t('desk.blocked', { reason: b.borrower.blocked_reason }));
    else if (b.overdue) say('warn', t('desk.hasOverdue', { name: b.borrower.name, count: b.overdue }));
    else say('ok', t('desk.selected', { name: b.borrower.name }));
  }

  /** Prints the slip automatically (if set) when a borrower's session ends. */
  async function finishBorrower() {
    if (desk.autoPrint && desk.borrower && desk.lent.length) await printSlipNow();
  }

  async function endSession() {
    await finishBorrower();
    desk.borrower = null;
    desk.lent = [];
    await refreshPanel();
    say('info', t('desk.sessionEnded'));
    focusScan();
  }

  async function printSlipNow() {
    if (!desk.borrower || !desk.lent.length) return;
    const borrowerId = desk.borrower.borrower.id;
    const ids = desk.lent.map((l) => l.id);
    await deliverDocument(() => api.printLoanSlip(borrowerId, ids, 'open'));
    focusScan();
  }

  async function printReceipts() {
    const byBorrower = new Map();
    for (const loan of desk.returned) {
      if (loan.borrower_id == null) continue;
      byBorrower.set(loan.borrower_id, [...(byBorrower.get(loan.borrower_id) ?? []), loan.id]);
    }
    for (const [borrowerId, ids] of byBorrower) {
      await deliverDocument(() => api.printReturnReceipt(borrowerId, ids, 'open'));
    }
    focusScan();
  }

  /** @param {import('../api.js').CopyAtDesk} copy @param {number} started */
  async function lendCopy(copy, started, overrideReason = /** @type {string | null} */ (null)) {
    const b = /** @type {import('../api.js').BorrowerAtDesk} */ (desk.borrower);
    try {
      const loan = await api.checkout({ borrower_id: b.borrower.id, barcode: copy.copy.barcode, override_reason: overrideReason });
      desk.lent.push(loan);
      addRow(t('desk.mode.checkout'), loan.title, loan.barcode, t('desk.dueOn', { date: formatDate(loan.due_on) }), 'ok', started);
      const kit = copy.kit_items.length ? ` ${t('desk.checkKit', { items: copy.kit_items.map((k) => `${k.quantity}× ${k.name}`).join(', ') })}` : '';
      say('ok', `${t('desk.lent', { title: loan.title, date: formatDate(loan.due_on) })}${kit}`);
      await refreshPanel();
    } catch (error) {
      const e = /** @type {import('../api.js').CommandError} */ (error);
      if (e.code === 'borrower_has_overdue') {
        const reason = await askReason(dialog, e.message);
        if (reason) return lendCopy(copy, started, reason);
        say('warn', t('desk.notLent', { title: copy.title }));
        return;
      }
      addRow(t('desk.mode.checkout'), copy.title, copy.copy.barcode, errorText(e), 'error', started);
      const actions = [];
      if (e.code === 'copy_already_on_loan' && copy.loan?.borrower_id !== b.borrower.id) {
        actions.push(
          h('button', {
            type: 'button',
            class: 'button small',
            id: 'reserve-medium',
            text: t('desk.reserveFor', { name: b.borrower.name }),
            onClick: async () => {
              try {
                const r = await api.reserve(copy.copy.medium_id, b.borrower.id);
                // A copy on the shelf is set aside at once; otherwise the
                // borrower joins the queue.
                if (r.status === 'bereit') say('ok', t('desk.reservedReady', { title: r.title, barcode: r.barcode ?? '', date: formatDate(r.pickup_by ?? '') }));
                else say('ok', t('desk.reserved', { title: r.title, position: r.position ?? 1 }));
                await refreshPanel();
              } catch (err) {
                say('error', errorText(/** @type {any} */ (err)));
              }
              focusScan();
            },
          }),
        );
      }
      say('error', errorText(e), actions);
    }
  }

  /** @param {import('../api.js').CopyAtDesk} copy @param {number} started */
  async function returnCopy(copy, started) {
    let missing = /** @type {string[]} */ ([]);
    if (copy.kit_items.length && copy.loan) {
      const answer = await askKit(dialog, copy);
      if (answer == null) {
        say('info', t('desk.returnCancelled'));
        return;
      }
      missing = answer;
    }
    try {
      const receipt = await api.checkin({ barcode: copy.copy.barcode, missing_parts: missing });
      // The loan no longer names the borrower after the return (privacy);
      // the receipt still goes to whoever brought it back.
      desk.returned.push({ ...receipt.loan, borrower_id: receipt.borrower_id });
      desk.lent = desk.lent.filter((l) => l.id !== receipt.loan.id);
      let result = receipt.days_overdue ? t('desk.returnedLate', { days: receipt.days_overdue }) : t('desk.returnedInTime');
      if (missing.length) result += ` · ${t('desk.missing', { parts: missing.join(', ') })}`;
      const ready = receipt.reserved_for;
      if (ready) result += ` · ${t('desk.setAside')}`;
      addRow(t('desk.mode.return'), receipt.loan.title, receipt.loan.barcode, result, receipt.days_overdue || ready ? 'warn' : 'ok', started);
      if (ready) {
        say('warn', t('desk.reservedAnnounce', { title: ready.title, name: ready.borrower_name, card: ready.card_number, date: formatDate(ready.pickup_by) }));
        await announce(dialog, ready);
      } else if (receipt.days_overdue) {
        say('warn', t('desk.returnedLateLong', { title: receipt.loan.title, days: receipt.days_overdue, name: receipt.borrower_name ?? '' }));
      } else {
        say('ok', t('desk.returned', { title: receipt.loan.title }));
      }
      if (desk.borrower) await refreshPanel();
      updateButtons();
    } catch (error) {
      addRow(t('desk.mode.return'), copy.title, copy.copy.barcode, errorText(/** @type {any} */ (error)), 'error', started);
      say('error', errorText(/** @type {any} */ (error)));
    }
  }

  /** @param {import('../api.js').CopyAtDesk} copy @param {number} started */
  async function renewCopy(copy, started) {
    try {
      const loan = await api.renew(copy.copy.barcode);
      addRow(t('desk.mode.renew'), loan.title, loan.barcode, t('desk.renewedUntil', { date: formatDate(loan.due_on), n: loan.renewals, max: loan.max_renewals }), 'ok', started);
      say('ok', t('desk.renewed', { title: loan.title, date: formatDate(loan.due_on) }));
      if (desk.borrower) await refreshPanel();
    } catch (error) {
      addRow(t('desk.mode.renew'), copy.title, copy.copy.barcode, errorText(/** @type {any} */ (error)), 'error', started);
      say('error', errorText(/** @type {any} */ (error)));
    }
  }

  /** @type {import('../api.js').Borrower[]} */
  let suggested = [];
  let suggestTimer = 0;
  let suggestSeq = 0;
  const hideSuggestions = () => {
    suggested = [];
    suggestions.replaceChildren();
    suggestions.hidden = true;
  };
  const showSuggestions = async (/** @type {string} */ text) => {
    const mine = ++suggestSeq;
    let page;
    try {
      page = await api.searchBorrowers(text, 8, 0);
    } catch {
      return;
    }
    if (mine !== suggestSeq || scan.value.trim() !== text) return;
    suggested = page.rows;
    suggestions.replaceChildren(
      ...page.rows.map((b, i) =>
        h('li', { role: 'option', id: `suggestion-${i}`, 'data-id': String(b.id) }, [
          h('button', { type: 'button', class: 'suggestion', tabindex: '-1', onClick: () => pick(b) }, [
            h('span', { class: 'strong', dir: 'auto', text: b.name }),
            h('span', { class: 'mono secondary', text: b.card_number }),
          ]),
        ]),
      ),
    );
    suggestions.hidden = page.rows.length === 0;
  };
  const pick = async (/** @type {import('../api.js').Borrower} */ b) => {
    scan.value = '';
    hideSuggestions();
    await selectBorrower(b);
    focusScan();
  };
  let highlighted = -1;
  const highlight = (/** @type {number} */ i) => {
    highlighted = i;
    suggestions.querySelectorAll('li').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
  };

  scan.addEventListener('input', () => {
    const text = scan.value.trim();
    clearTimeout(suggestTimer);
    highlight(-1);
    // Names have letters and spaces; scanned codes come fast and end in Enter.
    if (text.length >= 2 && /\p{L}/u.test(text)) suggestTimer = window.setTimeout(() => showSuggestions(text), 180);
    else hideSuggestions();
  });

  scan.addEventListener('keydown', async (event) => {
    if (event.key === 'ArrowDown' && suggested.length) {
      event.preventDefault();
      highlight(Math.min(highlighted + 1, suggested.length - 1));
      return;
    }
    if (event.key === 'ArrowUp' && suggested.length) {
      event.preventDefault();
      highlight(Math.max(highlighted - 1, 0));
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const started = performance.now();
    clearTimeout(suggestTimer);
    suggestSeq++;
    const code = scan.value.trim();
    if (highlighted >= 0 && suggested[highlighted]) {
      await pick(suggested[highlighted]);
      return;
    }
    const single = suggested.length === 1 ? suggested[0] : null;
    hideSuggestions();
    scan.value = '';
    if (!code) {
      focusScan();
      return;
    }
    let scanned;
    try {
      scanned = await api.deskScan(code);
    } catch (error) {
      const e = /** @type {any} */ (error);
      if (e.code === 'unknown_code' && single) await selectBorrower(single);
      else say('error', errorText(e));
      focusScan();
      return;
    }
    if (scanned.type === 'borrower') {
      await selectBorrower(scanned.borrower);
    } else if (desk.mode === 'renew') {
      await renewCopy(scanned.copy, started);
    } else if (desk.mode === 'return' || !desk.borrower) {
      await returnCopy(scanned.copy, started);
    } else {
      await lendCopy(scanned.copy, started);
    }
    focusScan();
  });

  desk.keys = (event) => {
    if (dialog.open) return;
    const mode = MODE_KEYS[event.key];
    if (mode) {
      event.preventDefault();
      setMode(mode);
    } else if (event.key === 'Escape' && desk.borrower) {
      event.preventDefault();
      endSession();
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'p') {
      event.preventDefault();
      printSlipNow();
    }
  };
  // A click anywhere but on a control brings the cursor back to the scan field.
  root.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (!target.closest('button, a, input, select, textarea, dialog')) focusScan();
  });

  setMode(desk.mode);
  if (desk.borrower) selectBorrower(desk.borrower.borrower);
  else refreshPanel();
  say('info', t('desk.ready'));
  focusScan();
  return true;
}

/**
 * The selected borrower: name, card, current loans (overdue highlighted),
 * reservations ready for pickup, notes.
 * @param {HTMLElement} panel @param {import('../api.js').BorrowerAtDesk} b @param {() => void} end
 */
function renderPanel(panel, b, end) {
  const ready = b.reservations.filter((r) => r.status === 'bereit');
  const waiting = b.reservations.filter((r) => r.status === 'wartend');
  panel.setAttribute('data-borrower', String(b.borrower.id));
  const parts = [
    h('div', { class: 'panel-head' }, [
      h('h2', { dir: 'auto', id: 'panel-name', text: b.borrower.name }),
      h('button', { type: 'button', class: 'button small', id: 'end-session', onClick: end }, [t('desk.endSession'), h('kbd', { class: 'button-key', text: 'Esc' })]),
    ]),
    h('p', { class: 'secondary' }, [
      h('span', { class: 'mono', text: b.borrower.card_number }),
      ` · ${t(`borrowerKinds.${b.borrower.kind}`)} · ${t('desk.onLoanOf', { count: b.loans.length, limit: b.limit })}`,
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
    b.loans.length
      ? h('table', { class: 'data-table compact', id: 'panel-loans' }, [
          h('tbody', {}, b.loans.map((loan) => {
            const late = loan.due_on < b.today;
            return h('tr', { class: late ? 'overdue' : '', 'data-barcode': loan.barcode }, [
              h('td', {}, [h('span', { dir: 'auto', class: 'block', text: loan.title }), h('span', { class: 'secondary mono block', text: loan.barcode })]),
              h('td', { class: 'number', title: late ? t('desk.overdueSince', { date: formatDate(loan.due_on) }) : null }, [
                h('span', { class: 'block', text: formatDate(loan.due_on) }),
                late ? h('span', { class: 'block small', text: t('copyStatus.ueberfaellig') }) : null,
              ]),
            ]);
          })),
        ])
      : h('p', { class: 'secondary', text: t('desk.noLoans') }),
  ];
  panel.replaceChildren(...parts.filter((part) => part != null));
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
