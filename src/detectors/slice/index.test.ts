/**
 * The harvest-slice detector on labelled populations: reseller accounts
 * (end users' conversations and a harvest on the same accounts) from our
 * simulator, beside its benign look-alikes (benchmark evaluators, app back
 * ends, batch jobs, company seats, agent products, developers, classes), with
 * the simulator's built-in text and, when the shared corpora are there, with
 * public prompt text (whose everyday prompts carry a natural share of
 * benchmark-like questions). Each account is judged on its own traffic, as
 * the per-account score does before any linkage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../../contract/types.js';
import { extractFeatures } from '../../features/index.js';
import { ABSENT_MESSAGE, corporaDir } from '../../features/corpora.js';
import { AccountState } from '../../state/account.js';
import { isFlagged, scoreAccount, ScoringConfig, verdictFor } from '../../scoring/score.js';
import { DETECTORS } from '../registry.js';
import type { DetectorSpec, Signal } from '../detector.js';
import { buildPopulation } from '../../linkage/testing/population.js';
import { harvestSlice, kl } from './index.js';
import { world as simulated, type World } from '../testing/worlds.js';

interface Judged {
  persona: string;
  campaign: boolean;
  flagged: boolean;
  slice?: Signal;
}

const worlds = new Map<string, Promise<World>>();

/** Simulates a world once and extracts its features once (judged with and without the detector). */
function world(scenario: string, scale: number, seed: number, days: number, corpus: string | undefined): Promise<World> {
  const key = `${scenario}/${scale}/${seed}/${days}/${corpus ?? ''}`;
  let w = worlds.get(key);
  if (!w) {
    w = simulated({ scenario, scale, seed, days, corpus });
    worlds.set(key, w);
  }
  return w;
}

/** Judges every account of a world on its own traffic with `detectors`, as the per-account score does. */
function judge(w: World, detectors: readonly DetectorSpec[]): Judged[] {
  const states = new Map<string, AccountState>();
  for (const r of w.records) states.set(r.account_id, Object.assign(new AccountState(r.account_id), { record: r }));
  const ds = detectors.map((spec) => spec.create(spec.config.parse({})));
  for (const { ex, f } of w.items) {
    const s = states.get(ex.account_id)!;
    s.update(ex, f);
    for (const d of ds) d.observe?.(s, ex, f);
  }
  const cfg = ScoringConfig.parse({});
  const out: Judged[] = [];
  for (const s of states.values()) {
    if (s.n === 0) continue;
    const signals = ds.flatMap((d) => d.evaluate(s));
    const l = w.labels.get(s.id)!;
    out.push({ persona: l.persona, campaign: l.label === 'campaign', flagged: isFlagged(verdictFor(scoreAccount(s, signals, cfg).score, cfg)), slice: signals.find((x) => x.signal === 'mixed.harvest_slice') });
  }
  return out;
}

/**
 * Mixed-traffic accounts (resellers interleaving a harvest with their users'
 * chats, resellers with the harvest on its own key and hours, app facades)
 * with the benign background of each world, and the look-alike world, with
 * the built-in text or the corpora.
 */
async function population(corpus: string | undefined, detectors: readonly DetectorSpec[]): Promise<Judged[]> {
  const out: Judged[] = [];
  // a scenario's campaign accounts send a third of their volume below scale 0.3; reseller_slice keeps its (a
  // slice of 8% of a third of the volume is under the per-day line: what evades, said in the detector)
  for (const [scenario, scale, seed] of [['reseller_mix', 0.1, 1], ['reseller_mix', 0.1, 2], ['reseller_slice', 0.3, 1], ['app_facade', 0.1, 1]] as const) out.push(...judge(await world(scenario, scale, seed, 4, corpus), detectors));
  out.push(...judge(await world('lookalikes', 0.15, 4, 4, corpus), detectors));
  return out;
}

function rates(all: Judged[]): { recall: number; resellers: number; fpr: number; benign: number; sliceOnBenign: Judged[] } {
  const resellers = all.filter((j) => j.campaign);
  const benign = all.filter((j) => !j.campaign);
  return {
    recall: resellers.filter((j) => j.flagged).length / resellers.length,
    resellers: resellers.length,
    fpr: benign.filter((j) => j.flagged).length / benign.length,
    benign: benign.length,
    sliceOnBenign: benign.filter((j) => j.slice),
  };
}

const without = DETECTORS.filter((d) => d.id !== harvestSlice.id);
const corpus = corporaDir();

for (const [name, dir] of [['built-in text', undefined], ['public prompt corpora', corpus]] as const) {
  const skip = name === 'public prompt corpora' && !dir ? ABSENT_MESSAGE : false;

  test(`with ${name}: mixed-traffic accounts (resellers, app facades) go to review on their own traffic, and no benign account gains a flag (evaluators included)`, { skip }, async () => {
    const withIt = rates(await population(dir, DETECTORS));
    const before = rates(await population(dir, without));
    console.log(`${name}: mixed-traffic recall ${withIt.recall.toFixed(2)} of ${withIt.resellers} (without the detector ${before.recall.toFixed(2)}), benign FPR ${withIt.fpr.toFixed(4)} of ${withIt.benign} (without ${before.fpr.toFixed(4)})`);
    assert.ok(withIt.resellers >= 11, `mixed-traffic accounts in the population: ${withIt.resellers}`);
    assert.ok(withIt.recall >= 0.9, `mixed-traffic recall ${withIt.recall} (without the detector ${before.recall})`);
    assert.ok(before.recall < 0.5, `the resellers were already flagged without the detector (${before.recall}): the population no longer tests it`);
    assert.deepEqual(withIt.sliceOnBenign.map((j) => `${j.persona}: ${j.slice!.detail}`), [], 'the slice signal fired on benign accounts');
    assert.ok(withIt.fpr <= before.fpr, `benign FPR ${withIt.fpr} with the detector, ${before.fpr} without`);
    assert.ok(withIt.benign >= 200 && withIt.fpr <= 0.02, `benign FPR ${withIt.fpr} over ${withIt.benign}`);
  });
}

test('the reasons name the slice: share, count, key, range and addresses, hours', async () => {
  const all = judge(await world('reseller_mix', 0.1, 1, 5, undefined), DETECTORS);
  const sig = all.find((j) => j.campaign && j.slice)?.slice;
  assert.ok(sig, 'no reseller account raised the signal');
  assert.match(sig.detail, /\d+% of its [\d,]+ exchanges are harvest-shaped \([\d,]+; [\d,]+ a day beyond the benign 10%, on \d+ of its \d+ active days\)/);
  assert.match(sig.detail, /of them on key \S+/);
  assert.match(sig.detail, /of them in \d+\.\d+\.0\.0\/16 from \d+ address/);
  assert.match(sig.detail, /around the clock|between \d\d:00 and \d\d:00 UTC/);
  assert.ok(sig.score > 0.6 && sig.score < 0.85, `score ${sig.score} sits between the review and block lines`);
});

test('the binomial surprisal grows with the count at a share, and is nil at or below the base rate', () => {
  assert.equal(kl(0.05, 0.1), 0);
  assert.equal(kl(0.1, 0.1), 0);
  // 30 of 100 is far less surprising than 300 of 1,000 at the same share
  assert.ok(1000 * kl(0.3, 0.1) > 9 * 100 * kl(0.3, 0.1));
  // all harvest is finite
  assert.ok(Number.isFinite(kl(1, 0.1)) && kl(1, 0.1) > 2);
});

// ---- generated accounts: the slices and look-alikes our simulator does not draw

const ITEMS = ['a train travels 420 km in 3.5 hours; what is its average speed?', 'which of these is a prime: 91, 97, 99, 111?', 'write a function that returns the longest palindromic substring', 'if 3x + 7 = 25, what is x?', 'how many ways can 5 people sit in a row of 5 chairs?'];
const CHAT = ['How do I reset the password of my router?', 'Can you suggest a name for my bakery?', 'What should I pack for a week in Lisbon?', 'Rewrite this e-mail so it sounds friendlier: we need the report by Friday.'];
const FOLLOW = ['It still asks for the old one.', 'Something shorter, please.', 'And if it rains?', 'Make it more formal.'];

function rnd(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface Gen {
  days: number;
  perDay: number;
  /** per exchange: harvest or not, given the day, the hour of the day (UTC) and the random stream */
  harvest: (day: number, hour: number, r: () => number) => boolean;
  key: (harvest: boolean, r: () => number) => string;
  ip: (harvest: boolean, r: () => number) => string;
  /** hours of the day the account is active in */
  hours?: (harvest: boolean) => [number, number];
  verified?: boolean;
}

/** One generated account through the detector; its signal, if any. */
function run(g: Gen, seed: number): Signal | undefined {
  const r = rnd(seed);
  const s = new AccountState(`gen${seed}`);
  if (g.verified) s.record = { account_id: s.id, verified: true };
  const d = harvestSlice.create(harvestSlice.config.parse({}));
  const start = Date.parse('2026-11-02T00:00:00Z');
  const evs: { t: number; h: boolean }[] = [];
  for (let day = 0; day < g.days; day++) {
    for (let i = 0; i < g.perDay; i++) {
      const hour = Math.floor(r() * 24);
      const h = g.harvest(day, hour, r);
      const [from, to] = g.hours?.(h) ?? [0, 24];
      const at = from + ((hour - from + 24) % 24) % Math.max(1, (to - from + 24) % 24 || 24);
      evs.push({ t: start + day * 86_400_000 + at * 3_600_000 + Math.floor(r() * 3_600_000), h });
    }
  }
  evs.sort((a, b) => a.t - b.t);
  let i = 0;
  for (const { t, h } of evs) {
    const item = ITEMS[i % ITEMS.length] + ` (${i})`;
    const chat = CHAT[i % CHAT.length];
    const messages = h
      ? [{ role: 'user' as const, content: `Solve the following problem. Think step by step and show all of your reasoning before the final answer.\n\n${item}` }]
      : r() < 0.5
        ? [{ role: 'user' as const, content: chat }, { role: 'assistant' as const, content: 'Sure.' }, { role: 'user' as const, content: FOLLOW[i % FOLLOW.length] }]
        : [{ role: 'user' as const, content: `${chat} (${i})` }];
    const ex: Exchange = {
      id: `r${i}`, ts: new Date(t).toISOString(), tsMs: t, account_id: s.id, api_key_id: g.key(h, r), ip: g.ip(h, r), user_agent: 'python-requests/2.31',
      request: { system: 'You are the assistant of a travel app.', messages }, response: { text: 'x', stop_reason: 'end_turn' }, usage: { input_tokens: 60, output_tokens: h ? 800 : 250 }, status: 200,
    };
    const f = extractFeatures(ex);
    s.update(ex, f);
    d.observe!(s, ex, f);
    i++;
  }
  return d.evaluate(s)[0];
}

const sameKey = () => 'k_app';
const appIp = (_h: boolean, r: () => number) => `34.120.7.${1 + Math.floor(r() * 6)}`;

test('heavy honest accounts at the benign share of benchmark-like questions, and chatting developers who run a suite on a day or two, raise nothing', () => {
  let fired = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const r0 = rnd(seed * 7919);
    // an app relaying its users, 300–3,000 exchanges a day, 2–9% of them benchmark-like
    const rate = 0.02 + 0.07 * r0();
    if (run({ days: 7, perDay: Math.round(300 + 2700 * r0()), harvest: (_d, _h, r) => r() < rate, key: sameKey, ip: appIp }, seed)) fired++;
    // a developer chatting 40–150 a day who runs a 600–1,500 item suite on one or two days
    const runs = new Set([Math.floor(r0() * 7), Math.floor(r0() * 7)]);
    const suite = Math.round(600 + 900 * r0());
    const perDay = Math.round(40 + 110 * r0());
    if (run({ days: 7, perDay: perDay + Math.round(suite / runs.size), harvest: (d, _h, r) => runs.has(d) && r() < suite / runs.size / (perDay + suite / runs.size), key: sameKey, ip: appIp, verified: true }, 1000 + seed)) fired++;
  }
  assert.equal(fired, 0, `${fired} of 40 look-alike accounts raised the signal`);
});

test('a harvest on its own key at night inside an app\'s traffic is found though the account\'s share is small, and its key and hours are named', () => {
  let found = 0;
  let named = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const r0 = rnd(seed * 104729);
    // 8–12% of the account harvest: under the share that counts for the account as a whole
    const share = 0.08 + 0.04 * r0();
    const perDay = Math.round(800 + 1200 * r0());
    const sig = run({
      days: 6, perDay,
      harvest: (_d, hour, r) => hour < 6 && r() < share * 4,
      key: (h) => (h ? 'k_night_0042' : 'k_app'),
      ip: (h, r) => (h ? `10.2.${Math.floor(r() * 4)}.${1 + Math.floor(r() * 3)}` : `34.120.7.${1 + Math.floor(r() * 6)}`),
      hours: (h) => (h ? [1, 5] : [0, 24]),
      verified: seed % 3 === 0,
    }, 5000 + seed);
    if (!sig) continue;
    found++;
    if (/its slice (key k_night_0042|range 10\.2\.0\.0\/16|hours \d\d:00–\d\d:00 UTC) is \d+% harvest/.test(sig.detail) && /on key k_night_0042/.test(sig.detail) && /between 01:00 and 05:00 UTC/.test(sig.detail)) named++;
  }
  assert.ok(found >= 18, `found ${found} of 20`);
  assert.ok(named >= found - 1, `named the slice in ${named} of ${found}: key, range, hours`);
});

test('on the linkage tests\' independent population (public prompt text), no benign persona raises the signal (tutees, relay apps, evaluators, researchers, tutoring apps at any pace, CI pipelines), and fleets that mix camouflage chat into their harvest do', { skip: corpus ? false : ABSENT_MESSAGE }, () => {
  const pop = buildPopulation({ seed: 5, days: 7, benign: 300, tutees: 40, campus: 30, company: 20, evaluators: 10, researchers: 10, agentic: 3, heavyChatters: 40, suggestApps: 6, relayApps: 6, batchJobs: 6, stealth: 30, campaignRate: 40, buttonTutors: 8, tutorPacing: 'any', ciHarnesses: 8 });
  assert.ok(pop, 'the population needs the corpora');
  const d = harvestSlice.create(harvestSlice.config.parse({}));
  const states = new Map<string, AccountState>();
  for (const a of pop.accounts) states.set(a.account_id, Object.assign(new AccountState(a.account_id), { record: a }));
  for (const ex of [...pop.exchanges].sort((a, b) => a.tsMs - b.tsMs)) {
    let s = states.get(ex.account_id);
    if (!s) states.set(ex.account_id, (s = new AccountState(ex.account_id)));
    const f = extractFeatures(ex);
    s.update(ex, f);
    d.observe!(s, ex, f);
  }
  const benign: string[] = [];
  let stealth = 0;
  let fleet = 0;
  for (const s of states.values()) {
    const l = pop.labels.get(s.id);
    if (!l || s.n === 0) continue;
    const sig = d.evaluate(s)[0];
    if (l.label === 'benign' && sig) benign.push(`${l.persona}: ${sig.detail}`);
    if (l.persona === 'stealth') {
      fleet++;
      if (sig) stealth++;
    }
  }
  assert.deepEqual(benign, []);
  assert.ok(fleet === 30 && stealth >= 24, `stealth accounts (30% camouflage chat) found: ${stealth}/${fleet}`);
});
