// The live view's bookkeeping without a window (ui/components/live.js): a
// page that left stops following changes, even on a PC with its own file,
// where no change notice ever comes to remove it.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

// What the module needs of a window: a document to listen on and a bridge
// object (ui/api.js reads it when loaded; nothing here calls it).
globalThis.document = /** @type {any} */ (new EventTarget());
globalThis.window = /** @type {any} */ ({ __TAURI__: {} });
globalThis.CustomEvent ??= class extends Event {
  constructor(type, init) {
    super(type);
    this.detail = init?.detail;
  }
};
const { reloadOnChange, followingCount } = await import('../../ui/components/live.js');

/** An element that is on the page until `leave` is called. */
function shown() {
  const element = { isConnected: true, leave() { this.isConnected = false; } };
  return element;
}

function notice(tables) {
  document.dispatchEvent(new CustomEvent('kiz:data-changed', { detail: tables }));
}

test('a page follows its own tables only, and stops once it left the page', async () => {
  const catalogue = shown();
  const calls = [];
  reloadOnChange(/** @type {any} */ (catalogue), ['medium', 'copy'], () => calls.push('catalogue'));
  notice(['borrower']);
  assert.deepEqual(calls, [], 'another table: nothing read again');
  notice(['copy']);
  assert.deepEqual(calls, ['catalogue']);
  notice(['*']);
  assert.deepEqual(calls, ['catalogue', 'catalogue'], 'after a reconnection every page reads again');
  catalogue.leave();
  notice(['copy']);
  assert.deepEqual(calls, ['catalogue', 'catalogue'], 'a page that left is not read again');
  assert.equal(followingCount(), 0);
});

test('without any notice, pages that left are forgotten when the next one is shown', () => {
  const before = followingCount();
  const pages = [];
  for (let i = 0; i < 50; i += 1) {
    for (const page of pages) page.leave();
    const page = shown();
    pages.push(page);
    reloadOnChange(/** @type {any} */ (page), ['loan'], () => {});
  }
  assert.equal(followingCount(), before + 1, 'fifty pages opened one after another: only the one shown follows');
});
