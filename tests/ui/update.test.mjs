// What Einstellungen → Über KIZ Desk says about updates (ui/logic/update.js):
// the quiet lines, the offered version, a refused download, the progress,
// and what keeps "Jetzt aktualisieren" back.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLanguage } from '../../ui/i18n/index.js';
import { busy, installBlockers, offeredRelease, progressPercent, statusLine } from '../../ui/logic/update.js';

const release = { version: '0.2.0', notes: 'Neu: Mahnungen auf Türkisch.', date: '2026-12-01T08:00:00Z' };

test('nothing to do is said quietly, with the time of the check', async () => {
  await setLanguage('de');
  assert.deepEqual(statusLine({ state: 'up_to_date', checked_at: '2026-12-01T09:30:00' }, '0.1.0'), {
    text: 'KIZ Desk ist aktuell (Version 0.1.0, geprüft am 01.12.2026, 09:30).',
    tone: 'quiet',
  });
  const unreachable = statusLine({ state: 'unreachable', checked_at: '2026-12-01T09:30:00' }, '0.1.0');
  assert.equal(unreachable.tone, 'quiet', 'a server that is down is no error');
  assert.match(unreachable.text, /nicht erreichbar \(zuletzt versucht am 01\.12\.2026, 09:30\)/);
  assert.equal(statusLine({ state: 'off', reason: 'switched_off' }, '0.1.0').tone, 'quiet');
  assert.match(statusLine({ state: 'off', reason: 'policy_invalid' }, '0.1.0').text, /kiz-desk-policy\.toml/);
  await setLanguage('en');
  assert.equal(
    statusLine({ state: 'up_to_date', checked_at: '2026-12-01T09:30:00' }, '0.1.0').text,
    'KIZ Desk is up to date (version 0.1.0, checked on 01.12.2026, 09:30).',
  );
  await setLanguage('de');
});

test('a refused download says why and that nothing was installed', async () => {
  await setLanguage('de');
  const line = statusLine({ state: 'failed', release, error: { code: 'update_signature_invalid', field: null, params: {} } }, '0.1.0');
  assert.equal(line.tone, 'error');
  assert.match(line.text, /passt nicht zu ihrer Signatur/);
  assert.match(line.text, /Es wurde nichts installiert/);
  assert.deepEqual(offeredRelease({ state: 'failed', release, error: { code: 'update_download_failed', field: null, params: {} } }), release);
  assert.equal(offeredRelease({ state: 'checking' }), null);
});

test('the download shows its share once its size is known', () => {
  assert.equal(progressPercent(0, null), null);
  assert.equal(progressPercent(512, 2048), 25);
  assert.equal(progressPercent(4096, 2048), 100);
  assert.equal(busy({ state: 'downloading', release, received: 1, total: 2 }), true);
  assert.equal(busy({ state: 'ready', release }), false);
});

test('an open desk session or unsaved input keeps "Jetzt aktualisieren" back', async () => {
  await setLanguage('de');
  assert.deepEqual(installBlockers({ deskBorrower: null, unsavedForms: 0 }), []);
  const both = installBlockers({ deskBorrower: 'Ayşe Yılmaz', unsavedForms: 1 });
  assert.equal(both.length, 2);
  assert.match(both[0], /Theke ist noch die Ausleihe für Ayşe Yılmaz geöffnet/);
  assert.match(both[1], /nicht gespeichert/);
  await setLanguage('en');
  assert.match(installBlockers({ deskBorrower: 'Олена', unsavedForms: 0 })[0], /desk session for Олена/);
  await setLanguage('de');
});
