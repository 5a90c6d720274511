/**
 * A labelled world from the shared corpora, replayed through the gateway in
 * front of a stand-in that answers with the logged answers: the gateway's
 * verdicts are `scan`'s, its refusals begin right after `scan`'s flag, benign
 * accounts are never refused, and a restart in the middle loses nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exchange, Label, Verdict } from '../contract/types.js';
import { scan } from '../engine/scan.js';
import { simulateWorld } from '../simulate/index.js';
import { exchangeLine } from './logwriter.js';
import { enforcedOf, loadAnswers, orderedExchanges, replay, type ReplayDecision } from './replay.js';
import { startGateway } from './server.js';
import { startStandIn, type StandIn } from './testing/upstream.js';

const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
const skip = existsSync(CORPORA) ? false : `corpora not found at ${CORPORA}; the world replay is skipped`;
const ADMIN = 'admin-secret';
/** Refuse every flagged account: the gateway's refusals then mark exactly the engine's flags. */
const refuseFlagged = (mode: 'shadow' | 'enforce') => ({ version: 1 as const, rules: [{ id: 'flagged', when: { flagged: true }, action: 'block' as const, mode }] });

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

async function gatewayVerdicts(url: string): Promise<Map<string, Verdict>> {
  const auth = { authorization: `Bearer ${ADMIN}` };
  assert.equal((await fetch(url + '/admin/sweep', { method: 'POST', headers: auth })).status, 200);
  const text = await (await fetch(url + '/admin/verdicts', { headers: auth })).text();
  return new Map(text.split('\n').filter(Boolean).map((l) => [(JSON.parse(l) as Verdict).account_id, JSON.parse(l) as Verdict]));
}

/** verdict, score, flagged_at and campaign of every account, as `scan` wrote them, against the gateway's */
function assertSameVerdicts(gw: Map<string, Verdict>, scanned: Verdict[]): void {
  assert.equal(gw.size, scanned.length, 'accounts seen');
  let flagged = 0;
  for (const v of scanned) {
    const g = gw.get(v.account_id);
    assert.ok(g, `${v.account_id} missing from the gateway`);
    assert.deepEqual({ verdict: g.verdict, flagged_at: g.flagged_at, campaign_id: g.campaign_id, score: g.score }, { verdict: v.verdict, flagged_at: v.flagged_at, campaign_id: v.campaign_id, score: v.score }, v.account_id);
    if (v.flagged_at) flagged++;
  }
  assert.ok(flagged > 0, 'the world flags nobody: the comparison proves nothing');
}

describe('a labelled world replayed through the gateway', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-gw-replay-'));
  const world = join(dir, 'world');
  let scanned: Verdict[];
  let labels: Map<string, Label>;
  let ordered: Exchange[];
  let up: StandIn;

  before(async () => {
    await simulateWorld({ scenario: 'hydra', scale: 0.02, seed: 3, days: 2, corpus: CORPORA, out: world, quiet: true } as Parameters<typeof simulateWorld>[0]);
    await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: join(dir, 'scan'), store: false, workers: 0 });
    scanned = readJsonl<Verdict>(join(dir, 'scan', 'verdicts.jsonl'));
    labels = new Map(readJsonl<Label>(join(world, 'labels.jsonl')).map((l) => [l.account_id, l]));
    ordered = [];
    for await (const b of orderedExchanges([join(world, 'logs.jsonl.gz')], { n: 0 })) ordered.push(...b);
    up = await startStandIn({ answers: await loadAnswers([join(world, 'logs.jsonl.gz')]) });
  });
  after(async () => {
    await up?.close();
  });

  test('in shadow, the gateway records every exchange as logged and judges every account exactly as scan does', async () => {
    const log = join(dir, 'gateway-log');
    const gw = await startGateway({ upstream: up.url, listen: '127.0.0.1:0', accounts: join(world, 'accounts.jsonl'), policyFile: refuseFlagged('shadow'), replayClock: true, adminToken: ADMIN, log, defaultMetrics: false });
    try {
      const s = await replay({ inputs: [join(world, 'logs.jsonl.gz')], gateway: gw.url, concurrency: 1 });
      assert.equal(s.exchanges, ordered.length);
      assert.equal(s.decisions.block + s.decisions.throttle, 0, 'shadow refuses nothing');
      assert.ok(s.decisions.shadow > 0, 'shadow would have refused nothing');
      assertSameVerdicts(await gatewayVerdicts(gw.url), scanned);
    } finally {
      await gw.close();
    }
    // the gateway recorded each exchange as the log holds it (but for its own latency)
    const recorded = new Map<string, Exchange>();
    for await (const b of orderedExchanges([log], { n: 0 })) for (const ex of b) recorded.set(ex.id, ex);
    assert.equal(recorded.size, ordered.length);
    for (const want of ordered) {
      const { latency_ms: _a, ...got } = recorded.get(want.id)!;
      const { latency_ms: _b, ...exp } = want;
      assert.deepEqual(got, exp, want.id);
    }
    // and the gateway's own log, scanned, says what scan of the original log says
    await scan({ inputs: [log], accounts: join(world, 'accounts.jsonl'), out: join(dir, 'scan-of-gateway-log'), store: false, workers: 0 });
    const again = readJsonl<Verdict>(join(dir, 'scan-of-gateway-log', 'verdicts.jsonl'));
    assertSameVerdicts(new Map(again.map((v) => [v.account_id, v])), scanned);
  });

  test('enforcing, campaign accounts are refused from the request after their flag, benign accounts never, and leakage exceeds scan\'s only by each account\'s flagging exchange', async () => {
    const gw = await startGateway({ upstream: up.url, listen: '127.0.0.1:0', accounts: join(world, 'accounts.jsonl'), policyFile: refuseFlagged('enforce'), replayClock: true, adminToken: ADMIN, defaultMetrics: false });
    const decisions: ReplayDecision[] = [];
    let own: Map<string, Verdict>;
    try {
      await replay({ inputs: [join(world, 'logs.jsonl.gz')], gateway: gw.url, concurrency: 1, onDecision: (d) => decisions.push(d) });
      const text = await (await fetch(gw.url + '/admin/verdicts', { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      own = new Map(text.split('\n').filter(Boolean).map((l) => [(JSON.parse(l) as Verdict).account_id, JSON.parse(l) as Verdict]));
    } finally {
      await gw.close();
    }
    // Enforcing, the engine sees what the gateway did: a refused exchange has no answer, and its own
    // 429s read as rate limits to the linkage; so refusals are checked against the gateway's own flag
    // and leakage against scan's.
    const flaggedAt = (m: Map<string, { flagged_at: string | null }>, id: string) => {
      const f = m.get(id)?.flagged_at;
      return f ? Date.parse(f) : Infinity;
    };
    const scannedById = new Map(scanned.map((v) => [v.account_id, v]));
    let campaignExchanges = 0;
    let served = 0;
    let leakedScan = 0;
    const refusedAccounts = new Set<string>();
    const firstAfterFlag = new Map<string, boolean>();
    for (const d of decisions) {
      // the log holds upstream 429s of its own: a refusal is the gateway's decision
      const refused = d.decision === 'block';
      const label = labels.get(d.account_id)!;
      const t = Date.parse(d.ts);
      const f = flaggedAt(own, d.account_id);
      if (label.label === 'benign') assert.ok(!refused, `benign ${d.account_id} (${label.persona}) refused at ${d.ts}`);
      else {
        campaignExchanges++;
        if (!refused) served++;
        else refusedAccounts.add(d.account_id);
        if (t < flaggedAt(scannedById, d.account_id)) leakedScan++;
      }
      if (t <= f) assert.ok(!refused, `${d.account_id} refused at ${d.ts}, before the gateway flagged it`);
      // the first request after the flag is refused
      else if (!firstAfterFlag.has(d.account_id)) {
        firstAfterFlag.set(d.account_id, true);
        assert.ok(refused, `${d.account_id} served at ${d.ts} after its flag at ${new Date(f).toISOString()}`);
      }
    }
    assert.ok(refusedAccounts.size > 0, 'no campaign account refused');
    // what `replay --labels` prints
    const e = enforcedOf(decisions, new Map([...labels].map(([id, l]) => [id, l.label])));
    assert.deepEqual([e.campaignRefused, e.benignRefused, e.campaignServed, e.campaignExchanges], [refusedAccounts.size, 0, served, campaignExchanges]);
    // The exchange at which an account is flagged was answered before the engine read it: scan counts
    // it as caught (its ts is flagged_at), the gateway served it. Beyond that one per flagged account,
    // the gateway leaks no more than a point above scan.
    const flaggedCampaign = scanned.filter((v) => v.flagged_at && labels.get(v.account_id)?.label === 'campaign').length;
    const gwLeak = served / campaignExchanges;
    const scanLeak = leakedScan / campaignExchanges;
    const bound = (leakedScan + flaggedCampaign) / campaignExchanges + 0.01;
    assert.ok(gwLeak <= bound, `leakage ${(100 * gwLeak).toFixed(2)}% through the gateway against ${(100 * scanLeak).toFixed(2)}% by scan (+${flaggedCampaign} flagging exchanges)`);
  });

  test('a restart in the middle of the replay loses no account state', async () => {
    const state = join(dir, 'state');
    const half = Math.floor(ordered.length / 2);
    writeFileSync(join(dir, 'first.jsonl'), ordered.slice(0, half).map(exchangeLine).join(''));
    writeFileSync(join(dir, 'second.jsonl'), ordered.slice(half).map(exchangeLine).join(''));
    const opts = { upstream: up.url, listen: '127.0.0.1:0', accounts: join(world, 'accounts.jsonl'), policyFile: refuseFlagged('shadow'), replayClock: true, adminToken: ADMIN, state, defaultMetrics: false };
    const first = await startGateway(opts);
    await replay({ inputs: [join(dir, 'first.jsonl')], gateway: first.url });
    const before = new Map((await first.online.accounts()).map((s) => [s.id, s]));
    await first.close();
    const second = await startGateway(opts);
    try {
      assert.equal(second.restored.exchanges, half);
      const restored = new Map((await second.online.accounts()).map((s) => [s.id, s]));
      assert.deepEqual(restored, before);
      await replay({ inputs: [join(dir, 'second.jsonl')], gateway: second.url });
      assertSameVerdicts(await gatewayVerdicts(second.url), scanned);
    } finally {
      await second.close();
    }
  });
});
