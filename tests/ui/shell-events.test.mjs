// What the shell tells the window comes through one channel
// (ui/api.js: openShellChannel, onShellEvent): one command for every
// handler, each message to the handlers of its event only, a handler that
// stopped hears nothing more, and a failed opening is tried again.
// Run: node --test tests/ui/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** The commands the page sent, with their arguments. @type {{ command: string, args: any }[]} */
const sent = [];
/** Whether the next `shell_events` fails (a failure of the bridge). */
let failNext = false;

class FakeChannel {
  /** @param {(message: any) => void} onMessage */
  constructor(onMessage) {
    this.onMessage = onMessage;
  }
}

globalThis.window = /** @type {any} */ ({
  __TAURI__: {
    core: {
      Channel: FakeChannel,
      /** @param {string} command @param {any} args */
      invoke: async (command, args) => {
        sent.push({ command, args });
        if (failNext) {
          failNext = false;
          throw new Error('the bridge failed');
        }
        return null;
      },
    },
  },
});

const api = await import('../../ui/api.js');

/** The channel the last `shell_events` handed over. @returns {FakeChannel} */
function lastChannel() {
  const opened = sent.filter((s) => s.command === 'shell_events');
  return opened[opened.length - 1].args.channel;
}

test('a failed opening is tried again, then every handler shares one channel', async () => {
  failNext = true;
  await assert.rejects(api.openShellChannel());
  assert.equal(sent.filter((s) => s.command === 'shell_events').length, 1);

  /** @type {unknown[]} */
  const changed = [];
  /** @type {unknown[]} */
  const alsoChanged = [];
  /** @type {unknown[]} */
  const progress = [];
  const stops = await Promise.all([
    api.onShellEvent('kiz://database-changed', (payload) => changed.push(payload)),
    api.onShellEvent('kiz://database-changed', (payload) => alsoChanged.push(payload)),
    api.onShellEvent('kiz://backup-progress', (payload) => progress.push(payload)),
  ]);
  await api.openShellChannel();
  // The failed one and one more: three handlers, one channel.
  const opened = sent.filter((s) => s.command === 'shell_events');
  assert.equal(opened.length, 2);
  assert.ok(lastChannel() instanceof FakeChannel);

  const channel = lastChannel();
  channel.onMessage({ event: 'kiz://database-changed', payload: ['media'] });
  channel.onMessage({ event: 'kiz://backup-progress', payload: { done: 1, total: 4 } });
  channel.onMessage({ event: 'kiz://second-start', payload: null });
  assert.deepEqual(changed, [['media']]);
  assert.deepEqual(alsoChanged, [['media']]);
  assert.deepEqual(progress, [{ done: 1, total: 4 }]);

  // The first handler stops; the other of the same event goes on.
  stops[0]();
  channel.onMessage({ event: 'kiz://database-changed', payload: ['borrowers'] });
  assert.deepEqual(changed, [['media']]);
  assert.deepEqual(alsoChanged, [['media'], ['borrowers']]);
});

test('a handler that throws does not keep the others of its event from hearing it', async () => {
  /** @type {unknown[]} */
  const heard = [];
  await api.onShellEvent('kiz://update-ready', () => {
    throw new Error('a broken handler');
  });
  await api.onShellEvent('kiz://update-ready', (payload) => heard.push(payload));
  // The failure is not swallowed: it is thrown again on its own, in a
  // microtask (caught here instead of by the test runner).
  /** @type {(() => void)[]} */
  const later = [];
  const queue = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (task) => later.push(task);
  try {
    lastChannel().onMessage({ event: 'kiz://update-ready', payload: '0.2.0' });
  } finally {
    globalThis.queueMicrotask = queue;
  }
  assert.deepEqual(heard, ['0.2.0']);
  assert.equal(later.length, 1);
  assert.throws(later[0], /a broken handler/);
});
