/**
 * The manual block list: accounts a person blocked, each with the case an
 * appeal quotes, a note and who did it. The policy consults it before any rule
 * and it applies to exempt accounts too (an exemption stops automatic action,
 * not a person's).
 *
 * Kept in `STATE_DIR/blocks.json`, rewritten whole on each change through a
 * temporary file and a rename, so a crash leaves the old list or the new one,
 * never half of one; read once on start. Every change is also appended to the
 * audit log when one is given.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { followJsonFile } from '../util/follow.js';
import { join } from 'node:path';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit.js';

export const ManualBlock = z.object({
  account_id: z.string().min(1),
  case_id: z.string().min(1),
  note: z.string(),
  by: z.string().min(1),
  /** RFC 3339 wall time */
  at: z.string(),
}).strict();
export type ManualBlock = z.infer<typeof ManualBlock>;

const BlocksFile = z.object({ version: z.literal(1), blocks: z.array(ManualBlock) }).strict();

export class BlocksError extends Error {}

export interface BlockInput {
  /** the case an appeal quotes; default: the policy's case id for the account */
  caseId?: string;
  note: string;
  by: string;
}

export class ManualBlocks {
  private readonly map = new Map<string, ManualBlock>();
  private readonly path: string | null;
  /** blocks decided elsewhere (the service's `blocklist.json`), followed by `follow` */
  private external = new Map<string, ManualBlock>();

  /**
   * @param stateDir where `blocks.json` lives; null keeps the list in memory only (tests, `--check`)
   * @example const blocks = new ManualBlocks('/var/lib/distillguard', audit);
   */
  constructor(stateDir: string | null, private readonly audit?: AuditLog, private readonly clock: () => Date = () => new Date()) {
    this.path = stateDir ? join(stateDir, 'blocks.json') : null;
    if (!this.path || !existsSync(this.path)) return;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new BlocksError(`${this.path}: not JSON (${(e as Error).message}); the manual block list is damaged`);
    }
    const r = BlocksFile.safeParse(json);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new BlocksError(`${this.path}: ${i.path.join('.') || '(top)'}: ${i.message}`);
    }
    for (const b of r.data.blocks) this.map.set(b.account_id, b);
  }

  get(accountId: string): ManualBlock | undefined {
    return this.map.get(accountId) ?? this.external.get(accountId);
  }

  /**
   * Follows a block list decided elsewhere: the file `distillguard serve`
   * writes when an analyst blocks an account or confirms a campaign (the same
   * form as `blocks.json`). It is read now and again within `intervalMs` of
   * every change (the service replaces it whole through a rename, which a stat
   * poll sees on any file system, shared volumes included), and its blocks
   * apply as a person's do, before any rule. A file that is missing or damaged
   * leaves the last good list in force and is reported through `onProblem`.
   * Its blocks are lifted where they were made (the service), not here.
   * Returns a function that stops following.
   */
  follow(path: string, onProblem: (message: string) => void, intervalMs = 500): () => void {
    return followJsonFile(path, {
      what: 'blocks',
      parse: (json) => {
        const r = BlocksFile.safeParse(json);
        if (r.success) return { ok: true, value: r.data.blocks };
        const i = r.error.issues[0];
        return { ok: false, reason: `${i.path.join('.') || '(top)'}: ${i.message}` };
      },
      apply: (blocks) => {
        this.external = new Map(blocks.map((b) => [b.account_id, b]));
      },
      onProblem,
      intervalMs,
    });
  }

  /** how many blocks the followed list holds */
  get followed(): number {
    return this.external.size;
  }

  list(): ManualBlock[] {
    return [...this.map.values()];
  }

  get size(): number {
    return this.map.size;
  }

  /** blocks (or re-blocks with a new note) an account; written before it returns */
  block(accountId: string, input: BlockInput, defaultCaseId: string): ManualBlock {
    const before = this.map.get(accountId) ?? null;
    const entry: ManualBlock = { account_id: accountId, case_id: input.caseId ?? before?.case_id ?? defaultCaseId, note: input.note, by: input.by, at: this.clock().toISOString() };
    this.map.set(accountId, entry);
    this.save();
    this.audit?.append({ actor: input.by, action: 'block', target: `account:${accountId}`, note: input.note, before, after: entry });
    return entry;
  }

  /** lifts a manual block; false when the account was not manually blocked */
  unblock(accountId: string, input: { note: string; by: string }): boolean {
    const before = this.map.get(accountId);
    if (!before) return false;
    this.map.delete(accountId);
    this.save();
    this.audit?.append({ actor: input.by, action: 'unblock', target: `account:${accountId}`, note: input.note, before, after: null });
    return true;
  }

  private save(): void {
    if (!this.path) return;
    mkdirSync(join(this.path, '..'), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, blocks: this.list() }, null, 1) + '\n');
    renameSync(tmp, this.path);
  }
}
