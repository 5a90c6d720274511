/**
 * The scan end to end: exit codes and bad input, event-time ordering, the
 * honesty of flagged_at, and detection quality on labelled worlds built from
 * the shared corpora.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../src/engine/scan.js';
import { cli, readLabels, readVerdicts, score, tmp, world, worldLines } from './helpers.js';
import { lcg } from '../src/util/random.js';

let mixed: string | undefined;
before(async () => {
  // a small world: every strategy and persona, 5 days; seed 11 was not used for tuning
  mixed = await world('mixed', 0.02, 11, 5);
});

const good = (i: number, acct = 'a1') => JSON.stringify({ id: `r${i}`, ts: new Date(Date.parse('2026-11-02T10:00:00Z') + i * 1000).toISOString(), account_id: acct, request: { messages: [{ role: 'user', content: `question ${i}` }] } });

test('exits 2 and names the input when a log file is missing', () => {
  const r = cli(['scan', '/nonexistent/logs.jsonl', '--out', tmp('out')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\/nonexistent\/logs\.jsonl/);
});

test('exits 2 on unusable arguments', () => {
  assert.equal(cli(['scan', 'x.jsonl']).status, 2, 'no --out');
  assert.equal(cli(['scan', 'x.jsonl', '--out', 'o', '--reorder-minutes', 'soon']).status, 2);
  assert.equal(cli(['frobnicate']).status, 2);
  const help = cli(['scan', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--accounts/);
});

test('sets bad lines aside with file, line and reason, exits 0, and loses no valid line', () => {
  const dir = tmp('bad');
  const file = join(dir, 'logs.jsonl');
  const lines = [
    good(1, 'a1'),
    '{not json',
    JSON.stringify({ id: 'x', ts: '2026-11-02T10:00:03Z' }), // no account_id
    good(4, 'a2'),
    JSON.stringify({ id: 'y', ts: 'yesterday', account_id: 'a3' }),
    '{"id":"z","ts":"2026-11-02T10:00:06Z","account_id":"a4","status":"ok"}',
    '{"id":"big","ts":"2026-11-02T10:00:07Z","account_id":"a5","request":{"messages":[{"role":"user","content":"' + 'A'.repeat(3_000_000) + '"}]}}',
    // hostile but valid: zero-width characters, homoglyphs, RTL override
    JSON.stringify({ id: 'h', ts: '2026-11-02T10:00:08Z', account_id: 'a6\u200b', request: { messages: [{ role: 'user', content: 'Thіnk stеp by stеp\u202e\u200d and explain' }] } }),
    good(9, 'a7'),
  ];
  // line 10: not UTF-8; 11: only whitespace (skipped, not bad); 12: valid, with a CRLF ending
  const tail = Buffer.concat([Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), Buffer.from('   \t \n' + good(12, 'a8') + '\r\n')]);
  writeFileSync(file, Buffer.concat([Buffer.from(lines.join('\n') + '\n'), tail]));
  const out = join(dir, 'out');
  // the same with lines decoded on the worker thread (default) and on the scan's thread
  for (const workers of ['1', '0']) {
    const r = cli(['scan', file, '--out', out, '--max-line-bytes', '1000000', '--workers', workers]);
    assert.equal(r.status, 0, r.stderr);
    const q = readFileSync(join(out, 'quarantine.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(q.map((x) => x.line), [2, 3, 5, 6, 7, 10]);
    assert.match(q[5].reason, /UTF-8/);
    for (const x of q) {
      assert.equal(x.file, file);
      assert.ok(x.reason.length > 5);
      assert.ok(x.raw.length <= 1100, 'raw is truncated');
    }
    assert.match(r.stderr, /logs\.jsonl:2/);
    assert.match(r.stdout, /set aside: 6 line/);
    const v = readVerdicts(out);
    assert.deepEqual([...v.keys()].sort(), ['a1', 'a2', 'a6\u200b', 'a7', 'a8']);
    for (const f of ['campaigns.json', 'report.html']) assert.ok(existsSync(join(out, f)), f);
  }
});

test('says how many exchanges carried no prompt text, on stdout and in the report, and says nothing when all did', () => {
  const dir = tmp('notext');
  const bare = (i: number) => JSON.stringify({ id: `n${i}`, ts: new Date(Date.parse('2026-11-02T11:00:00Z') + i * 1000).toISOString(), account_id: 'b1', usage: { input_tokens: 12, output_tokens: 800 } });
  writeFileSync(join(dir, 'mixed.jsonl'), [good(1), bare(2), bare(3), good(4)].join('\n') + '\n');
  writeFileSync(join(dir, 'text.jsonl'), [good(1), good(2)].join('\n') + '\n');
  const r = cli(['scan', join(dir, 'mixed.jsonl'), '--out', join(dir, 'o1'), '--no-store']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /no text: +2 exchange\(s\) without prompt text \(50%\)/);
  assert.match(readFileSync(join(dir, 'o1', 'report.html'), 'utf8'), /Without prompt text<\/dt><dd>2 exchanges/);
  const all = cli(['scan', join(dir, 'text.jsonl'), '--out', join(dir, 'o2'), '--no-store']);
  assert.equal(all.status, 0, all.stderr);
  assert.doesNotMatch(all.stdout, /no text/);
  assert.doesNotMatch(readFileSync(join(dir, 'o2', 'report.html'), 'utf8'), /Without prompt text/);
});

test('out-of-order input within the buffer gives the same verdicts as sorted input', async (t) => {
  if (!mixed) return t.skip('shared corpora not found');
  const lines = worldLines(mixed);
  const keyed = lines.map((l) => ({ l, t: Date.parse(JSON.parse(l).ts) }));
  const sorted = [...keyed].sort((a, b) => a.t - b.t);
  // displace each line by up to 2 minutes of event time (the buffer is 5)
  const rnd = lcg(99);
  const shuffled = sorted.map((x) => ({ ...x, k: x.t + rnd() * 120_000 })).sort((a, b) => a.k - b.k);
  assert.notDeepEqual(shuffled.map((x) => x.l), sorted.map((x) => x.l), 'the shuffle moved lines');
  const dir = tmp('order');
  writeFileSync(join(dir, 'sorted.jsonl'), sorted.map((x) => x.l).join('\n'));
  writeFileSync(join(dir, 'shuffled.jsonl'), shuffled.map((x) => x.l).join('\n'));
  const accounts = join(mixed, 'accounts.jsonl');
  const a = await scan({ inputs: [join(dir, 'sorted.jsonl')], accounts, out: join(dir, 'a') });
  const b = await scan({ inputs: [join(dir, 'shuffled.jsonl')], accounts, out: join(dir, 'b') });
  assert.equal(b.late, 0);
  assert.ok(a.flagged > 0, 'the world has flagged accounts to compare');
  assert.deepEqual(readVerdicts(join(dir, 'b')), readVerdicts(join(dir, 'a')));
});

test('flagged_at is honest: a scan of the first half flags what the full scan had flagged by then', async (t) => {
  if (!mixed) return t.skip('shared corpora not found');
  const lines = worldLines(mixed);
  const half = lines.slice(0, Math.floor(lines.length / 2));
  const halfLast = Math.max(...half.map((l) => Date.parse(JSON.parse(l).ts)));
  const dir = tmp('honest');
  writeFileSync(join(dir, 'half.jsonl'), half.join('\n'));
  const accounts = join(mixed, 'accounts.jsonl');
  await scan({ inputs: [join(dir, 'half.jsonl')], accounts, out: join(dir, 'h') });
  await scan({ inputs: [join(mixed, 'logs.jsonl.gz')], accounts, out: join(dir, 'f') });
  const h = readVerdicts(join(dir, 'h'));
  const f = readVerdicts(join(dir, 'f'));
  // flags the streaming engine made before the end of the half (the half's own end-of-input sweep aside)
  const before = (m: Map<string, { flagged_at: string | null }>) =>
    new Map([...m].filter(([, v]) => v.flagged_at !== null && Date.parse(v.flagged_at) < halfLast).map(([k, v]) => [k, v.flagged_at]));
  const hf = before(h);
  const ff = before(f);
  assert.ok(ff.size > 0, 'the full scan flagged accounts within the first half');
  assert.deepEqual(hf, ff);
});

test('detects campaign accounts with few false positives on a labelled mixed world', async (t) => {
  if (!mixed) return t.skip('shared corpora not found');
  const out = tmp('detect');
  await scan({ inputs: [mixed], accounts: join(mixed, 'accounts.jsonl'), out });
  const s = score(readLabels(mixed), readVerdicts(out));
  console.log(`# mixed seed 11: recall ${(s.recall * 100).toFixed(1)}%, benign FPR ${(s.fpr * 100).toFixed(2)}%, missed ${s.missed.map((l) => l.persona).join(',') || 'none'}`);
  assert.ok(s.recall >= 0.85, `recall ${s.recall}`);
  assert.ok(s.fpr <= 0.02, `benign FPR ${s.fpr}: ${s.flaggedBenign.map((l) => l.persona).join(',')}`);
});

test('flags none of the benign look-alikes (campus, company seats, evaluators, agentic products, batch jobs)', async (t) => {
  // without the quick-reply apps and public-benchmark runners of `lookalikes`, measured apart (docs/detection.md, issue 18)
  const w = await world('lookalikes_core', 0.3, 5, 5);
  if (!w) return t.skip('shared corpora not found');
  const out = tmp('look');
  await scan({ inputs: [w], accounts: join(w, 'accounts.jsonl'), out });
  const labels = readLabels(w);
  assert.ok(labels.length > 20);
  const s = score(labels, readVerdicts(out));
  assert.deepEqual(s.flaggedBenign.map((l) => `${l.persona}:${l.account_id}`), []);
});
