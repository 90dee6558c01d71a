// The first screen's modules are asked for at once (ui/index.html,
// <link rel="modulepreload">), not one level of imports after the other:
// the list must be exactly what app.js and the desk (the first screen)
// import, directly or through other modules. A module added to that graph
// without its line, or a line left for a module no longer in it, fails.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui');

/** The modules `file` (relative to ui/) imports statically, relative to ui/
 * (paths with "/", as in index.html, on every system). */
function staticImports(file) {
  const text = readFileSync(join(ui, file), 'utf8');
  const found = [];
  for (const match of text.matchAll(/^import\s[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gms)) {
    found.push(posix.normalize(posix.join(posix.dirname(file), match[1] ?? match[2])));
  }
  return found;
}

/** `roots` and every module they reach through static imports. */
function closure(roots) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  return seen;
}

test('index.html preloads exactly the modules of app.js and the desk', () => {
  const html = readFileSync(join(ui, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => posix.normalize(m[1]));
  assert.equal(new Set(preloaded).size, preloaded.length, 'each module once');
  const expected = closure(['app.js', 'views/desk.js']);
  // app.js itself is the page's script.
  expected.delete('app.js');
  assert.deepEqual([...preloaded].sort(), [...expected].sort());
});

test('the import reader finds imports over several lines and skips dynamic ones', () => {
  const found = staticImports('routes.js');
  assert.ok(found.includes('api.js'), found.join(', '));
  assert.ok(found.includes('components/tabs.js'), found.join(', '));
  // The desk, the first screen, is imported with the routes; every other
  // view is loaded when its page is first shown.
  assert.deepEqual(found.filter((f) => f.startsWith('views/')), ['views/desk.js']);
});

test('the English dictionary is not part of the first screen (loaded when chosen)', () => {
  const html = readFileSync(join(ui, 'index.html'), 'utf8');
  assert.ok(!html.includes('i18n/en.js'), 'not preloaded');
  assert.ok(!closure(['app.js', 'views/desk.js']).has('i18n/en.js'), 'not imported statically');
  assert.ok(closure(['app.js']).has('i18n/de.js'), 'German is');
});

test('the update panel is not part of the first screen (loaded with the settings)', () => {
  const html = readFileSync(join(ui, 'index.html'), 'utf8');
  for (const file of ['components/update-panel.js', 'logic/update.js']) {
    assert.ok(!html.includes(file), `${file} not preloaded`);
    assert.ok(!closure(['app.js']).has(file), `${file} not imported statically`);
  }
  assert.ok(closure(['views/settings.js']).has('components/update-panel.js'), 'the settings view has it');
});
