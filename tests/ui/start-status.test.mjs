// The start's status is asked while the page is parsed (ui/early.js, a
// classic script before the modules) and taken once by api.startStatus,
// with a refusal turned into a CommandError as for every command; later
// questions go to the core again.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');

/** The commands the page sent. @type {string[]} */
const sent = [];
globalThis.window = /** @type {any} */ ({
  __TAURI__: {
    core: {
      /** @param {string} command */
      invoke: async (command) => {
        sent.push(command);
        return { asked: 'now' };
      },
    },
  },
});
const api = await import('../../ui/api.js');

test('index.html runs early.js before the modules, and early.js asks for app_status', () => {
  const html = readFileSync(join(ui, 'index.html'), 'utf8');
  const early = html.indexOf('<script src="early.js"></script>');
  assert.ok(early > 0, 'early.js is a classic script of the page');
  assert.ok(early < html.indexOf('<script type="module" src="app.js">'), 'before app.js');
  assert.ok(early < html.indexOf('rel="modulepreload"'), 'before the preloaded modules');
  assert.match(readFileSync(join(ui, 'early.js'), 'utf8'), /invoke\('app_status'\)/);
});

test('the early answer is taken once; a refusal is a CommandError', async () => {
  window.kizStartStatus = Promise.resolve({ asked: 'early' });
  assert.deepEqual(await api.startStatus(), { asked: 'early' });
  assert.deepEqual(sent, [], 'the early answer was used, nothing asked again');
  // Taken: the next start status (a redraw) asks the core.
  assert.deepEqual(await api.startStatus(), { asked: 'now' });
  assert.deepEqual(sent, ['app_status']);

  const refusal = { code: 'database_newer', field: null, params: {} };
  window.kizStartStatus = Promise.reject(refusal);
  await assert.rejects(api.startStatus(), (error) => error === refusal);
  window.kizStartStatus = Promise.reject(new Error('the bridge failed'));
  await assert.rejects(api.startStatus(), { code: 'internal' });
});
