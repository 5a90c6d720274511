import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLICE_SLOTS, SliceSketch } from './slices.js';

const T0 = Date.parse('2026-11-02T00:00:00Z');
const HOUR = 3_600_000;

/** A seeded stream of numbers in [0, 1) (xorshift32). */
function rand(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

test('counts every slice exactly while an account has no more keys and ranges than slots', () => {
  const sk = new SliceSketch();
  const truth = new Map<string, [number, number]>();
  const r = rand(7);
  for (let i = 0; i < 5000; i++) {
    const key = `k_${Math.floor(r() * SLICE_SLOTS)}`;
    const harvest = key === 'k_0' ? r() < 0.9 : r() < 0.05;
    sk.add({ key, ip: `10.${key === 'k_0' ? 2 : 7}.1.${Math.floor(r() * 3)}`, tsMs: T0 + i * 60_000, harvest, use: !harvest && r() < 0.5, outputTokens: 500 });
    const t = truth.get(key) ?? [0, 0];
    t[0]++;
    t[1] += harvest ? 1 : 0;
    truth.set(key, t);
  }
  assert.equal(sk.keys.size, SLICE_SLOTS);
  for (let i = 0; i < sk.keys.size; i++) assert.deepEqual([sk.keys.exchanges(i), sk.keys.harvest(i)], truth.get(sk.keys.label(i)));
  const top = sk.keys.topByHarvest();
  assert.equal(sk.keys.label(top), 'k_0');
  const range = sk.ranges.topByHarvest();
  assert.equal(sk.ranges.label(range), '10.2.0.0/16');
  assert.equal(sk.ranges.harvestAddresses(range), 3, 'three harvest addresses in the range');
  assert.equal(sk.n, 5000);
  assert.equal(sk.harvestOutput, 500 * sk.harvest);
  assert.equal(sk.harvestWithOutput, sk.harvest);
});

test('stays bounded over thousands of keys, keeps a heavy slice and never overstates its harvest share', () => {
  const sk = new SliceSketch();
  const r = rand(11);
  let heavyN = 0;
  let heavyH = 0;
  for (let i = 0; i < 20_000; i++) {
    // one key holds 30% of the traffic, nearly all harvest; the rest are one-off keys
    const heavy = r() < 0.3;
    const h = heavy ? r() < 0.95 : r() < 0.02;
    if (heavy) {
      heavyN++;
      if (h) heavyH++;
    }
    sk.add({ key: heavy ? 'heavy' : `one-off ${i}`, ip: '10.0.0.1', tsMs: T0 + i * 1000, harvest: h, use: false, outputTokens: 0 });
  }
  const slices = sk.keys;
  assert.equal(slices.size, SLICE_SLOTS, 'the same slots whatever the number of keys');
  let at = -1;
  for (let i = 0; i < slices.size; i++) if (slices.label(i) === 'heavy') at = i;
  assert.ok(at >= 0, 'a key above a quarter of the traffic keeps its slot (space-saving)');
  // space-saving: an upper bound, over by at most the count it inherited (under n / slots)
  assert.ok(slices.exchanges(at) >= heavyN && slices.exchanges(at) <= heavyN + 20_000 / SLICE_SLOTS, `${slices.exchanges(at)} counted for ${heavyN}`);
  assert.ok(slices.harvest(at) <= heavyH && slices.harvest(at) / slices.exchanges(at) <= heavyH / heavyN + 1e-9);
  assert.equal(slices.topByHarvest(), at);
  // a slot taken over counts its exchanges as an upper bound and its harvest from when it was taken
  for (let i = 0; i < slices.size; i++) if (i !== at) assert.ok(slices.harvest(i) <= slices.exchanges(i));
  assert.equal(sk.ranges.size, 1);
});

test('finds the hours of the day a harvest sits in, across midnight', () => {
  const sk = new SliceSketch();
  const r = rand(3);
  for (let d = 0; d < 7; d++) {
    for (let i = 0; i < 240; i++) {
      const tsMs = T0 + d * 24 * HOUR + Math.floor(r() * 24 * HOUR);
      const hour = Math.floor(tsMs / HOUR) % 24;
      // harvest from 23:00 to 03:00 UTC only
      const night = hour >= 23 || hour < 3;
      sk.add({ key: 'k', ip: '10.0.0.1', tsMs, harvest: night && r() < 0.8, use: !night, outputTokens: 0 });
    }
  }
  const w = sk.harvestHours(0.95)!;
  assert.equal(w.from, 23);
  assert.equal(w.hours, 4);
  assert.equal(w.harvest, sk.harvest);
  assert.ok(w.exchanges > w.harvest);
  assert.equal(sk.harvestDays, 7);
  assert.equal(new SliceSketch().harvestHours(0.8), null);
});

test('labels an IPv6 range by its /48 and an address it cannot cut as itself', () => {
  const sk = new SliceSketch();
  sk.add({ key: 'k', ip: '2001:db8:42:1::7', tsMs: T0, harvest: true, use: false, outputTokens: 0 });
  sk.add({ key: 'k', ip: 'unknown', tsMs: T0, harvest: true, use: false, outputTokens: 0 });
  sk.add({ key: undefined, ip: undefined, tsMs: T0, harvest: false, use: false, outputTokens: 0 });
  const labels = Array.from({ length: sk.ranges.size }, (_, i) => sk.ranges.label(i)).sort();
  assert.deepEqual(labels, ['(no address)', '2001:db8:42::/48', 'unknown']);
  assert.deepEqual(Array.from({ length: sk.keys.size }, (_, i) => sk.keys.label(i)).sort(), ['(no key)', 'k']);
});
