// The start's status is asked while the page is parsed (ui/early.js, a
// classic script before the stylesheet and the modules) and taken once by
// api.startStatus, with a refusal turned into a CommandError as for every
// command; later questions go to the core again.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');
const earlyScript = new vm.Script(readFileSync(join(ui, 'early.js'), 'utf8'), { filename: 'early.js' });

/** The commands the page sent. @type {string[]} */
const sent = [];
/** What the next app_status answers: a status, or a refusal to throw. @type {{ status?: any, refusal?: any }} */
let next = { status: { asked: 'now' } };
globalThis.window = /** @type {any} */ ({
  __TAURI__: {
    core: {
      /** @param {string} command */
      invoke: async (command) => {
        sent.push(command);
        if (next.refusal) throw next.refusal;
        return next.status;
      },
    },
  },
});
const api = await import('../../ui/api.js');

/** Runs ui/early.js as the page does, on the window above. */
function runEarly() {
  earlyScript.runInNewContext({ window: globalThis.window });
}

test('index.html runs early.js before the stylesheet and the modules', () => {
  const html = readFileSync(join(ui, 'index.html'), 'utf8');
  const early = html.indexOf('<script src="early.js"></script>');
  assert.ok(early > 0, 'early.js is a classic script of the page');
  for (const later of ['<link rel="stylesheet"', '<script type="module" src="app.js">', 'rel="modulepreload"']) {
    assert.ok(early < html.indexOf(later), `before ${later}`);
  }
});

test('early.js asks once; the answer is taken once, later questions go to the core', async () => {
  sent.length = 0;
  next = { status: { asked: 'early' } };
  runEarly();
  assert.deepEqual(sent, ['app_status'], 'asked while the page is parsed');
  next = { status: { asked: 'now' } };
  assert.deepEqual(await api.startStatus(), { asked: 'early' });
  assert.deepEqual(sent, ['app_status'], 'the early answer was used, nothing asked again');
  // Taken: the next start status (a redraw) asks the core.
  assert.deepEqual(await api.startStatus(), { asked: 'now' });
  assert.deepEqual(sent, ['app_status', 'app_status']);
});

test('a refusal of the early question is a CommandError, and no unhandled rejection before app.js takes it', async () => {
  /** @type {unknown[]} */
  const unhandled = [];
  const onUnhandled = (/** @type {unknown} */ reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const refusal = { code: 'database_unreadable', field: null, params: {} };
    next = { refusal };
    runEarly();
    // Time for a rejection nobody handles to be reported.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(unhandled, []);
    await assert.rejects(api.startStatus(), (error) => error === refusal);

    next = { refusal: new Error('the bridge failed') };
    runEarly();
    await assert.rejects(api.startStatus(), { code: 'internal' });
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('without the bridge early.js asks nothing and app.js asks the core itself', async () => {
  const bridge = globalThis.window.__TAURI__;
  sent.length = 0;
  next = { status: { asked: 'now' } };
  globalThis.window.__TAURI__ = undefined;
  try {
    runEarly();
  } finally {
    globalThis.window.__TAURI__ = bridge;
  }
  assert.equal(globalThis.window.kizStartStatus, undefined);
  assert.deepEqual(await api.startStatus(), { asked: 'now' });
  assert.deepEqual(sent, ['app_status']);
});
