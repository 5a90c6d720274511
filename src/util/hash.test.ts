import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmix32, fnv1a, fnv1aRange, fnvMix, FNV_OFFSET, hash48 } from './hash.js';

// These values are stored in campaign ids and fingerprints and shape simulated
// worlds: a change to any of them is a change of output, not a refactor.

test('fnv1a gives the published FNV-1a 32-bit test vectors, and hashes UTF-16 code units', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c);
  assert.equal(fnv1a('foobar'), 0xbf9cf968);
  assert.equal(fnv1a('é中'), 0x7e872b4b);
});

test('a seed given signed or unsigned gives the same hash', () => {
  assert.equal(fnv1a('x', 0x9747b28c), fnv1a('x', 0x9747b28c | 0));
  assert.equal(fnv1a('x', FNV_OFFSET), fnv1a('x'));
});

test('fnv1aRange over code units equals fnv1a over the same text', () => {
  const s = 'think step by step';
  const buf = Uint16Array.from(s, (c) => c.charCodeAt(0));
  assert.equal(fnv1aRange(buf, 0, buf.length) >>> 0, fnv1a(s));
  assert.equal(fnv1aRange(buf, 6, 10) >>> 0, fnv1a(s.slice(6, 10)));
});

test('fnvMix folds a 32-bit value in byte by byte, low byte first', () => {
  const bytes = String.fromCharCode(0x78, 0x56, 0x34, 0x12);
  assert.equal(fnvMix(FNV_OFFSET, 0x12345678) >>> 0, fnv1a(bytes));
});

test('fmix32 is murmur3\'s finaliser: known values, and no two of many inputs collide', () => {
  assert.equal(fmix32(0), 0);
  assert.equal(fmix32(1), 0x514e28b7);
  assert.equal(fmix32(0xdeadbeef), 0x0de5c6a9);
  const seen = new Set<number>();
  for (let i = 0; i < 100_000; i++) seen.add(fmix32(i));
  assert.equal(seen.size, 100_000);
});

test('hash48 is a safe integer made of two seeded FNV-1a passes', () => {
  const h = hash48('203.0.113.5');
  assert.equal(h, 53951530497030);
  assert.ok(Number.isSafeInteger(h) && h < 2 ** 48);
  assert.equal(h % 4294967296, fnv1a('203.0.113.5'));
});
