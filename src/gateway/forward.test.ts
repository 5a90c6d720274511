/**
 * Forwarding through the gateway at the edges of an answer's life: a large
 * answer to a client that reads slowly (the upstream is paused, then resumed),
 * an upstream that breaks off mid-answer, a client that leaves mid-stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import type { Policy } from '../policy/types.js';
import { startGateway } from './server.js';
import { forward, type Forwarded } from './forward.js';

const allow: Policy = { decide: () => ({ action: 'allow', rule: null, reasons: [] }) };
const CHAT = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });

async function listen(s: Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

function pattern(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = 97 + ((i * 7) % 26);
  return b;
}

/** An upstream that answers every request with `body` as one binary answer. */
async function answering(body: Buffer): Promise<{ up: Server; url: string }> {
  const up = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    res.end(body);
  });
  return { up, url: await listen(up) };
}

function loggedLines(dir: string): { status: number; response?: { text: string } }[] {
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
}

test('a large answer reaches a client that reads slowly byte for byte', { timeout: 30_000 }, async () => {
  const size = 8 * 1024 * 1024;
  const body = pattern(size);
  const { up, url } = await answering(body);
  const g = await startGateway({ upstream: url, listen: '127.0.0.1:0', policy: allow, defaultMetrics: false });
  try {
    const got: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(g.url + '/v1/chat/completions', { method: 'POST', headers: { 'x-account-id': 'a_slow', 'content-type': 'application/json' } }, (res) => {
        assert.equal(res.statusCode, 200);
        res.pause();
        // a little every 5 ms: about a second for the whole answer
        const tick = setInterval(() => {
          let c: Buffer | null;
          for (let n = 0; n < 4 && (c = res.read(16384)); n++) got.push(c);
        }, 5);
        res.once('end', () => {
          clearInterval(tick);
          resolve();
        });
        res.once('error', reject);
        res.on('readable', () => undefined);
      });
      req.once('error', reject);
      req.end(CHAT);
    });
    assert.ok(Buffer.concat(got).equals(body), 'the answer came through changed');
  } finally {
    await g.close();
    up.close();
  }
});

/** A client connection that takes each chunk and then says it is full until told to drain. */
class FullClient extends EventEmitter {
  destroyed = false;
  writableFinished = false;
  status = 0;
  readonly chunks: Buffer[] = [];
  writeHead(status: number): void {
    this.status = status;
  }
  write(c: Buffer): boolean {
    this.chunks.push(c);
    return false;
  }
  end(): void {
    this.writableFinished = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }
}

test('a client that is full pauses the upstream connection until it drains: the gateway does not hold the answer', { timeout: 30_000 }, async () => {
  const size = 16 * 1024 * 1024;
  const body = pattern(size);
  const { up, url } = await answering(body);
  const pool = new Pool(url);
  const out = new FullClient();
  try {
    let done: Forwarded | null = null;
    const f = forward(pool, { origin: url, path: '/v1/chat/completions', headers: {}, body: Buffer.from(CHAT), timeoutMs: 10_000 }, out as unknown as ServerResponse, { start: () => ({}), chunk: () => undefined }).then((r) => (done = r));
    await new Promise((r) => setTimeout(r, 300));
    // one socket read's worth at most, not the 16 MiB the upstream has sent into the kernel's buffers
    assert.ok(out.chunks.length > 0 && out.bytes < 1024 * 1024, `${out.bytes} bytes taken by a client that never drained`);
    while (!done) {
      out.emit('drain');
      await new Promise((r) => setImmediate(r));
    }
    await f;
    assert.deepEqual(done, { outcome: 'answered', status: 200, complete: true });
    assert.ok(Buffer.concat(out.chunks).equals(body), 'the answer came through changed');
  } finally {
    await pool.close();
    up.close();
  }
});

test('an upstream that breaks off mid-answer cuts the client\'s connection, and the exchange is logged as 499', { timeout: 10_000 }, async () => {
  const up = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: 'partial' } }] })}\n\n`);
    setTimeout(() => res.destroy(), 100);
  });
  const url = await listen(up);
  const log = mkdtempSync(join(tmpdir(), 'dg-fwd-break-'));
  const g = await startGateway({ upstream: url, listen: '127.0.0.1:0', policy: allow, log, defaultMetrics: false });
  try {
    const r = await fetch(g.url + '/v1/chat/completions', { method: 'POST', headers: { 'x-account-id': 'a_break', 'content-type': 'application/json' }, body: CHAT });
    assert.equal(r.status, 200);
    await assert.rejects(r.text());
  } finally {
    await g.close();
    up.close();
  }
  const lines = loggedLines(log);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].status, 499);
  assert.equal(lines[0].response?.text, 'partial');
});

test('a client that leaves mid-stream stops the upstream call, and the exchange is logged as 499', { timeout: 10_000 }, async () => {
  let upstreamClosed!: () => void;
  const closed = new Promise<void>((r) => (upstreamClosed = r));
  const up = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const tick = setInterval(() => res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: 'x' } }] })}\n\n`), 20);
    res.once('close', () => {
      clearInterval(tick);
      upstreamClosed();
    });
  });
  const url = await listen(up);
  const log = mkdtempSync(join(tmpdir(), 'dg-fwd-leave-'));
  const g = await startGateway({ upstream: url, listen: '127.0.0.1:0', policy: allow, log, defaultMetrics: false });
  try {
    const ac = new AbortController();
    const r = await fetch(g.url + '/v1/chat/completions', { method: 'POST', headers: { 'x-account-id': 'a_leaves', 'content-type': 'application/json' }, body: CHAT, signal: ac.signal });
    const reader = r.body!.getReader();
    await reader.read();
    ac.abort();
    // the upstream sees its request end well before the stream would have (it never ends by itself)
    await closed;
  } finally {
    await g.close();
    up.closeAllConnections();
    up.close();
  }
  const lines = loggedLines(log);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].status, 499);
});
