import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAIR, RetryHops } from './retry-hops.js';
import { createLinkage, type SweepResult } from './index.js';
import { extractFeatures } from '../features/index.js';
import { buildPopulation, corporaAvailable, CORPORA_DIR } from './testing/population.js';
import { mulberry32 } from '../util/random.js';

const W = 60_000;
const make = (maxPairs = 1000, siblings: (a: number, b: number) => boolean = () => false) => new RetryHops({ windowMs: W, memory: 1000, maxPairs }, siblings);
const pair = (a: number, b: number) => Math.min(a, b) * PAIR + Math.max(a, b);

/** Random number generator for the populations below. */
const rng = mulberry32;

describe('retry hops', () => {
  it('ties a refused account to the one account its prompt moved to', () => {
    const h = make();
    h.observe(1, 77, 0, 429);
    h.observe(2, 77, 2_000, 200);
    h.observe(1, 78, 5_000, 200); // the refused account goes on to its next item
    h.settle(2 * W);
    assert.deepEqual([...h.pairs], [[pair(1, 2), 1]]);
  });

  it('reads no hop when the refused account retries the prompt itself', () => {
    const h = make();
    h.observe(1, 77, 0, 429);
    h.observe(2, 77, 10_000, 200);
    h.observe(1, 77, 12_000, 200);
    h.settle(2 * W);
    assert.equal(h.pairs.size, 0);
    assert.equal(h.chance, 1);
  });

  it('reads no hop when more than one other account sends the prompt in the window', () => {
    const h = make();
    h.observe(1, 77, 0, 429);
    h.observe(2, 77, 10_000, 200);
    h.observe(3, 77, 30_000, 200);
    h.settle(2 * W);
    assert.equal(h.pairs.size, 0);
  });

  it('reads a second account refused on an open prompt as a crowd, not a fleet moving it', () => {
    // 1 is refused, 2 sends the prompt, then 3 (not the account it moved to) is refused on it
    // too and 4 sends it: several people pasting one prompt on a free tier, no hop either way
    const h = make();
    h.observe(1, 77, 0, 429);
    h.observe(2, 77, 2_000, 200);
    h.observe(3, 77, 4_000, 429);
    h.observe(4, 77, 6_000, 200);
    h.settle(3 * W);
    assert.equal(h.pairs.size, 0);
  });

  it('follows a fleet whose retry is refused again and moved on', () => {
    const h = make();
    h.observe(1, 77, 0, 429);
    h.observe(2, 77, 1_000, 429);
    h.observe(3, 77, 2_500, 200);
    h.settle(2 * W);
    assert.deepEqual([...h.pairs.keys()].sort(), [pair(1, 2), pair(2, 3)].sort());
  });

  it('ignores a send after the window and a hop between sibling accounts', () => {
    const h = make(1000, (a, b) => a + b === 3);
    h.observe(1, 77, 0, 429);
    h.observe(2, 77, 1_000, 200);
    h.observe(4, 77, W + 1_000, 200);
    h.settle(3 * W);
    assert.equal(h.pairs.size, 0);
  });

  it('counts the hops it cannot keep once its pairs are full', () => {
    const h = make(2);
    for (let i = 0; i < 5; i++) {
      h.observe(10 * i, 100 + i, i * 1000, 429);
      h.observe(10 * i + 1, 100 + i, i * 1000 + 500, 200);
    }
    h.settle(10 * W);
    assert.equal(h.pairs.size, 2);
    assert.equal(h.dropped, 3);
  });

  it('ties no pair of a crowd pasting one prompt, and every pair of a fleet moving its refused items', () => {
    // A crowd of 60 pastes 5 tutorial steps within minutes; free-tier 429s come back on the
    // same account seconds later. A fleet of 30 asks 2,000 items once each, round-robin,
    // moving a refused item to the next account. Over 20 seeds.
    let crowdPairs = 0;
    let fleetHops = 0;
    let fleetRefused = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const ev: { t: number; a: number; p: number; s: number }[] = [];
      for (let step = 0; step < 5; step++) {
        for (let a = 0; a < 60; a++) {
          if (r() < 0.3) continue;
          let t = step * 20 * W + r() * 5 * W;
          for (let call = 0; call < 6; call++) {
            const refused = r() < 0.15;
            ev.push({ t, a, p: 1000 + step, s: refused ? 429 : 200 });
            t += refused ? 1_000 + r() * 8_000 : 3_000 + r() * 15_000;
            if (refused) ev.push({ t, a, p: 1000 + step, s: 200 });
          }
        }
      }
      let t = 0;
      for (let i = 0; i < 2000; i++, t += 2_000 + r() * 4_000) {
        const a = 100 + (i % 30);
        if (r() < 0.05) {
          fleetRefused++;
          ev.push({ t, a, p: 5000 + i, s: 429 });
          ev.push({ t: t + 300 + r() * 7_000, a: 100 + ((i + 1) % 30), p: 5000 + i, s: 200 });
        } else ev.push({ t, a, p: 5000 + i, s: 200 });
      }
      ev.sort((x, y) => x.t - y.t);
      const h = make(100_000);
      for (const e of ev) h.observe(e.a, e.p, e.t, e.s);
      h.settle(Infinity);
      for (const [p, c] of h.pairs) {
        const lo = Math.floor(p / PAIR);
        if (lo < 100) crowdPairs++;
        else fleetHops += c;
      }
    }
    assert.equal(crowdPairs, 0, `crowd pairs tied by chance hops: ${crowdPairs}`);
    assert.ok(fleetHops / fleetRefused >= 0.95, `fleet hops read ${fleetHops} of ${fleetRefused}`);
  });
});

describe('retry hops in a population built from the corpora', { skip: corporaAvailable() ? false : `corpora not found at ${CORPORA_DIR}; skipped` }, () => {
  // Event crowds paste a tutorial's steps on a free tier whose 429s their SDK retries on the same
  // account; a hydra fleet moves each refused item to the next of its 30 accounts (30 pairs at most).
  for (const crowds of [4, 40]) {
    it(`ties no crowd by chance hops at ${crowds} crowds of 25, and keeps the fleet's hops`, () => {
      const pop = buildPopulation({ seed: 4, days: 3, benign: 60, eventCrowds: crowds, eventSize: 25, eventTutorial: true, hydra: 30, campaignRate: 40 })!;
      const L = createLinkage();
      for (const a of pop.accounts) L.registerAccount(a);
      let next = pop.startMs + 30 * 60_000;
      let last: SweepResult | undefined;
      for (const ex of pop.exchanges) {
        for (; ex.tsMs >= next; next += 30 * 60_000) last = L.sweep(next);
        L.observe(ex, extractFeatures(ex));
      }
      last = L.sweep(pop.endMs + 120_000);
      const attendees = [...pop.labels.values()].filter((l) => l.persona === 'event_crowd').length;
      // the fleet's rotation has 30 pairs; one chance pair per hundred attendees at most
      assert.ok(last.stats.hopPairs <= 30 + attendees / 100, `${last.stats.hopPairs} pairs tied by retry hops among ${attendees} attendees and a 30-account fleet`);
      assert.equal(last.stats.hopsDropped, 0);
      const hydra = new Set([...pop.labels].filter(([, l]) => l.persona === 'hydra').map(([id]) => id));
      let hopped = 0;
      for (const c of last.campaigns) for (const [id, rs] of c.memberReasons) if (hydra.has(id) && rs.some((r) => r.signal === 'linkage.retry_hop')) hopped++;
      assert.ok(hopped >= 0.8 * hydra.size, `${hopped} of ${hydra.size} fleet accounts tied by a retry hop`);
    });
  }
});
