/**
 * The command line as a new user meets it: what a scan says when it finds
 * nothing it can read, reading standard input and compressed files whatever
 * their names, the event-time window, the JSON summary, the block list, and
 * the shared values behind each campaign.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync, gunzipSync } from 'node:zlib';
import { ROOT, readLabels, readVerdicts, tmp, world } from './helpers.js';

const FIX = join(ROOT, 'test', 'fixtures', 'import');
const hasZstd = spawnSync('zstd', ['--version']).status === 0;

function run(args: string[], input?: string | Buffer): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'dev.ts'), ...args], { encoding: 'utf8', cwd: ROOT, input, maxBuffer: 1 << 26 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const scan = (inputs: string[], out: string, extra: string[] = [], input?: string | Buffer) => run(['scan', ...inputs, '--out', out, '--no-store', '--workers', '0', '-q', ...extra], input);

const line = (i: number, acct = `a${i % 3}`) => JSON.stringify({ id: `r${i}`, ts: new Date(Date.parse('2026-11-02T10:00:00Z') + i * 60_000).toISOString(), account_id: acct, request: { messages: [{ role: 'user', content: `question ${i}` }] } });
const log = (n: number) => Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';

test('a scan of a foreign log exits 2, says which format it expected and which import reads it', () => {
  const cases: [string, RegExp][] = [
    ['otel.jsonl', /import --from otel/],
    ['litellm.jsonl', /import --from litellm/],
    ['langfuse-observations.jsonl', /import --from langfuse/],
    ['openai.jsonl', /OpenAI or Anthropic .*import --from openai/],
  ];
  for (const [file, hint] of cases) {
    const r = scan([join(FIX, file)], join(tmp('foreign'), 'out'));
    assert.equal(r.status, 2, `${file}: ${r.stderr}`);
    assert.match(r.stderr, /expected the exchange log format: JSON Lines.*"id", "ts".*"account_id"/, file);
    assert.match(r.stderr, hint, file);
    assert.doesNotMatch(r.stderr, /internal error/);
  }
  // an Anthropic request body logged bare, and an empty file
  const dir = tmp('bare');
  writeFileSync(join(dir, 'bodies.jsonl'), JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }) + '\n');
  const bare = scan([join(dir, 'bodies.jsonl')], join(dir, 'o1'));
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /bare OpenAI or Anthropic API bodies/);
  writeFileSync(join(dir, 'empty.jsonl'), '');
  const empty = scan([join(dir, 'empty.jsonl')], join(dir, 'o2'));
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /input is empty; expected the exchange log format/);
});

test('--out naming an existing file is a clear error (exit 2), not an internal one', () => {
  const dir = tmp('outfile');
  writeFileSync(join(dir, 'logs.jsonl'), log(5));
  writeFileSync(join(dir, 'report'), 'not a directory');
  const r = scan([join(dir, 'logs.jsonl')], join(dir, 'report'));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--out .*report is a file; --out names the directory/);
  assert.doesNotMatch(r.stderr, /internal error|at .*\.ts:\d+/);
  assert.equal(readFileSync(join(dir, 'report'), 'utf8'), 'not a directory');
});

test('a directory\'s non-log files are skipped and counted, and compression is told from the first bytes whatever the name', () => {
  const dir = tmp('dir');
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'part-0001'), gzipSync(log(10)));
  if (hasZstd) {
    writeFileSync(join(dir, 'p.jsonl'), Array.from({ length: 10 }, (_, i) => line(100 + i)).join('\n') + '\n');
    spawnSync('zstd', ['-q', '-f', join(dir, 'p.jsonl'), '-o', join(logs, 'part-0002.log')]);
  }
  writeFileSync(join(logs, 'plain.txt'), log(3).split('\n').slice(0, 3).join('\n') + '\n');
  writeFileSync(join(logs, 'README.md'), '# exported by the gateway\n');
  writeFileSync(join(logs, 'SHA256SUMS'), 'abc  part-0001\n');
  writeFileSync(join(logs, 'export.csv'), 'id,ts\n1,2\n');
  const r = scan([logs], join(dir, 'out'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Scanned ${hasZstd ? 23 : 13} exchanges from ${hasZstd ? 3 : 2} file\\(s\\)`));
  assert.match(r.stdout, /skipped: +3 file\(s\) in the directories given that are not logs/);
});

test('scan - reads standard input, plain or compressed', () => {
  const dir = tmp('stdin');
  const plain = scan(['-'], join(dir, 'a'), [], log(12));
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /Scanned 12 exchanges/);
  const gz = scan(['-'], join(dir, 'b'), [], gzipSync(log(7)));
  assert.equal(gz.status, 0, gz.stderr);
  assert.match(gz.stdout, /Scanned 7 exchanges/);
  assert.equal(readVerdicts(join(dir, 'b')).size, 3);
});

test('--since and --until keep the exchanges of the window, by event time; --json prints the summary as JSON on stdout', () => {
  const dir = tmp('window');
  writeFileSync(join(dir, 'logs.jsonl'), log(60)); // one a minute from 10:00
  const r = scan([join(dir, 'logs.jsonl')], join(dir, 'o'), ['--since', '2026-11-02T10:10:00Z', '--until', '2026-11-02T10:40:00Z', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.exchanges, 30);
  assert.equal(s.outsideWindow, 30);
  assert.equal(s.firstTs, '2026-11-02T10:10:00.000Z');
  assert.equal(s.lastTs, '2026-11-02T10:39:00.000Z');
  assert.equal(scan([join(dir, 'logs.jsonl')], join(dir, 'p'), ['--since', 'yesterday']).status, 2);
  assert.equal(scan([join(dir, 'logs.jsonl')], join(dir, 'q'), ['--since', '2026-11-03', '--until', '2026-11-02']).status, 2);
});

let w: string | undefined;
before(async () => {
  w = await world('mixed', 0.02, 17, 3);
});

test('campaigns.json carries the values behind each link, payment fingerprints only hashed, and the block list exports as CSV and JSON', async (t) => {
  if (!w) return t.skip('shared corpora absent');
  const out = join(tmp('blocklist'), 'out');
  const csv = join(out, '..', 'block.csv');
  const r = scan([w], out, ['--accounts', join(w, 'accounts.jsonl'), '--export-blocklist', csv]);
  assert.equal(r.status, 0, r.stderr);
  const campaigns = JSON.parse(readFileSync(join(out, 'campaigns.json'), 'utf8')) as { campaign_id: string; accounts: string[]; shared?: { kind: string; value: string; accounts: number }[] }[];
  assert.ok(campaigns.length > 0);
  const accounts = readFileSync(join(w, 'accounts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const rawCards = new Set(accounts.map((a) => a.payment_fingerprint).filter(Boolean));
  // every listed address is really used by that many members of the campaign
  const ipsOf = new Map<string, Set<string>>();
  for (const l of gunzipSync(readFileSync(join(w, 'logs.jsonl.gz'))).toString('utf8').split('\n')) {
    if (!l) continue;
    const ex = JSON.parse(l);
    if (ex.ip) (ipsOf.get(ex.account_id) ?? ipsOf.set(ex.account_id, new Set()).get(ex.account_id)!).add(ex.ip);
  }
  let withShared = 0;
  for (const c of campaigns) {
    if (c.shared?.length) withShared++;
    for (const v of c.shared ?? []) {
      assert.ok(v.accounts >= 2 && v.accounts <= c.accounts.length, JSON.stringify(v));
      if (v.kind === 'payment_sha256') {
        assert.match(v.value, /^[0-9a-f]{64}$/);
        assert.ok(!rawCards.has(v.value));
      }
      if (v.kind === 'ip') assert.ok(c.accounts.filter((a) => ipsOf.get(a)?.has(v.value)).length >= v.accounts, `${v.value} in ${c.campaign_id}`);
    }
  }
  assert.ok(withShared > 0, 'some campaign shares something');
  const text = readFileSync(join(out, 'campaigns.json'), 'utf8');
  for (const card of rawCards) assert.ok(!text.includes(card), 'no raw payment fingerprint');
  // the block list holds exactly the blocked accounts
  const blocked = [...readVerdicts(out).values()].filter((v) => v.verdict === 'block').map((v) => v.account_id).sort();
  const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
  assert.equal(rows[0], 'account_id,score,campaign_id,flagged_at,reason');
  assert.deepEqual(rows.slice(1).map((r) => JSON.parse(r.split(',')[0])).sort(), blocked);
  assert.ok(blocked.length > 0);
  const json = join(out, '..', 'block.json');
  assert.equal(scan([w], join(out, '..', 'o2'), ['--accounts', join(w, 'accounts.jsonl'), '--export-blocklist', json]).status, 0);
  const j = JSON.parse(readFileSync(json, 'utf8'));
  assert.deepEqual(j.accounts.map((a: { account_id: string }) => a.account_id).sort(), blocked);
  assert.ok(j.campaigns.some((c: { shared: unknown[] }) => c.shared.length > 0));
  assert.equal(scan([w], join(out, '..', 'o3'), ['--export-blocklist', join(out, '..', 'block.txt')]).status, 2);
  assert.ok(existsSync(join(out, 'report.html')));
  void readLabels;
});
