import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTENT_NAMES } from '../features/types.js';
import { AcctState, BUCKET_MS } from './accounts.js';
import { CROSS_REPEAT_USE, HARVEST_FLOOR, PLAIN_ANSWER_MIN_TOKENS, WAVE_MEMBERS, clusterFacts, effectiveHarvest, judge, memberView, repeatsAreUse, type ClusterFacts } from './judge.js';
import { mulberry32 } from '../util/random.js';

/** A linked group that asks single, distinct, plain questions by machine over many topics: the plain-answer sweep's shape. */
function sweepShaped(outTokens: number): ClusterFacts {
  return {
    n: 4, exchanges: 2200, firstMs: 0, lastMs: 5 * 86_400_000, harvest: 0, singleTurn: 1, distinct: 0.99, crossRepeat: 0, waveRepeat: 0, topics: 26,
    automation: 0, clientLib: 1, regularShare: 1, aroundClock: 0, verifiedShare: 0, topOrg: '', topOrgShare: 0.25,
    intent: new Float64Array(INTENT_NAMES.length), coactivity: 1, turnTaking: false, synchronized: false, links: [],
    groupCoverage: [0, 0, 0.5, 1, 0], accountScore: NaN, outTokens, textShare: 1,
  };
}

test('a paragraph of product copy per record is processing, not a harvest of answers', () => {
  // four companies writing one SEO paragraph per record from one copied instruction: 185 tokens on average
  const copy = sweepShaped(185);
  assert.ok(effectiveHarvest(copy) < HARVEST_FLOOR);
  assert.equal(judge(copy, 4, 0.5).campaign, false);
  // the same shape with full answers is a plain-answer sweep (the red team's fleets: 470+ tokens at the 5th percentile)
  const fleet = sweepShaped(470);
  assert.ok(effectiveHarvest(fleet) >= 0.45);
  assert.equal(judge(fleet, 4, 0.5).campaign, true);
  assert.ok(PLAIN_ANSWER_MIN_TOKENS > 185 && PLAIN_ANSWER_MIN_TOKENS < 470);
});

test('without usage in the log the answer length is not asked', () => {
  assert.ok(effectiveHarvest(sweepShaped(NaN)) >= 0.45);
});

/** Four accounts with activity at the given times (ms). */
function cluster(times: number[][]): ClusterFacts {
  const members = times.map((ts, i) => {
    const s = new AcctState(`a${i}`, i);
    for (const t of ts) {
      s.exchanges++;
      s.firstMs = Math.min(s.firstMs, t);
      s.lastMs = Math.max(s.lastMs, t);
      s.touch(t);
    }
    return s;
  });
  const all = times.flat();
  const span = Math.ceil((Math.max(...all) - Math.min(...all)) / BUCKET_MS) + 1;
  return clusterFacts(members, members.map((s) => memberView(s, undefined)), [], [0, 0, 0, 0, 0], span);
}

test('accounts sharing one period and never one slot take turns; accounts active one after another do not', () => {
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  const minute = 60_000;
  // round robin: one request every 20 minutes for three days, passed from account to account
  const robin: number[][] = [[], [], [], []];
  for (let k = 0; k < 3 * 72; k++) robin[k % 4].push(t0 + k * 20 * minute);
  const rr = cluster(robin);
  assert.ok(rr.coactivity < 0.4, `coactivity ${rr.coactivity}`);
  assert.equal(rr.turnTaking, true);
  // four researchers, each running a one-day evaluation on a day of its own, every 10 minutes
  const days = [0, 1, 2, 3].map((d) => Array.from({ length: 48 }, (_, k) => t0 + d * 86_400_000 + k * 10 * minute));
  const seq = cluster(days);
  assert.ok(seq.coactivity < 0.4, 'they never share a slot either');
  assert.equal(seq.turnTaking, false);
});

test('researchers running hours-long evaluations at different hours of the same days do not take turns', () => {
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  const minute = 60_000;
  // each of four researchers runs a 4-hour batch every day for three days, at its own hour, a request a minute
  const bursts = [0, 1, 2, 3].map((i) => {
    const ts: number[] = [];
    for (let d = 0; d < 3; d++) for (let k = 0; k < 240; k++) ts.push(t0 + d * 86_400_000 + (2 + 5 * i) * 3_600_000 + k * minute);
    return ts;
  });
  const f = cluster(bursts);
  assert.ok(f.coactivity < 0.4, `they never share a slot (${f.coactivity})`);
  assert.equal(f.turnTaking, false);
});

/** The sweep-shaped group as a log without prompt text would show it: no harvest, coverage or repeats to read. */
function withoutText(o: Partial<ClusterFacts>): ClusterFacts {
  return { ...sweepShaped(700), distinct: 0, topics: 0, singleTurn: 1, textShare: 0, clientLib: 1, groupCoverage: [0.9, 0.8, 1, 0, 0], ...o };
}

test('without prompt text a group is a campaign only when tied by identity or address, machine-driven and given full answers', () => {
  const fleet = judge(withoutText({}), 4, 0.5);
  assert.equal(fleet.campaign, true, fleet.why);
  assert.ok(fleet.score >= 0.5 && fleet.score < 0.85, `score ${fleet.score}: review, not block`);
  assert.match(fleet.why, /no prompt text in the logs/);
  const cases: [string, Partial<ClusterFacts>, RegExp][] = [
    ['short answers', { outTokens: 120 }, /processing rather than harvest/],
    ['no usage', { outTokens: NaN }, /no usage either/],
    ['people at browsers at their hours', { clientLib: 0, regularShare: 0, aroundClock: 0 }, /driven by people/],
    ['ties by content or client only', { groupCoverage: [0.2, 0.1, 1, 1, 0] }, /not enough without the prompts/],
  ];
  for (const [name, o, why] of cases) {
    const j = judge(withoutText(o), 4, 0.5);
    assert.equal(j.campaign, false, name);
    assert.match(j.why, why, name);
  }
  // an exchange without a request reads as single-turn: that alone is not automation here
  assert.equal(judge(withoutText({ clientLib: 0, regularShare: 0, aroundClock: 0, singleTurn: 1 }), 4, 0.5).campaign, false);
});

test('a group whose log carries text is judged on its content, not on the metadata route', () => {
  // the same ties, automation and answers, but the prompts are known and are use
  const used = judge(withoutText({ textShare: 0.9, harvest: 0.02, distinct: 0.4, singleTurn: 0.3, crossRepeat: 0.05, topics: 5 }), 4, 0.5);
  assert.equal(used.campaign, false);
  assert.match(used.why, /content is use/);
});

/**
 * The repeat shares of a group whose members each send 16 distinct prompts:
 * `pick(member, k)` names the k-th. Counted as `clusterFacts` counts them.
 */
function repeatShares(members: number, pick: (m: number, k: number) => number): { cross: number; wave: number } {
  const seen = new Map<number, number>();
  const sent: number[][] = [];
  for (let m = 0; m < members; m++) {
    const own = new Set<number>();
    for (let k = 0; own.size < 16 && k < 1000; k++) own.add(pick(m, k));
    sent.push([...own]);
    for (const h of own) seen.set(h, (seen.get(h) ?? 0) + 1);
  }
  let n = 0, cross = 0, wave = 0;
  for (const own of sent) for (const h of own) {
    n++;
    const c = seen.get(h)!;
    if (c > 1) cross++;
    if (c >= WAVE_MEMBERS) wave++;
  }
  return { cross: cross / n, wave: wave / n };
}

test('independent draws from one pool are not read as use until most prompts are duplicates; a class\'s waves are', () => {
  const r = mulberry32(11);
  // fleets of 20-80 accounts drawing uniformly from pools sized so that 10-45% of their prompts collide
  let pools = 0;
  for (const members of [20, 40, 80]) {
    for (const pool of [600, 1000, 1500, 2500, 4000, 8000].map((p) => (p * members) / 40)) {
      const { cross, wave } = repeatShares(members, () => Math.floor(r() * pool));
      if (cross < CROSS_REPEAT_USE || cross >= 0.5) continue;
      pools++;
      assert.equal(repeatsAreUse(cross, wave, 0.5), false, `${members} accounts drawing from ${pool} items: ${(100 * cross).toFixed(0)}% repeated, ${(100 * wave).toFixed(0)}% in waves`);
    }
  }
  assert.ok(pools >= 3, `pools with a quarter to a half repeated: ${pools}`);
  // classes of 30: each student sends the week's assignment items (a few of 10) and questions of their own
  for (const assignment of [5, 6, 7]) {
    const { cross, wave } = repeatShares(30, (m, k) => (k < assignment ? Math.floor(r() * 10) : 1_000_000 + m * 1000 + k));
    assert.ok(cross >= CROSS_REPEAT_USE && cross < 0.5, `a class sending ${assignment} assignment items: ${(100 * cross).toFixed(0)}% repeated`);
    assert.equal(repeatsAreUse(cross, wave, 0.5), true, `a class sending ${assignment} assignment items: ${(100 * cross).toFixed(0)}% repeated, ${(100 * wave).toFixed(0)}% in waves`);
  }
});
