/**
 * `replay`: posts a recorded log's requests through a gateway started with
 * `--replay-clock`, in event-time order, each with its account's identity
 * headers, its request id and its `ts` as `X-Event-Time`; the gateway's
 * upstream is a stand-in that answers each request with its logged answer
 * (./testing/upstream.ts, keyed by `X-Request-Id`). The gateway then sees the
 * exchanges the log holds, and its decisions can be set beside what `scan`
 * says of the same log.
 *
 * Lines are put in event-time order by the same reorder buffer `scan` uses (5
 * minutes), so with `concurrency` 1 the gateway's engine takes the exchanges
 * in exactly `scan`'s order. With more, answers may complete out of order by
 * a request or two and the engine processes those late.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Pool } from 'undici';
import { parseExchangeLine } from '../contract/parse.js';
import type { Exchange } from '../contract/types.js';
import { ReorderBuffer } from '../engine/reorder.js';
import { expandInputs } from '../sources/files.js';
import { readLines } from '../sources/lines.js';
import { ACTIONS } from '../policy/types.js';

const PATHS: Record<string, string> = { 'chat.completions': '/v1/chat/completions', responses: '/v1/responses', messages: '/v1/messages' };

/** The path and API body a logged exchange is re-sent as (by its `endpoint`; chat completions when it names another). */
export function requestOf(ex: Exchange): { path: string; body: Record<string, unknown> } {
  const ep = ex.endpoint && PATHS[ex.endpoint] ? ex.endpoint : 'chat.completions';
  const r = ex.request ?? {};
  const b: Record<string, unknown> = {};
  if (ex.model !== undefined) b.model = ex.model;
  const msgs = (r.messages ?? []).map((m) => ({ role: m.role, content: m.content }));
  if (ep === 'responses') {
    if (r.system !== undefined) b.instructions = r.system;
    b.input = msgs;
    if (r.max_tokens !== undefined) b.max_output_tokens = r.max_tokens;
    if (r.tools) b.tools = r.tools.map((name) => ({ type: 'function', name, parameters: { type: 'object', properties: {} } }));
  } else if (ep === 'messages') {
    if (r.system !== undefined) b.system = r.system;
    b.messages = msgs;
    if (r.max_tokens !== undefined) b.max_tokens = r.max_tokens;
    if (r.tools) b.tools = r.tools.map((name) => ({ name, input_schema: { type: 'object', properties: {} } }));
  } else {
    b.messages = r.system !== undefined ? [{ role: 'system', content: r.system }, ...msgs] : msgs;
    if (r.max_tokens !== undefined) b.max_tokens = r.max_tokens;
    if (r.tools) b.tools = r.tools.map((name) => ({ type: 'function', function: { name, parameters: { type: 'object', properties: {} } } }));
  }
  if (r.temperature !== undefined) b.temperature = r.temperature;
  if (r.top_p !== undefined) b.top_p = r.top_p;
  if (r.stream !== undefined) b.stream = r.stream;
  return { path: PATHS[ep], body: b };
}

/** The identity and replay headers of a logged exchange (contract §5). */
export function headersOf(ex: Exchange): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json', 'x-account-id': ex.account_id, 'x-request-id': ex.id, 'x-event-time': ex.ts };
  if (ex.org_id) h['x-org-id'] = ex.org_id;
  if (ex.api_key_id) h['x-api-key-id'] = ex.api_key_id;
  if (ex.ip) h['x-forwarded-for'] = ex.ip;
  if (ex.user_agent) h['user-agent'] = ex.user_agent;
  return h;
}

/** Logged exchanges in event-time order (the reorder buffer `scan` uses); bad lines are skipped and counted. */
export async function* orderedExchanges(inputs: string[], bad: { n: number }): AsyncGenerator<Exchange[]> {
  const files = await expandInputs(inputs);
  let out: Exchange[] = [];
  const buf = new ReorderBuffer<Exchange>(5 * 60_000, (ex) => out.push(ex));
  for (const f of files) {
    for await (const batch of readLines(f)) {
      for (const l of batch) {
        if (l.text === null) {
          bad.n++;
          continue;
        }
        if (!l.text.trim()) continue;
        const r = parseExchangeLine(l.text);
        if (r.ok) buf.push(r.value);
        else bad.n++;
      }
      if (out.length) {
        yield out;
        out = [];
      }
    }
  }
  buf.drain();
  if (out.length) yield out;
}

/** Reads every logged exchange into a map by id, for the stand-in upstream. */
export async function loadAnswers(inputs: string[]): Promise<Map<string, Exchange>> {
  const m = new Map<string, Exchange>();
  for await (const batch of orderedExchanges(inputs, { n: 0 })) for (const ex of batch) m.set(ex.id, ex);
  return m;
}

export interface ReplayDecision {
  id: string;
  account_id: string;
  ts: string;
  status: number;
  decision: string;
  case_id: string | null;
}

export interface ReplaySummary {
  exchanges: number;
  bad: number;
  /** per action of the X-Distillguard-Decision header (`none` when an answer had none) */
  decisions: Record<string, number>;
  /** per HTTP status */
  statuses: Record<string, number>;
  elapsedMs: number;
}

export interface ReplayOptions {
  inputs: string[];
  gateway: string;
  concurrency?: number;
  /** per-exchange decisions, JSON Lines */
  out?: string;
  onDecision?: (d: ReplayDecision) => void;
}

function parseDecision(h: string | string[] | undefined): { action: string; caseId: string | null } {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return { action: 'none', caseId: null };
  const [action, ...rest] = v.split(';').map((x) => x.trim());
  const c = rest.find((x) => x.startsWith('case='));
  return { action, caseId: c ? c.slice(5) : null };
}

export async function replay(o: ReplayOptions): Promise<ReplaySummary> {
  const t0 = performance.now();
  const url = new URL(o.gateway);
  const concurrency = Math.max(1, o.concurrency ?? 1);
  const pool = new Pool(url.origin, { connections: concurrency });
  const outStream = o.out ? createWriteStream(o.out) : null;
  const s: ReplaySummary = { exchanges: 0, bad: 0, decisions: Object.fromEntries(ACTIONS.map((a) => [a, 0])), statuses: {}, elapsedMs: 0 };
  const bad = { n: 0 };
  const send = async (ex: Exchange) => {
    const { path, body } = requestOf(ex);
    const r = await pool.request({ path, method: 'POST', headers: headersOf(ex), body: JSON.stringify(body) });
    // the whole answer is read (a stream to its end) before the next exchange of this lane
    for await (const _ of r.body) void _;
    const { action, caseId } = parseDecision(r.headers['x-distillguard-decision']);
    s.exchanges++;
    s.decisions[action] = (s.decisions[action] ?? 0) + 1;
    s.statuses[r.statusCode] = (s.statuses[r.statusCode] ?? 0) + 1;
    const d: ReplayDecision = { id: ex.id, account_id: ex.account_id, ts: ex.ts, status: r.statusCode, decision: action, case_id: caseId };
    o.onDecision?.(d);
    if (outStream && !outStream.write(JSON.stringify(d) + '\n')) await once(outStream, 'drain');
  };
  try {
    const lanes = new Set<Promise<void>>();
    for await (const batch of orderedExchanges(o.inputs, bad)) {
      for (const ex of batch) {
        if (lanes.size >= concurrency) await Promise.race(lanes);
        const p: Promise<void> = send(ex).finally(() => lanes.delete(p));
        lanes.add(p);
      }
    }
    await Promise.all(lanes);
  } finally {
    await pool.close();
    if (outStream) {
      outStream.end();
      await once(outStream, 'finish');
    }
  }
  s.bad = bad.n;
  s.elapsedMs = performance.now() - t0;
  return s;
}
