import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SweepClock } from './epochs.js';

const MIN = 60_000;
const T0 = Date.parse('2026-05-04T00:00:00Z');

/** Sweep instants for exchanges at `times` (minutes after T0), each from a new account until `accounts` are seen. */
function sweeps(clock: SweepClock, times: number[], accounts: number): number[] {
  const out: number[] = [];
  times.forEach((m, i) => {
    const at = clock.tick(T0 + m * MIN, Math.min(i, accounts), true);
    if (!Number.isNaN(at)) out.push((at - T0) / MIN);
  });
  return out;
}

test('a sweep falls on the first boundary crossed once two exchanges per account came in since the last one', () => {
  // one account, an exchange every 10 minutes: boundaries every 30 minutes, each with three new exchanges
  const every10 = Array.from({ length: 13 }, (_, i) => i * 10);
  assert.deepEqual(sweeps(new SweepClock(), every10, 1), [30, 60, 90, 120]);
  // a hundred accounts and the same traffic: too little per account, until the 24-hour gap forces one
  const day = Array.from({ length: 60 }, (_, i) => i * 30);
  assert.deepEqual(sweeps(new SweepClock(), day, 100), [24 * 60]);
  // no minimum: a sweep at the first boundary each time one is crossed with new traffic (200 min sweeps at 60, the boundary it crossed first)
  assert.deepEqual(sweeps(new SweepClock({ sweepMinNewPerAccount: 0 }), [5, 50, 51, 200], 4), [30, 60]);
});

test('without a linkage the clock never sweeps', () => {
  const clock = new SweepClock({ sweepMinNewPerAccount: 0 });
  for (let m = 0; m < 600; m += 7) assert.ok(Number.isNaN(clock.tick(T0 + m * MIN, 1, false)));
});
