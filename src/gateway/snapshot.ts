/**
 * The engine worker's snapshot (`STATE/snapshot.json`): what the gateway's
 * decisions rest on, written every `snapshotEvery` exchanges and at graceful
 * shutdown, so that a restart reads it and a bounded tail of the journal
 * instead of the whole journal.
 *
 * What it holds, per account: verdict, score, flag time, campaign and how
 * firmly the account belongs to it (link score, campaign reasons, review-only),
 * the signature it matched, its first exchange's time and its verdict line's
 * reasons (only for accounts flagged or in a campaign: rebuilding every
 * account's reasons is detector work over every account). Beside them, the
 * campaigns as listed and the active signatures.
 *
 * What it does not hold is the detectors' and the linkage's own state
 * (sketches, clusters, keys): that state is rebuilt by replaying the journal
 * kept before the snapshot (the *tail*, at least `stateTail` exchanges) and
 * everything after it. At the snapshot's place in that replay each account
 * takes over its snapshotted standing (`adopt`), and keeps it as its traffic
 * goes on. So after a restart:
 * - every account keeps its verdict, flag time, campaign and signature: what
 *   the engine decided stays decided (verdicts only escalate, as in `scan`);
 * - detector evidence older than the tail is gone: an account that was
 *   building towards a flag over a long history starts that history again
 *   from the tail, and may be flagged later than it would have been;
 * - the linkage clusters only the tail and what follows: a campaign found
 *   before it keeps its members and its signatures (new accounts matching a
 *   signature are still caught), but its evidence is not re-read at later
 *   sweeps, and its listing is as of the snapshot;
 * - signature tallies in progress (an account part way to a match) restart.
 * While the journal was never compacted (`complete`), a restart replays all
 * of it and adopts nothing: the engine comes back exactly as it was.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Campaign, Reason, VerdictKind } from '../contract/types.js';
import type { AccountState } from '../state/account.js';
import type { SignaturesFile } from '../signatures/index.js';

export const SNAPSHOT_VERSION = 1;
export const SNAPSHOT_FILE = 'snapshot.json';

/** One account as the snapshot holds it. */
export interface CarriedAccount {
  id: string;
  /** exchanges the engine had taken from it */
  n: number;
  firstMs: number;
  verdict: VerdictKind;
  score: number;
  flaggedAt: string | null;
  flaggedAtMs: number | null;
  campaignId: string | null;
  campaignReviewOnly: boolean;
  linkScore: number;
  linkReasons: Reason[];
  signatureId: string | null;
  /** its verdict line's reasons; empty for an account neither flagged nor in a campaign */
  reasons: Reason[];
}

/** A journal file before the snapshot, with the exchanges it holds. */
export interface Segment {
  seq: number;
  lines: number;
}

export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  written_at: string;
  /** journal files numbered from this on were written after the snapshot */
  resume_seq: number;
  /** the journal files kept before it (the tail), oldest first */
  segments: Segment[];
  /** true while no journal file was ever removed: the journal alone rebuilds the engine exactly */
  complete: boolean;
  /** exchanges the engine had taken in all */
  exchanges: number;
  accounts: CarriedAccount[];
  campaigns: Campaign[];
  signatures: SignaturesFile;
}

const RANK: Record<VerdictKind, number> = { allow: 0, review: 1, block: 2 };

export function carriedOf(s: AccountState, reasons: Reason[]): CarriedAccount {
  return {
    id: s.id,
    n: s.n,
    firstMs: s.firstMs,
    verdict: s.verdict,
    score: s.score,
    flaggedAt: s.flaggedAt,
    flaggedAtMs: s.flaggedAt === null ? null : s.flaggedAtMs,
    campaignId: s.campaignId,
    campaignReviewOnly: s.campaignReviewOnly,
    linkScore: s.linkScore,
    linkReasons: [...s.linkReasons],
    signatureId: s.signatureId,
    reasons,
  };
}

/**
 * The engine's state of an account rebuilt from the tail takes over its
 * snapshotted standing: the higher verdict, the earlier flag, the campaign
 * it belonged to more firmly, and its true first exchange (so a signature
 * derived after that never reads it as a new account).
 */
export function adopt(s: AccountState, c: CarriedAccount): void {
  if (RANK[c.verdict] > RANK[s.verdict]) s.verdict = c.verdict;
  if (c.flaggedAt !== null && (s.flaggedAt === null || c.flaggedAtMs! < s.flaggedAtMs)) {
    s.flaggedAt = c.flaggedAt;
    s.flaggedAtMs = c.flaggedAtMs!;
  }
  if (c.score > s.score) s.score = c.score;
  if (c.campaignId !== null && (s.campaignId === null || c.linkScore >= s.linkScore)) {
    s.campaignId = c.campaignId;
    s.linkScore = c.linkScore;
    s.linkReasons = c.linkReasons;
    s.campaignReviewOnly = c.campaignReviewOnly;
    s.signatureId = c.signatureId;
  }
  if (!(s.firstMs <= c.firstMs)) s.firstMs = c.firstMs;
}

/** Writes the snapshot whole or not at all (a temporary file renamed over the last one). */
export function writeSnapshot(state: string, snap: Snapshot): void {
  const path = join(state, SNAPSHOT_FILE);
  const tmp = path + '.tmp';
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(snap));
    // the journal files it lets go of are removed after this returns: the snapshot must be on disk first
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The snapshot in `state`, null when there is none; throws on one this version cannot read. */
export function readSnapshot(state: string): Snapshot | null {
  const path = join(state, SNAPSHOT_FILE);
  if (!existsSync(path)) return null;
  const snap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  if (snap.version !== SNAPSHOT_VERSION) throw new Error(`${path}: snapshot version ${snap.version}, this gateway reads version ${SNAPSHOT_VERSION}`);
  return snap;
}
