/**
 * Campaign signatures end to end, on a population written here: a campaign
 * harvesting GSM8K items through wrappers, cards from a small pool and proxy
 * ranges (one of them the campus's ISP range), found by the sweep in its
 * first week; in the second week new throwaway accounts of it arrive, each
 * with a card of the pool, the proxies and the wrappers, and so do ordinary
 * newcomers that share one common fact with it: students behind the campus
 * NAT doing the same GSM8K items, and researchers running the same items
 * from the same SDK. The throwaways must be flagged within their first three
 * exchanges; the newcomers never.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../src/engine/scan.js';
import { loadCorpus, ABSENT_MESSAGE } from '../src/features/corpora.js';
import { loadSignatures } from '../src/signatures/index.js';
import { readVerdicts, tmp } from './helpers.js';

const T0 = Date.parse('2026-10-05T00:00:00Z');
const DAY = 86_400_000;
const MIN = 60_000;

function build(math: string[], seed: number) {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const lines: { t: number; l: string }[] = [];
  const accounts: string[] = [];
  let id = 0;
  const push = (t: number, o: Record<string, unknown>) => lines.push({ t, l: JSON.stringify({ id: `r${id++}`, ts: new Date(t).toISOString(), model: 'm', endpoint: 'chat.completions', status: 200, ...o }) });
  const resp = (n: number) => 'Step 1: read the problem. '.repeat(n);
  const WRAPPERS = ['Solve step by step and explain every step:', 'Think step by step, then give the final answer:', 'Show your full reasoning:'];
  const SDK = 'python-httpx/0.27.0';
  const proxy = () => (rnd() < 0.15 ? `192.0.2.${20 + Math.floor(rnd() * 200)}` : `203.0.${113 + Math.floor(rnd() * 4)}.${1 + Math.floor(rnd() * 250)}`);
  const harvest = (t: number, acct: string, item: string) =>
    push(t, { account_id: acct, ip: proxy(), user_agent: SDK, request: { messages: [{ role: 'user', content: `${pick(WRAPPERS)}\n${item}` }], max_tokens: 4096 }, response: { text: resp(40), stop_reason: 'end_turn' }, usage: { input_tokens: 90, output_tokens: 800 } });
  const student = (t: number, acct: string, item: string) =>
    push(t, { account_id: acct, ip: '192.0.2.10', user_agent: 'Mozilla/5.0 (Macintosh) Safari/605.1', request: { messages: [{ role: 'user', content: `${pick(['Can you explain step by step how to solve this?', 'Help me with my homework, think step by step.'])}\n${item}` }] }, response: { text: resp(30), stop_reason: 'end_turn' }, usage: { input_tokens: 80, output_tokens: 300 } });
  const researcher = (t: number, acct: string, ip: string, item: string) =>
    push(t, { account_id: acct, ip, user_agent: SDK, request: { messages: [{ role: 'user', content: `Q: ${item}\nA: Let's think step by step.` }], temperature: 0, max_tokens: 512 }, response: { text: resp(20), stop_reason: 'end_turn' }, usage: { input_tokens: 90, output_tokens: 200 } });

  // the campaign's first 24 accounts, days 0-14, on 3 cards
  for (let a = 0; a < 24; a++) accounts.push(JSON.stringify({ account_id: `op${a}`, created_at: new Date(T0 - 2 * DAY + a * 600_000).toISOString(), email_domain: 'gmail.com', payment_fingerprint: `pm_pool${a % 3}` }));
  for (let i = 0; i < 2400; i++) harvest(T0 + (i / 2400) * 14 * DAY + rnd() * MIN, `op${i % 24}`, math[500 + (i % 1300)]);
  // throwaways of the campaign from day 7: each a new account on a card of the pool, 10 exchanges minutes apart
  const throwaways: string[] = [];
  for (let a = 0; a < 16; a++) {
    const acct = `drip${a}`;
    throwaways.push(acct);
    const start = T0 + 7 * DAY + a * 9 * 3_600_000 + rnd() * 3_600_000;
    accounts.push(JSON.stringify({ account_id: acct, created_at: new Date(start - 3 * 3_600_000).toISOString(), email_domain: 'gmail.com', payment_fingerprint: `pm_pool${a % 3}` }));
    for (let k = 0; k < 10; k++) harvest(start + k * (2 + rnd() * 3) * MIN, acct, math[(a * 37 + k * 11) % 1800]);
  }
  // a class of 30 behind the campus NAT all fortnight, and 12 more students joining in the second week
  const newcomers: string[] = [];
  for (let st = 0; st < 42; st++) {
    const acct = `stu${st}`;
    const from = st < 30 ? 0 : 7;
    if (st >= 30) newcomers.push(acct);
    accounts.push(JSON.stringify({ account_id: acct, created_at: new Date(T0 + (from - 1) * DAY + st * 3_600_000).toISOString(), email_domain: 'uni.example.edu', signup_ip: '192.0.2.10', payment_fingerprint: `pm_stu${st}` }));
    for (let d = from; d < 14; d++) {
      let t = T0 + d * DAY + 19 * 3_600_000 + rnd() * 3_600_000;
      for (let k = 0; k < 2 + Math.floor(rnd() * 4); k++) {
        student(t, acct, math[(d * 10 + Math.floor(rnd() * 10)) % math.length]);
        t += (1 + rnd() * 4) * MIN;
      }
    }
  }
  // researchers running GSM8K from the SDK: two in the first week, eight more in the second, each on its own address
  for (let r = 0; r < 10; r++) {
    const acct = `res${r}`;
    if (r >= 2) newcomers.push(acct);
    accounts.push(JSON.stringify({ account_id: acct, created_at: new Date(T0 - 100 * DAY).toISOString(), email_domain: 'gmail.com', payment_fingerprint: `pm_res${r}` }));
    const start = T0 + (r < 2 ? 2 + r : 7 + (r - 2) * 0.8) * DAY + 13 * 3_600_000;
    for (let i = 0; i < 60; i++) researcher(start + i * 20_000, acct, `198.18.${r}.7`, math[(r * 97 + i) % 1300]);
  }
  lines.sort((x, y) => x.t - y.t);
  return { lines: lines.map((x) => x.l), accounts, throwaways, newcomers };
}

test('new throwaway accounts of a found campaign are flagged within three exchanges; newcomers sharing one common fact with it are not', async (t) => {
  const math = loadCorpus('gsm8k', 2000).map((p) => p.prompt);
  if (math.length < 1800) return t.skip(ABSENT_MESSAGE);
  for (const seed of [7, 8]) {
    const w = build(math, seed);
    const dir = tmp('signatures');
    writeFileSync(join(dir, 'logs.jsonl'), w.lines.join('\n'));
    writeFileSync(join(dir, 'accounts.jsonl'), w.accounts.join('\n'));
    await scan({ inputs: [join(dir, 'logs.jsonl')], accounts: join(dir, 'accounts.jsonl'), out: join(dir, 'out'), store: false, workers: 0 });
    const v = readVerdicts(join(dir, 'out'));
    // the third exchange of each account, from the log
    const third = new Map<string, string>();
    const seen = new Map<string, number>();
    for (const l of w.lines) {
      const x = JSON.parse(l) as { account_id: string; ts: string };
      const n = (seen.get(x.account_id) ?? 0) + 1;
      seen.set(x.account_id, n);
      if (n === 3) third.set(x.account_id, x.ts);
    }
    const early = w.throwaways.filter((a) => {
      const f = v.get(a)?.flagged_at;
      return f != null && Date.parse(f) <= Date.parse(third.get(a)!);
    });
    assert.ok(early.length >= 15, `seed ${seed}: ${early.length}/${w.throwaways.length} throwaways flagged within their first three exchanges`);
    const named = w.throwaways.filter((a) => v.get(a)?.reasons.some((r) => r.signal === 'signature.match'));
    assert.ok(named.length >= 1, 'the signature is named as the reason');
    const wrongly = w.newcomers.filter((a) => v.get(a)?.verdict !== 'allow');
    assert.deepEqual(wrongly, [], `seed ${seed}: newcomers flagged`);
    const students = [...v.values()].filter((x) => x.account_id.startsWith('stu') && x.verdict !== 'allow');
    assert.equal(students.length, 0, 'no student of the class is flagged');

    const sig = await loadSignatures(join(dir, 'out', 'signatures.json'));
    assert.ok(sig.ok, sig.ok ? '' : sig.reason);
    const s = sig.file.signatures.find((x) => x.campaign_id === v.get('op0')!.campaign_id);
    assert.ok(s, 'the campaign has a signature');
    assert.ok(!s.keys.some((k) => k.kind === 'net' && k.value === '192.0.2.0/24'), 'the campus range is not in it');
    assert.ok(!s.keys.some((k) => k.kind === 'user_agent'), 'nor the SDK the researchers use');
    const text = readFileSync(join(dir, 'out', 'signatures.json'), 'utf8');
    for (const item of math.slice(500, 520)) assert.ok(!text.includes(item.slice(0, 30)), 'no prompt text in the file');
    assert.ok(!text.includes('step by step'), 'no wrapper text in the file');
  }
});
