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
const { reloadOnChange, followingCount, forgetLeftPages } = await import('../../ui/components/live.js');

/** An element that is on the page until `leave` is called. */
function shown() {
  const element = { isConnected: true, leave() { this.isConnected = false; } };
  return element;
}

/** An element a page registers before it puts it on the page (`draw`). */
function notYetDrawn() {
  const element = { isConnected: false, draw() { this.isConnected = true; }, leave() { this.isConnected = false; } };
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
  const desk = shown();
  reloadOnChange(/** @type {any} */ (desk), ['loan'], () => calls.push('desk'));
  notice(['*']);
  assert.deepEqual(calls, ['catalogue', 'catalogue', 'desk'], 'after a reconnection every page reads again');
  desk.leave();
  catalogue.leave();
  notice(['copy', 'loan']);
  assert.deepEqual(calls, ['catalogue', 'catalogue', 'desk'], 'a page that left is not read again');
  assert.equal(followingCount(), 0);
});

test('without any notice, the pages that left are forgotten when the app shows another route', () => {
  const before = followingCount();
  let page = null;
  for (let i = 0; i < 50; i += 1) {
    // As ui/app.js does: the shown page is replaced, then the route's
    // view registers while it draws, then puts its elements on the page.
    page?.leave();
    forgetLeftPages();
    page = notYetDrawn();
    reloadOnChange(/** @type {any} */ (page), ['loan'], () => {});
    page.draw();
  }
  assert.equal(followingCount(), before + 1, 'fifty pages opened one after another: only the one shown follows');
  page.leave();
  forgetLeftPages();
  assert.equal(followingCount(), before);
});

test('a page that registers twice before it is drawn gets both readings', async () => {
  // The workshop page: its list and its head follow the same element,
  // both registered before the page is put on the screen.
  const body = notYetDrawn();
  const calls = [];
  reloadOnChange(/** @type {any} */ (body), ['registration', 'participant'], () => calls.push('list'));
  reloadOnChange(/** @type {any} */ (body), ['workshop', 'registration'], () => calls.push('head'));
  body.draw();
  notice(['registration']);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(calls.sort(), ['head', 'list']);
  body.leave();
  forgetLeftPages();
});

test('a page whose reading fails does not keep the others from reading', async () => {
  const failing = shown();
  const other = shown();
  const calls = [];
  reloadOnChange(/** @type {any} */ (failing), ['loan'], () => { throw new Error('kaputt'); });
  reloadOnChange(/** @type {any} */ (other), ['loan'], () => calls.push('other'));
  notice(['loan']);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(calls, ['other']);
  failing.leave();
  other.leave();
  forgetLeftPages();
});
