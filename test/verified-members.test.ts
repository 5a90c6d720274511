/**
 * Verification lowers the weight of evidence; it does not immunise. A campaign
 * that runs part of its harvest through verified accounts, paid with the same
 * cards as its other accounts, has those accounts sent to review. Verified
 * accounts that only look like the campaign stay clean: evaluators running the
 * same benchmarks through one harness (who sign up in the same hour and so form
 * a linked cluster of their own, with no flagged account in it), two of them
 * behind the campus NAT that two of the operators also signed up from, and
 * the seats of a verified lab, a few of which run evaluations all day.
 * Written outside the simulator, so it tests shapes the simulator did not
 * teach the engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../src/engine/scan.js';
import { loadCorpus } from '../src/features/corpora.js';
import { readVerdicts, tmp } from './helpers.js';
import { lcg } from '../src/util/random.js';

const T0 = Date.parse('2026-09-07T00:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const rnd = lcg(4711);
const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

const WRAPPERS: [string, string][] = [
  ['Could you work through this for me? ', '\nExplain each step of your reasoning.'],
  ['', '\n\nSolve it step by step and show the full working.'],
  ['Problem:\n', '\nThink it through step by step before you answer.'],
  ['I need a detailed solution.\n', '\nShow every step, then the final answer.'],
];
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

test('verified campaign accounts on the campaign\'s cards go to review; verified evaluators and lab seats, and students behind the operators\' sign-up NAT, do not', async (t) => {
  const math = [...loadCorpus('gsm8k', 3000), ...loadCorpus('math-competition', 2000)].map((p) => p.prompt);
  const chat = [...loadCorpus('sharegpt-sample', 800), ...loadCorpus('oasst-prompts', 400)].map((p) => p.prompt);
  if (math.length < 1000 || chat.length < 500) return t.skip('shared corpora not found');
  const lines: string[] = [];
  const accounts: string[] = [];
  const label = new Map<string, string>();
  let id = 0;
  const push = (o: Record<string, unknown>) => lines.push(JSON.stringify({ id: `v${id++}`, model: 'm', endpoint: 'messages', status: 200, ...o }));
  const text = (n: number) => 'First, consider what is given. '.repeat(n);
  const NAT = '130.91.4.17';

  // The campaign: 24 accounts, 8 of them verified, paying with 4 cards (each card pays for 2
  // verified and 4 unverified accounts), 14 days of harvest on 4 proxy ranges with a third of
  // ordinary chat as camouflage. Two operators signed up behind the campus NAT.
  for (let a = 0; a < 24; a++) {
    const acct = `op${a}`;
    const verified = a % 3 === 0;
    label.set(acct, verified ? 'op_verified' : 'op');
    accounts.push(JSON.stringify({ account_id: acct, created_at: new Date(T0 - int(60, 400) * DAY).toISOString(), email_domain: 'gmail.com', payment_fingerprint: a === 23 ? 'pm_mlab' : `pm_op_${a % 4}`, signup_ip: a === 1 || a === 2 ? NAT : `73.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, verified }));
  }
  for (let i = 0; i < 24 * 14 * 14; i++) {
    const a = i % 24;
    const ts = T0 + (i / (24 * 14 * 14)) * 14 * DAY + int(0, 600_000);
    const ip = `185.${220 + (a % 4)}.${int(0, 3)}.${int(2, 250)}`;
    if (rnd() < 0.33) {
      push({ ts: new Date(ts).toISOString(), account_id: `op${a}`, ip, user_agent: BROWSER, request: { messages: [{ role: 'user', content: pick(chat) }] }, response: { text: text(8), stop_reason: 'end_turn' }, usage: { input_tokens: 120, output_tokens: 250 } });
      continue;
    }
    const [pre, post] = pick(WRAPPERS);
    push({ ts: new Date(ts).toISOString(), account_id: `op${a}`, ip, user_agent: BROWSER, request: { messages: [{ role: 'user', content: `${pre}${math[i % math.length]}${post}` }], max_tokens: 4096 }, response: { text: text(40), stop_reason: 'end_turn' }, usage: { input_tokens: 90, output_tokens: 900 } });
  }

  // Six verified evaluators, one lab each: 300 items of the same benchmarks through a harness in one day.
  // Two of them signed up behind the campus NAT.
  for (let e = 0; e < 6; e++) {
    const acct = `eval${e}`;
    label.set(acct, 'evaluator');
    accounts.push(JSON.stringify({ account_id: acct, org_id: `org_lab${e}`, created_at: new Date(T0 - 300 * DAY).toISOString(), email_domain: `lab${e}.example.org`, payment_fingerprint: `pm_lab${e}`, signup_ip: e < 2 ? NAT : `35.200.${e}.9`, verified: true }));
    let ts = T0 + (1 + 2 * e) * DAY + 9 * HOUR;
    for (let k = 0; k < 300; k++) {
      push({ ts: new Date(ts).toISOString(), account_id: acct, org_id: `org_lab${e}`, ip: `35.200.${e}.9`, user_agent: 'lm-eval-harness/0.4.3 python-requests/2.32', request: { messages: [{ role: 'user', content: `The following is a question. Think step by step, then answer.\n\n${math[(k * 7 + e * 300) % math.length]}\n\nAnswer:` }], temperature: 0, max_tokens: 1024 }, response: { text: text(20), stop_reason: 'end_turn' }, usage: { input_tokens: 100, output_tokens: 400 } });
      ts += int(2_000, 6_000);
    }
  }

  // A verified lab of 10 seats on one card and one office range: 4 seats run evaluations
  // step by step on weekdays, the others chat.
  for (let s = 0; s < 10; s++) {
    const acct = `lab${s}`;
    label.set(acct, 'lab_seat');
    accounts.push(JSON.stringify({ account_id: acct, org_id: 'org_mlab', created_at: new Date(T0 - 500 * DAY).toISOString(), email_domain: 'mlab.example.org', payment_fingerprint: 'pm_mlab', signup_ip: '192.0.2.1', verified: true }));
  }
  for (let d = 0; d < 14; d++) {
    if (d % 7 >= 5) continue;
    for (let s = 0; s < 10; s++) {
      let ts = T0 + d * DAY + (8 + rnd() * 8) * HOUR;
      const evals = s < 4;
      for (let k = 0; k < (evals ? 25 : 5); k++) {
        const content = evals && rnd() < 0.7 ? `Solve step by step and show your reasoning:\n${pick(math)}` : pick(chat);
        push({ ts: new Date(ts).toISOString(), account_id: `lab${s}`, org_id: 'org_mlab', ip: `192.0.2.${10 + s}`, user_agent: evals ? 'python-httpx/0.27.0' : BROWSER, request: { messages: [{ role: 'user', content }] }, response: { text: text(15), stop_reason: 'end_turn' }, usage: { input_tokens: 100, output_tokens: 350 } });
        ts += int(60_000, 900_000);
      }
    }
  }

  // 20 students behind the campus NAT, signed up there, homework with follow-ups.
  for (let s = 0; s < 20; s++) {
    const acct = `stu${s}`;
    label.set(acct, 'student');
    accounts.push(JSON.stringify({ account_id: acct, created_at: new Date(T0 - 20 * DAY + s * HOUR).toISOString(), email_domain: 'students.example.edu', payment_fingerprint: `pm_stu${s}`, signup_ip: NAT }));
    for (let d = 0; d < 14; d++) {
      let ts = T0 + d * DAY + 19 * HOUR + rnd() * 2 * HOUR;
      for (let k = 0; k < int(1, 4); k++) {
        const first = { role: 'user', content: rnd() < 0.3 ? `${pick(math)}\nCan you explain it step by step?` : pick(chat) };
        push({ ts: new Date(ts).toISOString(), account_id: acct, ip: NAT, user_agent: BROWSER, request: { messages: [first] }, response: { text: text(10), stop_reason: 'end_turn' }, usage: { input_tokens: 80, output_tokens: 300 } });
        ts += int(60_000, 400_000);
        push({ ts: new Date(ts).toISOString(), account_id: acct, ip: NAT, user_agent: BROWSER, request: { messages: [first, { role: 'assistant', content: 'Sure.' }, { role: 'user', content: pick(['why?', 'and the next one?', 'thanks, can you check my answer?']) }] }, response: { text: text(5), stop_reason: 'end_turn' }, usage: { input_tokens: 300, output_tokens: 120 } });
        ts += int(60_000, 400_000);
      }
    }
  }

  lines.sort((x, y) => Date.parse(JSON.parse(x).ts) - Date.parse(JSON.parse(y).ts));
  const dir = tmp('verified');
  writeFileSync(join(dir, 'logs.jsonl'), lines.join('\n'));
  writeFileSync(join(dir, 'accounts.jsonl'), accounts.join('\n'));
  await scan({ inputs: [join(dir, 'logs.jsonl')], accounts: join(dir, 'accounts.jsonl'), out: join(dir, 'out'), store: false, workers: 0 });
  const v = readVerdicts(join(dir, 'out'));
  const of = (l: string) => [...label].filter(([, x]) => x === l).map(([a]) => v.get(a)).filter((x) => x !== undefined);
  const flagged = (l: string) => of(l).filter((x) => x.verdict !== 'allow');

  assert.ok(flagged('op').length >= 15, `unverified campaign accounts flagged: ${flagged('op').length}/16`);
  const ver = flagged('op_verified');
  assert.ok(ver.length >= 7, `verified campaign accounts flagged: ${ver.length}/8`);
  for (const x of ver) {
    assert.equal(x.verdict, 'review', `${x.account_id}: a verified account goes to review, not block`);
    const why = x.reasons.find((r) => r.signal === 'campaign.verified_member');
    assert.ok(why && /verified, but shares payment instrument pm_op_\d with \d+ flagged accounts? of campaign \S+; its own traffic is \d+% harvest/.test(why.detail), `${x.account_id}: ${JSON.stringify(x.reasons)}`);
  }
  for (const l of ['evaluator', 'lab_seat', 'student']) {
    assert.ok(of(l).length > 0, `${l} accounts were scanned`);
    assert.deepEqual(flagged(l).map((x) => x.account_id), [], `no ${l} is flagged`);
  }
});
