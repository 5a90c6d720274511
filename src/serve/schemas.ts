/**
 * Every body the service's API takes or gives, as zod schemas, and the
 * OpenAPI 3 document generated from them (`GET /openapi.json`). The console
 * (web/, dist/console) reads these shapes: add optional fields freely, never
 * rename or remove one.
 */
import { OpenAPIRegistry, OpenApiGeneratorV3, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
}).openapi('Error');

export const Reason = z.object({ signal: z.string(), weight: z.number(), detail: z.string() }).openapi('Reason');

/** A verdicts.jsonl line (contract §3). */
export const Verdict = z.object({
  account_id: z.string(),
  verdict: z.enum(['allow', 'review', 'block']),
  score: z.number(),
  flagged_at: z.string().nullable(),
  campaign_id: z.string().nullable(),
  reasons: z.array(Reason),
}).openapi('Verdict');

export const CampaignStatus = z.enum(['open', 'confirmed', 'dismissed']);

/** A campaigns.json entry (contract §3) and its analyst status. */
export const Campaign = z.object({
  campaign_id: z.string(),
  accounts: z.array(z.string()),
  exchanges: z.number().int(),
  first_seen: z.string(),
  last_seen: z.string(),
  score: z.number(),
  signals: z.array(z.string()),
  summary: z.string(),
  status: CampaignStatus,
  /** the latest decision, when there is one */
  decision: z.object({ action: z.enum(['confirm', 'dismiss']), actor: z.string(), at: z.string(), note: z.string() }).nullable().optional(),
}).openapi('Campaign');

export const CampaignList = z.object({ campaigns: z.array(Campaign), next_cursor: z.string().nullable() }).openapi('CampaignList');

export const TimelinePoint = z.object({ t: z.string(), exchanges: z.number() }).openapi('TimelinePoint');

export const Evidence = z.object({
  account_id: z.string(),
  ts: z.string(),
  excerpt: z.string(),
  signals: z.array(z.string()),
}).openapi('Evidence');

export const GraphNode = z.object({
  id: z.string(),
  verdict: z.enum(['allow', 'review', 'block']),
  score: z.number(),
  campaign_id: z.string().nullable(),
});
export const GraphEdge = z.object({
  source: z.string(),
  target: z.string(),
  /** what links the two accounts: `ip`, `payment`, `template`, `ua`, ... */
  key: z.string(),
  detail: z.string(),
});

/** The campaign's own fields at the top (contract §6, as in the list), its members' verdict lines under `members`. */
export const CampaignPage = Campaign.extend({
  members: z.array(Verdict),
  graph: z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge) }),
  timeline: z.array(TimelinePoint),
  evidence: z.array(Evidence),
  annotations: z.array(z.object({ at: z.string(), actor: z.string(), target: z.string(), note: z.string() })),
}).openapi('CampaignPage');

export const Decision = z.object({
  action: z.enum(['confirm', 'dismiss']),
  note: z.string().trim().min(1, 'a note saying why is required'),
}).openapi('Decision');

export const NoteBody = z.object({ note: z.string().trim().min(1, 'a note saying why is required') }).openapi('Note');

export const AccountStatus = z.enum(['active', 'blocked']);

export const AccountRow = Verdict.extend({
  status: AccountStatus,
  exchanges: z.number().int(),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
}).openapi('AccountRow');

export const AccountList = z.object({ accounts: z.array(AccountRow), next_cursor: z.string().nullable() }).openapi('AccountList');

export const Annotation = z.object({ at: z.string(), actor: z.string(), target: z.string(), note: z.string() }).openapi('Annotation');

/** The verdict line's fields at the top (contract §6), then the page's own. */
export const AccountPage = Verdict.extend({
  status: AccountStatus,
  exchanges: z.number().int(),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
  evidence: z.array(Evidence),
  activity: z.array(TimelinePoint),
  annotations: z.array(Annotation),
}).openapi('AccountPage');

export const AnnotationBody = z.object({
  /** `account:ID` or `campaign:ID` */
  target: z.string().regex(/^(account|campaign):.+$/, 'target is account:ID or campaign:ID'),
  note: z.string().trim().min(1, 'a note is required'),
}).openapi('AnnotationBody');

export const BlockEntry = z.object({
  account_id: z.string(),
  /** the confirmed campaign that blocked it, or null for a manual block */
  campaign_id: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
  note: z.string(),
}).openapi('BlockEntry');

/** The block list file the gateway reads (`--blocklist FILE`), and `GET /api/v1/blocklist`. */
export const BlockList = z.object({
  version: z.literal(1),
  generated_at: z.string(),
  accounts: z.array(BlockEntry),
}).openapi('BlockList');

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  note: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
}).openapi('AuditEntry');
export const AuditList = z.object({ entries: z.array(AuditEntry) }).openapi('AuditList');

export const Me = z.object({ name: z.string(), role: z.enum(['viewer', 'analyst', 'admin']) }).openapi('Me');

export const IngestResult = z.object({ accepted: z.number().int(), quarantined: z.number().int() }).openapi('IngestResult');

export const QuarantineRecord = z.object({ file: z.string(), line: z.number().int(), reason: z.string(), raw: z.string() });
export const QuarantineList = z.object({ lines: z.array(QuarantineRecord) }).openapi('QuarantineList');

export const WebhookEvent = z.enum(['campaign.new', 'campaign.escalated', 'campaign.decision']);
export const WebhookConfig = z.object({
  url: z.string().url(),
  /** HMAC-SHA256 key for X-Distillguard-Signature */
  secret: z.string().min(8, 'a secret of at least 8 characters'),
  /** events to send (default: all) */
  events: z.array(WebhookEvent).optional(),
}).openapi('WebhookConfig');
export const Webhook = z.object({ id: z.string(), url: z.string(), events: z.array(WebhookEvent) }).openapi('Webhook');
export const WebhookList = z.object({ webhooks: z.array(Webhook) }).openapi('WebhookList');
export const Delivery = z.object({
  id: z.string(),
  webhook_id: z.string(),
  url: z.string(),
  event: WebhookEvent,
  created_at: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  last_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
}).openapi('Delivery');
export const DeliveryList = z.object({ deliveries: z.array(Delivery) }).openapi('DeliveryList');

export const IndicatorImportResult = z.object({ imported: z.number().int(), signatures: z.array(z.string()) }).openapi('IndicatorImportResult');

export const Health = z.object({ ok: z.boolean(), exchanges: z.number().int(), accounts: z.number().int(), campaigns: z.number().int(), settled: z.boolean() }).openapi('Health');

// query strings: numbers and instants arrive as text
const instant = z.string().datetime({ offset: true });
export const CampaignQuery = z.object({
  status: CampaignStatus.optional(),
  min_score: z.coerce.number().min(0).max(1).optional(),
  since: instant.optional(),
  until: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().optional(),
});
export const AccountQuery = z.object({
  verdict: z.enum(['allow', 'review', 'block', 'flagged']).optional(),
  campaign: z.string().optional(),
  min_score: z.coerce.number().min(0).max(1).optional(),
  since: instant.optional(),
  until: instant.optional(),
  /** account id substring */
  q: z.string().optional(),
  status: AccountStatus.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().optional(),
});
export const AuditQuery = z.object({
  target: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

/** The OpenAPI document of the API, generated from the schemas above. */
export function openApiDocument(): object {
  const r = new OpenAPIRegistry();
  const bearer = r.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const security = [{ [bearer.name]: [] }];
  const json = (schema: z.ZodTypeAny, description: string) => ({ description, content: { 'application/json': { schema } } });
  const errors = {
    400: json(ErrorBody, 'bad request'),
    401: json(ErrorBody, 'no valid token'),
    403: json(ErrorBody, 'the role may not do this'),
    404: json(ErrorBody, 'not found'),
  };
  const id = z.object({ id: z.string() });
  const get = (path: string, summary: string, schema: z.ZodTypeAny, query?: z.AnyZodObject, params?: z.AnyZodObject) =>
    r.registerPath({ method: 'get', path, summary, security, request: { query, params }, responses: { 200: json(schema, 'ok'), ...errors } });
  const post = (path: string, summary: string, body: z.ZodTypeAny | null, schema: z.ZodTypeAny, params?: z.AnyZodObject) =>
    r.registerPath({
      method: 'post', path, summary, security,
      request: { params, body: body ? { content: { 'application/json': { schema: body } } } : undefined },
      responses: { 200: json(schema, 'ok'), ...errors },
    });
  r.registerPath({ method: 'get', path: '/healthz', summary: 'readiness', responses: { 200: json(Health, 'ready') } });
  get('/api/v1/me', 'who the token belongs to', Me);
  r.registerPath({
    method: 'post', path: '/api/v1/exchanges', summary: 'ingest exchanges (contract §1, JSON Lines); analyst or admin', security,
    request: { body: { content: { 'application/x-ndjson': { schema: z.string() } } } },
    responses: { 200: json(IngestResult, 'accepted and set-aside counts'), ...errors },
  });
  r.registerPath({
    method: 'post', path: '/v1/traces', summary: 'OTLP/HTTP JSON GenAI spans (ExportTraceServiceRequest); analyst or admin', security,
    request: { body: { content: { 'application/json': { schema: z.object({ resourceSpans: z.array(z.record(z.unknown())) }) } } } },
    responses: { 200: json(z.object({ partialSuccess: z.object({ rejectedSpans: z.number().int(), errorMessage: z.string() }).optional() }), 'ExportTraceServiceResponse'), 415: json(ErrorBody, 'not JSON'), ...errors },
  });
  get('/api/v1/quarantine', 'lines set aside as bad input', QuarantineList);
  get('/api/v1/campaigns', 'campaigns, highest score first', CampaignList, CampaignQuery);
  get('/api/v1/campaigns/{id}', 'one campaign: members, graph, timeline, evidence', CampaignPage, undefined, id);
  post('/api/v1/campaigns/{id}/decision', 'confirm (blocks its accounts) or dismiss; analyst or admin', Decision, Campaign, id);
  get('/api/v1/accounts', 'accounts, highest score first', AccountList, AccountQuery);
  get('/api/v1/accounts/{id}', 'one account: verdict, status, evidence, activity, annotations', AccountPage, undefined, id);
  post('/api/v1/accounts/{id}/block', 'block an account; analyst or admin', NoteBody, AccountPage, id);
  post('/api/v1/accounts/{id}/unblock', 'unblock an account; analyst or admin', NoteBody, AccountPage, id);
  post('/api/v1/annotations', 'annotate an account or campaign; analyst or admin', AnnotationBody, Annotation);
  get('/api/v1/blocklist', 'the block list (?format=csv for CSV)', BlockList, z.object({ format: z.enum(['json', 'csv']).optional() }));
  get('/api/v1/audit', 'the audit log, newest first', AuditList, AuditQuery);
  get('/api/v1/indicators', 'a campaign\'s indicators as a STIX 2.1 bundle', z.object({ type: z.literal('bundle'), id: z.string(), objects: z.array(z.record(z.unknown())) }), z.object({ campaign: z.string() }));
  post('/api/v1/indicators', 'import another provider\'s STIX 2.1 bundle as watched signatures; analyst or admin', z.record(z.unknown()), IndicatorImportResult);
  get('/api/v1/indicators/watched', 'signatures imported from other providers\' bundles', z.object({ signatures: z.array(z.record(z.unknown())) }));
  get('/api/v1/webhooks', 'webhooks; admin', WebhookList);
  post('/api/v1/webhooks', 'add a webhook; admin', WebhookConfig, Webhook);
  r.registerPath({ method: 'delete', path: '/api/v1/webhooks/{id}', summary: 'remove a webhook; admin', security, request: { params: id }, responses: { 200: json(Webhook, 'removed'), ...errors } });
  get('/api/v1/webhooks/deliveries', 'webhook deliveries, newest first', DeliveryList);
  return new OpenApiGeneratorV3(r.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'distillguard serve', version: '1', description: 'Campaigns, accounts, decisions and indicators of a running distillguard service. Every /api/ route needs Authorization: Bearer TOKEN.' },
  });
}
