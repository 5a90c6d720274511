import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { readLines } from './lines.js';
import { readExchanges, expandInputs, InputError } from './files.js';
import type { QuarantineRecord } from '../contract/types.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-lines-'));
const line = (i: number, ts = `2026-11-02T14:00:${String(i % 60).padStart(2, '0')}Z`) => JSON.stringify({ id: `r${i}`, ts, account_id: `a${i % 3}` });

async function collect(path: string, maxLineBytes?: number) {
  const out = [];
  for await (const b of readLines(path, { maxLineBytes, batchLines: 7 })) out.push(...b);
  return out;
}

test('reads plain, gzip and zstd files to the same lines', async () => {
  const text = Array.from({ length: 50 }, (_, i) => line(i)).join('\n') + '\n';
  writeFileSync(join(dir, 'p.jsonl'), text);
  writeFileSync(join(dir, 'g.jsonl.gz'), gzipSync(text));
  execFileSync('zstd', ['-q', '-f', join(dir, 'p.jsonl'), '-o', join(dir, 'z.jsonl.zst')]);
  const plain = await collect(join(dir, 'p.jsonl'));
  assert.equal(plain.length, 50);
  assert.deepEqual(await collect(join(dir, 'g.jsonl.gz')), plain);
  assert.deepEqual(await collect(join(dir, 'z.jsonl.zst')), plain);
});

test('sets aside a huge line and invalid UTF-8 with their line numbers, keeping neighbours', async () => {
  const huge = '{"id":"x","pad":"' + 'A'.repeat(300_000) + '"}';
  const buf = Buffer.concat([
    Buffer.from('\ufeff' + line(1) + '\r\n' + huge + '\n'),
    Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), // invalid UTF-8
    Buffer.from('\n' + line(2) + '\n' + line(3)), // blank line, then a last line without newline
  ]);
  writeFileSync(join(dir, 'bad.jsonl'), buf);
  const lines = await collect(join(dir, 'bad.jsonl'), 100_000);
  assert.equal(lines.length, 5);
  assert.equal(lines[0].text, line(1));
  assert.equal(lines[1].text, null);
  assert.equal(lines[1].line, 2);
  assert.match(lines[1].reason!, /over the 100000-byte limit/);
  assert.ok(lines[1].raw!.length < 1000, 'the preview of a huge line is truncated');
  assert.equal(lines[2].line, 3);
  assert.match(lines[2].reason!, /not valid UTF-8/);
  assert.equal(lines[3].line, 5);
  assert.equal(lines[3].text, line(2));
  assert.equal(lines[4].line, 6);
  assert.equal(lines[4].text, line(3));
});

test('merges several files by time and reports bad lines with file and line', async () => {
  const a = [line(1, '2026-11-02T14:00:01Z'), line(3, '2026-11-02T14:00:03Z'), 'not json', line(5, '2026-11-02T14:00:05Z')];
  const b = [line(2, '2026-11-02T14:00:02Z'), '{"id":"q","ts":"2026-11-02T14:00:04Z"}', line(6, '2026-11-02T14:00:06Z')];
  mkdirp(join(dir, 'm'));
  writeFileSync(join(dir, 'm', 'a.jsonl'), a.join('\n'));
  writeFileSync(join(dir, 'm', 'b.jsonl.gz'), gzipSync(b.join('\n')));
  writeFileSync(join(dir, 'm', 'accounts.jsonl'), '{"account_id":"a0"}');
  const files = await expandInputs([join(dir, 'm')]);
  assert.equal(files.length, 2, 'the account table next to the logs is not read as a log');
  const bad: QuarantineRecord[] = [];
  const stats = { lines: 0, bytes: 0, quarantined: 0 };
  const ids: string[] = [];
  for await (const batch of readExchanges(files, (q) => bad.push(q), stats)) ids.push(...batch.map((e) => e.ex.id));
  assert.deepEqual(ids, ['r1', 'r2', 'r3', 'r5', 'r6']);
  assert.equal(bad.length, 2);
  assert.deepEqual(bad.map((q) => [q.file.endsWith('a.jsonl'), q.line]).sort(), [[false, 2], [true, 3]]);
  assert.match(bad.find((q) => q.file.endsWith('.gz'))!.reason, /account_id/);
});

test('says which input is missing', async () => {
  await assert.rejects(expandInputs([join(dir, 'nope.jsonl')]), (e: unknown) => e instanceof InputError && /nope\.jsonl/.test((e as Error).message));
});

function mkdirp(p: string) {
  execFileSync('mkdir', ['-p', p]);
}
