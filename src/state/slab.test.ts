import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Slab } from './slab.js';
import { AccountState } from './account.js';
import { mix32 } from './sketches.js';
import { AcctState } from '../linkage/accounts.js';
import { KINDS, KIND_COUNT, keyOf } from '../linkage/keys.js';

describe('Slab', () => {
  it('carves aligned, disjoint views out of one buffer', () => {
    const s = new Slab(64);
    const a = s.u8(3);
    const b = s.u32(2); // padded to offset 4
    const c = s.f64(1); // padded to offset 16
    assert.equal(b.byteOffset - a.byteOffset, 4);
    assert.equal(c.byteOffset - a.byteOffset, 16);
    assert.equal(a.byteOffset % 8, 0);
    assert.equal(s.used, 24);
    a.fill(255);
    b.fill(0);
    c[0] = 1.5;
    assert.deepEqual([...a], [255, 255, 255]);
    assert.deepEqual([...b], [0, 0]);
    assert.equal(c[0], 1.5);
    assert.equal(a.buffer, c.buffer);
  });

  it('refuses to carve past its end', () => {
    const s = new Slab(8);
    s.u32(1);
    assert.throws(() => s.f64(1), /cannot hold/);
  });
});

describe('per-account state in one buffer', () => {
  it('AccountState keeps its fixed arrays in one ArrayBuffer and works as before', () => {
    const a = new AccountState('a');
    const b = new AccountState('b');
    assert.equal(a.hours.buffer, a.topicCounts.buffer);
    assert.equal(a.hours.buffer, a.skeletons.slots.buffer);
    // two accounts may share a chunk, never bytes
    const span = (x: ArrayBufferView) => [x.byteOffset, x.byteOffset + x.byteLength];
    if (a.hours.buffer === b.hours.buffer) {
      const [a0] = span(a.intentSum);
      const [b0] = span(b.intentSum);
      assert.ok(Math.abs(a0 - b0) >= 8 * 7 + 4 * 24, 'slabs overlap');
    }
    for (let i = 0; i < 1000; i++) a.prompts.add(mix32(i + 1));
    for (let i = 0; i < 5; i++) a.ips.add(mix32(i + 5000));
    // the two sketches share the buffer without overwriting each other
    assert.ok(Math.abs(a.prompts.count() - 1000) / 1000 < 0.3, `prompts ${a.prompts.count()}`);
    assert.ok(Math.abs(a.ips.count() - 5) <= 1, `ips ${a.ips.count()}`);
    assert.equal(b.prompts.count(), 0);
  });

  it('AcctState keeps its fixed arrays in one buffer and its key slots still grow', () => {
    const s = new AcctState('x', 0);
    assert.equal(s.ring.buffer, s.promptSample.buffer);
    assert.equal(s.raw.buffer, s.ring.buffer);
    s.ring.fill(0xffffffff);
    let added = 0;
    for (let kind = 0; kind < KIND_COUNT; kind++) for (let i = 0; i < Math.min(40, KINDS[kind].cap); i++) if (s.addKey(keyOf(kind, i + 1), kind) >= 0) added++;
    assert.ok(s.n > 32 && s.n === added, `slots ${s.n}`);
    assert.ok(s.keys.length >= s.n);
    for (let kind = 0; kind < KIND_COUNT; kind++) for (let i = 0; i < Math.min(40, KINDS[kind].cap); i++) assert.ok(s.find(keyOf(kind, i + 1)) >= 0);
    // the grown slots are new memory: the ring (in the old slab) is untouched
    assert.ok(s.ring.every((w) => w === 0xffffffff));
    const grown = [s.raw.byteOffset, s.raw.byteOffset + s.raw.byteLength];
    assert.ok(s.raw.buffer !== s.ring.buffer || grown[1] <= s.ring.byteOffset || grown[0] >= s.ring.byteOffset + s.ring.byteLength);
  });
});
