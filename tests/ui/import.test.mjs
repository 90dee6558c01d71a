// What the import wizard says for each row of a dry run or an import
// (ui/logic/import.js), in German and English: a refusal names its row and
// column, duplicates name the earlier row or the stored record.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLanguage } from '../../ui/i18n/index.js';
import { rowNote, summary } from '../../ui/logic/import.js';

/** A row of a report as the core sends it. */
function row(extra) {
  return { row: 9, action: 'create', label: 'Çiçek', copy_of_row: null, copy_of_stored: null, duplicate: null, problem: null, values: [], ...extra };
}

const badDate = row({
  action: 'refuse',
  problem: {
    code: 'import_unreadable',
    field: 'acquired_on',
    params: { variant: 'date', field: 'acquired_on', value: '31.02.2024' },
    column: 'Anschaffung',
  },
});

test('a refused row names its row, its column and what is wrong, in German and English', async () => {
  await setLanguage('de');
  assert.equal(
    rowNote(badDate),
    'Zeile 9, Spalte „Anschaffung“: „31.02.2024“ ist kein Datum, das sich lesen lässt (zum Beispiel 1.2.2024, 01.02.24 oder 2024-02-01).',
  );
  await setLanguage('en');
  assert.equal(
    rowNote(badDate),
    'Row 9, column “Anschaffung”: “31.02.2024” is not a date that can be read (for example 1.2.2024, 01.02.24 or 2024-02-01).',
  );
  await setLanguage('de');
});

test('a refusal without a column names the row only', async () => {
  await setLanguage('de');
  const note = rowNote(row({ action: 'refuse', problem: { code: 'consent_required', field: 'consent', params: {}, column: null } }));
  assert.match(note, /^Zeile 9: Ohne Einwilligung/);
});

test('duplicates name the earlier row or the stored record, and a further copy its first row', async () => {
  await setLanguage('de');
  assert.equal(rowNote(row({ action: 'skip', duplicate: { row: 6, label: 'Linie 1 A2', by: 'barcode' } })), 'doppelt: wie Zeile 6 (gleiche Inventarnummer)');
  assert.equal(
    rowNote(row({ action: 'update', duplicate: { row: null, label: 'Schritte plus Neu 1', by: 'isbn' } })),
    'doppelt: „Schritte plus Neu 1“ ist schon gespeichert (gleiche ISBN)',
  );
  assert.equal(rowNote(row({ copy_of_row: 3 })), 'weiteres Exemplar zu Zeile 3');
  assert.equal(rowNote(row({ copy_of_stored: 'Linie 1 A2' })), 'weiteres Exemplar zu „Linie 1 A2“ (schon gespeichert)');
  assert.equal(rowNote(row({})), '');
});

test('the summary counts what was created, updated, skipped and refused', async () => {
  await setLanguage('de');
  assert.equal(summary({ rows: [], created: 3, updated: 0, skipped: 1, refused: 2, stored: false }), '3 neu, 0 aktualisiert, 1 übersprungen, 2 abgelehnt');
  await setLanguage('en');
  assert.equal(summary({ rows: [], created: 3, updated: 0, skipped: 1, refused: 2, stored: false }), '3 new, 0 updated, 1 skipped, 2 refused');
  await setLanguage('de');
});
