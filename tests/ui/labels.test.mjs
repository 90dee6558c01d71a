// Codes put in the order of their labels (ui/i18n/index.js, inLabelOrder):
// the borrower kinds as the list's kind column sorts them. The orders are
// the ones tests/lists.rs gives the core (KINDS_GERMAN, KINDS_ENGLISH).
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inLabelOrder, setLanguage } from '../../ui/i18n/index.js';

const KINDS = ['hauptamtlich', 'organisation', 'sonstige', 'ehrenamtlich'];

test('borrower kinds in German sort by their German labels', async () => {
  await setLanguage('de');
  assert.deepEqual(inLabelOrder(KINDS, 'borrowerKinds'), ['ehrenamtlich', 'hauptamtlich', 'organisation', 'sonstige'],
    'ehrenamtliche Lehrkraft, hauptamtliche Lehrkraft, Organisation, Sonstige');
});

test('borrower kinds in English sort by their English labels, whatever their codes', async () => {
  await setLanguage('en');
  assert.deepEqual(inLabelOrder(KINDS, 'borrowerKinds'), ['organisation', 'sonstige', 'hauptamtlich', 'ehrenamtlich'],
    'Organisation, Other, paid teacher, volunteer teacher (case ignored)');
  await setLanguage('de');
});

test('the codes given are not reordered in place', () => {
  const codes = ['sonstige', 'ehrenamtlich'];
  inLabelOrder(codes, 'borrowerKinds');
  assert.deepEqual(codes, ['sonstige', 'ehrenamtlich']);
});
