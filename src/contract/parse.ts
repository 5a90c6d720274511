/**
 * Parse and validate contract records from one line of text.
 *
 * Hand-written rather than a zod schema because it runs once per exchange on the
 * hot path (tens of thousands a second); zod is used for configuration, which is
 * parsed once. Unknown fields are ignored; `null` in an optional field counts as
 * absent; a wrong type in any known field is bad input (contract §1).
 */
import type { AccountRecord, Exchange, ExchangeRequest, LogitBiasSummary, ExchangeResponse, Message, Result, Role, Usage } from './types.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const ROLES = new Set<Role>(['user', 'assistant', 'tool', 'system']);

class Bad extends Error {}

function fail(reason: string): never {
  throw new Bad(reason);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function reqStr(o: Record<string, unknown>, k: string, where = ''): string {
  const v = o[k];
  if (v === undefined || v === null) fail(`missing required field "${where}${k}"`);
  if (typeof v !== 'string') fail(`field "${where}${k}" must be a string, got ${typeOf(v)}`);
  if (v.length === 0) fail(`field "${where}${k}" is empty`);
  return v;
}

function optStr(o: Record<string, unknown>, k: string, where = ''): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(`field "${where}${k}" must be a string, got ${typeOf(v)}`);
  return v;
}

function optNum(o: Record<string, unknown>, k: string, where = '', int = false): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`field "${where}${k}" must be a number, got ${typeOf(v)}`);
  if (int && !Number.isInteger(v)) fail(`field "${where}${k}" must be an integer, got ${v}`);
  return v;
}

function optBool(o: Record<string, unknown>, k: string, where = ''): boolean | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(`field "${where}${k}" must be a boolean, got ${typeOf(v)}`);
  return v;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Parses an RFC 3339 timestamp with zone; NaN when it is not one. */
export function parseTimestamp(s: string): number {
  if (!RFC3339.test(s)) return NaN;
  return Date.parse(s);
}

function parseMessages(v: unknown): Message[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(`field "request.messages" must be an array, got ${typeOf(v)}`);
  const out: Message[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const m = v[i];
    if (!isObj(m)) fail(`request.messages[${i}] must be an object, got ${typeOf(m)}`);
    const role = m.role;
    if (typeof role !== 'string' || !ROLES.has(role as Role)) fail(`request.messages[${i}].role must be one of user, assistant, tool, system`);
    let content = m.content;
    // Some loggers write content blocks; keep their text rather than rejecting a real exchange.
    if (Array.isArray(content)) content = content.map((b) => (isObj(b) && typeof b.text === 'string' ? b.text : '')).join('\n');
    if (content === undefined || content === null) content = '';
    if (typeof content !== 'string') fail(`request.messages[${i}].content must be a string, got ${typeOf(content)}`);
    out[i] = { role: role as Role, content };
  }
  return out;
}

function parseRequest(v: unknown): ExchangeRequest | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) fail(`field "request" must be an object, got ${typeOf(v)}`);
  const r: ExchangeRequest = {};
  const system = optStr(v, 'system', 'request.');
  if (system !== undefined) r.system = system;
  const messages = parseMessages(v.messages);
  if (messages) r.messages = messages;
  const t = optNum(v, 'temperature', 'request.');
  if (t !== undefined) r.temperature = t;
  const p = optNum(v, 'top_p', 'request.');
  if (p !== undefined) r.top_p = p;
  const mt = optNum(v, 'max_tokens', 'request.', true);
  if (mt !== undefined) r.max_tokens = mt;
  const tools = v.tools;
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) fail(`field "request.tools" must be an array of strings, got ${typeOf(tools)}`);
    for (const t of tools) if (typeof t !== 'string') fail('field "request.tools" must be an array of strings');
    r.tools = tools as string[];
  }
  const stream = optBool(v, 'stream', 'request.');
  if (stream !== undefined) r.stream = stream;
  probeFields(v, r);
  return r;
}

/** Most token ids a logit bias summary reads (the OpenAI API takes 300 at most); the rest of a larger map is counted, not read. */
const MAX_BIAS_KEYS = 1024;

/**
 * The optional extension fields of a request (docs/log-format.md): kept when
 * they have a usable form, ignored otherwise, never an error, as contract §1
 * asks of fields it does not name. `logprobs` may be the chat API's boolean or
 * the legacy completions API's integer (the number of alternatives);
 * `logit_bias` may be the API's map (token id -> bias) or the summary this
 * system writes, and is kept as the summary only.
 */
export function probeFields(v: Record<string, unknown>, r: ExchangeRequest): void {
  const lp = v.logprobs;
  if (typeof lp === 'boolean') r.logprobs = lp;
  else if (typeof lp === 'number' && Number.isInteger(lp) && lp >= 0) {
    r.logprobs = lp > 0;
    if (lp > 0) r.top_logprobs = Math.min(lp, 100);
  }
  const top = v.top_logprobs;
  if (typeof top === 'number' && Number.isInteger(top) && top >= 0) r.top_logprobs = Math.min(top, 100);
  const n = v.n;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1) r.n = Math.min(n, 1000);
  const bias = logitBias(v.logit_bias);
  if (bias) r.logit_bias = bias;
}

function logitBias(v: unknown): LogitBiasSummary | undefined {
  if (!isObj(v)) return undefined;
  // the summary this system writes (its keys are not token ids)
  if (typeof v.count === 'number' && typeof v.min === 'number' && typeof v.max === 'number') {
    const lo = typeof v.lo === 'number' ? v.lo : 0;
    const hi = typeof v.hi === 'number' ? v.hi : 0;
    const all = [v.count, v.min, v.max, lo, hi];
    if (!all.every(Number.isFinite) || v.count < 1) return undefined;
    return { count: Math.round(v.count), min: v.min, max: v.max, lo, hi };
  }
  let count = 0;
  let min = Infinity, max = -Infinity, lo = Infinity, hi = -Infinity;
  for (const k in v) {
    count++;
    if (count > MAX_BIAS_KEYS) continue;
    const b = v[k];
    const id = Number(k);
    if (typeof b !== 'number' || !Number.isFinite(b) || !Number.isInteger(id)) continue;
    if (b < min) min = b;
    if (b > max) max = b;
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  if (min === Infinity) return undefined;
  return { count, min, max, lo, hi };
}

function parseResponse(v: unknown): ExchangeResponse | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) fail(`field "response" must be an object, got ${typeOf(v)}`);
  const r: ExchangeResponse = {};
  const text = optStr(v, 'text', 'response.');
  if (text !== undefined) r.text = text;
  const sr = optStr(v, 'stop_reason', 'response.');
  if (sr !== undefined) r.stop_reason = sr;
  const tc = optNum(v, 'tool_calls', 'response.', true);
  if (tc !== undefined) r.tool_calls = tc;
  return r;
}

function parseUsage(v: unknown): Usage | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) fail(`field "usage" must be an object, got ${typeOf(v)}`);
  const u: Usage = {};
  const i = optNum(v, 'input_tokens', 'usage.', true);
  if (i !== undefined) u.input_tokens = i;
  const o = optNum(v, 'output_tokens', 'usage.', true);
  if (o !== undefined) u.output_tokens = o;
  return u;
}

/** Validates an already-parsed JSON value as an exchange (contract §1). */
export function toExchange(v: unknown): Result<Exchange> {
  try {
    if (!isObj(v)) return { ok: false, reason: `a line must be a JSON object, got ${typeOf(v)}` };
    const ts = reqStr(v, 'ts');
    const tsMs = parseTimestamp(ts);
    if (Number.isNaN(tsMs)) return { ok: false, reason: `field "ts" is not an RFC 3339 timestamp with zone: ${JSON.stringify(ts.slice(0, 40))}` };
    const ex: Exchange = { id: reqStr(v, 'id'), ts, tsMs, account_id: reqStr(v, 'account_id') };
    const org = optStr(v, 'org_id');
    if (org !== undefined) ex.org_id = org;
    const key = optStr(v, 'api_key_id');
    if (key !== undefined) ex.api_key_id = key;
    const ip = optStr(v, 'ip');
    if (ip !== undefined) ex.ip = ip;
    const ua = optStr(v, 'user_agent');
    if (ua !== undefined) ex.user_agent = ua;
    const model = optStr(v, 'model');
    if (model !== undefined) ex.model = model;
    const ep = optStr(v, 'endpoint');
    if (ep !== undefined) ex.endpoint = ep;
    const req = parseRequest(v.request);
    if (req) ex.request = req;
    const res = parseResponse(v.response);
    if (res) ex.response = res;
    const usage = parseUsage(v.usage);
    if (usage) ex.usage = usage;
    const status = optNum(v, 'status', '', true);
    if (status !== undefined) ex.status = status;
    const lat = optNum(v, 'latency_ms');
    if (lat !== undefined) ex.latency_ms = lat;
    return { ok: true, value: ex };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Parses one line of an exchange log. */
export function parseExchangeLine(line: string): Result<Exchange> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${(e as Error).message}` };
  }
  return toExchange(v);
}

/** Parses one line of the account table (contract §2). */
/**
 * One row of the account table (contract §2) with its `api_keys`, which only
 * the gateway reads (to resolve a request's key to its account). The keys are
 * kept apart from the record, so nothing that stores, copies or writes
 * records (the engine, verdicts, snapshots) can carry them.
 */
export interface AccountRow {
  record: AccountRecord;
  apiKeys?: string[];
}

export function parseAccountRow(line: string): Result<AccountRow> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${(e as Error).message}` };
  }
  try {
    if (!isObj(v)) return { ok: false, reason: `a line must be a JSON object, got ${typeOf(v)}` };
    const a: AccountRecord = { account_id: reqStr(v, 'account_id') };
    const created = optStr(v, 'created_at');
    if (created !== undefined) {
      const ms = parseTimestamp(created);
      if (Number.isNaN(ms)) return { ok: false, reason: 'field "created_at" is not an RFC 3339 timestamp with zone' };
      a.created_at = created;
      a.createdMs = ms;
    }
    for (const k of ['org_id', 'email_domain', 'payment_fingerprint', 'signup_ip', 'country', 'tier'] as const) {
      const s = optStr(v, k);
      if (s !== undefined) a[k] = s;
    }
    const ver = optBool(v, 'verified');
    if (ver !== undefined) a.verified = ver;
    const keys = v.api_keys;
    if (keys === undefined || keys === null) return { ok: true, value: { record: a } };
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) return { ok: false, reason: 'field "api_keys" must be an array of strings' };
    return { ok: true, value: { record: a, apiKeys: keys as string[] } };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, reason: e.message };
    throw e;
  }
}

/** One row of the account table, without its `api_keys`. */
export function parseAccountLine(line: string): Result<AccountRecord> {
  const r = parseAccountRow(line);
  return r.ok ? { ok: true, value: r.value.record } : r;
}

/** The text of the last `user` message: the new turn. */
export function lastUserMessage(ex: Exchange): string {
  const msgs = ex.request?.messages;
  if (!msgs) return '';
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i].role === 'user') return msgs[i].content;
  return '';
}
