// Switching languages quickly (English asked for, then German before the
// English dictionary has loaded): the later choice stays, so the window
// never ends in a language other than the one stored last
// (ui/i18n/index.js). A file of its own: English must not be loaded yet.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { language, setLanguage, t } from '../../ui/i18n/index.js';

test('German chosen while English still loads stays German', async () => {
  const english = setLanguage('en');
  await setLanguage('de');
  await english;
  assert.equal(language(), 'de');
  assert.equal(t('nav.settings'), 'Einstellungen');
  // Chosen again, English comes at once (its dictionary is loaded now).
  await setLanguage('en');
  assert.equal(t('nav.settings'), 'Settings');
});
