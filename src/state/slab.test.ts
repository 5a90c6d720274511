import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Slab } from './slab.js';
import { AccountState } from './account.js';
import type { ExchangeFeatures } from '../features/types.js';
import { fmix32 } from '../util/hash.js';
import { AcctState } from '../linkage/accounts.js';
import { KINDS, KIND_COUNT, keyOf } from '../linkage/keys.js';

describe('Slab', () => {
  it('carves aligned, disjoint runs out of one buffer and reads them through shared views', () => {
    const s = new Slab(64);
    const a = s.u8(3);
    const b = s.u32(2); // padded to byte 4
    const c = s.f64(1); // padded to byte 16
    assert.equal(b * 4 - a, 4);
    assert.equal(c * 8 - a, 16);
    assert.equal(a % 8, 0);
    assert.equal(s.used, 24);
    const v = s.views;
    v.u8.fill(255, a, a + 3);
    v.u32.fill(0, b, b + 2);
    v.f64[c] = 1.5;
    assert.deepEqual([...v.u8.subarray(a, a + 3)], [255, 255, 255]);
    assert.deepEqual([...v.u32.subarray(b, b + 2)], [0, 0]);
    assert.equal(v.f64[c], 1.5);
    assert.equal(v.u8.buffer, v.f64.buffer);
  });

  it('shares one set of views between the small slabs of a chunk, and gives a large slab its own', () => {
    const x = new Slab(100);
    const y = new Slab(100);
    assert.equal(x.views, y.views);
    const xa = x.f64(12);
    const ya = y.f64(12);
    assert.ok(ya >= xa + 12 || ya + 12 <= xa, 'disjoint');
    const big = new Slab(10_000);
    assert.notEqual(big.views, x.views);
    assert.equal(big.f64(1250), 0);
    assert.ok(big.views.u8.length >= 10_000);
  });

  it('refuses to carve past its end', () => {
    const s = new Slab(8);
    s.u32(1);
    assert.throws(() => s.f64(1), /cannot hold/);
  });
});

describe('per-account state in one buffer', () => {
  it('AccountState keeps its numbers in one buffer and its sketches do not overwrite one another', () => {
    const a = new AccountState('a');
    const b = new AccountState('b');
    const t0 = Date.UTC(2026, 10, 2);
    const n = 1000;
    for (let i = 0; i < n; i++) {
      const tsMs = t0 + i * 600_000; // every 10 minutes: all 24 hours
      const f: ExchangeFeatures = {
        promptChars: 100, userTurns: 1, toolTurns: 0,
        systemHash: i % 10 < 3 ? 9 : 0,
        promptHash: fmix32(i + 1),
        simHi: fmix32(2 * i + 11), simLo: fmix32(2 * i + 12),
        skeletonHash: i % 10 < 6 ? 7 : 0,
        templateBands: new Uint32Array(0),
        topic: i % 10, lang: 'en',
        intent: { cot: i % 2, reconstruct: 0, judge: 0, safetyRewrite: 0, agentic: 0, benchmark: 0, internals: 0, datagen: 0 },
        inputTokens: 10, outputTokens: 20, maxTokens: 0, hitCap: false, toolsOffered: 0, toolCalls: 0,
      };
      a.update({ id: `r${i}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: 'a' }, f);
    }
    assert.equal(a.hours.buffer, (a as unknown as { f64: Float64Array }).f64.buffer, 'one buffer');
    assert.equal(a.hours.reduce((x, y) => x + y, 0), n);
    assert.equal(a.activeHours(), 24);
    assert.ok(Math.abs(a.distinctPromptShare() - 1) < 0.3, `prompts ${a.distinctPromptShare()}`);
    assert.equal(a.templateShare(), 0.6);
    assert.equal(a.systemShare(), 0.3);
    assert.equal(a.distinctTopics(), 10);
    assert.equal(a.intentMean(0), 0.5);
    assert.ok(a.nearRepeatShare() < 0.01, `near repeats ${a.nearRepeatShare()}`);
    // a neighbour in the same chunk is untouched
    assert.equal(b.hours.reduce((x, y) => x + y, 0), 0);
    assert.equal(b.distinctPromptShare(), 0);
    assert.equal(b.templateShare(), 0);
  });

  it('AcctState keeps its fixed arrays in one buffer and its key slots still grow', () => {
    const s = new AcctState('x', 0);
    assert.equal(s.ringV.buffer, s.intentV.buffer);
    assert.equal(s.rawV.buffer, s.ringV.buffer);
    const ring = s.ringView();
    ring.fill(0xffffffff);
    let added = 0;
    for (let kind = 0; kind < KIND_COUNT; kind++) for (let i = 0; i < Math.min(40, KINDS[kind].cap); i++) if (s.addKey(keyOf(kind, i + 1), kind) >= 0) added++;
    assert.ok(s.n > 32 && s.n === added, `slots ${s.n}`);
    assert.ok(s.cap >= s.n);
    for (let kind = 0; kind < KIND_COUNT; kind++) for (let i = 0; i < Math.min(40, KINDS[kind].cap); i++) assert.ok(s.find(keyOf(kind, i + 1)) >= 0);
    // the grown slots are new memory: the ring (in the old slab) is untouched
    assert.ok(ring.every((w) => w === 0xffffffff));
    const grown = [s.rawAt * 8, (s.rawAt + s.cap) * 8];
    assert.ok(s.rawV.buffer !== ring.buffer || grown[1] <= ring.byteOffset || grown[0] >= ring.byteOffset + ring.byteLength);
  });
});
