// A level range as the desk's suggestions and a medium's "Passt dazu" write it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levelRange, setLanguage } from '../../ui/i18n/index.js';

test('a level range reads as the catalogue writes it, in German and English', async () => {
  await setLanguage('de');
  assert.equal(levelRange('a2', 'a2'), 'A2');
  assert.equal(levelRange('a1', 'b1'), 'A1–B1');
  assert.equal(levelRange('a2', null), 'ab A2');
  assert.equal(levelRange(null, 'b1'), 'bis B1');
  assert.equal(levelRange(null, null), '');
  await setLanguage('en');
  assert.equal(levelRange('alpha', null), 'from Alpha');
  assert.equal(levelRange(null, 'c1'), 'up to C1');
  await setLanguage('de');
});
