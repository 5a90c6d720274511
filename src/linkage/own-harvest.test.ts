import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../util/random.js';
import { splitOwnHarvest, type OwnView } from './own-harvest.js';

const HARVEST_FLOOR = 0.15;

/** How an operation inside the crowd behaves. */
interface Op {
  size: number;
  /** its rate against an attendee's median */
  rate: number;
  /** its accounts pay with cards of the operation's (a key the crowd does not hold) */
  cards: boolean;
  /** share of its traffic that is harvest */
  harvest: number;
}

/**
 * One crowd: attendees whose rates spread log-normally around one median, most
 * asking nothing harvest-like and one in twenty a project that reads as harvest
 * (50–80%), all holding the venue's address and the framework's prompt (keys 1
 * and 2); an attendee now and then holds a card of its own. With `op`, an
 * operation inside it holding the same keys and, when it shares cards, two
 * cards of its own among its accounts.
 */
function crowd(rnd: () => number, op?: Op) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const n = 12 + Math.floor(rnd() * 69);
  const views: OwnView[] = [];
  const keys: number[][] = [];
  const label: boolean[] = [];
  let nextKey = 100;
  for (let i = 0; i < n; i++) {
    const rate = 8 * Math.exp(0.7 * normal());
    const harvest = rnd() < 0.05 ? 0.5 + 0.3 * rnd() : 0.05 * rnd();
    const exchanges = Math.round(rate * (4 + 20 * rnd()));
    views.push({ harvest, exchanges, rate, ownScore: 0.1 + 0.3 * rnd() });
    keys.push([1, 2, ...(rnd() < 0.25 ? [nextKey++] : [])]);
    label.push(false);
  }
  if (op) {
    for (let i = 0; i < op.size; i++) {
      const rate = 8 * op.rate * Math.exp(0.3 * normal());
      views.push({ harvest: op.harvest, exchanges: Math.round(rate * (4 + 20 * rnd())), rate, ownScore: 0.2 + 0.2 * rnd() });
      keys.push([1, 2, ...(op.cards ? [50 + (i % 2)] : [])]);
      label.push(true);
    }
  }
  const holders = new Map<number, number>();
  for (const ks of keys) for (const k of ks) holders.set(k, (holders.get(k) ?? 0) + 1);
  const members = views.map((_, i) => i);
  const split = splitOwnHarvest({ members, views, minSize: 4, crowdFloor: HARVEST_FLOOR, keysOf: (i) => keys[i], holders: (k) => holders.get(k)! });
  const grouped = new Set((split?.groups ?? []).flat());
  let opIn = 0;
  let opN = 0;
  let attIn = 0;
  let attN = 0;
  for (let i = 0; i < members.length; i++) {
    if (label[i]) {
      opN++;
      if (grouped.has(i)) opIn++;
    } else {
      attN++;
      if (grouped.has(i)) attIn++;
    }
  }
  return { split, opIn, opN, attIn, attN };
}

/** Share of operation accounts and of attendees put into harvesting groups over `draws` crowds. */
function rates(seed: number, draws: number, op: (rnd: () => number) => Op | undefined) {
  const rnd = mulberry32(seed);
  let opIn = 0, opN = 0, attIn = 0, attN = 0;
  for (let d = 0; d < draws; d++) {
    const r = crowd(rnd, op(rnd));
    opIn += r.opIn;
    opN += r.opN;
    attIn += r.attIn;
    attN += r.attN;
  }
  return { recall: opIn / Math.max(1, opN), attendees: attIn / attN };
}

const size = (rnd: () => number) => 4 + Math.floor(rnd() * 27);

test('a crowd with nobody hiding in it forms no harvesting group from its members', () => {
  const r = rates(1, 300, () => undefined);
  assert.ok(r.attendees <= 0.002, `attendees grouped: ${(100 * r.attendees).toFixed(2)}%`);
});

test('an operation inside a crowd is split from it by cards of its own, at an attendee\'s rate', () => {
  const r = rates(2, 200, (rnd) => ({ size: size(rnd), rate: 0.5 + rnd(), cards: true, harvest: 0.8 + 0.2 * rnd() }));
  // (an operation of four or five on two cards is two pairs, each under a campaign's size)
  assert.ok(r.recall >= 0.95, `operation accounts grouped: ${(100 * r.recall).toFixed(1)}%`);
  assert.ok(r.attendees <= 0.002, `attendees grouped: ${(100 * r.attendees).toFixed(2)}%`);
});

test('an operation inside a crowd that shares no instrument is split from it by its volume against the crowd\'s', () => {
  const r = rates(3, 200, (rnd) => ({ size: size(rnd), rate: 4 + 6 * rnd(), cards: false, harvest: 0.8 + 0.2 * rnd() }));
  assert.ok(r.recall >= 0.95, `operation accounts grouped: ${(100 * r.recall).toFixed(1)}%`);
  assert.ok(r.attendees <= 0.01, `attendees grouped: ${(100 * r.attendees).toFixed(2)}%`);
});

test('what evades it: an operation at an attendee\'s rate and volume with no instrument of its own, or harvesting under half its traffic', () => {
  const quiet = rates(4, 100, (rnd) => ({ size: size(rnd), rate: 0.5 + 0.5 * rnd(), cards: false, harvest: 1 }));
  assert.ok(quiet.recall <= 0.05, `operation accounts grouped: ${(100 * quiet.recall).toFixed(1)}%`);
  assert.equal(rates(5, 100, (rnd) => ({ size: size(rnd), rate: 5, cards: true, harvest: 0.2 + 0.25 * rnd() })).recall, 0);
});

test('a part whose other members harvest too is a fleet, judged whole', () => {
  const views: OwnView[] = Array.from({ length: 20 }, (_, i) => ({ harvest: i < 8 ? 1 : 0.3, exchanges: 200, rate: 10, ownScore: 0.3 }));
  const split = splitOwnHarvest({ members: views.map((_, i) => i), views, minSize: 4, crowdFloor: HARVEST_FLOOR, keysOf: () => [1], holders: () => 20 });
  assert.equal(split, null);
});
