import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { siblingModule, startWorker } from './worker.js';

test('siblingModule keeps the caller\'s extension: .ts under tsx, .js when built', () => {
  assert.equal(siblingModule('file:///a/src/x/y.ts', 'w').href, 'file:///a/src/x/w.ts');
  assert.equal(siblingModule('file:///a/dist/x/y.js', 'w').href, 'file:///a/dist/x/w.js');
});

test('startWorker runs a TypeScript module in a worker thread and passes workerData', async () => {
  const w = startWorker(siblingModule(import.meta.url, 'worker-echo.fixture'), { hello: 'there' });
  const [msg] = await once(w, 'message');
  assert.deepEqual(msg, { workerData: { hello: 'there' }, typed: 42 });
  await w.terminate();
});
