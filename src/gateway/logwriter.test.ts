import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LogWriter, logFiles, seqOf } from './logwriter.js';

const line = (i: number, text: string) => JSON.stringify({ id: `ex-${i}`, text }) + '\n';

test('rotation is by bytes: with text of two- to four-byte characters no file passes --log-max-mb, and every line is whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-logw-'));
  const max = 4096;
  const w = new LogWriter(dir, { maxBytes: max });
  const texts = ['é'.repeat(150), '漢字'.repeat(60), '🙂'.repeat(50), 'plain ascii '.repeat(10)];
  const sent: string[] = [];
  for (let i = 0; i < 400; i++) {
    const l = line(i, texts[i % texts.length]);
    sent.push(l);
    w.writeLine(l);
  }
  await w.close();
  const files = logFiles(dir);
  assert.ok(files.length > 10, `${files.length} files`);
  const back: string[] = [];
  for (const f of files) {
    assert.ok(statSync(f).size <= max, `${basename(f)}: ${statSync(f).size} bytes, over ${max}`);
    const text = readFileSync(f, 'utf8');
    assert.ok(text.endsWith('\n'));
    for (const l of text.split('\n').filter(Boolean)) back.push(l + '\n');
  }
  assert.deepEqual(back, sent);
});

test('lines reach the file whole, one write per batch: nothing before the batch is written, all of it after', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-logw-'));
  const w = new LogWriter(dir, { batchMs: 60_000 });
  for (let i = 0; i < 50; i++) w.writeLine(line(i, 'ünïcødé '.repeat(20)));
  // gathered, not yet written: a reader sees no part of the batch
  const files = logFiles(dir);
  assert.ok(files.length === 0 || readFileSync(files[0], 'utf8') === '');
  w.flush();
  const text = readFileSync(logFiles(dir)[0], 'utf8');
  assert.equal(text.split('\n').filter(Boolean).length, 50);
  assert.ok(text.endsWith('\n'));
  assert.equal(w.written, 50);
  await w.close();
});

test('a new writer numbers its files after the highest one there, so files left after a compaction sort first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-logw-'));
  // files 1-4 compacted away; 5 and 6 kept
  writeFileSync(join(dir, 'exchanges-000005-20261207T1000.jsonl'), line(1, 'a'));
  writeFileSync(join(dir, 'exchanges-000006-20261207T1100.jsonl'), line(2, 'b'));
  const w = new LogWriter(dir);
  w.writeLine(line(3, 'c'));
  await w.close();
  const files = logFiles(dir);
  assert.deepEqual(files.map(seqOf), [5, 6, 7]);
  assert.ok(existsSync(files[2]));
});
