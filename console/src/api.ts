/**
 * The console's only way to the service: typed calls on `/api/v1`, a bearer
 * token on each, and the service's `{"error": {"code", "message"}}` turned
 * into an `ApiError` the screens show as it is.
 */

export type Role = 'viewer' | 'analyst' | 'admin';
export type VerdictKind = 'allow' | 'review' | 'block';
export type CampaignStatus = 'open' | 'confirmed' | 'dismissed';

export interface Me { name: string; role: Role }

export interface Reason { signal: string; weight: number; detail: string }

export interface Verdict {
  account_id: string;
  verdict: VerdictKind;
  score: number;
  flagged_at: string | null;
  campaign_id: string | null;
  reasons: Reason[];
}

export interface Campaign {
  campaign_id: string;
  /** contract §3: the member ids; a count is accepted too */
  accounts: string[] | number;
  exchanges: number;
  first_seen: string;
  last_seen: string;
  score: number;
  signals: string[];
  summary: string;
  status: CampaignStatus;
  /** the latest decision, when there is one */
  decision?: { action: 'confirm' | 'dismiss'; actor: string; at: string; note: string } | null;
}

export interface GraphNode { id: string; verdict: VerdictKind; score: number; campaign_id?: string | null }
export interface GraphEdge { source: string; target: string; key: string; detail?: string; weight?: number }
export interface Bucket { t: string; exchanges: number }
export interface Evidence { account_id?: string; ts: string; excerpt: string; signals?: string[]; id?: string }

/** The campaign's own fields at the top, its members' verdict lines under `members`. */
export interface CampaignPage extends Campaign {
  members: Verdict[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  timeline: Bucket[];
  evidence: Evidence[];
}

export interface Annotation { at: string; actor: string; note: string; target?: string }

/** The account's verdict line, its fields at the top, plus the page's own. */
export interface AccountPage extends Verdict {
  status: 'active' | 'blocked';
  evidence: Evidence[];
  activity: Bucket[];
  annotations: Annotation[];
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  note: string;
  before?: unknown;
  after?: unknown;
}

export interface BlockEntry { account_id: string; at?: string; actor?: string; note?: string; campaign_id?: string | null; reason?: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Where the API lives: the origin that served the console. */
const BASE = new URL('api/v1/', new URL('/', window.location.href)).toString();

export function sizeOf(c: Pick<Campaign, 'accounts'>): number {
  return Array.isArray(c.accounts) ? c.accounts.length : Number(c.accounts) || 0;
}

export class Api {
  /** `onUnauthorized` runs when the service stops accepting the token (revoked, or the service restarted with new tokens). */
  constructor(private readonly token: string, private readonly onUnauthorized?: () => void) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(BASE + path, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'unreachable', `The service did not answer (${(e as Error).message}).`);
    }
    const text = await res.text();
    let data: unknown = null;
    try { data = text ? JSON.parse(text) : null; } catch { /* a proxy's HTML error page: reported below */ }
    if (res.status === 401) this.onUnauthorized?.();
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? (text.slice(0, 200) || res.statusText));
    }
    return data as T;
  }

  me() { return this.call<Me>('GET', 'me'); }

  campaigns(q: { status?: string; min_score?: number; limit?: number; cursor?: string | null }) {
    const p = new URLSearchParams();
    if (q.status) p.set('status', q.status);
    if (q.min_score !== undefined && q.min_score > 0) p.set('min_score', String(q.min_score));
    if (q.limit) p.set('limit', String(q.limit));
    if (q.cursor) p.set('cursor', q.cursor);
    return this.call<{ campaigns: Campaign[]; next_cursor?: string | null }>('GET', `campaigns?${p}`);
  }

  campaign(id: string) { return this.call<CampaignPage>('GET', `campaigns/${encodeURIComponent(id)}`); }

  decide(id: string, action: 'confirm' | 'dismiss', note: string) {
    return this.call<unknown>('POST', `campaigns/${encodeURIComponent(id)}/decision`, { action, note });
  }

  account(id: string) { return this.call<AccountPage>('GET', `accounts/${encodeURIComponent(id)}`); }

  setBlocked(id: string, blocked: boolean, note: string) {
    return this.call<unknown>('POST', `accounts/${encodeURIComponent(id)}/${blocked ? 'block' : 'unblock'}`, { note });
  }

  /** `target` is `account:ID` or `campaign:ID`. */
  annotate(target: string, note: string) { return this.call<unknown>('POST', 'annotations', { target, note }); }

  async blocklist(): Promise<BlockEntry[]> {
    const data = await this.call<unknown>('GET', 'blocklist');
    return normaliseBlocklist(data);
  }

  audit(q: { target?: string; limit?: number } = {}) {
    const p = new URLSearchParams();
    if (q.target) p.set('target', q.target);
    if (q.limit) p.set('limit', String(q.limit));
    return this.call<{ entries: AuditEntry[] }>('GET', `audit?${p}`);
  }
}

/** The block list as rows, whether the service answers a list of ids or of records. */
export function normaliseBlocklist(data: unknown): BlockEntry[] {
  const obj = data as Record<string, unknown> | null;
  const list = Array.isArray(data) ? data
    : Array.isArray(obj?.accounts) ? obj.accounts
    : Array.isArray(obj?.entries) ? obj.entries
    : Array.isArray(obj?.blocklist) ? obj.blocklist
    : [];
  return (list as unknown[]).map((e) => (typeof e === 'string' ? { account_id: e } : (e as BlockEntry)))
    .filter((e) => e && typeof e.account_id === 'string');
}

/** Whether a role may act (confirm, dismiss, block, annotate); the service enforces it too. */
export function canAct(role: Role | undefined): boolean {
  return role === 'analyst' || role === 'admin';
}
