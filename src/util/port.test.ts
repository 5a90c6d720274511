import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort } from './port.js';

test('freePort gives a port a server can then listen on', async () => {
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
  const s = createServer();
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => s.close(resolve));
});
