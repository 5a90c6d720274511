/**
 * The engine online: the same engine `scan` runs (src/engine/build.ts), fed
 * each exchange once its answer is complete, and read (never run) on the
 * request path. A decision costs a map lookup, the policy's rule walk and,
 * for a manual block, nothing else.
 *
 * Reasons are rebuilt from detector output, which is detector work: they are
 * refreshed after an exchange is pushed (for that account) and after a sweep
 * (for every flagged account), off the request path, and read from a cache.
 */
import type { AccountRecord, Exchange, Reason } from '../contract/types.js';
import type { Engine } from '../engine/engine.js';
import type { AccountState } from '../state/account.js';
import type { Decision, Policy, Standing, Subject } from '../policy/types.js';
import type { AuditLog } from '../audit/audit.js';

/** What the gateway does when the engine has thrown: let traffic through, or refuse it. */
export type FailMode = 'open' | 'closed';

/** Seconds a refused request is told to wait while the engine is down (fail-closed). */
const FAIL_CLOSED_RETRY_S = 30;

interface Manual {
  caseId: string;
  note: string;
  actor: string;
}

interface Cached {
  verdict: string;
  campaignId: string | null;
  reasons: readonly Reason[];
}

const SIGNATURE_ID = /^matches (\S+), the signature/;

export interface OnlineOptions {
  engine: Engine;
  policy: Policy;
  audit: AuditLog;
  failMode?: FailMode;
  /** called after each push with how long it took (ms), and when the engine throws */
  onPush?: (ms: number) => void;
  onEngineError?: (e: unknown) => void;
}

export class OnlineEngine {
  readonly engine: Engine;
  private readonly policy: Policy;
  private readonly audit: AuditLog;
  private readonly failMode: FailMode;
  private readonly manual = new Map<string, Manual>();
  /** accounts whose first automatic block or throttle is in the audit log */
  private readonly audited = new Set<string>();
  private readonly reasons = new Map<string, Cached>();
  private sweepsSeen = 0;
  /** the first error the engine threw, when it has; the gateway then runs in its fail mode */
  failed: unknown = null;

  constructor(private readonly o: OnlineOptions) {
    this.engine = o.engine;
    this.policy = o.policy;
    this.audit = o.audit;
    this.failMode = o.failMode ?? 'open';
    // manual blocks and earlier automatic actions are what the audit log says they are
    for (const e of [...o.audit.list({ limit: Number.MAX_SAFE_INTEGER })].reverse()) {
      const id = e.target.startsWith('account:') ? e.target.slice(8) : null;
      if (!id) continue;
      if (e.actor === 'policy') this.audited.add(id);
      else if (e.action === 'block') this.manual.set(id, { caseId: `manual-${e.seq}`, note: e.note ?? '', actor: e.actor });
      else if (e.action === 'unblock') this.manual.delete(id);
    }
  }

  addAccount(a: AccountRecord): void {
    this.engine.addAccount(a);
  }

  /** Feeds a completed exchange to the engine; never throws (a failure switches to the fail mode). */
  push(ex: Exchange): void {
    if (this.failed !== null) return;
    const t0 = performance.now();
    try {
      this.engine.push(ex);
      const s = this.engine.accounts.get(ex.account_id);
      if (this.engine.stats.sweeps !== this.sweepsSeen) {
        this.sweepsSeen = this.engine.stats.sweeps;
        for (const a of this.engine.accounts.values()) if (a.verdict !== 'allow' || this.reasons.has(a.id)) this.refresh(a);
      } else if (s) this.refresh(s);
    } catch (e) {
      this.failed = e;
      this.o.onEngineError?.(e);
    }
    this.o.onPush?.(performance.now() - t0);
  }

  /** Rebuilds the reasons of every flagged account (after a restore, which pushes to the engine directly). */
  refreshAll(): void {
    this.sweepsSeen = this.engine.stats.sweeps;
    for (const a of this.engine.accounts.values()) this.refresh(a);
  }

  private refresh(s: AccountState): void {
    const c = this.reasons.get(s.id);
    if (c && c.verdict === s.verdict && c.campaignId === s.campaignId) return;
    if (s.verdict === 'allow' && s.campaignId === null) {
      this.reasons.delete(s.id);
      return;
    }
    this.reasons.set(s.id, { verdict: s.verdict, campaignId: s.campaignId, reasons: this.engine.reasonsOf(s).slice(0, 8) });
  }

  /** The account's standing as the engine holds it now; undefined for an account it has not seen. */
  standing(accountId: string): Standing | undefined {
    const s = this.engine.accounts.get(accountId);
    if (!s) return undefined;
    const link = s.linkReasons[0];
    const sig = link?.signal === 'signature.match' && s.campaignId ? { id: SIGNATURE_ID.exec(link.detail)?.[1] ?? s.campaignId, campaignId: s.campaignId } : null;
    return {
      verdict: s.verdict,
      score: s.score,
      flaggedAt: s.flaggedAt,
      campaignId: s.campaignId,
      reasons: this.reasons.get(accountId)?.reasons ?? [],
      signature: sig,
    };
  }

  /** The decision for one request at event time `nowMs`. */
  decide(subject: Subject, nowMs: number): Decision {
    const m = this.manual.get(subject.account_id);
    if (m) return { action: 'block', rule: 'manual', caseId: m.caseId, reasons: [{ signal: 'manual.block', weight: 1, detail: `blocked by ${m.actor}: ${m.note}` }] };
    if (this.failed !== null) {
      return this.failMode === 'open'
        ? { action: 'allow', rule: 'engine.failed', reasons: [] }
        : { action: 'throttle', rule: 'engine.failed', reasons: [{ signal: 'engine.failed', weight: 1, detail: 'the detection engine failed; the gateway fails closed' }], retryAfterS: FAIL_CLOSED_RETRY_S };
    }
    const d = this.policy.decide(subject, this.standing(subject.account_id), nowMs);
    if ((d.action === 'block' || d.action === 'throttle') && !this.audited.has(subject.account_id)) {
      this.audited.add(subject.account_id);
      this.audit.append({
        actor: 'policy',
        action: d.action,
        target: `account:${subject.account_id}`,
        note: `${d.rule ?? 'default'}${d.caseId ? `, case ${d.caseId}` : ''}: ${d.reasons.slice(0, 3).map((r) => r.detail).join('; ')}`.slice(0, 2000),
      });
    }
    return d;
  }

  /** A person's block; written to the audit log before it takes effect. */
  block(accountId: string, note: string, actor: string): string {
    const e = this.audit.append({ actor, action: 'block', target: `account:${accountId}`, note });
    const caseId = `manual-${e.seq}`;
    this.manual.set(accountId, { caseId, note, actor });
    return caseId;
  }

  /** Lifts a person's block; returns false when there was none. The engine's own verdict still applies. */
  unblock(accountId: string, note: string, actor: string): boolean {
    if (!this.manual.has(accountId)) return false;
    this.audit.append({ actor, action: 'unblock', target: `account:${accountId}`, note });
    this.manual.delete(accountId);
    return true;
  }

  get manualBlocks(): number {
    return this.manual.size;
  }
}
