/**
 * Incremental sweeps give the same graph as full ones: two linkages fed the
 * same labelled worlds (several scenarios, built-in text), one rebuilding
 * every pair at each sweep (`fullSweeps`), the other only the rows that
 * changed, must hold the same edges (accounts, weights, per-group sums,
 * order) and report the same campaigns at every sweep; and the incremental
 * one must actually have skipped rows, or the comparison proves nothing.
 * Then whole scans with either setting must write the same verdicts and
 * campaigns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateWorld } from '../simulate/index.js';
import { extractFeatures } from '../features/index.js';
import { parseAccountLine, parseExchangeLine } from '../contract/parse.js';
import type { Exchange } from '../contract/types.js';
import { parseScanConfig } from '../engine/config.js';
import { scan } from '../engine/scan.js';
import { createLinkage } from './index.js';
import { EdgeCarry, EdgeScratch, buildEdges, buildKeyIndex, harvesters, type EdgeSet, type GraphInput } from './graph.js';
import { AcctState, RING_WORDS } from './accounts.js';
import { parseLinkageConfig } from './config.js';
import { Kind } from './keys.js';
import { mulberry32 } from '../util/random.js';

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function world(scenario: string, seed: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-incsweep-'));
  dirs.push(dir);
  await simulateWorld({ scenario, scale: 0.04, seed, days: 3, out: dir });
  return dir;
}

function digest(e: EdgeSet): string {
  return JSON.stringify([Array.from(e.a.subarray(0, e.n)), Array.from(e.b.subarray(0, e.n)), Array.from(e.w.subarray(0, e.n)), Array.from(e.g.subarray(0, e.n * 5))]);
}

for (const [scenario, seed] of [['mixed', 31], ['hydra', 32], ['stealth', 33], ['crowd_cover', 34]] as const) {
  test(`an incremental sweep holds the same edges and campaigns as a full one at every sweep (${scenario}, seed ${seed})`, async () => {
    const dir = await world(scenario, seed);
    const exs: Exchange[] = [];
    for (const line of gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').split('\n')) {
      if (!line) continue;
      const r = parseExchangeLine(line);
      if (r.ok) exs.push(r.value);
    }
    exs.sort((x, y) => x.tsMs - y.tsMs);
    const full = createLinkage({ fullSweeps: true });
    const inc = createLinkage();
    for (const line of readFileSync(join(dir, 'accounts.jsonl'), 'utf8').split('\n')) {
      if (!line) continue;
      const r = parseAccountLine(line);
      if (!r.ok) continue;
      // half the table up front, the rest as the accounts first send (new accounts between sweeps)
      if (r.value.account_id.length % 2 === 0) {
        full.registerAccount(r.value);
        inc.registerAccount(r.value);
      }
    }
    // sweeps at uneven gaps, so that some see few changed accounts and some many
    const gaps = [50, 400, 120, 2000, 30, 900];
    let next = gaps[0];
    let sweeps = 0;
    let skipped = 0;
    let edges = 0;
    let campaigns = 0;
    const compare = (at: number): void => {
      const a = full.sweep(at);
      const b = inc.sweep(at);
      sweeps++;
      const ea = (full as unknown as { lastEdges: EdgeSet }).lastEdges;
      const eb = (inc as unknown as { lastEdges: EdgeSet }).lastEdges;
      assert.equal(eb.n, ea.n, `sweep ${sweeps}: edge count`);
      assert.ok(digest(ea) === digest(eb), `sweep ${sweeps}: the edges differ`);
      assert.deepEqual(b.campaigns.map((c) => [c.campaignId, c.accounts, c.score, c.detectedAtMs]), a.campaigns.map((c) => [c.campaignId, c.accounts, c.score, c.detectedAtMs]));
      assert.deepEqual(b.joined, a.joined);
      if ((b.stats.rebuiltRows ?? b.stats.accounts) < b.stats.accounts) skipped++;
      edges += ea.n;
      campaigns += a.campaigns.length;
    };
    for (let i = 0; i < exs.length; i++) {
      const ex = exs[i];
      if (i === next) {
        compare(ex.tsMs);
        next += gaps[sweeps % gaps.length];
      }
      const f = extractFeatures(ex);
      full.observe(ex, f);
      inc.observe(ex, f);
    }
    compare(exs[exs.length - 1].tsMs + 1);
    // and once more with nothing new: every row is skipped
    compare(exs[exs.length - 1].tsMs + 2);
    assert.ok(sweeps >= 8, `${sweeps} sweeps`);
    assert.ok(edges > 0 && campaigns > 0, `the world must link accounts and hold campaigns (${edges} edges, ${campaigns} campaigns over ${sweeps} sweeps)`);
    assert.ok(skipped >= sweeps / 2, `the incremental linkage skipped rows in only ${skipped} of ${sweeps} sweeps`);
  });
}

test('a scan with incremental sweeps writes the same verdicts and campaigns as one with full sweeps', async () => {
  const dir = await world('hydra', 41);
  const outs: string[][] = [];
  for (const fullSweeps of [true, false]) {
    const out = join(dir, `scan-${fullSweeps}`);
    await scan({ inputs: [join(dir, 'logs.jsonl.gz')], accounts: join(dir, 'accounts.jsonl'), out, store: false, workers: 0, config: parseScanConfig({ linkage: { fullSweeps } }) });
    outs.push(['verdicts.jsonl', 'campaigns.json'].map((f) => readFileSync(join(out, f), 'utf8')));
  }
  assert.ok(JSON.parse(outs[0][1]).length > 0, 'the world must hold campaigns');
  assert.equal(outs[1][0], outs[0][0]);
  assert.equal(outs[1][1], outs[0][1]);
});

/**
 * The graph alone, on random populations with many lattice keys (small
 * cliques), changed between builds in the ways that are hard to track:
 * an account trading a key for another, two accounts swapping keys (each
 * key keeps its size, its members change), a harvest flag flipping with no
 * key changed, an account's activity moving with no exchange (its ring ages),
 * retry hops added or counted again, and now and then new accounts (the IDF
 * population moves: a build afresh).
 */
interface Spec { keys: string[]; exchanges: number; harvest: boolean; ring: number[] }

function population(specs: Spec[], keyOf: Map<string, number>, keyKinds: number[]): AcctState[] {
  return specs.map((sp, x) => {
    const s = new AcctState(`a${x}`, x);
    s.exchanges = sp.exchanges;
    s.harvest = sp.harvest ? sp.exchanges : 0;
    for (const name of sp.keys) {
      let k = keyOf.get(name);
      if (k === undefined) {
        k = keyKinds.length;
        keyOf.set(name, k);
        keyKinds.push(Number(name.split(':')[0]));
      }
      const slot = s.addKey(1000 + k, keyKinds[k]);
      if (slot >= 0) s.setKey(slot, k);
      s.addKey(1000 + k, keyKinds[k]);
    }
    const ring = s.ringView();
    for (const b of sp.ring) ring[b >>> 5] |= 1 << (b & 31);
    return s;
  });
}

test('the graph built from what changed equals the graph built afresh, through changes of every kind', () => {
  const kinds = [Kind.Ip, Kind.Net, Kind.UserAgent, Kind.KeyPattern, Kind.Skeleton, Kind.TemplateBand, Kind.HarvestProfile, Kind.Payment];
  let rounds = 0;
  let partial = 0;
  let edges = 0;
  for (const seed of [1, 2, 3]) {
    const r = mulberry32(seed);
    const cfg = parseLinkageConfig({ groupCliqueMax: 8, ringNeighbours: 3, idfFloorAccounts: 50, seed });
    const value = (pool: number): string => {
      const kind = kinds[Math.floor(r() * kinds.length)];
      return `${kind}:${r() < 0.5 ? `pop${Math.floor(r() * 6)}` : r() < 0.8 ? `pool${pool}` : `own${Math.floor(r() * 1e6)}`}`;
    };
    const schedule = Array.from({ length: 4 }, () => Array.from({ length: 12 }, () => Math.floor(r() * RING_WORDS * 32)));
    const account = (): Spec => {
      const pool = Math.floor(r() * 4);
      return {
        keys: Array.from({ length: 5 }, () => value(pool)),
        exchanges: 4 + Math.floor(r() * 20),
        harvest: r() < 0.4,
        ring: Array.from({ length: 3 + Math.floor(r() * 10) }, () => (r() < 0.7 ? schedule[pool][Math.floor(r() * 12)] : Math.floor(r() * RING_WORDS * 32))),
      };
    };
    const specs = Array.from({ length: 260 }, account);
    const keyOf = new Map<string, number>();
    const keyKinds: number[] = [];
    const hops = new Map<number, number>();
    const carry = new EdgeCarry();
    const scratch = new EdgeScratch();
    for (let round = 0; round < 14; round++) {
      const dirty = new Uint8Array(specs.length + 16);
      if (round > 0) {
        for (let c = 0; c < 6; c++) {
          const x = Math.floor(r() * specs.length);
          const sp = specs[x];
          const what = Math.floor(r() * 5);
          if (what === 0) {
            sp.keys[Math.floor(r() * sp.keys.length)] = value(Math.floor(r() * 4));
            dirty[x] = 1;
          } else if (what === 1) {
            // a swap: y takes x's key and x takes y's, every key keeps its size
            const y = Math.floor(r() * specs.length);
            const i = Math.floor(r() * 5);
            const j = Math.floor(r() * 5);
            if (x !== y && !sp.keys.includes(specs[y].keys[j]) && !specs[y].keys.includes(sp.keys[i])) {
              [sp.keys[i], specs[y].keys[j]] = [specs[y].keys[j], sp.keys[i]];
              dirty[x] = 1;
              dirty[y] = 1;
            }
          } else if (what === 2) {
            sp.harvest = !sp.harvest;
            dirty[x] = 1;
          } else if (what === 3) {
            // the ring ages (its oldest buckets fall out of the week): not an exchange, the account is not marked
            for (let q = 0; q < 8; q++) {
              const z = specs[Math.floor(r() * specs.length)];
              z.ring = z.ring.filter((_, i) => i % 2 === 1);
            }
          } else {
            const pair = Math.min(x, c) * 67108864 + Math.max(x, c);
            hops.set(pair, (hops.get(pair) ?? 0) + 1);
          }
        }
        if (round % 5 === 4) for (let q = 0; q < 3; q++) specs.push(account());
      }
      const accts = population(specs, keyOf, keyKinds);
      const index = buildKeyIndex(accts, keyKinds.length, cfg.minContentRepeats);
      const inp: GraphInput = { accts, keyKinds: Uint8Array.from(keyKinds), index, population: accts.length, hops, nowBucket: 0, ringSpan: 300 + round, harvester: harvesters(accts), dirty };
      const inc = buildEdges(inp, cfg, scratch, carry);
      if (!carry.fresh) partial++;
      const ref = buildEdges(inp, cfg);
      const what = `seed ${seed} round ${round}`;
      assert.equal(inc.n, ref.n, `${what}: edge count`);
      assert.deepEqual(Array.from(inc.a), Array.from(ref.a), `${what}: first ends`);
      assert.deepEqual(Array.from(inc.b), Array.from(ref.b), `${what}: second ends`);
      assert.deepEqual(Array.from(inc.w), Array.from(ref.w), `${what}: weights`);
      assert.deepEqual(Array.from(inc.g), Array.from(ref.g), `${what}: sums per group`);
      rounds++;
      edges += ref.n;
    }
  }
  assert.ok(partial >= rounds / 2, `only ${partial} of ${rounds} builds were partial`);
  assert.ok(edges > 1000, `only ${edges} edges`);
});
