import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRecord, type Call, type SimAccount } from './kit.js';
import { LineWriter, writeRecord } from './line.js';
import { Rng } from './rng.js';

const acc = { idx: 0, record: { account_id: 'acct_1', org_id: 'org_9', created_at: '2026-01-01T00:00:00.000Z' }, label: {}, group: 'hobbyist', keys: ['key_a'], exchanges: 0 } as unknown as SimAccount;
const client = { ua: 'sdk/1.2 "quoted"', endpoint: 'messages' as const, stream: true, temperature: 0.7, top_p: 0.95, maxTokens: 40 };
const odd = 'tab\there "q" back\\slash \u0001 \u001f del\u007f é ß 中文 😀 lone\ud800 end\udc00 ' + 'long '.repeat(300);

test('writeRecord writes exactly JSON.stringify(buildRecord) + newline, with the same draws', () => {
  const calls: Call[] = [
    { ip: '10.0.0.1', model: 'm-pro', client, last: { role: 'user', content: odd }, lang: 'en', kind: 'cot', outTokens: 500 },
    { ip: '10.0.0.2', model: 'm-mini', client: { ...client, stream: false, temperature: undefined, top_p: undefined, maxTokens: undefined }, key: 'key_b', system: odd, history: Array.from({ length: 11 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `turn ${i} ${odd.slice(0, 30 + i)}` }) as const), last: { role: 'tool', content: '{"ok": true}\n' }, lang: 'zh', kind: 'chat', outTokens: 12.4, tools: ['search', 'run "x"'], toolCalls: 2, temperature: 0, maxTokens: 1 },
    { ip: '::1', model: 'm', client, last: { role: 'user', content: 'hi' }, lang: 'ru', kind: 'short', outTokens: 3, status: 429 },
    { ip: '::1', model: 'm', client, last: { role: 'user', content: '' }, lang: 'en', kind: 'code', outTokens: 3, status: 500 },
    { ip: '::1', model: 'm', client, last: { role: 'user', content: 'Answer with one word: why' }, lang: 'en', kind: 'short', outTokens: 9, maxTokens: 2, answer: 'Because', probe: { logprobs: true, topLogprobs: 20, n: 3, logitBias: { count: 300, min: -100, max: 2.5, lo: 17, hi: 90_210 } } },
  ];
  const w = new LineWriter(16);
  for (const [i, c] of calls.entries()) {
    const a = new Rng(5, `c${i}`);
    const b = new Rng(5, `c${i}`);
    const want = JSON.stringify(buildRecord(a, acc, 'req_x', '2026-01-01T00:00:00.001Z', c)) + '\n';
    w.off = 0;
    writeRecord(w, b, acc, 'req_x', '2026-01-01T00:00:00.001Z', c);
    assert.equal(w.buf.toString('utf8', 0, w.off), want);
    assert.equal(a.u32(), b.u32(), 'same draws');
  }
});
