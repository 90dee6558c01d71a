// Paging through the media list (ui/logic/paging.js).
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Paging } from '../../ui/logic/paging.js';

/** A page of a list of more than 1,000 hits, newest first: ids from `first` down. */
const newest = (/** @type {number} */ first) => ({ more: true, rows: Array.from({ length: 50 }, (_, i) => ({ id: first - i })) });
/** A page of a sorted list (up to 1,000 hits). */
const sorted = { more: false, rows: [{ id: 7 }, { id: 3 }] };

test('a list of more hits pages on after the last row shown and back to where each page began', () => {
  const paging = new Paging();
  assert.deepEqual([paging.offset, paging.before], [0, null]);
  assert.ok(paging.turn(paging.state, 50, newest(5000)));
  assert.deepEqual([paging.offset, paging.before], [50, 4951], 'page 2 starts after page 1 ends');
  assert.ok(paging.turn(paging.state, 100, newest(4950)));
  assert.deepEqual([paging.offset, paging.before], [100, 4901]);
  assert.ok(paging.turn(paging.state, 50, newest(4900)));
  assert.deepEqual([paging.offset, paging.before], [50, 4951], 'back: where page 2 began');
  assert.ok(paging.turn(paging.state, 0, newest(4950)));
  assert.deepEqual([paging.offset, paging.before], [0, null], 'back: the newest again');
});

test('a sorted list pages by offset alone', () => {
  const paging = new Paging();
  assert.ok(paging.turn(paging.state, 50, sorted));
  assert.deepEqual([paging.offset, paging.before], [50, null]);
  assert.ok(paging.turn(paging.state, 0, sorted));
  assert.deepEqual([paging.offset, paging.before], [0, null]);
});

test('a second click on the same pager before its page came does nothing', () => {
  const paging = new Paging();
  const drawn = paging.state;
  assert.ok(paging.turn(drawn, 50, newest(5000)));
  assert.equal(paging.turn(drawn, 50, newest(5000)), false, 'a double click on Weiter');
  assert.deepEqual([paging.offset, paging.before], [50, 4951]);
  const second = paging.state;
  assert.ok(paging.turn(second, 100, newest(4950)));
  const third = paging.state;
  assert.ok(paging.turn(third, 50, newest(4900)));
  assert.equal(paging.turn(third, 50, newest(4900)), false, 'a double click on Zurück');
  assert.deepEqual([paging.offset, paging.before], [50, 4951], 'still page 2, not page 1 labelled as 2');
});

test('a new search starts at the first page and the old list\'s pager does nothing', () => {
  const paging = new Paging();
  const old = paging.state;
  paging.fromStart();
  assert.equal(paging.turn(old, 50, newest(5000)), false, 'Weiter under the old list after typing');
  assert.deepEqual([paging.offset, paging.before], [0, null]);
  assert.ok(paging.turn(paging.state, 50, newest(5000)));
  assert.ok(paging.turn(paging.state, 100, newest(4950)));
  paging.fromStart();
  assert.deepEqual([paging.offset, paging.before], [0, null]);
  assert.ok(paging.turn(paging.state, 50, newest(800)));
  assert.equal(paging.before, 751, 'no start of the earlier search is left');
  assert.ok(paging.turn(paging.state, 0, newest(750)));
  assert.deepEqual([paging.offset, paging.before], [0, null]);
});

test('a page that could not be read leaves the shown page and its pager working', () => {
  const paging = new Paging();
  assert.ok(paging.turn(paging.state, 50, newest(5000)));
  paging.done();
  const drawn = paging.state;
  assert.ok(paging.turn(drawn, 100, newest(4950)));
  paging.undo();
  assert.deepEqual([paging.offset, paging.before], [50, 4951], 'back on page 2');
  assert.ok(paging.turn(drawn, 100, newest(4950)), 'the pager of page 2 turns again');
  paging.done();
  assert.deepEqual([paging.offset, paging.before], [100, 4901]);
  assert.ok(paging.turn(paging.state, 50, newest(4900)));
  paging.done();
  assert.deepEqual([paging.offset, paging.before], [50, 4951], 'Zurück after the retry');
  paging.undo();
  assert.deepEqual([paging.offset, paging.before], [50, 4951], 'nothing to undo once a page was drawn');
});

test('a failed page is not undone over a new search', () => {
  const paging = new Paging();
  assert.ok(paging.turn(paging.state, 50, newest(5000)));
  paging.fromStart();
  paging.undo();
  assert.deepEqual([paging.offset, paging.before], [0, null]);
});
