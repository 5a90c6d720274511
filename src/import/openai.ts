/**
 * `--from openai`: request/response log lines of the OpenAI and Anthropic
 * APIs, as a proxy or an SDK hook writes them:
 *
 * ```json
 * {"ts": "...", "account_id": "...", "ip": "...",
 *  "request": {"model": "...", "messages": [...], "max_tokens": 512},
 *  "response": {"id": "chatcmpl-...", "choices": [...], "usage": {...}}}
 * ```
 *
 * The request is the body sent to `POST /v1/chat/completions`,
 * `/v1/responses` or Anthropic's `/v1/messages`; the response is the body
 * that came back. The API is told from the response's shape (`choices`,
 * `output`, `type: "message"`).
 *
 * - account: `account_id`, `user_id`, `account`, `user`, then the request's
 *   end-user fields (OpenAI's `user` / `safety_identifier`, Anthropic's
 *   `metadata.user_id`); `--account-field PATH` picks another.
 * - time: `ts`, `timestamp`, `time`, `created_at`, `start_time`, else the
 *   response's `created` (Unix seconds); a line with none is set aside.
 * - id: `id`, `request_id`, else the response's `id`.
 * - copied when present: `org_id`, `api_key_id`, `ip`, `user_agent`,
 *   `status`, `latency_ms`.
 */
import { accountOf, chatMessages, compact, firstStr, int, isObj, num, splitMessages, str, textOf, toIso, unusable, type ConvertOptions, type Converted, type ExchangeJson } from './common.js';

export const ACCOUNT_PATHS = ['account_id', 'user_id', 'account', 'user', 'request.user', 'request.safety_identifier', 'request.metadata.user_id'] as const;
const TIME_PATHS = ['ts', 'timestamp', 'time', 'created_at', 'start_time', 'startTime'];

/** What a response body says, whichever API wrote it. */
export interface ResponseParts {
  id?: string;
  text?: string;
  stop_reason?: string;
  tool_calls?: number;
  input_tokens?: number;
  output_tokens?: number;
  endpoint?: string;
  created?: string;
  model?: string;
}

/** Reads a response body of Chat Completions, Responses or Anthropic Messages (or a bare string). */
export function responseParts(r: unknown): ResponseParts {
  if (typeof r === 'string') return { text: r };
  if (!isObj(r)) return {};
  const out: ResponseParts = { id: str(r.id), model: str(r.model), created: r.created !== undefined ? toIso(r.created) : undefined };
  const u = isObj(r.usage) ? r.usage : undefined;
  out.input_tokens = int(u?.prompt_tokens ?? u?.input_tokens);
  out.output_tokens = int(u?.completion_tokens ?? u?.output_tokens);
  if (Array.isArray(r.choices)) {
    out.endpoint = r.object === 'text_completion' ? 'completions' : 'chat.completions';
    const c = r.choices[0];
    if (isObj(c)) {
      const m = isObj(c.message) ? c.message : isObj(c.delta) ? c.delta : undefined;
      out.text = m ? textOf(m.content) : typeof c.text === 'string' ? c.text : undefined;
      out.stop_reason = str(c.finish_reason);
      if (m && Array.isArray(m.tool_calls)) out.tool_calls = m.tool_calls.length;
    }
  } else if (r.type === 'message' && Array.isArray(r.content)) {
    out.endpoint = 'messages';
    out.text = textOf(r.content);
    out.stop_reason = str(r.stop_reason);
    const tools = r.content.filter((b) => isObj(b) && b.type === 'tool_use').length;
    if (tools) out.tool_calls = tools;
  } else if (r.object === 'response' || Array.isArray(r.output)) {
    out.endpoint = 'responses';
    const texts: string[] = [];
    let tools = 0;
    for (const item of Array.isArray(r.output) ? r.output : []) {
      if (!isObj(item)) continue;
      if (item.type === 'message') texts.push(textOf(item.content));
      else if (item.type === 'function_call' || item.type === 'custom_tool_call') tools++;
    }
    out.text = typeof r.output_text === 'string' ? r.output_text : texts.join('\n');
    out.stop_reason = str(r.status);
    if (tools) out.tool_calls = tools;
  } else if (typeof r.text === 'string' || typeof r.content === 'string') {
    out.text = (r.text ?? r.content) as string;
  }
  return out;
}

/** A request body of any of the three APIs in contract form. */
export function requestParts(q: Record<string, unknown>): Record<string, unknown> {
  let list: ReturnType<typeof chatMessages> = [];
  if (q.messages !== undefined) list = chatMessages(q.messages, 'request.messages');
  else if (typeof q.input === 'string') list = [{ role: 'user', content: q.input }];
  else if (Array.isArray(q.input)) list = chatMessages(q.input.filter((m) => isObj(m) && m.role !== undefined), 'request.input');
  else if (typeof q.prompt === 'string') list = [{ role: 'user', content: q.prompt }];
  const { system: fromMessages, messages } = splitMessages(list);
  // Anthropic's top-level `system` (a string or text blocks), the Responses API's `instructions`
  const top = q.system !== undefined ? textOf(q.system) : typeof q.instructions === 'string' ? q.instructions : undefined;
  const system = [top, fromMessages].filter((s) => s).join('\n') || undefined;
  const tools = Array.isArray(q.tools)
    ? q.tools.map((t) => (isObj(t) ? str(t.name) ?? (isObj(t.function) ? str(t.function.name) : undefined) ?? str(t.type) : undefined)).filter((t): t is string => !!t)
    : undefined;
  return compact({
    system,
    messages,
    temperature: num(q.temperature),
    top_p: num(q.top_p),
    max_tokens: int(q.max_tokens ?? q.max_completion_tokens ?? q.max_output_tokens),
    tools: tools?.length ? tools : undefined,
    stream: typeof q.stream === 'boolean' ? q.stream : undefined,
  });
}

/** One log line (already parsed) to one exchange. */
export function convertOpenAI(rec: unknown, opts: ConvertOptions = {}): Converted {
  if (!isObj(rec)) unusable('a record must be a JSON object');
  if (!isObj(rec.request)) unusable('no "request" object (expected {request: {model, messages, ...}, response: {...}})');
  const res = responseParts(rec.response);
  const ts = toIso(TIME_PATHS.map((p) => rec[p]).find((v) => v !== undefined)) ?? res.created;
  if (!ts) unusable(`no time: none of ${TIME_PATHS.join(', ')} is set and the response has no "created"`);
  const id = firstStr(rec, ['id', 'request_id']) ?? res.id;
  if (!id) unusable('no id: neither "id", "request_id" nor the response\'s "id" is set');
  const account = accountOf([rec], ACCOUNT_PATHS, opts, 'line');
  const q = rec.request;
  const ex: ExchangeJson = compact({
    id,
    ts,
    account_id: account,
    org_id: str(rec.org_id),
    api_key_id: str(rec.api_key_id),
    ip: str(rec.ip),
    user_agent: str(rec.user_agent),
    model: str(q.model) ?? res.model,
    endpoint: str(rec.endpoint) ?? res.endpoint,
    request: requestParts(q),
    response: rec.response === undefined ? undefined : compact({ text: res.text, stop_reason: res.stop_reason, tool_calls: res.tool_calls }),
    usage: res.input_tokens !== undefined || res.output_tokens !== undefined ? compact({ input_tokens: res.input_tokens, output_tokens: res.output_tokens }) : undefined,
    status: int(rec.status ?? rec.status_code),
    latency_ms: num(rec.latency_ms),
  });
  return { exchanges: [ex], bad: [], skipped: 0 };
}
