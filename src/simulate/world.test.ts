import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseAccountLine, parseExchangeLine } from '../contract/parse.js';
import type { Exchange, Label } from '../contract/types.js';
import { SCENARIOS, simulateWorld, SimulateError, type Manifest } from './index.js';
import { findScenario } from './scenarios.js';

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = resolve(here, '../../../shared/corpora');
const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'dg-sim-test-'));
  dirs.push(d);
  return d;
}

interface World {
  dir: string;
  manifest: Manifest;
  lines: string[];
  exchanges: Exchange[];
  labels: Label[];
  accounts: string[];
}

async function build(scenario: string, scale: number, seed: number, days?: number, corpus?: string): Promise<World> {
  const dir = tmp();
  const manifest = await simulateWorld({ scenario, scale, seed, days, out: dir, corpus });
  const lines = gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').split('\n');
  assert.equal(lines.pop(), '', 'the log ends with a newline');
  const exchanges = lines.map((l, i) => {
    const r = parseExchangeLine(l);
    if (!r.ok) assert.fail(`line ${i + 1} does not parse: ${r.reason}`);
    return r.value;
  });
  const labels = readFileSync(join(dir, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Label);
  const accounts = readFileSync(join(dir, 'accounts.jsonl'), 'utf8').trim().split('\n');
  return { dir, manifest, lines, exchanges, labels, accounts };
}

const small = build('mixed', 0.01, 11, 4);

test('the same seed writes a byte-identical world', async () => {
  const a = await small;
  const b = tmp();
  await simulateWorld({ scenario: 'mixed', scale: 0.01, seed: 11, days: 4, out: b });
  for (const f of ['logs.jsonl.gz', 'accounts.jsonl', 'labels.jsonl', 'manifest.json']) {
    assert.ok(readFileSync(join(a.dir, f)).equals(readFileSync(join(b, f))), `${f} differs between two runs with one seed`);
  }
});

test('a different seed writes a different world', async () => {
  const a = await small;
  const b = await build('mixed', 0.01, 12, 4);
  assert.notDeepEqual(a.lines.slice(0, 50), b.lines.slice(0, 50));
  const ids = new Set(a.labels.map((l) => l.account_id));
  assert.ok(b.labels.every((l) => !ids.has(l.account_id)), 'account ids come from the seed');
});

test('every log line parses under the contract and is at most a few seconds out of order', async () => {
  const w = await small;
  assert.ok(w.exchanges.length > 1000, `a small mixed world still has traffic (${w.exchanges.length})`);
  let max = -Infinity;
  let late = 0;
  for (const e of w.exchanges) {
    assert.ok(max - e.tsMs <= 6000, `line ${e.id} is ${max - e.tsMs} ms older than one before it`);
    if (e.tsMs < max) late++;
    max = Math.max(max, e.tsMs);
  }
  assert.ok(late > 0, 'log shippers interleave lines: some arrive out of order');
  const start = Date.parse(w.manifest.start);
  const end = Date.parse(w.manifest.end);
  assert.ok(w.exchanges.every((e) => e.tsMs >= start && e.tsMs < end + 10_000), 'every exchange lies within the world');
  const ids = new Set(w.exchanges.map((e) => e.id));
  assert.equal(ids.size, w.exchanges.length, 'request ids are unique');
});

test('every field of the contract is used with realistic values', async () => {
  const w = await small;
  const has = (f: (e: Exchange) => unknown) => w.exchanges.some((e) => f(e) !== undefined);
  for (const [name, f] of Object.entries({
    org_id: (e: Exchange) => e.org_id, api_key_id: (e: Exchange) => e.api_key_id, ip: (e: Exchange) => e.ip, user_agent: (e: Exchange) => e.user_agent,
    model: (e: Exchange) => e.model, endpoint: (e: Exchange) => e.endpoint, system: (e: Exchange) => e.request?.system, temperature: (e: Exchange) => e.request?.temperature,
    max_tokens: (e: Exchange) => e.request?.max_tokens, tools: (e: Exchange) => e.request?.tools, stream: (e: Exchange) => e.request?.stream,
    text: (e: Exchange) => e.response?.text, stop_reason: (e: Exchange) => e.response?.stop_reason, tool_calls: (e: Exchange) => e.response?.tool_calls || undefined,
    usage: (e: Exchange) => e.usage?.output_tokens, status: (e: Exchange) => e.status, latency_ms: (e: Exchange) => e.latency_ms,
  })) assert.ok(has(f), `some exchange carries ${name}`);
  assert.ok(w.exchanges.some((e) => e.status === 429), 'some requests are rate limited');
  assert.ok(w.exchanges.some((e) => (e.request?.messages?.length ?? 0) > 2), 'some requests continue a conversation');
  const stops = new Set(w.exchanges.map((e) => e.response?.stop_reason).filter(Boolean));
  for (const s of ['end_turn', 'tool_use', 'stop']) assert.ok(stops.has(s), `stop reason ${s} occurs`);
  const bytes = w.lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / w.lines.length;
  assert.ok(bytes > 700 && bytes < 2600, `lines average ${Math.round(bytes)} bytes`);
  // ~4 characters per token for Latin text
  // responses short enough that the logger kept them whole
  const en = w.exchanges.filter((e) => e.status === 200 && e.response?.text && e.usage!.output_tokens! >= 20 && e.usage!.output_tokens! <= 100 && e.response.stop_reason !== 'tool_use' && /^[\x00-\x7f]*$/.test(e.response.text));
  assert.ok(en.length > 50, `enough short responses to measure (${en.length})`);
  const ratio = en.reduce((n, e) => n + e.response!.text!.length, 0) / en.reduce((n, e) => n + e.usage!.output_tokens!, 0);
  assert.ok(ratio > 2.5 && ratio < 6, `untruncated responses have ${ratio.toFixed(2)} characters per token`);
});

test('labels and the account table cover every account in the logs', async () => {
  const w = await small;
  const labelled = new Map(w.labels.map((l) => [l.account_id, l]));
  const table = new Set(w.accounts.map((l) => {
    const r = parseAccountLine(l);
    if (!r.ok) assert.fail(`account line does not parse: ${r.reason}`);
    return r.value.account_id;
  }));
  for (const e of w.exchanges) {
    assert.ok(labelled.has(e.account_id), `${e.account_id} has a label`);
    assert.ok(table.has(e.account_id), `${e.account_id} is in the account table`);
  }
  for (const l of w.labels) {
    assert.ok(l.label === 'benign' || l.label === 'campaign');
    assert.equal(l.campaign_id === null, l.label === 'benign', 'campaign accounts, and only they, carry a campaign id');
  }
  const personas = new Set(w.labels.map((l) => l.persona));
  for (const p of ['hobbyist', 'developer', 'app_backend', 'batch_job', 'benchmark_evaluator', 'campus_class', 'company_seat', 'agentic_product', 'naive', 'hydra', 'agentic_harvest', 'stealth', 'reseller_mix', 'slow_drip', 'model_switch']) {
    assert.ok(personas.has(p), `mixed holds ${p}`);
  }
});

test('manifest counts match the files', async () => {
  const w = await small;
  const m = w.manifest;
  assert.equal(m.exchanges, w.exchanges.length);
  assert.equal(m.accounts, w.labels.length);
  assert.equal(m.accounts, w.accounts.length);
  const label = new Map(w.labels.map((l) => [l.account_id, l]));
  const per = new Map<string, number>();
  const perCampaign = new Map<string, number>();
  for (const e of w.exchanges) {
    const l = label.get(e.account_id)!;
    per.set(l.persona, (per.get(l.persona) ?? 0) + 1);
    if (l.campaign_id) perCampaign.set(l.campaign_id, (perCampaign.get(l.campaign_id) ?? 0) + 1);
  }
  for (const [p, c] of Object.entries(m.personas)) assert.equal(c.exchanges, per.get(p) ?? 0, `exchanges of ${p}`);
  for (const [s, c] of Object.entries(m.strategies)) assert.equal(c.exchanges, per.get(s) ?? 0, `exchanges of ${s}`);
  for (const c of m.campaigns) {
    assert.equal(c.exchanges, perCampaign.get(c.campaign_id) ?? 0, `exchanges of ${c.campaign_id}`);
    assert.equal(c.accounts, w.labels.filter((l) => l.campaign_id === c.campaign_id).length);
  }
  assert.equal(m.benign_exchanges + m.campaign_exchanges, m.exchanges);
  assert.equal(m.accounts_active, new Set(w.exchanges.map((e) => e.account_id)).size);
});

test('incident at scale 0.01 is composed as the reported case', () => {
  const s = findScenario('incident')!;
  assert.equal(s.defaultDays, 45);
  const c = s.compose(0.01);
  const accounts = c.campaigns.reduce((n, x) => n + x.accounts, 0);
  assert.equal(accounts, 250);
  const exchanges = c.campaigns.reduce((n, x) => n + x.accounts * x.perAccountDay * 45, 0);
  assert.ok(Math.abs(exchanges - 288_000) < 1000, `planned ${exchanges} campaign exchanges`);
});

test('an incident world reproduces the reported ratios: accounts, exchanges per account per day, 45 days', async () => {
  // scale 0.001 (25 campaign accounts) keeps the test quick; the ratios do not depend on scale
  const w = await build('incident', 0.001, 5);
  const m = w.manifest;
  assert.equal(m.days, 45);
  assert.equal(m.campaign_accounts, 25);
  const perDay = m.campaign_exchanges / m.campaign_accounts / 45;
  assert.ok(Math.abs(perDay - 25.6) / 25.6 < 0.12, `campaign accounts make ${perDay.toFixed(1)} exchanges a day (reported: 25.6)`);
  let lo = Infinity, hi = -Infinity;
  for (const e of w.exchanges) {
    lo = Math.min(lo, e.tsMs);
    hi = Math.max(hi, e.tsMs);
  }
  const spanDays = (hi - lo) / 86_400_000;
  assert.ok(spanDays > 44 && spanDays <= 45.01, `traffic spans ${spanDays.toFixed(1)} days`);
  assert.ok(m.benign_exchanges > 0.3 * m.campaign_exchanges, 'benign background in proportion');
});

test('bad options are refused with a message naming what was wrong', async () => {
  await assert.rejects(simulateWorld({ scenario: 'nope', scale: 1, seed: 1, out: tmp() }), (e: Error) => e instanceof SimulateError && /unknown scenario "nope".*mixed/.test(e.message));
  await assert.rejects(simulateWorld({ scenario: 'mixed', scale: -1, seed: 1, out: tmp() }), /scale/);
  await assert.rejects(simulateWorld({ scenario: 'mixed', scale: 0.01, seed: 1.5, out: tmp() }), /seed/);
  await assert.rejects(simulateWorld({ scenario: 'mixed', scale: 0.01, seed: 1, days: 0, out: tmp() }), /days/);
  await assert.rejects(simulateWorld({ scenario: 'mixed', scale: 0.01, seed: 1, out: tmp(), corpus: join(tmp(), 'missing') }), /corpus directory .* does not exist/);
});

test('every scenario is listed with a description and builds', async () => {
  assert.ok(SCENARIOS.length >= 10);
  for (const s of SCENARIOS) assert.ok(s.summary.length > 20, `${s.name} has a description`);
  const m = await simulateWorld({ scenario: 'lookalikes', scale: 0.02, seed: 3, days: 2, out: tmp() });
  assert.equal(m.campaign_accounts, 0, 'lookalikes is benign only');
  assert.ok(m.exchanges > 0);
});

test('campaign prompts come from attacker corpora and everyday prompts from benign ones', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, async () => {
  const w = await build('mixed', 0.01, 21, 3, CORPUS);
  assert.equal(w.manifest.text, 'corpus');
  const attack = new Set<string>();
  const benign = new Set<string>();
  const KEY = 48;
  for (const dir of ['gsm8k', 'math-competition', 'bbh', 'mmlu-redux', 'code-benchmarks', 'codealpaca', 'llm-judge-prompts', 'tool-use-agentic', 'instruction-sweeps', 'hh-rlhf-harmless-test', 'sharegpt-sample', 'oasst-prompts', 'alpaca-eval', 'nq-open-queries', 'webquestions', 'conala-so-questions', 'arena-hard', 'multilingual-chat', 'wildchat-hard-ru', 'mt-bench-vicuna-bench', 'self-instruct-user-oriented']) {
    const f = join(CORPUS, dir, 'prompts.jsonl');
    if (!existsSync(f)) continue;
    for (const l of readFileSync(f, 'utf8').split('\n')) {
      if (!l) continue;
      const o = JSON.parse(l) as { kind: string; prompt: string; source: string };
      if (o.prompt.length < KEY) continue;
      (o.kind === 'attacker' || o.source === 'hh-rlhf-harmless-test' ? attack : benign).add(o.prompt.slice(0, KEY));
    }
  }
  const from = (text: string, set: Set<string>) => {
    for (let i = 0; i + KEY <= text.length && i < 400; i++) if (set.has(text.slice(i, i + KEY))) return true;
    return false;
  };
  const label = new Map(w.labels.map((l) => [l.account_id, l]));
  const share = (persona: (p: string) => boolean, set: Set<string>) => {
    let n = 0, hit = 0;
    for (const e of w.exchanges) {
      const l = label.get(e.account_id)!;
      if (!persona(l.persona) || e.request?.messages?.length !== 1) continue;
      const t = e.request.messages[0].content;
      if (t.length < KEY) continue;
      n++;
      if (from(t, set)) hit++;
    }
    return { n, share: hit / Math.max(1, n) };
  };
  const harvest = share((p) => ['hydra', 'naive', 'model_switch', 'slow_drip'].includes(p), attack);
  assert.ok(harvest.n > 100 && harvest.share > 0.6, `harvest prompts from attacker corpora: ${(harvest.share * 100).toFixed(0)}% of ${harvest.n}`);
  const hobby = share((p) => p === 'hobbyist' || p === 'developer', attack);
  assert.ok(hobby.share < 0.05, `hobbyist and developer prompts from attacker corpora: ${(hobby.share * 100).toFixed(0)}% of ${hobby.n}`);
});

test('campaign wrappers and clients change with the seed, so no strategy has a fixed tell', async () => {
  const tells = async (seed: number) => {
    const w = await build('hydra', 0.005, seed, 2);
    const label = new Map(w.labels.map((l) => [l.account_id, l.persona]));
    const uas = new Map<string, number>();
    const openings = new Map<string, number>();
    for (const e of w.exchanges) {
      if (label.get(e.account_id) !== 'hydra') continue;
      uas.set(e.user_agent!, (uas.get(e.user_agent!) ?? 0) + 1);
      const o = e.request!.messages!.at(-1)!.content.slice(0, 30);
      openings.set(o, (openings.get(o) ?? 0) + 1);
    }
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])[0][0];
    return { ua: top(uas), opening: top(openings), uaCount: uas.size };
  };
  const a = await tells(101);
  const b = await tells(202);
  assert.notEqual(a.ua, b.ua, 'the main user agent differs between seeds');
});

test('a background multiplier grows the benign population and leaves the campaign as it was', async () => {
  const one = await build('stealth', 0.1, 3, 2);
  const dir = tmp();
  const m = await simulateWorld({ scenario: 'stealth', scale: 0.1, background: 3, seed: 3, days: 2, out: dir });
  assert.equal(m.background, 3);
  assert.equal(one.manifest.background, 1);
  // (small personas keep their minimum of one unit, so not quite 3×)
  assert.ok(m.benign_accounts >= 2 * one.manifest.benign_accounts, `benign accounts ${one.manifest.benign_accounts} → ${m.benign_accounts}`);
  const labels = readFileSync(join(dir, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Label);
  const campaign = (ls: Label[]): string[] => ls.filter((l) => l.label === 'campaign').map((l) => JSON.stringify(l)).sort();
  assert.deepEqual(campaign(labels), campaign(one.labels));
  // what each campaign account sent, and when (the served answers are drawn from the shared log stream)
  const ids = new Set(one.labels.filter((l) => l.label === 'campaign').map((l) => l.account_id));
  const sent = (xs: Exchange[]): string[] => xs.filter((x) => ids.has(x.account_id)).map((x) => `${x.ts} ${x.account_id} ${x.ip} ${JSON.stringify(x.request)}`);
  const logs = gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').trim().split('\n');
  const exchanges = logs.map((l) => {
    const r = parseExchangeLine(l);
    assert.ok(r.ok);
    return r.value;
  });
  assert.ok(ids.size > 0);
  assert.deepEqual(sent(exchanges), sent(one.exchanges));
});
