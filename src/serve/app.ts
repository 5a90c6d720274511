/**
 * The HTTP API of `distillguard serve` (contract §6) on Hono. Tested in
 * process with `app.request()` and over real HTTP.
 *
 * One place turns failures into answers (`onError`): a `ServiceError` is its
 * status and code, a zod failure is 400 `invalid_request`, anything else is
 * 500 `internal` (logged, its message not shown).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { ZodError, type z } from 'zod';
import { allows, type Principal, type Role, type Tokens } from './auth.js';
import {
  AccountQuery, AnnotationBody, AuditQuery, CampaignQuery, Decision, NoteBody, WebhookConfig, openApiDocument,
} from './schemas.js';
import { ServiceError, type Service } from './service.js';

type Env = { Variables: { who: Principal } };

export interface AppOptions {
  service: Service;
  tokens: Tokens;
  /** the built console (default: dist/console of this package) */
  consoleDir?: string;
  /** largest request body, bytes (default 64 MiB: a batch of exchanges) */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

/** The `:id` of a route (every route that reads it declares it). */
function idOf(c: Context): string {
  return c.req.param('id') ?? '';
}

function fail(c: Context, status: number, code: string, message: string) {
  return c.json({ error: { code, message } }, status as 400);
}

/** The console's build folder, found from this file whether it runs from src/ (tsx) or dist/. */
export function defaultConsoleDir(): string {
  return fileURLToPath(new URL('../../dist/console/', import.meta.url));
}

export function createApp(o: AppOptions): Hono<Env> {
  const { service, tokens } = o;
  const app = new Hono<Env>();
  const log = o.log ?? (() => {});

  app.onError((e, c) => {
    if (e instanceof ServiceError) return fail(c, e.status, e.code, e.message);
    if (e instanceof ZodError) return fail(c, 400, 'invalid_request', e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    if (e instanceof SyntaxError) return fail(c, 400, 'invalid_json', `the body is not JSON: ${e.message}`);
    log(`internal error on ${c.req.method} ${c.req.path}: ${(e as Error).stack ?? e}`);
    return fail(c, 500, 'internal', 'internal error; see the service log');
  });
  app.notFound((c) => fail(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

  app.get('/healthz', (c) => c.json(service.health()));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));

  // every /api/ route and the OTLP receiver need a token
  const authed = async (c: Context<Env>, next: () => Promise<void>) => {
    const who = tokens.check(c.req.header('authorization'));
    if (!who) return fail(c, 401, 'unauthorized', 'a valid token is required: Authorization: Bearer TOKEN');
    c.set('who', who);
    await next();
  };
  app.use('/api/*', authed);
  app.use('/v1/*', authed);
  app.use('/api/*', bodyLimit({ maxSize: o.maxBodyBytes ?? 64 * 1024 * 1024, onError: (c) => fail(c, 413, 'too_large', 'request body too large; send exchanges in smaller batches') }));

  const need = (role: Role) => async (c: Context<Env>, next: () => Promise<void>) => {
    const who = c.get('who');
    if (!allows(who.role, role)) return fail(c, 403, 'forbidden', `role ${who.role} may not do this; it needs ${role}`);
    await next();
  };
  const parse = <T extends z.ZodTypeAny>(schema: T, v: unknown): z.infer<T> => schema.parse(v);
  const body = async (c: Context) => {
    const text = await c.req.text();
    if (!text.trim()) throw new ServiceError(400, 'invalid_request', 'a JSON body is required');
    return JSON.parse(text) as unknown;
  };

  app.get('/api/v1/me', (c) => c.json(c.get('who')));

  app.post('/api/v1/exchanges', need('analyst'), async (c) => {
    const done = service.arriving();
    try {
      return c.json(await service.ingest(await c.req.text(), 'api'));
    } finally {
      done();
    }
  });
  // OTLP/HTTP GenAI spans, JSON encoding (the protobuf encoding needs a schema compiler this build does not carry)
  app.post('/v1/traces', need('analyst'), async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/json/i.test(type)) return fail(c, 415, 'unsupported', `OTLP/HTTP is taken as JSON (content-type: application/json), not ${type || 'no content type'}`);
    const r = await service.ingestSpans(await body(c));
    // the OTLP/HTTP answer: ExportTraceServiceResponse, with partialSuccess when spans were set aside
    return c.json(r.quarantined ? { partialSuccess: { rejectedSpans: r.quarantined, errorMessage: `${r.quarantined} span(s) set aside; see GET /api/v1/quarantine` } } : {});
  });
  app.get('/api/v1/quarantine', (c) => {
    const limit = Math.min(10_000, Math.max(1, Number(c.req.query('limit') ?? 1000) || 1000));
    return c.json(service.quarantine(limit));
  });

  app.get('/api/v1/campaigns', (c) => c.json(service.listCampaigns(parse(CampaignQuery, c.req.query()))));
  app.get('/api/v1/campaigns/:id', (c) => {
    const page = service.campaignPageJson(idOf(c));
    if (page === null) return fail(c, 404, 'not_found', `no campaign ${idOf(c)}`);
    return c.body(page, 200, { 'content-type': 'application/json' });
  });
  app.post('/api/v1/campaigns/:id/decision', need('analyst'), async (c) => {
    const d = parse(Decision, await body(c));
    return c.json(service.decide(idOf(c), d.action, d.note, c.get('who').name));
  });

  app.get('/api/v1/accounts', (c) => c.json(service.listAccounts(parse(AccountQuery, c.req.query()))));
  app.get('/api/v1/accounts/:id', (c) => {
    const page = service.accountPage(idOf(c));
    if (!page) return fail(c, 404, 'not_found', `no account ${idOf(c)}`);
    return c.json(page);
  });
  for (const action of ['block', 'unblock'] as const) {
    app.post(`/api/v1/accounts/:id/${action}`, need('analyst'), async (c) => {
      const { note } = parse(NoteBody, await body(c));
      const id = idOf(c);
      if (action === 'block') service.block(id, note, c.get('who').name);
      else service.unblock(id, note, c.get('who').name);
      return c.json(service.accountPage(id));
    });
  }
  app.post('/api/v1/annotations', need('analyst'), async (c) => {
    const a = parse(AnnotationBody, await body(c));
    return c.json(service.annotate(a.target, a.note, c.get('who').name));
  });

  app.get('/api/v1/blocklist', (c) => {
    const list = service.blocklist();
    if (c.req.query('format') === 'csv') {
      const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const rows = ['account_id,campaign_id,actor,at,note', ...list.map((b) => [b.account_id, b.campaign_id ?? '', b.actor, b.at, b.note].map(q).join(','))];
      return c.body(rows.join('\n') + '\n', 200, { 'content-type': 'text/csv; charset=utf-8' });
    }
    return c.json({ version: 1, generated_at: new Date().toISOString(), accounts: list });
  });

  app.get('/api/v1/audit', (c) => {
    const q = parse(AuditQuery, c.req.query());
    const entries = service.audit.list({ target: q.target, limit: q.limit }).map((e) => ({
      seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, note: e.note ?? null, before: e.before ?? null, after: e.after ?? null,
    }));
    return c.json({ entries });
  });

  app.get('/api/v1/indicators', (c) => {
    const id = c.req.query('campaign');
    if (!id) return fail(c, 400, 'invalid_request', 'campaign=ID is required');
    return c.json(service.indicators(id));
  });
  app.post('/api/v1/indicators', need('analyst'), async (c) => c.json(service.importIndicators(await body(c), c.get('who').name)));
  app.get('/api/v1/indicators/watched', (c) => c.json({ signatures: service.watchedSignatures() }));

  app.get('/api/v1/webhooks/deliveries', (c) => c.json({ deliveries: service.webhooks.listDeliveries() }));
  app.get('/api/v1/webhooks', need('admin'), (c) => c.json({ webhooks: service.webhooks.list().map((w) => ({ id: w.id, url: w.url, events: w.events })) }));
  app.post('/api/v1/webhooks', need('admin'), async (c) => c.json(service.addWebhook(parse(WebhookConfig, await body(c)), c.get('who').name)));
  app.delete('/api/v1/webhooks/:id', need('admin'), (c) => c.json(service.removeWebhook(idOf(c), c.get('who').name)));

  app.all('/api/*', (c) => fail(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));

  // the console: its files, and index.html for its client-side routes
  const dir = o.consoleDir ?? defaultConsoleDir();
  const index = `${dir.replace(/\/$/, '')}/index.html`;
  if (existsSync(index)) {
    app.use('/*', serveStatic({ root: relative(process.cwd(), dir) || '.' }));
    app.get('*', (c) => c.html(readFileSync(index, 'utf8')));
  } else {
    app.get('*', (c) => c.html(NO_CONSOLE));
  }
  return app;
}

const NO_CONSOLE = `<!doctype html><meta charset="utf-8"><title>distillguard</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>distillguard serve</h1>
<p>The API is up (<a href="/openapi.json">/openapi.json</a>), but the console is not built.</p>
<p>Build it from a checkout with <code>npm run build:console</code>, which writes <code>dist/console/</code>, and restart the service.</p>
</body>`;
