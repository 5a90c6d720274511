import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_PACED, Pacing } from './pacing.js';
import { mulberry32 } from '../util/random.js';

/** Accounts of `n` follow-ups each, answers of random length, the pause drawn by `pause(tokens, rnd)` seconds. */
function rate(accounts: number, n: number, pause: (tokens: number, rnd: () => number) => number, seed: number): number {
  const rnd = mulberry32(seed);
  let paced = 0;
  for (let a = 0; a < accounts; a++) {
    const p = new Pacing();
    let t = 0;
    for (let i = 0; i < n; i++) {
      const tokens = Math.round(100 * Math.exp(2 * rnd()));
      p.answered(i + 1, t, tokens);
      t += 1000 * pause(tokens, rnd);
      p.followUp(i + 1, t);
      t += 60_000;
    }
    if (p.followsAnswers()) paced++;
  }
  return paced / accounts;
}

const lognormal = (median: number, sigma: number, rnd: () => number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));

test('readers whose pause grows with the answer are told from scripts whose delays ignore it, over populations', () => {
  // people: 30–250 ms a token of reading, then a press or a typed turn, varying turn to turn
  const people = rate(300, 40, (k, r) => lognormal(0.03 * k + 0.25 * k * r() + 3, 0.5, r), 1);
  // scripts: machine pace (0.2–3 s) or a drawn human-looking delay (20–90 s) that does not read
  const machine = rate(300, 40, (_k, r) => 0.2 + 2.8 * r(), 2);
  const human = rate(300, 40, (_k, r) => lognormal(20 + 70 * r(), 0.8, r), 3);
  assert.ok(people >= 0.9, `people read as readers: ${people}`);
  assert.ok(machine <= 0.01, `machine-paced scripts read as readers: ${machine}`);
  assert.ok(human <= 0.02, `scripts with drawn delays read as readers: ${human}`);
});

test('nothing is read before enough follow-ups, nor from follow-ups whose previous answer it did not see', () => {
  const p = new Pacing();
  for (let i = 0; i < MIN_PACED - 1; i++) {
    p.answered(i + 1, 0, 100 * (i + 1));
    p.followUp(i + 1, 300 * (i + 1) * 100);
  }
  assert.equal(p.followsAnswers(), false);
  p.followUp(9999, 1e9);
  assert.equal(p.n, MIN_PACED - 1);
});
