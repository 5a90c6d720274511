import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameCohortsOf, MIN_COHORT, type FrameCandidate } from './frame-cohort.js';

const cand = (id: string, ...keys: number[]): FrameCandidate => ({ id, frames: keys.map((key) => ({ key, count: 10 })) });
const repeatersOf = (cs: FrameCandidate[], extra: Record<number, number> = {}): Map<number, number> => {
  const m = new Map<number, number>();
  for (const c of cs) for (const f of c.frames) m.set(f.key, (m.get(f.key) ?? 0) + 1);
  for (const [k, n] of Object.entries(extra)) m.set(Number(k), (m.get(Number(k)) ?? 0) + n);
  return m;
};

test('accounts sharing wrappers form a cohort; two fleets with their own wrappers form two', () => {
  // fleet A rotates frames 1-3 (each account two of them), fleet B frames 7-8; 9 is one account's own
  const a = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id, i) => cand(id, 1 + (i % 3), 1 + ((i + 1) % 3)));
  const b = ['b1', 'b2', 'b3', 'b4', 'b5'].map((id) => cand(id, 7, 8));
  const all = [...a, ...b, cand('lone', 9)];
  const cohorts = frameCohortsOf(all, repeatersOf(all));
  assert.equal(cohorts.length, 2);
  const ids = cohorts.map((c) => c.members.map((i) => all[i].id).sort());
  assert.deepEqual(ids.sort((x, y) => x.length - y.length), [['b1', 'b2', 'b3', 'b4', 'b5'], ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']]);
  assert.deepEqual(cohorts.find((c) => c.members.length === 6)!.frames, [1, 2, 3]);
});

test('a frame most of whose users are not candidates (a phrase many people open with) joins no one', () => {
  const cs = ['d1', 'd2', 'd3', 'd4', 'd5'].map((id) => cand(id, 42));
  // 42 is also repeated by 20 accounts that are not candidates (developers writing "write a python function that")
  assert.equal(frameCohortsOf(cs, repeatersOf(cs, { 42: 20 })).length, 0);
  assert.equal(frameCohortsOf(cs, repeatersOf(cs, { 42: 3 })).length, 1);
});

test('fewer than MIN_COHORT accounts, or a frame fewer than three share, is not a cohort', () => {
  const four = ['e1', 'e2', 'e3', 'e4'].slice(0, MIN_COHORT - 1).map((id) => cand(id, 5));
  assert.equal(frameCohortsOf(four, repeatersOf(four)).length, 0);
  // five accounts chained by frames each only two of them share
  const chain = [cand('c1', 10), cand('c2', 10, 11), cand('c3', 11, 12), cand('c4', 12, 13), cand('c5', 13)];
  assert.equal(frameCohortsOf(chain, repeatersOf(chain)).length, 0);
});
