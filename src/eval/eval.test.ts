import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { checkEvalInputs, createRateLimitBaseline, formatScoreboard, runEval, writeEvalOutputs } from './index.js';

const T0 = Date.parse('2026-11-02T00:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

/**
 * A world small enough to score by hand:
 *  campaign A (hydra): c1 4 exchanges flagged at its 3rd; c2 2 exchanges flagged at its 1st; c3 3 exchanges never flagged
 *  campaign B (naive): c4 5 exchanges, flagged before any of them
 *  benign: b1, b2 hobbyist (b2 wrongly flagged); b3, b4 developer (b4 has no verdict)
 *  x1 has a verdict and no label.
 */
function fixture(): { world: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dg-eval-'));
  const world = join(dir, 'world');
  const out = join(dir, 'out');
  mkdirSync(world);
  mkdirSync(out);
  const ex = (account: string, s: number, key?: string) => JSON.stringify({ id: `${account}-${s}`, ts: iso(s), account_id: account, api_key_id: key, request: { messages: [{ role: 'user', content: `hello ${s}` }] }, usage: { input_tokens: 10, output_tokens: 20 } });
  const lines = [
    ex('c1', 0), ex('c1', 100), ex('c1', 200), ex('c1', 300),
    ex('c2', 10), ex('c2', 20),
    // c3 is written out of order (log shippers interleave); the reorder buffer must put it right.
    ex('c3', 32), ex('c3', 30), ex('c3', 31),
    ex('c4', 40), ex('c4', 41), ex('c4', 42), ex('c4', 43), ex('c4', 44),
    ex('b1', 50), ex('b2', 60), ex('b2', 61), ex('b2', 62), ex('b3', 70), ex('b3', 130), ex('b4', 80),
    'this is not json',
  ];
  writeFileSync(join(world, 'logs.jsonl.gz'), gzipSync(lines.join('\n') + '\n'));
  const labels = [
    { account_id: 'c1', label: 'campaign', campaign_id: 'A', persona: 'hydra' },
    { account_id: 'c2', label: 'campaign', campaign_id: 'A', persona: 'hydra' },
    { account_id: 'c3', label: 'campaign', campaign_id: 'A', persona: 'hydra' },
    { account_id: 'c4', label: 'campaign', campaign_id: 'B', persona: 'naive' },
    { account_id: 'b1', label: 'benign', campaign_id: null, persona: 'hobbyist' },
    { account_id: 'b2', label: 'benign', campaign_id: null, persona: 'hobbyist' },
    { account_id: 'b3', label: 'benign', campaign_id: null, persona: 'developer' },
    { account_id: 'b4', label: 'benign', campaign_id: null, persona: 'developer' },
  ];
  writeFileSync(join(world, 'labels.jsonl'), labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(join(world, 'manifest.json'), JSON.stringify({ scenario: 'hand-made' }));
  const v = (account_id: string, verdict: string, score: number, flagged_at: string | null) => JSON.stringify({ account_id, verdict, score, flagged_at, campaign_id: null, reasons: [] });
  const verdicts = [
    v('c1', 'block', 0.9, iso(200)),
    v('c2', 'review', 0.7, iso(10)),
    v('c3', 'allow', 0.2, null),
    v('c4', 'block', 0.95, iso(-3600)),
    v('b1', 'allow', 0.05, null),
    v('b2', 'review', 0.6, iso(61)),
    v('b3', 'allow', 0.1, null),
    v('x1', 'block', 0.99, iso(5)),
  ];
  writeFileSync(join(out, 'verdicts.jsonl'), verdicts.join('\n') + '\n');
  writeFileSync(join(out, 'campaigns.json'), '[]');
  return { world, out };
}

test('eval reproduces metrics computed by hand on a small world', async () => {
  const { world, out } = fixture();
  const r = await runEval({ world, verdicts: out, baselines: [] });
  assert.equal(r.exchanges, 21);
  assert.equal(r.badLines, 1);
  assert.equal(r.scenario, 'hand-made');
  // c1, c2, c4 of 4 campaign accounts flagged.
  assert.equal(r.accountRecall, 3 / 4);
  // b2 of 4 benign accounts; b4 has no verdict and counts as not flagged.
  assert.equal(r.benignFPR, 1 / 4);
  assert.equal(r.precision, 3 / 4);
  // Leaked: c1's exchanges at 0 s and 100 s (the one at exactly flagged_at is not), none of c2 or c4, all 3 of c3.
  assert.equal(r.leakage, 5 / 14);
  // A has 2 of 3 accounts flagged (< 90%), B 1 of 1.
  assert.equal(r.campaignRecall, 1 / 2);
  assert.equal(r.perCampaign.A.found, false);
  assert.equal(r.perCampaign.B.found, true);
  assert.equal(r.perCampaign.A.leakage, 5 / 9);
  assert.equal(r.perPersona.hydra.flaggedRate, 2 / 3);
  assert.equal(r.perPersona.hobbyist.flaggedRate, 1 / 2);
  assert.equal(r.perPersona.developer.flaggedRate, 0);
  assert.equal(r.perPersona.naive.leakage, 0);
  assert.equal(r.labelledWithoutVerdict, 1);
  assert.equal(r.verdictsWithoutLabel, 1);
  assert.ok(r.problems.some((p) => p.includes('x1') && p.includes('no label')), 'an unlabelled verdict is reported by name');
  assert.deepEqual(r.leakageByDay.map((d) => [d.day, d.campaignExchanges, d.leaked]), [['2026-11-02', 14, 5]]);
});

test('a baseline is scored on the same logs, in event-time order, with its own leakage', async () => {
  const { world, out } = fixture();
  // Two requests per sliding minute: c3 is refused at its third request (30, 31, 32 s) only if the log was reordered.
  const rl = createRateLimitBaseline({ name: 'rpm2', rpm: 2, tpm: 0, rpd: 0, tokensPerDay: 0 });
  const r = await runEval({ world, verdicts: out, baselines: [rl] });
  const b = r.baselines[0];
  assert.equal(b.name, 'rpm2');
  assert.equal(rl.flagged.get('c3'), T0 + 32_000);
  // Flagged: c3, c4 (third request within a minute) and b2; c1 (100 s apart) and c2 (two requests) pass.
  assert.equal(b.accountRecall, 2 / 4);
  assert.equal(b.benignFPR, 1 / 4);
  // Leaked: all 4 of c1, both of c2, 2 of c3, 2 of c4.
  assert.equal(b.leakage, 10 / 14);
  assert.equal(b.campaignRecall, 1 / 2);
});

test('eval writes eval.json and a scoreboard page that escapes names from the inputs', async () => {
  const { world, out } = fixture();
  writeFileSync(join(world, 'labels.jsonl'), readFileSync(join(world, 'labels.jsonl'), 'utf8').replace('"developer"', '"<script>alert(1)</script>"'));
  const r = await runEval({ world, verdicts: out, baselines: [] });
  const files = await writeEvalOutputs(r, out);
  const json = JSON.parse(readFileSync(files.json, 'utf8'));
  for (const k of ['accountRecall', 'benignFPR', 'precision', 'leakage', 'campaignRecall', 'perPersona', 'perCampaign', 'baselines']) assert.ok(k in json, `eval.json has ${k}`);
  const html = readFileSync(files.html, 'utf8');
  assert.ok(!html.includes('<script>alert(1)'), 'persona names are escaped');
  assert.ok(html.includes('&lt;script&gt;alert(1)'));
  assert.ok(html.includes('<svg'), 'charts are inline SVG');
  assert.ok(!/src="http|href="http/.test(html), 'the page loads nothing from the network');
  assert.match(formatScoreboard(r), /distillguard\s+75\.0% \(3\/4\)/);
});

test('missing inputs are named in the message', () => {
  const { world, out } = fixture();
  assert.match(checkEvalInputs(join(world, 'nope'), out)!, /world directory not found: .*nope/);
  assert.match(checkEvalInputs(world, join(out, 'nope'))!, /verdicts directory not found/);
  const empty = mkdtempSync(join(tmpdir(), 'dg-eval-empty-'));
  assert.match(checkEvalInputs(world, empty)!, /verdicts\.jsonl/);
  assert.match(checkEvalInputs(empty, out)!, /logs\.jsonl/);
  assert.equal(checkEvalInputs(world, out), null);
});

test('a world with no campaign reports recall as n/a rather than a number', async () => {
  const { world, out } = fixture();
  writeFileSync(join(world, 'labels.jsonl'), JSON.stringify({ account_id: 'b1', label: 'benign', campaign_id: null, persona: 'hobbyist' }) + '\n');
  const r = await runEval({ world, verdicts: out, baselines: [] });
  assert.equal(r.accountRecall, null);
  assert.equal(r.leakage, null);
  assert.equal(r.campaignRecall, null);
  assert.equal(r.benignFPR, 0);
});

test('the eval command exits 2 naming a missing file, and 0 after writing its outputs', async () => {
  // the command runs in a process of its own: capturing this process's stdout would
  // also swallow the test runner's own report of tests finishing meanwhile
  const mainUrl = pathToFileURL(join(import.meta.dirname, '..', 'cli', 'main.ts')).href;
  const run = async (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { main } from ${JSON.stringify(mainUrl)}; process.exitCode = await main(${JSON.stringify(args)});`], { encoding: 'utf8' });
    return { code: r.status, text: r.stdout + r.stderr };
  };
  const { world, out } = fixture();
  const missing = await run(['eval', '--world', world, '--verdicts', join(out, 'gone')]);
  assert.equal(missing.code, 2);
  assert.match(missing.text, /verdicts directory not found: .*gone/);
  const ok = await run(['eval', '--world', world, '--verdicts', out, '--no-baselines']);
  assert.equal(ok.code, 0);
  assert.match(ok.text, /account recall/);
  assert.equal(JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')).accountRecall, 0.75);
});
