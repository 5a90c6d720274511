/**
 * The gateway's HTTP surface (contract §5): the three proxied APIs and the
 * check for other gateways as plain node:http handlers (the request path),
 * and the admin endpoints, health and metrics as a Hono app behind them.
 *
 * A proxied request: identity -> body (size limit, JSON) -> decision (reads
 * the standing table; no detector work) -> refuse, or forward to the upstream
 * with undici and copy its answer to the client chunk by chunk while reading
 * text and usage from it -> once the answer is complete, the exchange goes to
 * the log and, batched, to the engine worker (which journals it).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { errors as undiciErrors, type Dispatcher } from 'undici';
import { z } from 'zod';
import { parseTimestamp } from '../contract/parse.js';
import type { Exchange } from '../contract/types.js';
import type { Decision, Degrade, Subject } from '../policy/types.js';
import { AnswerReader, captureRequest } from './capture.js';
import { forward, HOP } from './forward.js';
import { resolveSubject, type KeyTable } from './identity.js';
import type { GatewayMetrics } from './metrics.js';
import type { OnlineEngine } from './online.js';
import { errorBody, ROUTES, statusOf, type Api, type ErrorKind, type ProxiedPath } from './shapes.js';

/** Largest request body accepted (413 above it). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** How long the upstream may take to send its headers, and to go silent between chunks of a stream. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 300_000;

export interface AppOptions {
  upstream: URL;
  dispatcher: Dispatcher;
  online: OnlineEngine;
  keys: KeyTable;
  metrics: GatewayMetrics;
  /** X-Event-Time sets event time (replays of recorded logs only) */
  replayClock?: boolean;
  /** where each completed exchange goes (the --log writer, and the engine worker, which journals it) */
  record: (ex: Exchange) => void;
  maxBodyBytes?: number;
  upstreamTimeoutMs?: number;
  /** bearer token for /admin/*; without one the admin endpoints answer 404 */
  adminToken?: string;
  /** called when an in-flight request starts and ends (graceful shutdown waits for them) */
  inflight?: { begin(): void; end(): void };
  /** runs a cross-account sweep now, in the engine worker, and remembers it (state dir) */
  sweepNow?: () => Promise<{ sweeps: number }>;
}

function decisionHeader(d: Decision): string {
  return d.caseId ? `${d.action}; case=${d.caseId}` : d.action;
}

class TooLarge extends Error {}

/** Reads a request body up to `limit` bytes; TooLarge past it (the rest is discarded, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new TooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      n += c.length;
      if (n > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => (over ? reject(new TooLarge()) : resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** The request body changed as a degrade decision says (the recorded request stays the client's). */
export function degradeBody(endpoint: string, body: Record<string, unknown>, d: Degrade): Record<string, unknown> {
  const b = { ...body };
  if (d.maxTokens !== undefined) {
    let capped = false;
    for (const k of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
      if (typeof b[k] === 'number') {
        b[k] = Math.min(b[k] as number, d.maxTokens);
        capped = true;
      }
    }
    if (!capped) b[endpoint === 'responses' ? 'max_output_tokens' : endpoint === 'messages' ? 'max_tokens' : 'max_completion_tokens'] = d.maxTokens;
  }
  if (d.dropReasoning) {
    delete b.reasoning;
    delete b.reasoning_effort;
    delete b.thinking;
  }
  if (d.dropLogprobs) {
    delete b.logprobs;
    delete b.top_logprobs;
    if (Array.isArray(b.include)) b.include = b.include.filter((x) => typeof x !== 'string' || !x.includes('logprobs'));
  }
  return b;
}

export const CheckBody = z.object({
  account_id: z.string().min(1),
  ip: z.string().optional(),
  user_agent: z.string().optional(),
  api_key_id: z.string().optional(),
  org_id: z.string().optional(),
  model: z.string().optional(),
});

const CHECK_FIELDS = ['ip', 'user_agent', 'api_key_id', 'org_id', 'model'] as const;

/**
 * A `POST /v1/check` body read as CheckBody reads it (its known fields, the
 * rest dropped), without zod's per-call cost on the check's hot path; null
 * when it is not valid, and CheckBody then says why.
 */
export function checkSubject(v: unknown): Subject | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const b = v as Record<string, unknown>;
  if (typeof b.account_id !== 'string' || b.account_id === '') return null;
  const s: Subject = { account_id: b.account_id };
  for (const k of CHECK_FIELDS) {
    const x = b[k];
    if (x === undefined) continue;
    if (typeof x !== 'string') return null;
    s[k] = x;
  }
  return s;
}

/** Largest `POST /v1/check` body: a handful of short fields. */
const CHECK_BODY_BYTES = 64 * 1024;

const AdminBody = z.object({ account_id: z.string().min(1), note: z.string().min(1, 'a note saying why is required') });

/** The gateway's HTTP surface: `listener` serves the request path itself and hands the rest to the Hono `app`. */
export function createApp(o: AppOptions): { app: Hono<{ Bindings: HttpBindings }>; listener: (req: IncomingMessage, res: ServerResponse) => void } {
  const app = new Hono<{ Bindings: HttpBindings }>();
  const maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = o.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const basePath = o.upstream.pathname.replace(/\/$/, '');
  const { online, metrics } = o;

  /** X-Event-Time when --replay-clock is on and the request has one (contract §5: otherwise ignored). */
  const eventHeader = (h: IncomingMessage['headers']): string | undefined => {
    const v = h['x-event-time'];
    return o.replayClock && typeof v === 'string' ? v : undefined;
  };
  /** Event time of a request: arrival, or X-Event-Time under --replay-clock; NaN when that header is malformed. */
  const eventTime = (h: IncomingMessage['headers']): number => {
    const v = eventHeader(h);
    return v === undefined ? Date.now() : parseTimestamp(v);
  };

  const refuse = (out: ServerResponse, api: Api, kind: ErrorKind, message: string, extra: Record<string, string> = {}) => {
    const body = errorBody(api, kind, message);
    out.writeHead(statusOf(kind), { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra });
    out.end(body);
  };

  const proxy = async (incoming: IncomingMessage, outgoing: ServerResponse, path: ProxiedPath): Promise<void> => {
    const { endpoint, api } = ROUTES[path];
    o.inflight?.begin();
    try {
      const started = performance.now();
      const subject = resolveSubject(incoming.headers, o.keys, incoming.socket.remoteAddress);
      if (!subject) {
        incoming.resume();
        metrics.requests.inc({ api, decision: 'unauthenticated' });
        // contract §5: every answer carries a decision; a request nobody can be billed for is refused, as a block is
        refuse(outgoing, api, 'unauthenticated', 'no account: send X-Account-Id, or an API key listed in the account table', { 'x-distillguard-decision': 'block' });
        return;
      }
      const tsMs = eventTime(incoming.headers);
      if (Number.isNaN(tsMs)) {
        incoming.resume();
        refuse(outgoing, api, 'bad_request', 'X-Event-Time is not an RFC 3339 timestamp with zone', { 'x-distillguard-decision': decisionHeader(online.decide(subject, Date.now())) });
        return;
      }
      let raw: Buffer | null = null;
      let tooLarge = false;
      try {
        raw = await readBody(incoming, maxBody);
      } catch (e) {
        if (!(e instanceof TooLarge)) throw e;
        tooLarge = true;
      }
      let body: Record<string, unknown> | null = null;
      if (raw) {
        try {
          const v: unknown = JSON.parse(raw.toString('utf8'));
          if (typeof v === 'object' && v !== null && !Array.isArray(v)) body = v as Record<string, unknown>;
        } catch {
          // answered below, after the decision: a blocked account is refused whatever it sent
        }
      }
      if (body && typeof body.model === 'string') subject.model = body.model;
      // a replay decides on every exchange before it, as scan does: wait for the engine worker to take them
      if (o.replayClock && !online.caughtUp) await online.settled();
      const ex: Exchange = {
        id: headerOf(incoming, 'x-request-id') ?? `dg_${randomUUID()}`,
        // a replayed exchange keeps its ts as written, so flagged_at reads as in `scan` of the same log
        ts: eventHeader(incoming.headers) ?? new Date(tsMs).toISOString(),
        tsMs,
        account_id: subject.account_id,
      };
      if (subject.org_id) ex.org_id = subject.org_id;
      if (subject.api_key_id) ex.api_key_id = subject.api_key_id;
      if (subject.ip) ex.ip = subject.ip;
      if (subject.user_agent) ex.user_agent = subject.user_agent;
      if (subject.model) ex.model = subject.model;
      ex.endpoint = endpoint;
      if (body) ex.request = captureRequest(endpoint, body);
      const d = online.decide(subject, tsMs, () => ({ ex, record: o.keys.record(subject.account_id) }));
      const dh = decisionHeader(d);
      metrics.requests.inc({ api, decision: d.action });

      if (d.action === 'block' || d.action === 'throttle') {
        const blocked = d.action === 'block';
        const retry = Math.max(1, Math.ceil(d.retryAfterS ?? 60));
        refuse(
          outgoing,
          api,
          blocked ? 'blocked' : 'throttled',
          blocked
            ? `This account is blocked${d.caseId ? ` (case ${d.caseId}; quote it to appeal)` : ''}.`
            : `This account is rate limited${d.caseId ? ` (case ${d.caseId})` : ''}; retry after ${retry} s.`,
          blocked ? { 'x-distillguard-decision': dh } : { 'x-distillguard-decision': dh, 'retry-after': String(retry) },
        );
        ex.status = blocked ? 403 : 429;
        ex.latency_ms = round(performance.now() - started);
        o.record(ex);
        return;
      }
      if (tooLarge) {
        refuse(outgoing, api, 'too_large', `request body over ${maxBody} bytes`, { 'x-distillguard-decision': dh });
        return;
      }
      if (!body) {
        refuse(outgoing, api, 'bad_request', 'request body is not a JSON object', { 'x-distillguard-decision': dh });
        return;
      }
      const payload = d.action === 'degrade' && d.degrade ? Buffer.from(JSON.stringify(degradeBody(endpoint, body, d.degrade))) : raw!;
      const headers: Record<string, string | string[]> = {};
      const inHeaders = incoming.headers;
      for (const k in inHeaders) {
        const v = inHeaders[k];
        if (v !== undefined && !HOP.has(k)) headers[k] = v;
      }
      headers['content-length'] = String(payload.length);
      // the answer is read as it passes (text, usage): ask the upstream for it uncompressed
      headers['accept-encoding'] = 'identity';

      const t0 = performance.now();
      let reader: AnswerReader | null = null;
      const f = await forward(o.dispatcher, { origin: o.upstream.origin, path: basePath + path + queryOf(incoming.url), headers, body: payload, timeoutMs: timeout }, outgoing, {
        start: (_status, h) => {
          const ctype = h['content-type'];
          reader = new AnswerReader(endpoint, typeof ctype === 'string' && ctype.startsWith('text/event-stream'));
          return { 'x-distillguard-decision': dh };
        },
        chunk: (b) => reader!.push(b),
      });
      if (f.outcome === 'client-gone') {
        ex.status = 499;
        ex.latency_ms = round(performance.now() - started);
        o.record(ex);
        return;
      }
      if (f.outcome === 'unanswered') {
        const e = f.error;
        const timedOut = e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.ConnectTimeoutError;
        metrics.upstreamErrors.inc({ kind: timedOut ? 'timeout' : 'unreachable' });
        refuse(outgoing, api, timedOut ? 'gateway_timeout' : 'bad_gateway', timedOut ? 'the upstream did not answer in time' : `the upstream could not be reached (${e.message})`, { 'x-distillguard-decision': dh });
        ex.status = timedOut ? 504 : 502;
        ex.latency_ms = round(performance.now() - started);
        o.record(ex);
        return;
      }
      if (!f.complete) metrics.upstreamErrors.inc({ kind: 'aborted' });
      metrics.upstreamSeconds.observe({ api }, (performance.now() - t0) / 1000);
      const got = (reader as AnswerReader | null)?.finish() ?? {};
      if (got.response) ex.response = got.response;
      if (got.usage) ex.usage = got.usage;
      ex.status = f.complete ? f.status : 499;
      ex.latency_ms = round(performance.now() - started);
      o.record(ex);
      return;
    } finally {
      o.inflight?.end();
    }
  };

  const json = (out: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) => {
    const body = JSON.stringify(value);
    out.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra });
    out.end(body);
  };

  const checkAnswer = async (out: ServerResponse, subject: Subject, tsMs: number, statusFromDecision: boolean) => {
    if (o.replayClock && !online.caughtUp) await online.settled();
    // what a check knows of the request: its client and address (and the model)
    const probe = () => {
      const ex: Exchange = { id: 'check', ts: new Date(tsMs).toISOString(), tsMs, account_id: subject.account_id };
      if (subject.ip) ex.ip = subject.ip;
      if (subject.user_agent) ex.user_agent = subject.user_agent;
      if (subject.model) ex.model = subject.model;
      return { ex, record: o.keys.record(subject.account_id) };
    };
    const d = online.decide(subject, tsMs, probe);
    metrics.requests.inc({ api: 'check', decision: d.action });
    const status = !statusFromDecision ? 200 : d.action === 'block' ? 403 : d.action === 'throttle' ? 429 : 200;
    const v: Record<string, unknown> = { decision: d.action, reasons: d.reasons };
    if (d.caseId) v.case_id = d.caseId;
    if (d.wouldBe) v.would_be = d.wouldBe;
    if (d.retryAfterS !== undefined) v.retry_after = Math.max(1, Math.ceil(d.retryAfterS));
    const extra: Record<string, string> = { 'x-distillguard-decision': decisionHeader(d) };
    if (d.action === 'throttle') extra['retry-after'] = String(v.retry_after ?? 60);
    json(out, status, v, extra);
  };

  const bodyCheck = async (incoming: IncomingMessage, out: ServerResponse) => {
    let v: unknown;
    try {
      v = JSON.parse((await readBody(incoming, CHECK_BODY_BYTES)).toString('utf8'));
    } catch {
      return json(out, 400, { error: { code: 'bad_request', message: 'body is not JSON' } });
    }
    let subject = checkSubject(v);
    if (!subject) {
      // zod says what is wrong (the fast reading above only says whether)
      const p = CheckBody.safeParse(v);
      if (!p.success) return json(out, 400, { error: { code: 'bad_request', message: p.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') } });
      subject = { ...p.data };
    }
    const tsMs = eventTime(incoming.headers);
    if (Number.isNaN(tsMs)) return json(out, 400, { error: { code: 'bad_request', message: 'X-Event-Time is not an RFC 3339 timestamp with zone' } });
    const rec = o.keys.record(subject.account_id);
    if (!subject.org_id && rec?.org_id) subject.org_id = rec.org_id;
    if (rec?.tier) subject.tier = rec.tier;
    if (rec?.verified !== undefined) subject.verified = rec.verified;
    return checkAnswer(out, subject, tsMs, false);
  };

  // Envoy's HTTP ext_authz calls `path_prefix` + the original path with the original method and no body
  const headerCheck = async (incoming: IncomingMessage, out: ServerResponse) => {
    incoming.resume();
    const h = incoming.headers;
    const subject = resolveSubject(h, o.keys, incoming.socket.remoteAddress);
    if (!subject) return json(out, 401, { decision: 'block', reasons: [{ signal: 'identity.missing', weight: 1, detail: 'no account: send X-Account-Id or a known API key' }] }, { 'x-distillguard-decision': 'block' });
    const model = headerOf(incoming, 'x-model');
    if (model) subject.model = model;
    const tsMs = eventTime(h);
    if (Number.isNaN(tsMs)) return json(out, 400, { error: { code: 'bad_request', message: 'X-Event-Time is not an RFC 3339 timestamp with zone' } });
    return checkAnswer(out, subject, tsMs, true);
  };

  app.get('/healthz', (c) => c.json({ ok: online.failed === null, accounts: online.counts.accounts, exchanges: online.counts.exchanges, engine_failed: online.failed !== null }));
  app.get('/metrics', async (c) => {
    const text = await metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': metrics.registry.contentType });
  });

  const admin = new Hono<{ Bindings: HttpBindings }>();
  admin.use('*', async (c, next) => {
    if (!o.adminToken) return c.json({ error: { code: 'not_found', message: 'admin endpoints are off: start the gateway with --admin-token or DISTILLGUARD_ADMIN_TOKEN' } }, 404);
    const auth = c.req.header('authorization') ?? '';
    const given = Buffer.from(auth.replace(/^bearer\s+/i, ''));
    const want = Buffer.from(o.adminToken);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return c.json({ error: { code: 'unauthorized', message: 'admin token required (Authorization: Bearer TOKEN)' } }, 401);
    await next();
  });
  const adminBody = async (c: Context) => {
    let v: unknown;
    try {
      v = await c.req.json();
    } catch {
      return null;
    }
    const p = AdminBody.safeParse(v);
    return p.success ? p.data : null;
  };
  admin.post('/block', async (c) => {
    const b = await adminBody(c);
    if (!b) return c.json({ error: { code: 'bad_request', message: 'body must be {"account_id": string, "note": string}' } }, 400);
    const caseId = online.block(b.account_id, b.note, c.req.header('x-actor') ?? 'admin');
    return c.json({ account_id: b.account_id, decision: 'block', case_id: caseId });
  });
  admin.post('/unblock', async (c) => {
    const b = await adminBody(c);
    if (!b) return c.json({ error: { code: 'bad_request', message: 'body must be {"account_id": string, "note": string}' } }, 400);
    const was = online.unblock(b.account_id, b.note, c.req.header('x-actor') ?? 'admin');
    return c.json({ account_id: b.account_id, unblocked: was }, was ? 200 : 404);
  });
  admin.get('/verdicts', async (c) => c.body(await online.verdicts(), 200, { 'content-type': 'application/x-ndjson' }));
  admin.get('/campaigns', async (c) => c.json(await online.campaigns()));
  admin.post('/sweep', async (c) => {
    if (!o.sweepNow) return c.json({ error: { code: 'not_found', message: 'no sweep' } }, 404);
    const { sweeps } = await o.sweepNow();
    return c.json({ swept: true, sweeps });
  });
  app.route('/admin', admin);

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((e, c) => {
    process.stderr.write(`distillguard gateway: ${(e as Error).stack ?? e}\n`);
    const out = c.env?.outgoing;
    if (out?.headersSent) {
      out.destroy();
      return RESPONSE_ALREADY_SENT;
    }
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  const rest = getRequestListener(app.fetch);
  const failed = (out: ServerResponse, e: unknown) => {
    process.stderr.write(`distillguard gateway: ${(e as Error).stack ?? e}\n`);
    if (out.headersSent) out.destroy();
    else json(out, 500, { error: { code: 'internal', message: 'internal error' } });
  };
  // The request path (proxied APIs and the check) is served by plain node:http handlers; Hono routes
  // the rest (admin, health, metrics), where its per-request Request and Response objects cost nothing that matters.
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let done: Promise<void> | undefined;
    if (req.method === 'POST' && Object.hasOwn(ROUTES, path)) done = proxy(req, res, path as ProxiedPath);
    else if (path === '/v1/check') {
      if (req.method === 'POST') done = bodyCheck(req, res);
      else if (req.method === 'GET') done = headerCheck(req, res);
    } else if (path.startsWith('/v1/check/')) done = headerCheck(req, res);
    if (done) done.catch((e) => failed(res, e));
    else void rest(req, res);
  };
  return { app, listener };
}


function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s : undefined;
}

/** The query string of a request target, `?` included (`api-version=...` of Azure-style clients goes through); '' without one. */
function queryOf(url: string | undefined): string {
  const q = url?.indexOf('?') ?? -1;
  return q >= 0 ? url!.slice(q) : '';
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
