/**
 * The three proxied APIs and their error bodies (contract §5). A refusal or a
 * gateway error is written in the shape the caller's SDK parses, so the SDK
 * raises its own typed error (OpenAI's PermissionDeniedError, Anthropic's
 * RateLimitError, ...) rather than a generic one.
 */

/** Which API a proxied path speaks. */
export type Api = 'openai' | 'anthropic';

/** Proxied path -> the contract §1 `endpoint` name and the API it speaks. */
export const ROUTES = {
  '/v1/chat/completions': { endpoint: 'chat.completions', api: 'openai' },
  '/v1/responses': { endpoint: 'responses', api: 'openai' },
  '/v1/messages': { endpoint: 'messages', api: 'anthropic' },
} as const satisfies Record<string, { endpoint: string; api: Api }>;

export type ProxiedPath = keyof typeof ROUTES;

/** Error kinds the gateway itself answers with, and the type each API names them by. */
const KINDS = {
  blocked: { status: 403, openai: 'permission_error', code: 'distillguard_blocked', anthropic: 'permission_error' },
  throttled: { status: 429, openai: 'rate_limit_error', code: 'distillguard_throttled', anthropic: 'rate_limit_error' },
  unauthenticated: { status: 401, openai: 'invalid_request_error', code: 'invalid_api_key', anthropic: 'authentication_error' },
  bad_request: { status: 400, openai: 'invalid_request_error', code: 'invalid_request', anthropic: 'invalid_request_error' },
  too_large: { status: 413, openai: 'invalid_request_error', code: 'request_too_large', anthropic: 'request_too_large' },
  bad_gateway: { status: 502, openai: 'server_error', code: 'upstream_unreachable', anthropic: 'api_error' },
  gateway_timeout: { status: 504, openai: 'server_error', code: 'upstream_timeout', anthropic: 'timeout_error' },
  unavailable: { status: 503, openai: 'server_error', code: 'distillguard_unavailable', anthropic: 'overloaded_error' },
} as const;

export type ErrorKind = keyof typeof KINDS;

export function statusOf(kind: ErrorKind): number {
  return KINDS[kind].status;
}

/**
 * The error body for `kind` in `api`'s shape, e.g. for OpenAI
 * `{"error":{"message":"...","type":"permission_error","code":"distillguard_blocked"}}`.
 */
export function errorBody(api: Api, kind: ErrorKind, message: string): string {
  const k = KINDS[kind];
  if (api === 'anthropic') return JSON.stringify({ type: 'error', error: { type: k.anthropic, message } });
  return JSON.stringify({ error: { message, type: k.openai, code: k.code, param: null } });
}
