// The English dictionary is loaded when English is first chosen, not at a
// German start (ui/i18n/index.js); until then, and for a language the app
// does not have, every text is German.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorText, language, setLanguage, t } from '../../ui/i18n/index.js';

test('texts are German until English is chosen, and English once it is loaded', async () => {
  assert.equal(language(), 'de');
  assert.equal(t('nav.settings'), 'Einstellungen');
  // English not loaded yet: an error asked for in English reads in German.
  const locked = { code: 'database_locked', params: { path: 'C:\\KIZ\\kiz-desk.sqlite' } };
  assert.match(errorText(locked, 'en'), /^Die Datenbank C:\\KIZ\\kiz-desk\.sqlite wird gerade/);
  // German through and through, its numbers too.
  const long = { code: 'too_long', field: 'description', params: { field: 'description', max: 5000 } };
  assert.match(errorText(long, 'en'), /höchstens 5\.000 Zeichen/);
  const switching = setLanguage('en');
  // The switch takes effect when the dictionary is there, not before.
  assert.equal(t('nav.settings'), 'Einstellungen');
  await switching;
  assert.equal(language(), 'en');
  assert.equal(t('nav.settings'), 'Settings');
  assert.match(errorText(locked), /^The database C:\\KIZ\\kiz-desk\.sqlite /);
  assert.match(errorText(long), /5,000 characters/);
  await setLanguage('de');
  assert.equal(t('nav.settings'), 'Einstellungen');
});

test('a language the app does not have falls back to German', async () => {
  await setLanguage(/** @type {any} */ ('fr'));
  assert.equal(language(), 'de');
  assert.equal(t('nav.settings'), 'Einstellungen');
});
