import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange, Verdict } from '../contract/types.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { buildPopulation, CORPORA_DIR } from '../linkage/testing/population.js';
import { Engine, type CampaignFinding, type LinkagePort } from './engine.js';
import { accountProfile } from './profile.js';
import { BehaviourRegion, distinctive, MEASURE_COUNT, MIN_ANCHORS, placeDeepestFirst, type Placement } from './resemblance.js';
import { lcg } from '../util/random.js';

/** A member-like profile: harvest, reasoning, single-turn, distinct, log ratio, log output, hour spread, topic spread, client library, log per day. */
const TYPICAL = [0.4, 0.3, 0.65, 0.9, 1.8, 6.3, 0.85, 0.58, 0, 2.7];
const JITTER = [0.1, 0.1, 0.08, 0.05, 0.3, 0.1, 0.03, 0.03, 0, 0.3];

function members(n: number, seed = 1): Float64Array[] {
  const next = lcg(seed);
  const rand = (): number => next() - 0.5;
  return Array.from({ length: n }, () => Float64Array.from(TYPICAL, (v, m) => v + 2 * JITTER[m] * rand()));
}

describe('placing look-alikes in the campaigns they resemble', () => {
  it('passes an account a full campaign has no room for on to the next campaign that holds it, deepest first', () => {
    // region 0 has room for 2, region 1 for 1; accounts 0-2 are deepest in region 0
    const inside: Placement[] = [
      { who: 0, region: 0, depth: 0.1 },
      { who: 1, region: 0, depth: 0.2 },
      { who: 2, region: 0, depth: 0.3 },
      { who: 2, region: 1, depth: 0.8 },
      { who: 3, region: 0, depth: 0.4 },
      { who: 4, region: 1, depth: 0.9 },
    ];
    const placed = placeDeepestFirst(inside, [2, 1]).map((x) => [x.who, x.region]);
    // 2 goes on to region 1 (deeper there than 4); 3 lies only in the full region 0; 4 finds region 1 full
    assert.deepEqual(placed, [[0, 0], [1, 0], [2, 1]]);
  });

  it('never places an account twice or beyond a region\'s room, whatever the input order', () => {
    const rand = lcg(7);
    for (let round = 0; round < 50; round++) {
      const inside: Placement[] = [];
      for (let who = 0; who < 40; who++) for (let region = 0; region < 4; region++) if (rand() < 0.5) inside.push({ who, region, depth: rand() });
      const room = [0, 1, 2, 3].map(() => Math.floor(rand() * 12));
      const placed = placeDeepestFirst(inside, room);
      const shuffled = placeDeepestFirst([...inside].reverse(), room);
      assert.deepEqual(shuffled, placed);
      assert.equal(new Set(placed.map((p) => p.who)).size, placed.length);
      for (let r = 0; r < 4; r++) assert.ok(placed.filter((p) => p.region === r).length <= room[r]);
      // nothing left unplaced that a region with room would hold
      const left = room.map((n, r) => n - placed.filter((p) => p.region === r).length);
      const done = new Set(placed.map((p) => p.who));
      assert.ok(!inside.some((p) => !done.has(p.who) && left[p.region] > 0), 'an account was dropped while a region holding it had room');
    }
  });
});

describe('the behaviour region of a campaign', () => {
  it('is not drawn around fewer members than the minimum', () => {
    assert.equal(BehaviourRegion.of(members(MIN_ANCHORS - 1)), undefined);
    assert.ok(BehaviourRegion.of(members(MIN_ANCHORS)));
  });

  it('holds a profile like its members and rejects one that differs on a single measure', () => {
    const r = BehaviourRegion.of(members(40))!;
    assert.ok(r.contains(Float64Array.from(TYPICAL)));
    // a student in one lecture slot: everything alike but the spread over the day's hours
    const slot = Float64Array.from(TYPICAL);
    slot[6] = 0.3;
    assert.equal(r.outsideOn(slot), 6);
    assert.equal(r.contains(slot), false);
    assert.ok(r.depth(Float64Array.from(TYPICAL)) < 1, 'the typical profile lies within the radius');
    assert.equal(r.depth(slot), Infinity);
  });

  it('leaves out a profile inside every range but farther from the centre than most members', () => {
    const r = BehaviourRegion.of(members(40))!;
    // at the edge of the range on every measure at once: no single member is that far off
    const edge = Float64Array.from({ length: MEASURE_COUNT }, (_, m) => (r.median[m] - r.lo[m] > r.hi[m] - r.median[m] ? r.lo[m] : r.hi[m]) * 0.999 + r.median[m] * 0.001);
    assert.equal(r.outsideOn(edge), -1);
    assert.ok(r.distance(edge) > r.radius);
    assert.equal(r.contains(edge), false);
  });

  it('admits a small deviation on a measure all members share exactly, not a large one', () => {
    const r = BehaviourRegion.of(members(40))!;
    const lib = Float64Array.from(TYPICAL);
    lib[8] = 0.04; // members never use a client library; 4% of requests from one is still alike
    assert.equal(r.outsideOn(lib), -1);
    lib[8] = 0.6;
    assert.equal(r.outsideOn(lib), 8);
  });
});

const T0 = Date.parse('2026-05-04T00:00:00Z');
const HOUR = 3_600_000;
const STEPS = ['Think step by step and show all of your reasoning before the final answer.', 'Please reason it through step by step, then give the answer.', 'Explain your reasoning at each step and show your working.'];
const CHAT = ['what should I cook tonight with leeks and potatoes', 'write a short thank-you note to my neighbour', 'is it going to be a cold winter in Oslo', 'recommend a podcast about gardening', 'how do I get red wine out of a carpet'];

/**
 * Ten operators per campaign the linkage reports (`c_fleet`, then `c_fleet2`, ...),
 * `nAlike` accounts that behave like them on their own addresses, one verified
 * look-alike, and three that must stay out.
 */
function fleetWorld(nAlike: number, fleets = 1): { v: Map<string, Verdict>; ops: string[]; alike: string[]; others: string[]; listed: string[]; summary: string; lists: string[][] } {
  const ops = Array.from({ length: 10 * fleets }, (_, i) => `op${i}`);
  const alike = Array.from({ length: nAlike }, (_, i) => `alike${i}`);
  const others = ['nat_student', 'one_slot', 'chatter'];
  const holders = new Map<string, number>([['nat_student', 40]]);
  const ids = Array.from({ length: fleets }, (_, j) => (j === 0 ? 'c_fleet' : `c_fleet${j + 1}`));
  const finding = (j: number): CampaignFinding => {
    const mine = ops.slice(10 * j, 10 * j + 10);
    return {
      campaignId: ids[j], accounts: mine, score: 0.9, signals: ['linkage.template_family'], summary: 'test', firstSeenMs: T0, lastSeenMs: T0,
      exchanges: 0, memberReasons: new Map(), memberScores: new Map(mine.map((id) => [id, 0.9])), memberDecisive: new Set(mine), memberTemplateTie: new Set(),
    };
  };
  const linkage: LinkagePort = { registerAccount: () => {}, observe: () => {}, sweep: () => ({ campaigns: ids.map((_, j) => finding(j)) }), addressHolders: (id) => holders.get(id) ?? 1 };
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage, sweepMinutes: 60 });
  engine.addAccount({ account_id: 'verified_alike', verified: true });
  // the crowded one comes first, so that the cap on joiners never keeps it out for the rule; the verified look-alike
  // comes second, so that the cap does not leave it out either
  const all = ['nat_student', 'verified_alike', ...ops, ...alike, 'one_slot', 'chatter'];
  const exs: Exchange[] = [];
  let n = 0;
  // three days; each account sends 20 a day, harvest in half of them, spread over the waking day
  for (let k = 0; k < 60; k++) {
    for (let a = 0; a < all.length; a++) {
      const id = all[a];
      const hour = id === 'one_slot' ? 10 : 7 + ((k * 7 + a * 5) % 16);
      const tsMs = T0 + Math.floor(k / 20) * 24 * HOUR + hour * HOUR + ((k * 13 + a * 7) % 50) * 60_000 + n;
      const harvest = id !== 'chatter' && (k + a) % 2 === 0;
      const content = harvest ? `A tank holds ${k + 3 * a + 10} litres and drains ${(k % 7) + 2} litres a minute. How long until it is empty?\n${STEPS[(k + a) % STEPS.length]}` : `${CHAT[(k + a) % CHAT.length]} (${k}, ${a})`;
      exs.push({ id: `x${n++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, ip: `198.51.100.${a + 1}`, request: { messages: [{ role: 'user', content }] }, response: { text: 'x'.repeat(1500), stop_reason: 'end_turn' }, usage: { input_tokens: 60, output_tokens: 400 } });
    }
  }
  exs.sort((x, y) => x.tsMs - y.tsMs);
  for (const ex of exs) engine.push(ex);
  engine.finish();
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  const list = engine.campaignList();
  const c = list.find((x) => x.campaign_id === 'c_fleet')!;
  const lists = ids.map((id) => list.find((x) => x.campaign_id === id)?.accounts ?? []);
  return { v, ops, alike, others, listed: c.accounts, summary: c.summary, lists };
}

const joined = (v: Map<string, Verdict>): string[] => [...v.values()].filter((x) => x.reasons.some((r) => r.signal === 'campaign.resemblance')).map((x) => x.account_id);

test('an account that behaves like a campaign\'s flagged members but shares no key with it is sent to review, a verified one too; a crowded address, a narrow daily rhythm or plain use keep an account out', () => {
  const { v, ops, alike, others, listed, summary } = fleetWorld(6);
  const by = joined(v);
  assert.deepEqual(ops.filter((id) => v.get(id)!.verdict === 'allow'), []);
  assert.ok(by.length >= 4, `joined by resemblance: ${by.join(', ')}`);
  assert.ok(by.every((id) => alike.includes(id) || id === 'verified_alike'), `only look-alikes on their own address join: ${by.join(', ')}`);
  // verification does not hide a look-alike from a person; it is never blocked on this evidence
  assert.ok(by.includes('verified_alike'), `joined by resemblance: ${by.join(', ')}`);
  for (const id of by) {
    const x = v.get(id)!;
    assert.equal(x.campaign_id, 'c_fleet');
    assert.equal(x.verdict, 'review', `${id} is for review, not block`);
    assert.match(x.reasons.find((r) => r.signal === 'campaign.resemblance')!.detail, /^behaves like the \d+ flagged members of campaign c_fleet on all ten behaviour measures without sharing an address, card or template with them: harvest \d+% of its exchanges \(theirs \d+%–\d+%\)/);
  }
  for (const id of others) assert.equal(v.get(id)!.verdict, 'allow', `${id} stays allowed`);
  assert.deepEqual([...listed].sort(), [...ops, ...by].sort());
  assert.match(summary, new RegExp(`; ${by.length} more accounts behave like its members without a shared key \\(resemblance, for review\\)$`));
});

test('a region that more outsiders behave like than it has flagged members is what ordinary accounts look like: it attaches none', () => {
  // 10 operators, 30 look-alikes: without the rule the region filled its room with 10 of them
  for (const fleets of [1, 2]) {
    const { v, ops } = fleetWorld(30, fleets);
    assert.deepEqual(joined(v), [], `${fleets} campaign(s): joined by resemblance`);
    assert.deepEqual(ops.filter((id) => v.get(id)!.verdict === 'allow'), [], 'the operators stay flagged');
  }
  // as many look-alikes as operators: still the fleet's region, and each joins
  const { v, alike } = fleetWorld(9);
  const by = joined(v);
  assert.ok(by.length >= 8 && by.every((id) => alike.includes(id) || id === 'verified_alike'), `joined by resemblance: ${by.join(', ')}`);
});

test('distinctive: outsiders up to the number of members', () => {
  assert.equal(distinctive(10, 10), true);
  assert.equal(distinctive(11, 10), false);
  assert.equal(distinctive(0, 8), true);
});

const pop = buildPopulation({ seed: 11, days: 3, benign: 300, campus: 40, company: 20, evaluators: 3, agentic: 10, stealth: 120, tutees: 60, campaignRate: 30 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; resemblance population test skipped`;

test('on a labelled population, resemblance finds the stealth accounts the linkage left out and flags no benign account, heavy step-by-step users included', { skip }, () => {
  const run = (resemblance: boolean): Map<string, { flagged: boolean; resembles: boolean; verdict: string }> => {
    const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile, campaignMinScore: 0, resemblance });
    for (const a of pop!.accounts) engine.addAccount(a);
    for (const ex of pop!.exchanges) engine.push(ex);
    engine.finish();
    return new Map(engine.verdicts().map((x) => [x.account_id, { flagged: x.verdict !== 'allow', resembles: x.reasons.some((r) => r.signal === 'campaign.resemblance'), verdict: x.verdict }]));
  };
  const off = run(false);
  const on = run(true);
  const count = (m: typeof on, persona: string, f: (x: { flagged: boolean; resembles: boolean }) => boolean): number =>
    [...pop!.labels].filter(([id, l]) => l.persona === persona && f(m.get(id)!)).length;
  const stealth = [...pop!.labels.values()].filter((l) => l.persona === 'stealth').length;
  const before = count(off, 'stealth', (x) => x.flagged);
  const after = count(on, 'stealth', (x) => x.flagged);
  assert.ok(after / stealth >= 0.97, `stealth recall with resemblance ${after}/${stealth}`);
  assert.ok(after - before >= 5, `resemblance adds ${after - before} stealth accounts to the linkage's ${before}`);
  for (const persona of ['casual', 'developer', 'tutee', 'campus', 'company', 'evaluator', 'agentic']) {
    assert.equal(count(on, persona, (x) => x.resembles), 0, `${persona} accounts joined by resemblance`);
    assert.equal(count(on, persona, (x) => x.flagged), count(off, persona, (x) => x.flagged), `${persona} flagged with and without resemblance`);
  }
  assert.ok([...on.values()].filter((x) => x.resembles).every((x) => x.verdict === 'review'), 'accounts joined by resemblance are for review');
});
