import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Exchange } from '../contract/types.js';
import { type BadLine, readExchanges, reorder, sniffCompression } from './read.js';

/** A zstd frame of raw (stored) blocks: enough to test the reader without a zstd encoder. */
function zstdStored(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58])];
  const max = 1 << 17;
  for (let off = 0; off === 0 || off < data.length; off += max) {
    const chunk = data.subarray(off, off + max);
    const last = off + max >= data.length ? 1 : 0;
    const h = (chunk.length << 3) | last;
    parts.push(Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]), chunk);
  }
  return Buffer.concat(parts);
}

const line = (i: number, sec: number) => JSON.stringify({ id: `r${i}`, ts: new Date(Date.UTC(2026, 10, 2, 0, 0, sec)).toISOString(), account_id: `a${i % 3}` });

async function collect(files: string[]): Promise<{ xs: Exchange[]; bad: BadLine[] }> {
  const bad: BadLine[] = [];
  const xs: Exchange[] = [];
  for await (const x of readExchanges(files, (b) => bad.push(b))) xs.push(x);
  return { xs, bad };
}

test('reads the same exchanges from plain, gzip and zstd files, and names bad lines by number', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-read-'));
  const text = ['\ufeff' + line(0, 0), '{"broken', line(1, 1), '', line(2, 2) + '\r'].join('\n');
  // A long file crosses many chunk and block boundaries.
  const big = Array.from({ length: 5000 }, (_, i) => line(i, i)).join('\n') + '\n';
  writeFileSync(join(dir, 'a.jsonl'), text);
  writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(text));
  writeFileSync(join(dir, 'a.jsonl.zst'), zstdStored(Buffer.from(text)));
  writeFileSync(join(dir, 'big.jsonl.zst'), zstdStored(Buffer.from(big)));
  assert.equal(await sniffCompression(join(dir, 'a.jsonl.gz')), 'gzip');
  assert.equal(await sniffCompression(join(dir, 'a.jsonl.zst')), 'zstd');
  for (const f of ['a.jsonl', 'a.jsonl.gz', 'a.jsonl.zst']) {
    const { xs, bad } = await collect([join(dir, f)]);
    assert.deepEqual(xs.map((x) => x.id), ['r0', 'r1', 'r2'], f);
    assert.equal(bad.length, 1);
    assert.equal(bad[0].line, 2);
  }
  const { xs } = await collect([join(dir, 'big.jsonl.zst')]);
  assert.equal(xs.length, 5000);
  assert.equal(xs[4999].id, 'r4999');
});

test('a corrupt or missing file is reported with its name and the next file is still read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-read-'));
  writeFileSync(join(dir, 'bad.jsonl.gz'), gzipSync(line(0, 0) + '\n' + line(1, 1)).subarray(0, 30));
  writeFileSync(join(dir, 'good.jsonl'), line(5, 5) + '\n');
  const { xs, bad } = await collect([join(dir, 'bad.jsonl.gz'), join(dir, 'missing.jsonl'), join(dir, 'good.jsonl')]);
  assert.deepEqual(xs.map((x) => x.id), ['r5']);
  assert.equal(bad.length, 2);
  assert.match(bad[0].reason, /bad\.jsonl\.gz/);
  assert.match(bad[1].reason, /missing\.jsonl/);
});

test('the reorder buffer sorts lines that are late within the window and counts those later than it', async () => {
  const secs = [0, 10, 5, 20, 30, 400, 25, 500];
  async function* src() { for (const [i, s] of secs.entries()) yield { id: `r${i}`, ts: '', tsMs: s * 1000, account_id: 'a' } as Exchange; }
  const stats = { late: 0 };
  const out: number[] = [];
  for await (const x of reorder(src(), 60_000, stats)) out.push(x.tsMs / 1000);
  // 25 s arrives after 400 s was seen: 30 s had already gone out, so 25 comes out late and is counted.
  assert.deepEqual(out, [0, 5, 10, 20, 30, 25, 400, 500]);
  assert.equal(stats.late, 1);
});
