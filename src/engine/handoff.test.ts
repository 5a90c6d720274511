import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { parseExchangeLine } from '../contract/parse.js';
import type { Exchange } from '../contract/types.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { ItemPacker, packedTransfer, unpackItems, type PackedItems } from './handoff.js';
import { lcg } from '../util/random.js';

const PROMPTS = [
  'Solve the following problem. Think step by step and show all of your reasoning before giving the final answer: 17 * 23 = ?',
  'You are a strict grader. Score the answer below from 1 to 10 against the rubric, then explain the score.\n\nAnswer: Paris is the capital of France.',
  'what should I cook tonight with leeks and potatoes',
  'Q: What is 2+2?\nA: 4\n\nQ: What is 3+3?\nA: 6\n\nQ: What is 5+5?\nA:',
  'Ｗｈａｔ\u200b is the ｃａｐｉｔａｌ of Мongolia? 🙂',
  'Generate 8 question-answer pairs about tides for our fine-tuning dataset, one JSON object per line.',
  '',
];

/** Seeded lines with every optional field present or absent in turn. */
function lines(n: number): string[] {
  const rnd = lcg(12345);
  const maybe = <T>(v: T): T | undefined => (rnd() < 0.5 ? v : undefined);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const prompt = PROMPTS[i % PROMPTS.length];
    const rec: Record<string, unknown> = {
      id: `req_${i}`,
      ts: new Date(Date.UTC(2026, 10, 2) + i * 7_919).toISOString(),
      account_id: `acct_${i % 13}`,
      org_id: maybe(`org_${i % 3}`),
      api_key_id: maybe(`key_${i}`),
      ip: maybe(i % 2 ? `203.0.113.${i % 250}` : '2001:db8::1'),
      user_agent: maybe(i % 2 ? 'openai-python/1.40.0' : 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0'),
      model: maybe('model-x'),
      endpoint: maybe('chat.completions'),
      status: maybe(i % 7 === 0 ? 429 : 200),
      latency_ms: maybe(1234.5 + i),
      x_unknown: maybe({ kept: 'or ignored' }),
    };
    if (rnd() < 0.8) {
      rec.request = {
        system: maybe('You are a helpful assistant. Always reason step by step.'),
        messages: [{ role: 'user', content: prompt }],
        temperature: maybe(i % 3 === 0 ? 0 : 0.7),
        top_p: maybe(0.9),
        max_tokens: maybe(4096),
        tools: maybe(['search', 'python']),
        stream: maybe(i % 2 === 0),
      };
    }
    if (rnd() < 0.8) rec.response = { text: maybe('The answer is 391.'), stop_reason: maybe(i % 4 ? 'end_turn' : 'max_tokens'), tool_calls: maybe(i % 3) };
    if (rnd() < 0.8) rec.usage = { input_tokens: maybe(120 + i), output_tokens: maybe(4096) };
    out.push(JSON.stringify(rec));
  }
  return out;
}

/** What the engine's thread is promised of an exchange: everything but texts and tool names. */
function withoutText(ex: Exchange): Exchange {
  const copy: Exchange = JSON.parse(JSON.stringify(ex));
  if (copy.request) {
    delete copy.request.messages;
    delete copy.request.system;
    delete copy.request.tools;
  }
  if (copy.response) delete copy.response.text;
  for (const k of Object.keys(copy)) if (k.startsWith('x_')) delete (copy as unknown as Record<string, unknown>)[k];
  return copy;
}

function pack(src: string[]): { exchanges: Exchange[]; packed: PackedItems } {
  const packer = new ItemPacker(2); // grows past its first guess
  const exchanges: Exchange[] = [];
  for (const l of src) {
    const r = parseExchangeLine(l);
    assert.ok(r.ok, l);
    exchanges.push(r.value);
    packer.push(r.value, extractFeatures(r.value), evidenceExcerpt(r.value));
  }
  return { exchanges, packed: packer.finish() };
}

function assertSame(exchanges: Exchange[], packed: PackedItems): void {
  const got = unpackItems(packed);
  assert.equal(got.length, exchanges.length);
  for (let i = 0; i < exchanges.length; i++) {
    const ex = exchanges[i];
    const g = got[i];
    assert.deepEqual(g.ex, withoutText(ex), `exchange ${i}`);
    assert.equal(g.tsMs, ex.tsMs);
    const want = extractFeatures(ex);
    assert.deepEqual({ ...g.f, templateBands: [...g.f.templateBands] }, { ...want, templateBands: [...want.templateBands] }, `features ${i}`);
    assert.equal(g.excerpt, evidenceExcerpt(ex));
  }
}

test('an exchange comes back from the columns with every field but its texts, absent fields absent', () => {
  const { exchanges, packed } = pack(lines(400));
  assert.ok(exchanges.some((e) => e.request && e.request.temperature === undefined), 'some requests lack a temperature');
  assert.ok(exchanges.some((e) => e.status === undefined) && exchanges.some((e) => e.usage === undefined));
  assertSame(exchanges, packed);
});

test('the columns cross a thread boundary with their buffers transferred', async () => {
  const { exchanges, packed } = pack(lines(200));
  const { port1, port2 } = new MessageChannel();
  const got = new Promise<PackedItems>((resolve) => port2.once('message', resolve));
  port1.postMessage(packed, packedTransfer(packed));
  assert.equal(packed.num.byteLength, 0, 'numbers were moved, not copied');
  const received = await got;
  port1.close();
  assertSame(exchanges, received);
});

test('an empty batch packs and unpacks to nothing', () => {
  const packed = new ItemPacker(0).finish();
  assert.equal(packed.n, 0);
  assert.deepEqual(unpackItems(packed), []);
});
