// The Berichte page's logic without a window (ui/logic/reports.js): the
// period kept in the hash, how it is written out, and the change against
// the year before.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import de from '../../ui/i18n/de.js';
import {
  choiceFromHash, choiceName, choiceToHash, defaultChoice, formatChange, formatCount,
  monthName, periodDays, schoolYearName, schoolYearOf,
} from '../../ui/logic/reports.js';

/** The German texts, as t() fills them. */
const t = (/** @type {string} */ key, /** @type {Record<string, string | number>} */ params = {}) => {
  const text = key.split('.').reduce((node, part) => node?.[part], /** @type {any} */ (de));
  assert.equal(typeof text, 'string', `de.js has ${key}`);
  return text.replace(/\{(\w+)\}/g, (/** @type {string} */ _, /** @type {string} */ name) => String(params[name]));
};

test('the change says plus or minus, the amount and the percentage of the year before', () => {
  assert.equal(formatChange(15, 12, 'de-DE', t), '+3 (+25 %)');
  assert.equal(formatChange(9, 12, 'de-DE', t), '−3 (−25 %)');
  assert.equal(formatChange(12, 12, 'de-DE', t), '±0 (0 %)');
  assert.equal(formatChange(2, 3, 'de-DE', t), '−1 (−33 %)', 'rounded to whole per cent');
  assert.equal(formatChange(2468, 1234, 'de-DE', t), '+1.234 (+100 %)', 'thousands grouped German-style');
});

test('no percentage when the year before had none', () => {
  assert.equal(formatChange(5, 0, 'de-DE', t), '+5', 'a percentage of nothing is no number');
  assert.equal(formatChange(0, 0, 'de-DE', t), '±0');
});

test('a rate changes by percentage points, and a missing figure has no change', () => {
  assert.equal(formatChange(80, 75, 'de-DE', t, true), '+5 Pp.');
  assert.equal(formatChange(null, 75, 'de-DE', t, true), '–');
  assert.equal(formatChange(3, null, 'de-DE', t), '–');
});

test('counts are grouped by thousands as the language writes them', () => {
  assert.equal(formatCount(1234, 'de-DE'), '1.234');
  assert.equal(formatCount(1234567, 'de-DE'), '1.234.567');
  assert.equal(formatCount(1234, 'en-GB'), '1,234');
  assert.equal(formatCount(0, 'de-DE'), '0');
});

test('without a choice the page shows the last complete calendar year', () => {
  assert.deepEqual(defaultChoice('2026-11-12'), { kind: 'year', year: 2025 });
  assert.deepEqual(defaultChoice('2027-01-01'), { kind: 'year', year: 2026 });
});

test('the school year begins on 1 August', () => {
  assert.equal(schoolYearOf('2026-07-31'), 2025);
  assert.equal(schoolYearOf('2026-08-01'), 2026);
  assert.equal(schoolYearOf('2026-01-15'), 2025);
  assert.equal(schoolYearName(2025), '2025/26');
  assert.equal(schoolYearName(2099), '2099/00');
});

test('every kind of period survives the hash and a foreign hash is no period', () => {
  for (const choice of /** @type {import('../../ui/api.js').PeriodChoice[]} */ ([
    { kind: 'year', year: 2025 },
    { kind: 'quarter', year: 2026, quarter: 4 },
    { kind: 'school_half', school_year: 2025, half: 2 },
    { kind: 'range', from: '2026-03-01', to: '2026-04-15' },
  ])) {
    assert.deepEqual(choiceFromHash(choiceToHash(choice)), choice, choiceToHash(choice));
  }
  assert.equal(choiceToHash({ kind: 'range', from: '2026-03-01', to: '2026-04-15' }), 'range-2026-03-01-2026-04-15');
  for (const text of [undefined, '', 'year-25', 'quarter-2026-5', 'half-2025-3', 'range-2026-03-01', 'new']) {
    assert.equal(choiceFromHash(text), null, String(text));
  }
});

test('the period and its kind are written out in German words', () => {
  assert.equal(choiceName({ kind: 'year', year: 2025 }, t), 'Kalenderjahr 2025');
  assert.equal(choiceName({ kind: 'quarter', year: 2026, quarter: 2 }, t), '2. Quartal 2026');
  assert.equal(choiceName({ kind: 'school_half', school_year: 2025, half: 1 }, t), '1. Schulhalbjahr 2025/26');
  assert.equal(choiceName({ kind: 'range', from: '2026-03-01', to: '2026-04-15' }, t), 'Zeitraum');
  assert.equal(periodDays({ first: '2025-08-01', last: '2026-01-31' }, t), '01.08.2025 bis 31.01.2026');
});

test('a month of the monthly lines reads as month/year', () => {
  assert.equal(monthName('2026-03'), '03/2026');
  assert.equal(monthName(''), '', 'no month stays empty (the page says "ohne Angabe")');
});
