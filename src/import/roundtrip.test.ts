/**
 * An import loses nothing the engine judges on: a labelled world's log,
 * written out as OpenTelemetry GenAI spans and imported back, scans to the
 * same verdicts as the log itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { corporaDir } from '../features/corpora.js';
import { simulateWorld } from '../simulate/index.js';
import { scan } from '../engine/scan.js';
import { importLogs } from './index.js';

const s = (key: string, v: unknown) => (v === undefined ? [] : [{ key, value: typeof v === 'number' ? (Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v }) : { stringValue: String(v) } }]);

/** One exchange as a span in the conventions' newest form: messages as JSON attributes. */
function span(ex: any): unknown {
  const startNs = BigInt(Date.parse(ex.ts)) * 1_000_000n;
  const req = ex.request ?? {};
  const parts = (text: string) => [{ type: 'text', content: text }];
  return {
    traceId: '0'.repeat(32), spanId: '0'.repeat(16), name: `chat ${ex.model ?? ''}`, kind: 3,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + BigInt(Math.round((ex.latency_ms ?? 0) * 1e6))),
    attributes: [
      ...s('gen_ai.operation.name', 'chat'), ...s('gen_ai.response.id', ex.id), ...s('user.id', ex.account_id),
      ...s('organization.id', ex.org_id), ...s('api_key.id', ex.api_key_id), ...s('client.address', ex.ip), ...s('user_agent.original', ex.user_agent),
      ...s('gen_ai.request.model', ex.model), ...s('gen_ai.request.temperature', req.temperature), ...s('gen_ai.request.top_p', req.top_p), ...s('gen_ai.request.max_tokens', req.max_tokens),
      ...(req.system !== undefined ? s('gen_ai.system_instructions', JSON.stringify(parts(req.system))) : []),
      ...(req.messages ? s('gen_ai.input.messages', JSON.stringify(req.messages.map((m: any) => ({ role: m.role, parts: parts(m.content) })))) : []),
      ...(req.tools ? s('gen_ai.tool.definitions', JSON.stringify(req.tools.map((name: string) => ({ type: 'function', name })))) : []),
      ...(ex.response ? s('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [...(ex.response.text !== undefined ? parts(ex.response.text) : []), ...Array.from({ length: ex.response.tool_calls ?? 0 }, (_, i) => ({ type: 'tool_call', id: `t${i}`, name: 'f' }))], finish_reason: ex.response.stop_reason ?? 'stop' }])) : []),
      ...s('gen_ai.usage.input_tokens', ex.usage?.input_tokens), ...s('gen_ai.usage.output_tokens', ex.usage?.output_tokens),
      ...s('http.response.status_code', ex.status),
    ],
  };
}

test('a world exported as OpenTelemetry spans and imported back scans to the same verdicts', async (t) => {
  const corpus = corporaDir();
  if (!corpus) return t.skip('shared corpora absent');
  const dir = mkdtempSync(join(tmpdir(), 'dg-roundtrip-'));
  const world = join(dir, 'world');
  await simulateWorld({ scenario: 'mixed', scale: 0.02, seed: 23, days: 3, corpus, out: world });
  const lines = gunzipSync(readFileSync(join(world, 'logs.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  // the endpoint is the operation name in the conventions: compare on what they can carry
  const otlp: string[] = [];
  for (let i = 0; i < lines.length; i += 50) otlp.push(JSON.stringify({ resourceSpans: [{ resource: { attributes: s('service.name', 'api') }, scopeSpans: [{ scope: { name: 'test' }, spans: lines.slice(i, i + 50).map(span) }] }] }));
  writeFileSync(join(dir, 'traces.jsonl'), otlp.join('\n') + '\n');
  const imported = await importLogs({ from: 'otel', inputs: [join(dir, 'traces.jsonl')], out: join(dir, 'imported.jsonl.gz') });
  assert.equal(imported.exchanges, lines.length);
  assert.equal(imported.quarantined, 0);
  const opts = { accounts: join(world, 'accounts.jsonl'), store: false as const, workers: 0 };
  await scan({ ...opts, inputs: [join(world, 'logs.jsonl.gz')], out: join(dir, 'a') });
  await scan({ ...opts, inputs: [join(dir, 'imported.jsonl.gz')], out: join(dir, 'b') });
  const verdicts = (d: string) => readFileSync(join(dir, d, 'verdicts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => {
    const v = JSON.parse(l);
    return `${v.account_id} ${v.verdict} ${v.score} ${v.flagged_at}`;
  }).sort();
  const a = verdicts('a');
  const b = verdicts('b');
  assert.ok(a.some((v) => v.includes(' block ')), 'the world has campaigns that are caught');
  assert.deepEqual(b, a);
});
