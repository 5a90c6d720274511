import { it } from 'node:test';
import assert from 'node:assert/strict';
import { AcctState, RING_BUCKETS } from './accounts.js';
import { KINDS, Kind, keyOf } from './keys.js';
import { mulberry32 } from '../util/random.js';

it('finds every key through eviction churn exactly as a linear scan of the slots would', () => {
  const r = mulberry32(5);
  const s = new AcctState('a', 0);
  const kinds = [Kind.Ip, Kind.TemplateBand, Kind.Skeleton, Kind.UserAgent];
  for (let step = 0; step < 20000; step++) {
    const kind = kinds[Math.floor(r() * kinds.length)];
    // a few keys that repeat often, many one-offs
    const v = r() < 0.3 ? Math.floor(r() * 8) : Math.floor(r() * 1e9);
    const raw = keyOf(kind, v);
    let ref = -1;
    for (let i = 0; i < s.n; i++) if (s.rawKey(i) === raw) ref = i;
    assert.equal(s.find(raw), ref);
    s.addKey(raw, kind);
    assert.ok(s.keysOfKind(kind) <= KINDS[kind].cap);
  }
  for (let i = 0; i < s.n; i++) assert.equal(s.find(s.rawKey(i)), i);
  assert.equal(new Set(Array.from(s.rawV.subarray(s.rawAt, s.rawAt + s.n))).size, s.n);
});

it('clears the activity buckets skipped since the last one, across the ring boundary', () => {
  const r = mulberry32(3);
  for (let t = 0; t < 300; t++) {
    const a = new AcctState('x', 0);
    const ring = a.ringView();
    const ref = new Uint32Array(ring.length);
    let last = -1;
    let b = Math.floor(r() * 5000);
    for (let s = 0; s < 40; s++) {
      b += Math.floor(r() * (r() < 0.3 ? 3000 : 70));
      a.advance(b);
      if (last < 0 || b - last >= RING_BUCKETS) ref.fill(0);
      else for (let x = last + 1; x <= b; x++) ref[(x % RING_BUCKETS) >>> 5] &= ~(1 << (x % RING_BUCKETS & 31));
      last = b;
      for (let k = 0; k < 40; k++) {
        const q = Math.floor(r() * RING_BUCKETS);
        ring[q >>> 5] |= 1 << (q & 31);
        ref[q >>> 5] |= 1 << (q & 31);
      }
      assert.deepEqual(Array.from(ring), Array.from(ref));
    }
  }
});
