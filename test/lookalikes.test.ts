/**
 * Benign look-alikes written here, outside the simulator, so that the engine
 * is tested against shapes the simulator did not teach it: a class doing math
 * homework "step by step" behind one NAT, and an unverified researcher running
 * one public benchmark in a single day. Neither may be flagged. A hand-built
 * campaign of the same size and content, spread over accounts that split the
 * items between them, must be.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../src/engine/scan.js';
import { loadCorpus } from '../src/features/corpora.js';
import { readVerdicts, tmp } from './helpers.js';
import { lcg } from '../src/util/random.js';

const T0 = Date.parse('2026-10-05T00:00:00Z');
const DAY = 86_400_000;
const rnd = lcg(2024);
const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];

test('a homework class, a one-day benchmark run and a campaign over the same items', async (t) => {
  const math = loadCorpus('gsm8k', 2000).map((p) => p.prompt);
  if (math.length < 500) return t.skip('shared corpora not found');
  const lines: string[] = [];
  const accounts: string[] = [];
  let id = 0;
  const push = (o: Record<string, unknown>) => lines.push(JSON.stringify({ id: `r${id++}`, ...o }));
  const resp = (n: number) => 'Step 1: read the problem. '.repeat(n);

  // 1. A class of 30 behind one campus NAT, signed up the same week, 14 evenings of homework:
  //    each evening 10 shared problems; each student asks 3–8 of them, step by step, with follow-ups.
  for (let s = 0; s < 30; s++) accounts.push(JSON.stringify({ account_id: `stu${s}`, created_at: new Date(T0 - 3 * DAY + s * 3_600_000).toISOString(), email_domain: 'uni.example.edu', signup_ip: '192.0.2.10', payment_fingerprint: `pm_stu${s}` }));
  for (let d = 0; d < 14; d++) {
    const homework = Array.from({ length: 10 }, (_, i) => math[(d * 10 + i) % math.length]);
    for (let s = 0; s < 30; s++) {
      const n = 3 + Math.floor(rnd() * 6);
      let tt = T0 + d * DAY + 19 * 3_600_000 + rnd() * 3_600_000;
      for (let k = 0; k < n; k++) {
        const q = `${pick(['Can you explain step by step how to solve this?', 'Please show your work step by step:', 'Help me with my homework, think step by step.'])}\n${pick(homework)}`;
        const msgs = [{ role: 'user', content: q }];
        push({ ts: new Date(tt).toISOString(), account_id: `stu${s}`, ip: '192.0.2.10', user_agent: 'Mozilla/5.0 (Macintosh) Safari/605.1', model: 'm', endpoint: 'chat.completions', request: { messages: msgs }, response: { text: resp(30), stop_reason: 'end_turn' }, usage: { input_tokens: 80, output_tokens: 300 }, status: 200 });
        tt += 60_000 + rnd() * 240_000;
        if (rnd() < 0.5) {
          push({ ts: new Date(tt).toISOString(), account_id: `stu${s}`, ip: '192.0.2.10', user_agent: 'Mozilla/5.0 (Macintosh) Safari/605.1', model: 'm', endpoint: 'chat.completions', request: { messages: [...msgs, { role: 'assistant', content: 'Step 1...' }, { role: 'user', content: pick(['why is step 2 right?', 'I still do not get it', 'can you check my answer of 42?']) }] }, response: { text: resp(10), stop_reason: 'end_turn' }, usage: { input_tokens: 300, output_tokens: 120 }, status: 200 });
          tt += 60_000 + rnd() * 240_000;
        }
      }
    }
  }

  // 2. An unverified researcher: 1,300 GSM8K items with a chain-of-thought prompt, in one afternoon, from a script.
  accounts.push(JSON.stringify({ account_id: 'researcher', created_at: new Date(T0 - 200 * DAY).toISOString(), email_domain: 'gmail.com', payment_fingerprint: 'pm_res' }));
  for (let i = 0; i < 1300; i++) {
    push({ ts: new Date(T0 + 9 * DAY + 13 * 3_600_000 + i * 9_000).toISOString(), account_id: 'researcher', ip: '198.51.100.7', user_agent: 'python-httpx/0.27.0', model: 'm', endpoint: 'chat.completions', request: { messages: [{ role: 'user', content: `Q: ${math[i]}\nA: Let's think step by step.` }], temperature: 0, max_tokens: 512 }, response: { text: resp(20), stop_reason: 'end_turn' }, usage: { input_tokens: 90, output_tokens: 200 }, status: 200 });
  }

  // 3. A campaign: 24 accounts on 3 cards through 6 proxy subnets, splitting 1,300 items between them over 14 days.
  for (let a = 0; a < 24; a++) accounts.push(JSON.stringify({ account_id: `op${a}`, created_at: new Date(T0 - 2 * DAY + a * 600_000).toISOString(), email_domain: 'gmail.com', payment_fingerprint: `pm_pool${a % 3}` }));
  for (let i = 0; i < 2600; i++) {
    const a = i % 24;
    push({ ts: new Date(T0 + (i / 2600) * 14 * DAY + rnd() * 60_000).toISOString(), account_id: `op${a}`, ip: `203.0.${113 + (a % 6)}.${1 + Math.floor(rnd() * 250)}`, user_agent: 'python-httpx/0.27.0', model: 'm', endpoint: 'chat.completions', request: { messages: [{ role: 'user', content: `${pick(['Solve step by step and explain every step:', 'Think step by step, then give the final answer:', 'Show your full reasoning:'])}\n${math[500 + (i % 1300)]}` }], max_tokens: 4096 }, response: { text: resp(40), stop_reason: 'end_turn' }, usage: { input_tokens: 90, output_tokens: 800 }, status: 200 });
  }

  lines.sort((x, y) => Date.parse(JSON.parse(x).ts) - Date.parse(JSON.parse(y).ts));
  const dir = tmp('lookalike');
  writeFileSync(join(dir, 'logs.jsonl'), lines.join('\n'));
  writeFileSync(join(dir, 'accounts.jsonl'), accounts.join('\n'));
  await scan({ inputs: [join(dir, 'logs.jsonl')], accounts: join(dir, 'accounts.jsonl'), out: join(dir, 'out'), store: false });
  const v = readVerdicts(join(dir, 'out'));
  const flagged = (p: string) => [...v.values()].filter((x) => x.account_id.startsWith(p) && x.verdict !== 'allow').length;
  assert.equal(flagged('stu'), 0, 'no student of the class is flagged');
  assert.equal(flagged('researcher'), 0, 'the one-day benchmark run is not flagged');
  assert.ok(flagged('op') >= 22, `campaign accounts flagged: ${flagged('op')}/24`);
});

test('a plain-instruction sweep with no elicitation wording is caught; a company and an app back end are not', async (t) => {
  const instr = [...loadCorpus('codealpaca', 1500), ...loadCorpus('instruction-sweeps', 1500), ...loadCorpus('self-instruct-user-oriented', 250)].map((p) => p.prompt);
  const chat = [...loadCorpus('sharegpt-sample', 800), ...loadCorpus('oasst-prompts', 400), ...loadCorpus('alpaca-eval', 800)].map((p) => p.prompt);
  if (instr.length < 1000 || chat.length < 500) return t.skip('shared corpora not found');
  const lines: string[] = [];
  const accounts: string[] = [];
  let id = 0;
  const push = (o: Record<string, unknown>) => lines.push(JSON.stringify({ id: `q${id++}`, model: 'm', endpoint: 'chat.completions', status: 200, ...o }));
  const text = (n: number) => 'Here is a careful answer. '.repeat(n);

  // campaign: 20 accounts, 2 cards, 4 proxy subnets, each instruction asked once, single turn, 14 days
  for (let a = 0; a < 20; a++) accounts.push(JSON.stringify({ account_id: `sw${a}`, created_at: new Date(T0 - 5 * DAY + a * 900_000).toISOString(), email_domain: 'gmail.com', payment_fingerprint: `pm_sw${a % 2}` }));
  for (let i = 0; i < 3000; i++) {
    const a = Math.floor(rnd() * 20);
    push({ ts: new Date(T0 + (i / 3000) * 14 * DAY).toISOString(), account_id: `sw${a}`, ip: `198.18.${a % 4}.${2 + Math.floor(rnd() * 200)}`, user_agent: 'OpenAI/Python 1.51.0', request: { messages: [{ role: 'user', content: instr[i % instr.length] }], max_tokens: 2048, temperature: 0.7 }, response: { text: text(25), stop_reason: 'end_turn' }, usage: { input_tokens: 60, output_tokens: 450 } });
  }
  // company: 15 seats, one unverified org, one card, one office /24, conversations during working hours
  for (let s = 0; s < 15; s++) accounts.push(JSON.stringify({ account_id: `emp${s}`, org_id: 'org_acme', created_at: new Date(T0 - 30 * DAY).toISOString(), email_domain: 'acme.example', payment_fingerprint: 'pm_acme' }));
  for (let d = 0; d < 14; d++) {
    if (d % 7 >= 5) continue;
    for (let s = 0; s < 15; s++) {
      let tt = T0 + d * DAY + (8 + rnd() * 8) * 3_600_000;
      const n = 2 + Math.floor(rnd() * 6);
      for (let k = 0; k < n; k++) {
        const first = pick(chat);
        const msgs = rnd() < 0.6 ? [{ role: 'user', content: first }, { role: 'assistant', content: 'Sure.' }, { role: 'user', content: pick(['make it shorter', 'thanks, and in Python?', 'can you check this again?']) }] : [{ role: 'user', content: first }];
        push({ ts: new Date(tt).toISOString(), account_id: `emp${s}`, org_id: 'org_acme', ip: `192.0.2.${20 + s}`, user_agent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/130', request: { messages: msgs }, response: { text: text(12), stop_reason: 'end_turn' }, usage: { input_tokens: 200, output_tokens: 250 } });
        tt += 300_000 + rnd() * 1_800_000;
      }
    }
  }
  // an app back end: one account, one fixed system prompt, end users' single questions round the clock
  accounts.push(JSON.stringify({ account_id: 'app', created_at: new Date(T0 - 90 * DAY).toISOString(), email_domain: 'helpdesk.example', payment_fingerprint: 'pm_app' }));
  for (let i = 0; i < 2500; i++) {
    push({ ts: new Date(T0 + (i / 2500) * 14 * DAY + rnd() * 300_000).toISOString(), account_id: 'app', ip: `34.120.7.${10 + (i % 3)}`, user_agent: 'node-fetch/3.3', request: { system: 'You are the friendly assistant of a travel booking site. Answer briefly and politely.', messages: [{ role: 'user', content: pick(chat) }], max_tokens: 512 }, response: { text: text(8), stop_reason: 'end_turn' }, usage: { input_tokens: 150, output_tokens: 160 } });
  }

  lines.sort((x, y) => Date.parse(JSON.parse(x).ts) - Date.parse(JSON.parse(y).ts));
  const dir = tmp('sweep');
  writeFileSync(join(dir, 'logs.jsonl'), lines.join('\n'));
  writeFileSync(join(dir, 'accounts.jsonl'), accounts.join('\n'));
  await scan({ inputs: [join(dir, 'logs.jsonl')], accounts: join(dir, 'accounts.jsonl'), out: join(dir, 'out'), store: false });
  const v = readVerdicts(join(dir, 'out'));
  const flagged = (p: string) => [...v.values()].filter((x) => x.account_id.startsWith(p) && x.verdict !== 'allow').length;
  assert.ok(flagged('sw') >= 18, `sweep accounts flagged: ${flagged('sw')}/20`);
  assert.equal(flagged('emp'), 0, 'no company seat is flagged');
  assert.equal(flagged('app'), 0, 'the app back end is not flagged');
});
