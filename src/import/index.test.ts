import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { readLines } from '../sources/lines.js';
import { importLogs } from './index.js';
import { recogniseRecord } from './detect.js';
import { FIXTURES, runImport } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-import-'));
const hasZstd = spawnSync('zstd', ['--version']).status === 0;

async function linesOf(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const b of readLines(path)) for (const l of b) if (l.text) out.push(l.text);
  return out;
}

test('writes gzip and zstd by the output\'s extension, the same lines scan reads back', async () => {
  const plain = await runImport('openai', 'openai.jsonl', { out: join(dir, 'p.jsonl') });
  const gz = join(dir, 'o.jsonl.gz');
  await runImport('openai', 'openai.jsonl', { out: gz });
  assert.equal(readFileSync(gz)[0], 0x1f);
  const expected = plain.lines.map((l) => JSON.stringify(l));
  assert.deepEqual(await linesOf(gz), expected);
  if (!hasZstd) return;
  const zst = join(dir, 'o.jsonl.zst');
  await runImport('openai', 'openai.jsonl', { out: zst });
  assert.equal(readFileSync(zst).readUInt32LE(0), 0xfd2fb528);
  assert.deepEqual(await linesOf(zst), expected);
});

test('reads compressed input whatever its name says', async () => {
  const f = join(dir, 'export.bin');
  writeFileSync(f, gzipSync(readFileSync(join(FIXTURES, 'openai.jsonl'))));
  const { summary } = await runImport('openai', f, { out: join(dir, 'c.jsonl') });
  assert.equal(summary.exchanges, 3);
});

test('recognises each format from one record, and says which --from fits when the wrong one is given', async () => {
  const first = (f: string) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8').split('\n')[0]);
  assert.equal(recogniseRecord(first('otel.jsonl')), 'otel');
  assert.equal(recogniseRecord(first('litellm.jsonl')), 'litellm');
  assert.equal(recogniseRecord(JSON.parse(readFileSync(join(FIXTURES, 'langfuse.json'), 'utf8'))), 'langfuse');
  assert.equal(recogniseRecord(first('langfuse-observations.jsonl')), 'langfuse');
  assert.equal(recogniseRecord(first('openai.jsonl')), 'openai');
  assert.equal(recogniseRecord({ id: 'r', ts: '2026-11-02T10:00:00Z', account_id: 'a' }), 'contract');
  assert.equal(recogniseRecord({ model: 'gpt-4o', messages: [] }), 'api-body');
  assert.equal(recogniseRecord({ hello: 1 }), null);
  const s = await importLogs({ from: 'openai', inputs: [join(FIXTURES, 'otel.jsonl')], out: join(dir, 'wrong.jsonl') });
  assert.equal(s.exchanges, 0);
  assert.match(s.hint ?? '', /--from otel/);
});

test('the command exits 0 with a summary, 2 when nothing could be imported, and refuses a directory as --out', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'scripts', 'dev.ts'), 'import', ...args], { encoding: 'utf8' });
  const ok = cli(['--from', 'litellm', join(FIXTURES, 'litellm.jsonl'), '--out', join(dir, 'cli.jsonl')]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /Imported 4 exchange/);
  assert.match(ok.stdout, /set aside: 3 record/);
  assert.match(ok.stderr, /litellm\.jsonl:6: .*no account/);
  const wrong = cli(['--from', 'langfuse', join(FIXTURES, 'litellm.jsonl'), '--out', join(dir, 'cli2.jsonl')]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /import --from litellm/);
  assert.equal(cli(['--from', 'otel', join(FIXTURES, 'otel.jsonl'), '--out', dir]).status, 2);
  assert.equal(cli(['--from', 'splunk', join(FIXTURES, 'otel.jsonl'), '--out', join(dir, 'x.jsonl')]).status, 2);
});
