import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xorshift32 } from '../../util/random.js';
import { Gate, encodeFrames, framePos } from './wire.js';

test('the gate gives every message once and in order, however its frames are repeated, split and shuffled', () => {
  const rnd = xorshift32(7);
  // messages of very different sizes: most fit a frame, some take several
  const messages = Array.from({ length: 200 }, (_, i) => ({ i, text: 'x'.repeat(Math.floor(rnd() * 6000)) }));
  const frames = messages.flatMap((m, seq) => encodeFrames(m, 'run1', seq, 'run1.0', 2048).map((f) => ({ pos: framePos(f.headers)!, data: f.data })));
  assert.ok(frames.length > messages.length * 1.5, 'some messages were split');
  // each frame comes one to three times, and a window of frames comes in any order
  const arrivals = frames.flatMap((f) => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => f));
  for (let i = 0; i < arrivals.length; i++) {
    const j = Math.min(arrivals.length - 1, i + Math.floor(rnd() * 8));
    [arrivals[i], arrivals[j]] = [arrivals[j], arrivals[i]];
  }
  const gate = new Gate<number>(0);
  const out: unknown[] = [];
  for (const [k, f] of arrivals.entries()) for (const m of gate.take(f.pos, f.data, k).messages) out.push(m.message);
  assert.deepEqual(out, messages);
  assert.equal(gate.waiting, 0);
  assert.ok(gate.repeats > 0);
});

test('a gate started at a later message drops the earlier ones as repeats', () => {
  const frames = [0, 1, 2, 3].flatMap((seq) => encodeFrames({ seq }, 'r', seq, 'r.0', 1 << 20));
  const gate = new Gate<null>(2);
  const out = frames.flatMap((f) => gate.take(framePos(f.headers)!, f.data, null).messages.map((m) => m.seq));
  assert.deepEqual(out, [2, 3]);
  assert.equal(gate.repeats, 2);
});
