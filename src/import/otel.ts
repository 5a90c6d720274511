/**
 * `--from otel`: OpenTelemetry GenAI spans in the OTLP/HTTP JSON encoding
 * (`{"resourceSpans": [{"resource", "scopeSpans": [{"spans": [...]}]}]}`, what
 * an OTLP exporter posts to `/v1/traces` and the Collector's file exporter
 * writes, one request per line).
 *
 * A span is a model call when its `gen_ai.operation.name` is `chat`,
 * `text_completion` or `generate_content`, or, without one, when it carries
 * `gen_ai.request.model`; other spans (HTTP, database, tools, agents,
 * embeddings) are skipped, not set aside.
 *
 * | contract §1 | from |
 * |---|---|
 * | `id` | `gen_ai.response.id`, else the span id |
 * | `ts`, `latency_ms` | `startTimeUnixNano`, `endTimeUnixNano` |
 * | `account_id` | attribute `user.id`, `enduser.id`, `gen_ai.user.id` or `account.id` (span, then resource); `--account-field KEY` |
 * | `org_id`, `api_key_id` | attributes `organization.id` / `gen_ai.openai.request.organization`, `api_key.id` |
 * | `ip`, `user_agent` | `client.address`, `user_agent.original` |
 * | `model` | `gen_ai.request.model`, else `gen_ai.response.model` |
 * | `endpoint` | the operation name |
 * | `request` | `gen_ai.system_instructions` and `gen_ai.input.messages` (JSON of `{role, parts}`), or the older `gen_ai.{system,user,assistant,tool}.message` events / `gen_ai.prompt`; `gen_ai.request.{temperature,top_p,max_tokens}` |
 * | `response` | `gen_ai.output.messages` or the `gen_ai.choice` event / `gen_ai.completion`; `gen_ai.response.finish_reasons[0]`; tool-call parts counted |
 * | `usage` | `gen_ai.usage.input_tokens` (older `prompt_tokens`), `gen_ai.usage.output_tokens` (`completion_tokens`) |
 * | `status` | `http.response.status_code`, else 500 when the span's status is error |
 *
 * Without content capture (the conventions' default) a span has no text:
 * the exchange keeps its metadata and usage, and scan judges it on those.
 */
import type { Exchange } from '../contract/types.js';
import { toExchange } from '../contract/parse.js';
import { compact, int, isObj, num, role, splitMessages, str, textOf, toIso, unusable, Unusable, type ConvertOptions, type Converted, type ExchangeJson } from './common.js';
import type { Role } from '../contract/types.js';

const MODEL_CALLS = new Set(['chat', 'text_completion', 'generate_content']);
export const ACCOUNT_KEYS = ['user.id', 'enduser.id', 'gen_ai.user.id', 'account.id'] as const;

type Attrs = Map<string, unknown>;

/** An OTLP JSON AnyValue (`{stringValue}`, `{intValue: "12"}`, `{arrayValue: {values}}`, ...) as a plain value. */
export function anyValue(v: unknown): unknown {
  if (!isObj(v)) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return num(v.intValue);
  if ('doubleValue' in v) return num(v.doubleValue);
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) return isObj(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values.map(anyValue) : [];
  if ('kvlistValue' in v) return Object.fromEntries(attrs(isObj(v.kvlistValue) ? v.kvlistValue.values : undefined));
  if ('bytesValue' in v) return v.bytesValue;
  return undefined;
}

function attrs(list: unknown): Attrs {
  const m: Attrs = new Map();
  if (Array.isArray(list)) for (const kv of list) if (isObj(kv) && typeof kv.key === 'string') m.set(kv.key, anyValue(kv.value));
  return m;
}

/** A structured attribute: the conventions carry messages as a JSON string; some SDKs send the structure itself. */
function structured(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

interface Parts { text: string; toolCalls: number }

/** The text and tool calls of a message's parts (`text` parts' `content`; `tool_call` parts counted). */
function parts(p: unknown): Parts {
  let toolCalls = 0;
  const texts: string[] = [];
  for (const x of Array.isArray(p) ? p : []) {
    if (!isObj(x)) continue;
    if (x.type === 'text' && typeof x.content === 'string') texts.push(x.content);
    else if (x.type === 'tool_call') toolCalls++;
    else if (x.type === 'tool_call_response') texts.push(typeof x.response === 'string' ? x.response : JSON.stringify(x.response ?? ''));
  }
  return { text: texts.join('\n'), toolCalls };
}

function inputMessages(v: unknown): { role: Role; content: string }[] {
  const list = structured(v);
  if (!Array.isArray(list)) unusable('gen_ai.input.messages is not a JSON array of messages');
  return list.map((m, i) => {
    if (!isObj(m)) unusable(`gen_ai.input.messages[${i}] is not an object`);
    const r = role(m.role);
    if (!r) unusable(`gen_ai.input.messages[${i}] has an unknown role ${JSON.stringify(m.role)}`);
    return { role: r, content: m.parts !== undefined ? parts(m.parts).text : textOf(m.content) };
  });
}

/** The older event form: one event per message, its text in `content` (or `gen_ai.prompt` / `gen_ai.completion`). */
const EVENT_ROLE: Record<string, Role> = { 'gen_ai.system.message': 'system', 'gen_ai.user.message': 'user', 'gen_ai.assistant.message': 'assistant', 'gen_ai.tool.message': 'tool' };

function eventContent(a: Attrs): string {
  const c = a.get('content') ?? a.get('gen_ai.prompt') ?? a.get('gen_ai.completion') ?? a.get('message');
  if (typeof c === 'string') {
    const s = structured(c);
    return Array.isArray(s) || isObj(s) ? textOf(isObj(s) && 'content' in s ? s.content : s) || c : c;
  }
  return textOf(isObj(c) && 'content' in c ? c.content : c);
}

function spanToExchange(span: Record<string, unknown>, resource: Attrs, opts: ConvertOptions): ExchangeJson | null {
  const a = attrs(span.attributes);
  const op = str(a.get('gen_ai.operation.name'));
  if (op ? !MODEL_CALLS.has(op) : a.get('gen_ai.request.model') === undefined) return null;
  const get = (k: string) => a.get(k) ?? resource.get(k);
  const keys = opts.accountField ? [opts.accountField] : ACCOUNT_KEYS;
  const account = keys.map((k) => str(get(k))).find((s) => s !== undefined);
  if (!account) unusable(`no account: none of the attributes ${keys.join(', ')} is set (choose another with --account-field)`);
  const ts = toIso(span.startTimeUnixNano);
  if (!ts) unusable('no startTimeUnixNano');
  const id = str(a.get('gen_ai.response.id')) ?? str(span.spanId);
  if (!id) unusable('no spanId');

  let msgs: { role: Role; content: string }[] = [];
  let outText: string | undefined;
  let toolCalls = 0;
  let finish: string | undefined;
  const events = Array.isArray(span.events) ? span.events.filter(isObj) : [];
  // the conventions' newest form: one event carrying the messages as attributes
  const details = events.find((e) => e.name === 'gen_ai.client.inference.operation.details');
  const msgAttrs = details ? attrs(details.attributes) : a;
  const input = msgAttrs.get('gen_ai.input.messages') ?? a.get('gen_ai.input.messages');
  const output = msgAttrs.get('gen_ai.output.messages') ?? a.get('gen_ai.output.messages');
  const sysInstr = msgAttrs.get('gen_ai.system_instructions') ?? a.get('gen_ai.system_instructions');
  if (input !== undefined) msgs = inputMessages(input);
  if (sysInstr !== undefined) {
    const s = structured(sysInstr);
    const text = Array.isArray(s) ? parts(s).text : typeof sysInstr === 'string' ? sysInstr : '';
    if (text) msgs.unshift({ role: 'system', content: text });
  }
  if (output !== undefined) {
    const list = structured(output);
    if (!Array.isArray(list)) unusable('gen_ai.output.messages is not a JSON array of messages');
    const first = list.find(isObj);
    if (first) {
      const p = parts(first.parts);
      outText = p.text;
      toolCalls = p.toolCalls;
      finish = str(first.finish_reason);
    }
  }
  for (const e of events) {
    const name = str(e.name) ?? '';
    const ea = attrs(e.attributes);
    if (input === undefined && EVENT_ROLE[name]) msgs.push({ role: EVENT_ROLE[name], content: eventContent(ea) });
    else if (input === undefined && name === 'gen_ai.content.prompt') {
      const s = structured(ea.get('gen_ai.prompt'));
      if (Array.isArray(s)) for (const m of s) if (isObj(m) && role(m.role)) msgs.push({ role: role(m.role)!, content: textOf(m.content) });
      else if (typeof ea.get('gen_ai.prompt') === 'string') msgs.push({ role: 'user', content: ea.get('gen_ai.prompt') as string });
    } else if (output === undefined && (name === 'gen_ai.choice' || name === 'gen_ai.content.completion')) {
      outText = eventContent(ea);
      finish ??= str(ea.get('finish_reason'));
    }
  }
  const reasons = a.get('gen_ai.response.finish_reasons');
  finish = (Array.isArray(reasons) ? str(reasons[0]) : str(reasons)) ?? finish;
  const { system, messages } = splitMessages(msgs);
  const inTok = int(a.get('gen_ai.usage.input_tokens') ?? a.get('gen_ai.usage.prompt_tokens'));
  const outTok = int(a.get('gen_ai.usage.output_tokens') ?? a.get('gen_ai.usage.completion_tokens'));
  const start = num(span.startTimeUnixNano);
  const end = num(span.endTimeUnixNano);
  const errored = isObj(span.status) && (span.status.code === 2 || span.status.code === 'STATUS_CODE_ERROR');
  const hasRequest = system !== undefined || messages.length > 0;
  const maxTokens = int(a.get('gen_ai.request.max_tokens'));
  const temperature = num(a.get('gen_ai.request.temperature'));
  const topP = num(a.get('gen_ai.request.top_p'));
  return compact({
    id,
    ts,
    account_id: account,
    org_id: str(get('organization.id') ?? a.get('gen_ai.openai.request.organization')),
    api_key_id: str(get('api_key.id')),
    ip: str(a.get('client.address')),
    user_agent: str(a.get('user_agent.original')),
    model: str(a.get('gen_ai.request.model')) ?? str(a.get('gen_ai.response.model')),
    endpoint: op,
    request: hasRequest || maxTokens !== undefined || temperature !== undefined || topP !== undefined
      ? compact({ system, messages: messages.length ? messages : undefined, temperature, top_p: topP, max_tokens: maxTokens })
      : undefined,
    response: outText !== undefined || finish !== undefined || toolCalls ? compact({ text: outText, stop_reason: finish, tool_calls: toolCalls || undefined }) : undefined,
    usage: inTok !== undefined || outTok !== undefined ? compact({ input_tokens: inTok, output_tokens: outTok }) : undefined,
    status: int(a.get('http.response.status_code')) ?? (errored ? 500 : undefined),
    // epoch nanoseconds as doubles are off by up to ~256 ns, far below the millisecond kept
    latency_ms: start !== undefined && end !== undefined && end >= start ? Math.round((end - start) / 1e4) / 100 : undefined,
  });
}

/**
 * One OTLP/HTTP JSON export request (`{resourceSpans: [...]}`) to contract §1
 * exchanges, unchecked: a span that cannot be used is a reason in `bad`
 * naming it, the other spans go on.
 */
export function convertOtel(rec: unknown, opts: ConvertOptions = {}): Converted {
  if (!isObj(rec) || !Array.isArray(rec.resourceSpans)) unusable('not an OTLP trace export: no "resourceSpans" array');
  const out: Converted = { exchanges: [], bad: [], skipped: 0 };
  for (const rs of rec.resourceSpans) {
    if (!isObj(rs)) continue;
    const resource = attrs(isObj(rs.resource) ? rs.resource.attributes : undefined);
    for (const ss of Array.isArray(rs.scopeSpans) ? rs.scopeSpans : []) {
      if (!isObj(ss)) continue;
      for (const span of Array.isArray(ss.spans) ? ss.spans : []) {
        if (!isObj(span)) {
          out.bad.push('a span that is not an object');
          continue;
        }
        try {
          const ex = spanToExchange(span, resource, opts);
          if (ex) out.exchanges.push(ex);
          else out.skipped++;
        } catch (e) {
          if (!(e instanceof Unusable)) throw e;
          out.bad.push(`span ${str(span.spanId) ?? '(no id)'} "${str(span.name) ?? ''}": ${e.message}`);
        }
      }
    }
  }
  return out;
}

/**
 * OTLP GenAI spans to checked exchanges, for the service's `POST /v1/traces`.
 *
 * @example
 *   const { exchanges, bad } = spansToExchanges(await c.req.json());
 *   for (const ex of exchanges) engine.push(ex);
 */
export function spansToExchanges(json: unknown, opts: ConvertOptions = {}): { exchanges: Exchange[]; bad: string[]; skipped: number } {
  let c: Converted;
  try {
    c = convertOtel(json, opts);
  } catch (e) {
    if (e instanceof Unusable) return { exchanges: [], bad: [e.message], skipped: 0 };
    throw e;
  }
  const exchanges: Exchange[] = [];
  const bad = [...c.bad];
  for (const raw of c.exchanges) {
    const r = toExchange(raw);
    if (r.ok) exchanges.push(r.value);
    else bad.push(`span ${String(raw.id)}: ${r.reason}`);
  }
  return { exchanges, bad, skipped: c.skipped };
}
