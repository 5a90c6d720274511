import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Slab } from './slab.js';
import { AccountState } from './account.js';
import { mix32 } from './sketches.js';
import { AcctState } from '../linkage/accounts.js';

describe('Slab', () => {
  it('carves aligned, disjoint views out of one buffer', () => {
    const s = new Slab(64);
    const a = s.u8(3);
    const b = s.u32(2); // padded to offset 4
    const c = s.f64(1); // padded to offset 16
    assert.equal(b.byteOffset, 4);
    assert.equal(c.byteOffset, 16);
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
    assert.equal(a.hours.buffer, a.skeletons.keys.buffer);
    assert.notEqual(a.hours.buffer, b.hours.buffer);
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
    for (let i = 0; i < 40; i++) s.addKey(1000 + i, 0);
    assert.ok(s.keys.length >= 16);
    assert.notEqual(s.raw.buffer, s.ring.buffer);
  });
});
