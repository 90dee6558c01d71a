// The app's list of the public site's languages (the organisation's tab
// "Öffentlich", Einstellungen → Veröffentlichen) names the same languages,
// in the same order and by the same names, as the site's own texts in
// ui/i18n/site/ (which src/publish writes the pages from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SITE_LANGUAGES } from '../../ui/i18n/index.js';

test('the site languages of the window are the site texts', () => {
  assert.deepEqual(SITE_LANGUAGES.map(([code]) => code), ['de', 'en', 'fr', 'ru', 'tr', 'ar']);
  for (const [code, name] of SITE_LANGUAGES) {
    const words = JSON.parse(readFileSync(new URL(`../../ui/i18n/site/${code}.json`, import.meta.url), 'utf8'));
    assert.equal(words.lang, code);
    assert.equal(words.languageName, name, code);
  }
});
