/**
 * The append-only audit log: every action, automatic or a person's, one JSON
 * line each, chained by hash so a removed or edited line shows. The gateway and
 * the service both write here; nothing rewrites or deletes a line.
 *
 * Each entry's `hash` is SHA-256 over the previous entry's hash and this
 * entry's own fields (without `hash`), so `verify()` finds the first line that
 * was changed, removed or inserted.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditInput {
  /** who: a token's name, `policy` for automatic actions, `cli` for the command line */
  actor: string;
  /** what: e.g. `block`, `unblock`, `confirm`, `dismiss`, `annotate`, `throttle` */
  action: string;
  /** on what: `account:ID`, `campaign:ID`, `signature:ID` */
  target: string;
  /** why, in the actor's words (required for a person's action) */
  note?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  /** RFC 3339 wall time of the action */
  at: string;
  prev: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

function digest(prev: string, e: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, target, note, before, after } = e;
  return createHash('sha256').update(prev).update(JSON.stringify({ seq, at, actor, action, target, note, before, after })).digest('hex');
}

export interface AuditQuery {
  target?: string;
  actor?: string;
  action?: string;
  /** entries with seq greater than this */
  after?: number;
  limit?: number;
}

/**
 * The log in a file (JSON Lines). Writes are synchronous appends: an action is
 * on disk before the caller answers the person who took it. Entries are also
 * held in memory for listing (an audit log grows with actions, which are few
 * beside exchanges).
 */
export class AuditLog {
  private readonly entries: AuditEntry[] = [];
  private last = GENESIS;

  constructor(private readonly path: string | null, private readonly clock: () => Date = () => new Date()) {
    if (path && existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      let n = 0;
      for (const line of text.split('\n')) {
        n++;
        if (!line.trim()) continue;
        let e: AuditEntry;
        try {
          e = JSON.parse(line) as AuditEntry;
        } catch {
          throw new AuditError(`${path}:${n}: not JSON; the audit log is damaged`);
        }
        this.entries.push(e);
        this.last = e.hash;
      }
    } else if (path) mkdirSync(dirname(path), { recursive: true });
  }

  append(input: AuditInput): AuditEntry {
    const base = { seq: this.entries.length + 1, at: this.clock().toISOString(), ...input, prev: this.last };
    const entry: AuditEntry = { ...base, hash: digest(this.last, base) };
    if (this.path) appendFileSync(this.path, JSON.stringify(entry) + '\n');
    this.entries.push(entry);
    this.last = entry.hash;
    return entry;
  }

  /** newest first */
  list(q: AuditQuery = {}): AuditEntry[] {
    const out: AuditEntry[] = [];
    const limit = q.limit ?? 100;
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i];
      if (q.after !== undefined && e.seq <= q.after) break;
      if (q.target && e.target !== q.target) continue;
      if (q.actor && e.actor !== q.actor) continue;
      if (q.action && e.action !== q.action) continue;
      out.push(e);
    }
    return out;
  }

  get size(): number {
    return this.entries.length;
  }

  /** the seq of the first entry whose chain does not hold, or null when all do */
  verify(): number | null {
    let prev = GENESIS;
    for (const e of this.entries) {
      const { hash, ...rest } = e;
      if (e.prev !== prev || digest(prev, rest) !== hash) return e.seq;
      prev = hash;
    }
    return null;
  }
}

export class AuditError extends Error {}
