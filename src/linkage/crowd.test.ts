import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { Engine } from '../engine/engine.js';
import { accountProfile } from '../engine/profile.js';
import { loadCorpus, corporaAvailable, CORPORA_DIR } from './testing/population.js';
import { createLinkage } from './index.js';
import { lcg } from '../util/random.js';

const skip = corporaAvailable() ? false : `corpora not found at ${CORPORA_DIR}; crowd test skipped`;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const HOUR = 3_600_000;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/**
 * A campus NAT with 64 students, four of whom study together: they also share
 * a dorm address, open their questions with the same phrase and work in the
 * same hours. Beside them, a small fleet of six behind a proxy address of its
 * own, with one wrapper, sends benchmark items around the clock.
 */
function world(): { exchanges: Exchange[]; students: string[]; fleet: string[] } {
  const math = loadCorpus('gsm8k', 3000).map((p) => p.prompt);
  const chat = loadCorpus('oasst-prompts', 2000).map((p) => p.prompt);
  const exchanges: Exchange[] = [];
  let seq = 0;
  const rnd = lcg(5);
  const send = (id: string, ip: string, ua: string, tsMs: number, content: string): void => {
    exchanges.push({ id: `e${seq++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, ip, user_agent: ua, request: { messages: [{ role: 'user', content }], max_tokens: 1024 }, response: { text: 'Step 1 ...', stop_reason: 'end_turn' }, usage: { input_tokens: 90, output_tokens: 450 } });
  };
  const students = Array.from({ length: 64 }, (_, i) => `stu_${i}`);
  let item = 0;
  students.forEach((id, i) => {
    const group = i < 4;
    for (let d = 0; d < 4; d++) {
      // a study group meets at 20:00; everyone else works when they like
      let t = T0 + d * 24 * HOUR + (group ? 20 * HOUR : (9 + Math.floor(rnd() * 13)) * HOUR);
      for (let k = 0; k < 8; k++) {
        const harvest = rnd() < 0.55;
        const q = harvest ? math[item++ % math.length]! : chat[Math.floor(rnd() * chat.length)]!;
        const content = harvest ? (group ? `Our study group needs the full working for this one, step by step please:\n${q}` : `${q}\nCan you explain it step by step?`) : q;
        send(id, group && k % 2 ? '10.77.3.9' : '141.211.202.72', BROWSER, t, content);
        t += (group ? 3 : 6 + Math.floor(rnd() * 20)) * 60_000;
      }
    }
  });
  const fleet = Array.from({ length: 6 }, (_, i) => `op_${i}`);
  fleet.forEach((id) => {
    for (let k = 0; k < 160; k++) send(id, '185.220.7.44', 'python-httpx/0.27.0', T0 + Math.floor(rnd() * 4 * 24 * HOUR), `Solve the following problem. Think step by step and show all of your reasoning before the final answer.\n\n${math[1500 + Math.floor(rnd() * 1400)]}`);
  });
  exchanges.sort((a, b) => a.tsMs - b.tsMs);
  return { exchanges, students, fleet };
}

test('four students of a 64-account campus NAT who study together are not a campaign; a six-account fleet behind its own proxy is', { skip }, () => {
  const w = world();
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 30 }), profile: accountProfile, campaignMinScore: 0 });
  for (const ex of w.exchanges) engine.push(ex);
  engine.finish();
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  assert.deepEqual(w.students.filter((id) => v.get(id)!.verdict !== 'allow').map((id) => `${id} ${v.get(id)!.verdict}`), [], 'students flagged');
  assert.deepEqual(w.fleet.filter((id) => v.get(id)!.verdict === 'allow'), [], 'fleet accounts not flagged');
});
