/**
 * `--from litellm`: LiteLLM's logged requests, either its standard logging
 * payload (what its callbacks, e.g. the S3/GCS/file loggers, write per
 * request) or a row of its spend log table (`LiteLLM_SpendLogs`, exported as
 * JSON Lines). Both hold the OpenAI-style `messages` and `response` bodies.
 *
 * | contract §1 | standard logging payload | spend log row |
 * |---|---|---|
 * | `id` | `id` | `request_id` |
 * | `ts`, `latency_ms` | `startTime`, `endTime` (Unix seconds) | `startTime`, `endTime` (ISO) |
 * | `account_id` | `metadata.user_api_key_user_id`, else `metadata.user_api_key_team_id`, else `end_user` | `user`, else `team_id`, else `end_user` |
 * | `org_id` | `metadata.user_api_key_org_id` (else the team) | `metadata.user_api_key_org_id`, `team_id` |
 * | `api_key_id` | `metadata.user_api_key_hash` | `api_key` (LiteLLM stores it hashed) |
 * | `ip` | `requester_ip_address`, `metadata.requester_ip_address` | `requester_ip_address` |
 * | `user_agent` | `metadata.user_agent`, the request's `user-agent` header | same |
 * | `model` | `model_group`, else `model` | same |
 * | `request` | `messages`, `model_parameters` | `messages`, `proxy_server_request` |
 * | `response`, `usage` | `response` (a chat completion), `prompt_tokens`, `completion_tokens` | same |
 * | `status` | 200 when `status` is `success`, else the error's code or 500 | same |
 *
 * The key's user is the default account because the key is what the
 * provider bills; `end_user` (the `user` an app passes for its own users) is
 * the fallback. `--account-field PATH` picks another, e.g.
 * `metadata.user_api_key_end_user_id`. Embeddings, images and other
 * non-chat calls (`call_type`) are skipped.
 */
import { accountOf, compact, firstStr, int, isObj, num, spanMs, str, toIso, unusable, type ConvertOptions, type Converted } from './common.js';
import { requestParts, responseParts } from './openai.js';

export const ACCOUNT_PATHS = ['metadata.user_api_key_user_id', 'user', 'metadata.user_api_key_team_id', 'team_id', 'end_user', 'metadata.user_api_key_end_user_id'] as const;
const CHAT_CALLS = /^a?(completion|text_completion|acompletion|atext_completion|anthropic_messages|aresponses|responses|generate_content|agenerate_content)$/;

function parsed(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

/** LiteLLM's `response_time` is in seconds. */
function seconds(v: unknown): number | undefined {
  const n = num(v);
  return n === undefined ? undefined : Math.round(n * 1000);
}

export function convertLiteLLM(rec: unknown, opts: ConvertOptions = {}): Converted {
  if (!isObj(rec)) unusable('a record must be a JSON object');
  const callType = str(rec.call_type);
  if (callType && !CHAT_CALLS.test(callType)) return { exchanges: [], bad: [], skipped: 1 };
  const id = firstStr(rec, ['id', 'request_id', 'litellm_call_id']);
  if (!id) unusable('no id: neither "id" nor "request_id" is set');
  const ts = toIso(rec.startTime ?? rec.start_time);
  if (!ts) unusable('no time: "startTime" is missing or not a time');
  // spend log rows keep metadata as a JSON string in some exports
  const meta = parsed(rec.metadata);
  const view = { ...rec, metadata: isObj(meta) ? meta : {} };
  const account = accountOf([view], ACCOUNT_PATHS, opts, 'record');
  const proxied = parsed(rec.proxy_server_request);
  const body = isObj(proxied) && isObj(proxied.body) ? proxied.body : isObj(proxied) ? proxied : {};
  const headers = isObj(proxied) && isObj(proxied.headers) ? proxied.headers : {};
  const messages = parsed(rec.messages) ?? body.messages;
  const params = isObj(rec.model_parameters) ? rec.model_parameters : body;
  const request = messages !== undefined || Object.keys(params).length
    ? requestParts({ ...params, messages: typeof messages === 'string' ? [{ role: 'user', content: messages }] : messages })
    : undefined;
  const res = responseParts(parsed(rec.response));
  const st = str(rec.status);
  const errInfo = isObj(rec.error_information) ? rec.error_information : {};
  const status = st === undefined ? undefined : st === 'success' ? 200 : int(errInfo.error_code) ?? 500;
  const inTok = int(rec.prompt_tokens) ?? res.input_tokens;
  const outTok = int(rec.completion_tokens) ?? res.output_tokens;
  const m = view.metadata;
  return {
    exchanges: [compact({
      id,
      ts,
      account_id: account,
      org_id: firstStr(view, ['metadata.user_api_key_org_id', 'metadata.user_api_key_team_id', 'team_id']),
      api_key_id: firstStr(view, ['metadata.user_api_key_hash', 'api_key']),
      ip: firstStr(view, ['requester_ip_address', 'metadata.requester_ip_address']),
      user_agent: str(m.user_agent) ?? str(headers['user-agent']) ?? str(headers['User-Agent']),
      model: firstStr(rec, ['model_group', 'model']),
      endpoint: res.endpoint ?? (callType?.includes('anthropic') ? 'messages' : callType?.includes('responses') ? 'responses' : 'chat.completions'),
      request,
      response: rec.response === undefined || rec.response === null ? undefined : compact({ text: res.text, stop_reason: res.stop_reason, tool_calls: res.tool_calls }),
      usage: inTok !== undefined || outTok !== undefined ? compact({ input_tokens: inTok, output_tokens: outTok }) : undefined,
      status,
      latency_ms: spanMs(rec.startTime ?? rec.start_time, rec.endTime ?? rec.end_time) ?? seconds(rec.response_time),
    })],
    bad: [],
    skipped: 0,
  };
}
