// The desk's decisions without a window (ui/logic/desk.js): what a scanned
// code does in each mode, the dialogs it asks, what it prints. The commands
// and the screen are fakes that record what the desk asked of them.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Desk, MODE_KEYS, classSetCode, looksLikeName } from '../../ui/logic/desk.js';

/** A borrower as the core sends it. */
function borrower(id, name, extra = {}) {
  return {
    id,
    name,
    kind: 'ehrenamtlich',
    organisation_id: null,
    email: '',
    phone: '',
    print_language: 'de',
    card_number: `KI-A-${String(id).padStart(6, '0')}`,
    note: '',
    history_consent: null,
    email_consent: null,
    blocked_reason: null,
    ...extra,
  };
}

/** A loan as the core sends it. */
function loan(id, barcode, extra = {}) {
  return {
    id,
    copy_id: id,
    barcode,
    medium_id: 100 + id,
    title: `Titel ${barcode}`,
    kind_name: 'Lehrwerk',
    borrower_id: 8,
    borrower_kind: 'ehrenamtlich',
    loaned_at: '2026-11-12T09:30:00',
    due_on: '2026-12-10',
    renewals: 0,
    max_renewals: 2,
    returned_at: null,
    outcome: null,
    override_reason: null,
    missing_parts: '',
    ...extra,
  };
}

/** A copy scanned at the desk. */
function copy(barcode, extra = {}) {
  return {
    copy: { id: 1, medium_id: 42, barcode, condition: '', acquired_on: null, price_cents: null, status: 'verfuegbar', retired_on: null, missing_parts: '' },
    title: `Titel ${barcode}`,
    kind_name: 'Lehrwerk',
    kit_items: [],
    loan: null,
    ...extra,
  };
}

/** A CommandError as api.js rejects with it: code, field and parameters. */
function refusal(code, params = {}) {
  return { code, field: null, params };
}

const FATIMA = borrower(8, 'Fatima Al-Zahra');
const ANNA = borrower(1, 'Anna Schmidt');

/**
 * Fake commands: cards and barcodes known by `codes`, every call recorded
 * in `calls` as [name, ...arguments]. `overrides` replace single commands.
 */
function fakeApi(overrides = {}) {
  const calls = [];
  const codes = new Map([
    [FATIMA.card_number, { type: 'borrower', borrower: FATIMA }],
    [ANNA.card_number, { type: 'borrower', borrower: ANNA }],
    ['KI-M-000001', { type: 'copy', copy: copy('KI-M-000001') }],
    ['KI-M-000013', { type: 'copy', copy: copy('KI-M-000013') }],
  ]);
  let nextLoan = 1;
  /** The fakes' own answers, unrecorded (deskAct uses them). @type {Record<string, Function>} */
  const plain = {};
  const record = (name, fn) => {
    plain[name] ??= fn;
    return async (...args) => {
      calls.push([name, ...args]);
      return fn(...args);
    };
  };
  const api = {
    deskScan: record('deskScan', (code) => {
      if (!codes.has(code)) throw refusal('unknown_code', { code });
      return codes.get(code);
    }),
    borrowerAtDesk: record('borrowerAtDesk', (id) => ({
      borrower: [FATIMA, ANNA].find((b) => b.id === id) ?? borrower(id, `Person ${id}`),
      loans: [],
      overdue: 0,
      limit: 5,
      reservations: [],
      today: '2026-11-12',
    })),
    checkout: record('checkout', (request) => loan(nextLoan++, request.barcode, { borrower_id: request.borrower_id })),
    checkin: record('checkin', (request) => ({
      loan: loan(90, request.barcode, { borrower_id: null }),
      borrower_id: 8,
      borrower_name: FATIMA.name,
      days_overdue: 0,
      reserved_for: null,
    })),
    renew: record('renew', (barcode) => loan(70, barcode, { renewals: 1 })),
    reserve: record('reserve', (mediumId) => ({ id: 5, medium_id: mediumId, title: 'Titel', status: 'wartend', position: 1, barcode: null, pickup_by: null })),
    searchBorrowers: record('searchBorrowers', () => ({ total: 0, rows: [], next_card_number: '' })),
    printLoanSlip: record('printLoanSlip', () => ({ outcome: 'opened', path: null, warnings: [] })),
    printReturnReceipt: record('printReturnReceipt', () => ({ outcome: 'opened', path: null, warnings: [] })),
  };
  for (const [name, fn] of Object.entries(overrides)) api[name] = record(name, fn);
  // One scan in one step, as the core's desk_act does: recognise the code,
  // act by the mode, answer with the panel. It is recorded as one call
  // ('deskAct', with what the core would have done) and uses the fakes
  // above (and their overrides) without recording them.
  /** What the core did inside each deskAct, as [command, ...arguments]. */
  const acted = [];
  const quietly = (name) => (...args) => {
    if (name !== 'deskScan' && name !== 'borrowerAtDesk') acted.push([name, ...args]);
    return (overrides[name] ?? plain[name])(...args);
  };
  const panelOf = (id) => quietly('borrowerAtDesk')(id);
  api.deskAct = record('deskAct', async (request) => {
    const found = await quietly('deskScan')(request.code);
    if (found.type === 'borrower') return { type: 'borrower', panel: await panelOf(found.borrower.id) };
    const c = found.copy;
    const barcode = c.copy.barcode;
    try {
      if (request.mode === 'renew') {
        return { type: 'renewed', copy: c, loan: await quietly('renew')(barcode), panel: request.borrower_id ? await panelOf(request.borrower_id) : null };
      }
      if (request.mode === 'return' || request.borrower_id == null) {
        if (c.kit_items.length && c.loan) return { type: 'kit_to_check', copy: c };
        const receipt = await quietly('checkin')({ barcode, missing_parts: [] });
        return { type: 'returned', copy: c, receipt, panel: request.borrower_id ? await panelOf(request.borrower_id) : null };
      }
      const loan = await quietly('checkout')({ borrower_id: request.borrower_id, barcode, override_reason: null });
      return { type: 'lent', copy: c, loan, panel: await panelOf(request.borrower_id) };
    } catch (error) {
      return { type: 'refused', copy: c, error };
    }
  });
  return { api, calls, acted, codes, names: () => calls.map(([name]) => name) };
}

/**
 * A fake screen: records what the desk shows; the dialogs answer with
 * `answers.reason` and `answers.kit`.
 */
function fakeScreen(answers = {}) {
  const screen = {
    modes: [],
    said: [],
    rows: [],
    panel: undefined,
    buttons: null,
    suggestions: [],
    highlighted: -1,
    asked: [],
    announced: [],
    focused: 0,
    showMode: (mode) => screen.modes.push(mode),
    say: (tone, text, offer) => screen.said.push({ tone, text, offer }),
    addRow: (row) => screen.rows.push(row),
    showBorrower: (b) => (screen.panel = b),
    showPrintButtons: (can) => (screen.buttons = can),
    showSuggestions: (rows) => (screen.suggestions = rows),
    highlight: (i) => (screen.highlighted = i),
    askReason: async (message) => {
      screen.asked.push(['reason', message]);
      return answers.reason ?? null;
    },
    askKit: async (c) => {
      screen.asked.push(['kit', c.copy.barcode]);
      return answers.kit ?? null;
    },
    askPackage: async (pkg, missing) => {
      screen.asked.push(['package', pkg.name, missing.map((m) => m.title)]);
      return answers.package ?? null;
    },
    announce: async (ready) => {
      screen.announced.push(ready);
    },
    deliver: async (produce) => {
      await produce();
    },
    focus: () => screen.focused++,
  };
  screen.last = () => screen.said[screen.said.length - 1];
  return screen;
}

/** A desk shown on a fake screen, its start-up calls forgotten. */
async function openDesk(fake, answers) {
  const desk = new Desk(fake.api);
  const screen = fakeScreen(answers);
  await desk.open(screen);
  fake.calls.length = 0;
  return { desk, screen };
}

test('a scanned card selects its borrower, reads the panel and switches to lending', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  desk.setMode('return');
  await desk.enter(FATIMA.card_number, 0);
  assert.deepEqual(fake.calls, [['deskAct', { code: FATIMA.card_number, mode: 'return', borrower_id: null, course_end: null }]], 'one round trip, the panel comes with it');
  assert.equal(desk.borrower?.borrower.id, 8, 'the card selects Fatima');
  assert.equal(screen.panel?.borrower.id, 8, 'her panel is shown');
  assert.equal(desk.mode, 'checkout', 'a card means lending next');
  assert.equal(screen.modes.at(-1), 'checkout');
  assert.equal(screen.last().tone, 'ok');
  assert.match(screen.last().text, /Fatima Al-Zahra/);
});

test('a copy scanned while a borrower is selected is lent to that borrower', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  fake.calls.length = 0;
  fake.acted.length = 0;
  await desk.enter('KI-M-000001', 12.5);
  assert.deepEqual(fake.calls, [['deskAct', { code: 'KI-M-000001', mode: 'checkout', borrower_id: 8, course_end: null }]], 'one round trip per scan');
  assert.deepEqual(fake.acted, [['checkout', { borrower_id: 8, barcode: 'KI-M-000001', override_reason: null }]], 'lending books no return');
  assert.deepEqual(desk.lent.map((l) => l.barcode), ['KI-M-000001'], 'the loan is kept for the slip');
  assert.equal(screen.rows.length, 1);
  assert.equal(screen.rows[0].tone, 'ok');
  assert.equal(screen.rows[0].barcode, 'KI-M-000001');
  assert.equal(screen.rows[0].started, 12.5, 'the row keeps the time of its Enter');
  assert.match(screen.rows[0].result, /10\.12\.2026/, 'the row names the due date');
  assert.deepEqual(screen.buttons, { slip: true, receipt: false }, 'the slip can be printed now');
});

test('in return mode a copy is returned even while a borrower is selected', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  desk.setMode('return');
  fake.calls.length = 0;
  fake.acted.length = 0;
  await desk.enter('KI-M-000013', 0);
  assert.deepEqual(fake.calls, [['deskAct', { code: 'KI-M-000013', mode: 'return', borrower_id: 8, course_end: null }]]);
  assert.deepEqual(fake.acted, [['checkin', { barcode: 'KI-M-000013', missing_parts: [] }]], 'F3 never lends');
  assert.equal(screen.rows[0].tone, 'ok');
  assert.deepEqual(desk.returned.map((l) => l.borrower_id), [8], 'the receipt goes to whoever brought it back');
});

test('with nobody selected a scanned copy is returned, not lent', async () => {
  const fake = fakeApi();
  const { desk } = await openDesk(fake);
  assert.equal(desk.mode, 'checkout');
  await desk.enter('KI-M-000013', 0);
  assert.deepEqual(fake.calls, [['deskAct', { code: 'KI-M-000013', mode: 'checkout', borrower_id: null, course_end: null }]]);
  assert.deepEqual(fake.acted.map(([name]) => name), ['checkin']);
});

test('while the shared database is not reached a scan is not sent and staff are told it was not booked', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  fake.calls.length = 0;
  desk.offline = true;
  await desk.enter('KI-M-000001', 0);
  assert.deepEqual(fake.calls, [], 'nothing is sent');
  assert.deepEqual(desk.lent, [], 'nothing is counted as lent');
  assert.equal(screen.last().tone, 'error');
  assert.match(screen.last().text, /KI-M-000001.*nicht gebucht/);
  desk.offline = false;
  await desk.enter('KI-M-000001', 0);
  assert.deepEqual(fake.calls, [['deskAct', { code: 'KI-M-000001', mode: 'checkout', borrower_id: 8, course_end: null }]], 'back online, the scan is sent');
});

test('in renew mode a copy is renewed, whoever has it', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  desk.key({ key: 'F4', ctrlKey: false, metaKey: false });
  fake.calls.length = 0;
  fake.acted.length = 0;
  await desk.enter('KI-M-000001', 0);
  assert.deepEqual(fake.calls, [['deskAct', { code: 'KI-M-000001', mode: 'renew', borrower_id: 8, course_end: null }]]);
  assert.deepEqual(fake.acted, [['renew', 'KI-M-000001']], 'F4 neither lends nor takes back');
  assert.equal(screen.last().tone, 'ok');
});

test('a refused loan is listed as an error and nothing is kept for the slip', async () => {
  const fake = fakeApi({
    checkout: () => {
      throw refusal('borrower_limit_reached');
    },
  });
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  assert.equal(screen.rows.at(-1).tone, 'error');
  assert.equal(screen.last().tone, 'error');
  assert.equal(screen.last().offer, undefined, 'only a copy out with someone else can be reserved');
  assert.deepEqual(desk.lent, []);
});

test('a code that is neither a card nor a barcode is refused', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  await desk.enter('XYZ', 0);
  assert.deepEqual(fake.names(), ['deskAct']);
  assert.deepEqual(fake.acted, [], 'nothing is done');
  assert.equal(screen.last().tone, 'error');
  assert.equal(
    screen.last().text,
    '„XYZ“ ist weder eine Ausweisnummer noch eine Inventarnummer. Bitte scannen Sie noch einmal oder suchen Sie nach dem Namen.',
    'the German text of the code, with the scanned code filled in',
  );
  assert.equal(desk.borrower, null);
});

test('an unknown code selects the one borrower offered for the typed name', async () => {
  const fake = fakeApi({ searchBorrowers: () => ({ total: 1, rows: [ANNA], next_card_number: '' }) });
  const { desk } = await openDesk(fake);
  assert.equal(desk.typed('Schmi'), true, 'a name is looked up');
  await desk.suggest('Schmi');
  await desk.enter('Schmi', 0);
  assert.deepEqual(fake.calls.slice(1).map(([n, a]) => [n, a]), [['deskAct', { code: 'Schmi', mode: 'checkout', borrower_id: null, course_end: null }], ['borrowerAtDesk', 1]]);
  assert.equal(desk.borrower?.borrower.id, 1);
});

test('the names offered while typing come in name order, not in the sort kept for the Ausleihende list', async () => {
  const fake = fakeApi({ searchBorrowers: () => ({ total: 1, rows: [ANNA], next_card_number: '' }) });
  const { desk } = await openDesk(fake);
  await desk.suggest('Schmi');
  const asked = fake.calls.find(([name]) => name === 'searchBorrowers');
  assert.deepEqual(asked?.slice(1), ['Schmi', 8, 0, 'name:asc']);
});

test('an unknown code with two borrowers offered selects nobody', async () => {
  const fake = fakeApi({ searchBorrowers: () => ({ total: 2, rows: [ANNA, FATIMA], next_card_number: '' }) });
  const { desk, screen } = await openDesk(fake);
  desk.typed('a');
  await desk.suggest('an');
  await desk.enter('an', 0);
  assert.equal(desk.borrower, null);
  assert.equal(screen.last().tone, 'error');
  assert.deepEqual(screen.suggestions, [], 'Enter closes the list');
});

test('Enter on a highlighted name picks that borrower without scanning', async () => {
  const fake = fakeApi({ searchBorrowers: () => ({ total: 2, rows: [ANNA, FATIMA], next_card_number: '' }) });
  const { desk, screen } = await openDesk(fake);
  await desk.suggest('a');
  assert.equal(desk.move(1), true);
  assert.equal(desk.move(1), true);
  assert.equal(desk.move(1), true, 'the last name stays highlighted');
  assert.equal(screen.highlighted, 1);
  assert.equal(desk.move(-1), true);
  assert.equal(desk.move(1), true);
  fake.calls.length = 0;
  await desk.enter('a', 0);
  assert.ok(!fake.names().includes('deskAct'), 'a picked name is no code');
  assert.equal(desk.borrower?.borrower.id, 8, 'the second name, Fatima');
  assert.deepEqual(screen.suggestions, []);
});

test('the arrow keys do nothing without names offered', async () => {
  const { desk } = await openDesk(fakeApi());
  assert.equal(desk.move(1), false);
  assert.equal(desk.highlighted, -1);
});

test('an answer to an outdated name look-up is dropped', async () => {
  let answer;
  const fake = fakeApi({ searchBorrowers: () => new Promise((resolve) => (answer = resolve)) });
  const { desk, screen } = await openDesk(fake);
  const lookup = desk.suggest('Anna');
  desk.typed('Anna 1');
  answer({ total: 1, rows: [ANNA], next_card_number: '' });
  await lookup;
  assert.deepEqual(screen.suggestions, [], 'the text changed meanwhile');
  assert.deepEqual(desk.suggested, []);
});

test('typing fast: each keystroke asks, and the answer to an older text that comes last is dropped', async () => {
  /** @type {Record<string, (page: any) => void>} */
  const answers = {};
  const fake = fakeApi({ searchBorrowers: (text) => new Promise((resolve) => (answers[text] = resolve)) });
  const { desk, screen } = await openDesk(fake);
  assert.equal(desk.typed('An'), true);
  const older = desk.suggest('An');
  assert.equal(desk.typed('Ann'), true);
  const newer = desk.suggest('Ann');
  assert.deepEqual(fake.calls.filter(([n]) => n === 'searchBorrowers').map(([, text]) => text), ['An', 'Ann'], 'no typing pause: both keystrokes asked');
  answers['Ann']({ total: 1, rows: [ANNA], next_card_number: '' });
  assert.equal(await newer, true, 'the newest answer is shown');
  answers['An']({ total: 2, rows: [ANNA, FATIMA], next_card_number: '' });
  assert.equal(await older, false, 'the older answer came last and is dropped');
  assert.deepEqual(screen.suggestions, [ANNA]);
  assert.deepEqual(desk.suggested, [ANNA]);
});

test('a name look-up answered after Enter offers no names', async () => {
  let answer = (/** @type {any} */ _page) => {};
  const fake = fakeApi({ searchBorrowers: () => new Promise((resolve) => (answer = resolve)) });
  const { desk, screen } = await openDesk(fake);
  const lookup = desk.suggest('Schmidt');
  await desk.enter('4001', 0);
  answer({ total: 1, rows: [ANNA], next_card_number: '' });
  assert.equal(await lookup, false);
  assert.deepEqual(screen.suggestions, []);
});

test('a code that is no name offers nobody, also while the scanner is typing it', () => {
  assert.equal(looksLikeName('12345'), false);
  assert.equal(looksLikeName('a'), false);
  for (const code of ['KI-M-000001', 'KI-A-000012', '978-3-12-676261-0', 'ABC.12/3']) {
    for (let end = 1; end <= code.length; end++) {
      assert.equal(looksLikeName(code.slice(0, end)), false, code.slice(0, end));
    }
  }
  assert.equal(looksLikeName('YILMAZ'), false, 'capitals only read as a code');
  for (const name of ['Şü', 'Schmi', 'yilmaz', 'محمد', 'ИВАНОВА', 'Diallo']) {
    assert.equal(looksLikeName(name), true, name);
  }
});

test('scanning a code key by key asks for no names', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  const code = 'KI-M-000001';
  for (let end = 1; end <= code.length; end++) {
    assert.equal(desk.typed(code.slice(0, end)), false);
  }
  await desk.enter(code, 0);
  assert.ok(!fake.names().includes('searchBorrowers'), 'no name look-up');
  assert.deepEqual(screen.suggestions, []);
});

test('a name look-up answered after a name was picked offers no names over it', async () => {
  let answer = (/** @type {any} */ _page) => {};
  const fake = fakeApi({ searchBorrowers: () => new Promise((resolve) => (answer = resolve)) });
  const { desk, screen } = await openDesk(fake);
  const lookup = desk.suggest('Anna');
  await desk.pick(ANNA);
  answer({ total: 2, rows: [ANNA, FATIMA], next_card_number: '' });
  assert.equal(await lookup, false);
  assert.deepEqual(screen.suggestions, []);
  assert.equal(desk.borrower?.borrower.id, ANNA.id);
});

test('overdue items ask for a reason, and the loan is tried again with it', async () => {
  let tries = 0;
  const fake = fakeApi({
    checkout: (request) => {
      if (tries++ === 0) throw refusal('borrower_has_overdue', { count: 2 });
      return loan(3, request.barcode);
    },
  });
  const { desk, screen } = await openDesk(fake, { reason: 'Kurs beginnt morgen' });
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  assert.deepEqual(screen.asked, [['reason', 'Diese Person hat überfällige Medien (2). Ausleihen nur mit Begründung.']]);
  // The first try inside the scan's one step, the second with the reason.
  const checkouts = [...fake.acted, ...fake.calls].filter(([n]) => n === 'checkout').map(([, r]) => r.override_reason);
  assert.deepEqual(checkouts, [null, 'Kurs beginnt morgen']);
  assert.equal(desk.lent.length, 1);
  assert.equal(screen.rows.length, 1, 'one row, for the loan');
});

test('a cancelled reason lends nothing and says so', async () => {
  const fake = fakeApi({
    checkout: () => {
      throw refusal('borrower_has_overdue', { count: 2 });
    },
  });
  const { desk, screen } = await openDesk(fake, { reason: null });
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  assert.equal([...fake.acted, ...fake.calls].filter(([n]) => n === 'checkout').length, 1);
  assert.equal(screen.last().tone, 'warn');
  assert.deepEqual(desk.lent, []);
  assert.equal(screen.rows.length, 0);
});

test("a copy on loan to someone else can be reserved from the feedback line", async () => {
  const fake = fakeApi({
    checkout: () => {
      throw refusal('copy_already_on_loan', { variant: 'unknown_due', barcode: 'KI-M-000118' });
    },
  });
  fake.codes.set('KI-M-000118', { type: 'copy', copy: copy('KI-M-000118', { loan: loan(9, 'KI-M-000118', { borrower_id: 3 }) }) });
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000118', 0);
  const offer = screen.last().offer;
  assert.equal(screen.last().tone, 'error');
  assert.equal(offer?.id, 'reserve-medium');
  assert.match(offer.label, /Fatima/);
  fake.calls.length = 0;
  await offer.run();
  assert.deepEqual(fake.calls[0], ['reserve', 42, 8], 'the medium, for Fatima');
  assert.equal(screen.last().tone, 'ok');
});

test('a copy already lent to the same borrower offers no reservation', async () => {
  const fake = fakeApi({
    checkout: () => {
      throw refusal('copy_already_on_loan', { variant: 'unknown_due', barcode: 'KI-M-000110' });
    },
  });
  fake.codes.set('KI-M-000110', { type: 'copy', copy: copy('KI-M-000110', { loan: loan(9, 'KI-M-000110', { borrower_id: 8 }) }) });
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000110', 0);
  assert.equal(screen.last().tone, 'error');
  assert.equal(screen.last().offer, undefined);
});

test('a kit is checked at return: the parts left unticked go with the return', async () => {
  const fake = fakeApi();
  const kit = copy('KI-M-000105', { kit_items: [{ name: 'Würfel', quantity: 2 }, { name: 'Spielgeld-Set', quantity: 1 }], loan: loan(4, 'KI-M-000105') });
  fake.codes.set('KI-M-000105', { type: 'copy', copy: kit });
  const { desk, screen } = await openDesk(fake, { kit: ['Spielgeld-Set'] });
  await desk.enter('KI-M-000105', 0);
  assert.deepEqual(screen.asked, [['kit', 'KI-M-000105']]);
  assert.deepEqual(fake.calls[1], ['checkin', { barcode: 'KI-M-000105', missing_parts: ['Spielgeld-Set'] }]);
  assert.match(screen.rows[0].result, /Spielgeld-Set/);
});

test('a cancelled kit check returns nothing', async () => {
  const fake = fakeApi();
  fake.codes.set('KI-M-000105', { type: 'copy', copy: copy('KI-M-000105', { kit_items: [{ name: 'Würfel', quantity: 2 }], loan: loan(4, 'KI-M-000105') }) });
  const { desk, screen } = await openDesk(fake, { kit: null });
  await desk.enter('KI-M-000105', 0);
  assert.ok(!fake.names().includes('checkin'));
  assert.equal(screen.last().tone, 'info');
});

test('a returned copy someone reserved is announced for the pickup shelf', async () => {
  const ready = { reservation_id: 2, borrower_id: 8, borrower_name: FATIMA.name, card_number: FATIMA.card_number, title: 'DTZ', barcode: 'KI-M-000013', pickup_by: '2026-11-19' };
  const fake = fakeApi({
    checkin: (request) => ({ loan: loan(90, request.barcode), borrower_id: 3, borrower_name: 'X', days_overdue: 0, reserved_for: ready }),
  });
  const { desk, screen } = await openDesk(fake);
  await desk.enter('KI-M-000013', 0);
  assert.deepEqual(screen.announced, [ready]);
  assert.equal(screen.rows[0].tone, 'warn');
  assert.equal(screen.last().tone, 'warn');
});

test('Esc ends the session, printing the slip first when that is set', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  desk.autoPrint = true;
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  await desk.enter('KI-M-000013', 0);
  fake.calls.length = 0;
  assert.equal(desk.key({ key: 'Escape', ctrlKey: false, metaKey: false }), true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(fake.calls[0], ['printLoanSlip', 8, [1, 2], 'open']);
  assert.equal(desk.borrower, null);
  assert.equal(screen.panel, null);
  assert.deepEqual(desk.lent, []);
});

test('scans are answered in the order they were made, also when the answers are slow', async () => {
  /** @type {(() => void)[]} */
  const held = [];
  const fake = fakeApi();
  const answer = fake.api.deskAct;
  // Every answer held back until released, the card's the longest.
  fake.api.deskAct = (request) => new Promise((resolve) => held.push(() => resolve(answer(request))));
  const { desk } = await openDesk(fake);
  const card = desk.enter(FATIMA.card_number, 0);
  const item = desk.enter('KI-M-000001', 0);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(held.length, 1, 'the copy waits for the card');
  held.shift()?.();
  await card;
  await new Promise((resolve) => setImmediate(resolve));
  held.shift()?.();
  await item;
  assert.deepEqual(
    fake.calls.filter(([n]) => n === 'deskAct').map(([, r]) => r.borrower_id),
    [null, 8],
    'the copy is scanned for the borrower the card selected',
  );
  assert.deepEqual(fake.acted.map(([n]) => n), ['checkout'], 'lent to her, not taken back');
});

test('a session that ends while the printing setting is still being read waits for it', async () => {
  const fake = fakeApi();
  const { desk } = await openDesk(fake);
  /** @type {(value: boolean) => void} */
  let answer = () => {};
  desk.autoPrint = new Promise((resolve) => {
    answer = resolve;
  });
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  fake.calls.length = 0;
  const ended = desk.endSession();
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(!fake.names().includes('printLoanSlip'), 'nothing printed before the setting is known');
  answer(true);
  await ended;
  assert.deepEqual(fake.calls[0], ['printLoanSlip', 8, [1], 'open']);
});

test('without automatic printing the session ends without a slip', async () => {
  const fake = fakeApi();
  const { desk } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  await desk.endSession();
  assert.ok(!fake.names().includes('printLoanSlip'));
});

test("the next borrower's card prints the previous borrower's slip, when set", async () => {
  const fake = fakeApi();
  const { desk } = await openDesk(fake);
  desk.autoPrint = true;
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  fake.calls.length = 0;
  await desk.enter(ANNA.card_number, 0);
  assert.deepEqual(fake.calls.slice(0, 2), [
    ['deskAct', { code: ANNA.card_number, mode: 'checkout', borrower_id: 8, course_end: null }],
    ['printLoanSlip', 8, [1], 'open'],
  ]);
  assert.equal(desk.borrower?.borrower.id, 1);
  assert.deepEqual(desk.lent, [], "Anna's session starts empty");
});

test('Ctrl+P prints the slip of what was lent in this session', async () => {
  const fake = fakeApi();
  const { desk } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  fake.calls.length = 0;
  assert.equal(desk.key({ key: 'p', ctrlKey: true, metaKey: false }), true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(fake.calls, [['printLoanSlip', 8, [1], 'open']]);
});

test('return receipts: one per borrower who brought something back', async () => {
  const fake = fakeApi();
  const { desk, screen } = await openDesk(fake);
  desk.returned = [loan(1, 'A', { borrower_id: 8 }), loan(2, 'B', { borrower_id: 1 }), loan(3, 'C', { borrower_id: 8 }), loan(4, 'D', { borrower_id: null })];
  await desk.printReceipts();
  assert.deepEqual(fake.calls, [
    ['printReturnReceipt', 8, [1, 3], 'open'],
    ['printReturnReceipt', 1, [2], 'open'],
  ]);
  assert.ok(screen.focused > 0, 'the cursor goes back to the scan field');
});

test('the function keys switch the mode; other keys are left alone', async () => {
  const { desk, screen } = await openDesk(fakeApi());
  assert.deepEqual(MODE_KEYS, { F2: 'checkout', F3: 'return', F4: 'renew' });
  assert.equal(desk.key({ key: 'F3', ctrlKey: false, metaKey: false }), true);
  assert.equal(desk.mode, 'return');
  assert.equal(screen.modes.at(-1), 'return');
  assert.equal(desk.key({ key: 'Escape', ctrlKey: false, metaKey: false }), false, 'Esc with nobody selected');
  assert.equal(desk.key({ key: 'x', ctrlKey: false, metaKey: false }), false);
});

test('a blocked borrower is selected with an error, one with overdue items with a warning', async () => {
  const fake = fakeApi({
    borrowerAtDesk: (id) => ({
      borrower: id === 8 ? { ...FATIMA, blocked_reason: 'Ausweis fehlt' } : ANNA,
      loans: [],
      overdue: id === 1 ? 2 : 0,
      limit: 5,
      reservations: [],
      today: '2026-11-12',
    }),
  });
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  assert.equal(screen.last().tone, 'error');
  assert.match(screen.last().text, /Ausweis fehlt/);
  await desk.enter(ANNA.card_number, 0);
  assert.equal(screen.last().tone, 'warn');
});

test('the desk shown again keeps its borrower and mode and reads the panel again', async () => {
  const fake = fakeApi();
  const { desk } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KI-M-000001', 0);
  desk.setMode('renew');
  fake.calls.length = 0;
  const again = fakeScreen();
  await desk.open(again);
  assert.deepEqual(fake.calls, [['borrowerAtDesk', 8]]);
  assert.equal(again.panel?.borrower.id, 8);
  assert.equal(again.modes[0], 'renew', 'the mode is drawn first');
  assert.equal(desk.mode, 'checkout', 'selecting the borrower again means lending');
});

test('a panel read for another PC\'s change never brings back a borrower the desk moved on from', async () => {
  // The shared database tells the desk of a change while Fatima is open;
  // the answer comes late, after staff scanned Anna's card.
  let answer;
  const late = new Promise((resolve) => (answer = resolve));
  let slow = false;
  const fake = fakeApi({
    borrowerAtDesk: (id) => {
      const panel = { borrower: [FATIMA, ANNA].find((b) => b.id === id), loans: [], overdue: 0, limit: 5, reservations: [], today: '2026-11-12' };
      if (slow && id === FATIMA.id) {
        slow = false;
        return late.then(() => panel);
      }
      return panel;
    },
  });
  const { desk, screen } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  assert.equal(desk.borrower?.borrower.id, FATIMA.id);
  // Directly (not through the queue): the guard alone must drop the answer.
  slow = true;
  const stale = desk.refreshPanel();
  await desk.enter(ANNA.card_number, 0);
  assert.equal(desk.borrower?.borrower.id, ANNA.id, 'Anna is at the desk');
  answer();
  await stale;
  assert.equal(desk.borrower?.borrower.id, ANNA.id, 'the late answer about Fatima is dropped');
  assert.equal(screen.panel?.borrower.id, ANNA.id, 'and her panel stays');
  // Through the queue: a refresh asked for now runs after the scans made before it.
  const queued = desk.refreshFromElsewhere();
  await desk.enter(FATIMA.card_number, 0);
  await queued;
  assert.equal(desk.borrower?.borrower.id, FATIMA.id, 'the card scanned last decides');
});

test('a count and * before a scan ask for a class set, anything else is a plain code', () => {
  assert.deepEqual(classSetCode('12*KI-M-000005'), { count: 12, code: 'KI-M-000005' });
  assert.deepEqual(classSetCode(' 8 × ki-m-000005 '), { count: 8, code: 'ki-m-000005' });
  for (const plain of ['KI-M-000005', '12', '*KI-M-1', '12*', '978-3-12-676261-0', 'Schmidt']) {
    assert.equal(classSetCode(plain), null, plain);
  }
});

test('a class set is lent after the card: one row per copy, the copies to hand out named', async () => {
  const lent = [];
  const fake = fakeApi({
    lendClassSet: (request) => {
      lent.push(request);
      const loans = ['KI-M-000005', 'KI-M-000001', 'KI-M-000002'].map((barcode, i) =>
        loan(40 + i, barcode, { borrower_id: request.borrower_id, set_id: 3, set_kind: 'klassensatz' }),
      );
      return { set: { set_id: 3, name: '3 × Titel', total: 3, returned: 0, missing: loans.map((l) => l.barcode) }, loans };
    },
  });
  const { desk, screen } = await openDesk(fake);
  await desk.enter('3*KI-M-000005', 0);
  assert.equal(lent.length, 0, 'nobody selected: nothing asked');
  assert.equal(screen.last().tone, 'error');
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('3*KI-M-000005', 0);
  assert.deepEqual(lent, [{ borrower_id: 8, barcode: 'KI-M-000005', count: 3, override_reason: null, course_end: null }]);
  assert.equal(screen.rows.length, 3);
  assert.match(screen.last().text, /KI-M-000005, KI-M-000001, KI-M-000002/);
  assert.equal(desk.lent.length, 3, 'on the slip');
});

test('a course end picked for a borrower goes with each scan and is forgotten with the borrower', async () => {
  const fake = fakeApi();
  const { desk } = await openDesk(fake);
  await desk.enter(FATIMA.card_number, 0);
  desk.courseEnd = '2027-01-29';
  await desk.enter('KI-M-000001', 0);
  assert.equal(fake.calls.at(-1)[1].course_end, '2027-01-29');
  await desk.enter(ANNA.card_number, 0);
  assert.equal(desk.courseEnd, null, 'another borrower starts with the loan period');
  await desk.enter('KI-M-000013', 0);
  assert.equal(fake.calls.at(-1)[1].course_end, null);
});

test('a package card with a part missing asks first, then lends the rest as staff chose', async () => {
  const pkg = { id: 1, code: 'KP-0001', name: 'Linie 1 A2', note: '', parts: [] };
  const missing = [{ medium_id: 7, title: 'Audio-CD', wanted: 1, on_shelf: 0, reserved: false }];
  const lendCalls = [];
  const fake = fakeApi();
  const api = {
    ...fake.api,
    deskAct: async (request) =>
      request.code === 'KP-0001'
        ? { type: 'package', outcome: { status: 'incomplete', package: pkg, missing }, panel: null }
        : fake.api.deskAct(request),
    lendPackage: async (request) => {
      lendCalls.push(request);
      return { status: 'lent', package: pkg, loans: [loan(50, 'K-1', { borrower_id: 8 }), loan(51, 'A-1', { borrower_id: 8 })], missing: missing.map((m) => ({ ...m, reserved: true })) };
    },
  };
  const desk = new Desk(api);
  const screen = fakeScreen({ package: 'lend_rest_and_reserve' });
  await desk.open(screen);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KP-0001', 0);
  assert.deepEqual(screen.asked.at(-1), ['package', 'Linie 1 A2', ['Audio-CD']], 'the missing part is named');
  assert.deepEqual(lendCalls, [{ borrower_id: 8, package_id: 1, when_missing: 'lend_rest_and_reserve', override_reason: null, course_end: null }]);
  assert.equal(screen.rows.length, 2, 'a row per copy lent');
  assert.equal(desk.lent.length, 2, 'on the slip');
  assert.equal(screen.last().tone, 'warn');
  assert.match(screen.last().text, /Audio-CD/);
});

test('a package card answered "nothing" lends nothing', async () => {
  const pkg = { id: 1, code: 'KP-0001', name: 'Linie 1 A2', note: '', parts: [] };
  const fake = fakeApi();
  let lent = 0;
  const api = {
    ...fake.api,
    deskAct: async (request) =>
      request.code === 'KP-0001'
        ? { type: 'package', outcome: { status: 'incomplete', package: pkg, missing: [{ medium_id: 7, title: 'Audio-CD', wanted: 1, on_shelf: 0, reserved: false }] }, panel: null }
        : fake.api.deskAct(request),
    lendPackage: async () => {
      lent++;
      return null;
    },
  };
  const desk = new Desk(api);
  const screen = fakeScreen({});
  await desk.open(screen);
  await desk.enter(FATIMA.card_number, 0);
  await desk.enter('KP-0001', 0);
  assert.equal(lent, 0);
  assert.equal(screen.rows.length, 0);
  assert.equal(screen.last().tone, 'warn');
});
