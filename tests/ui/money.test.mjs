// Prices as staff type them (ui/logic/money.js).
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centsToInput, parseEuro } from '../../ui/logic/money.js';

test('a German price becomes whole cents', () => {
  assert.equal(parseEuro('12,50'), 1250);
  assert.equal(parseEuro(' 12,5 € '), 1250);
  assert.equal(parseEuro('12.50'), 1250, 'a point as decimal point');
  assert.equal(parseEuro('24'), 2400);
  assert.equal(parseEuro('0,07'), 7);
  assert.equal(parseEuro('1.250'), 125000, 'thousands point');
  assert.equal(parseEuro('1.250,99'), 125099);
  assert.equal(parseEuro('19,99'), 1999, 'no float rounding');
});

test('an empty field is no price and nonsense is no number', () => {
  assert.equal(parseEuro(''), null);
  assert.equal(parseEuro('  '), null);
  for (const bad of ['zwölf', '12,505', '1,2,3', '12.5.0', ',50']) {
    assert.ok(Number.isNaN(parseEuro(bad)), bad);
  }
});

test('a minus is read so the core can refuse it with its message', () => {
  assert.equal(parseEuro('-3,00'), -300);
});

test('cents go back into a field in German', () => {
  assert.equal(centsToInput(1250), '12,50');
  assert.equal(centsToInput(7), '0,07');
  assert.equal(centsToInput(null), '');
});
