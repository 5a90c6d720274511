/**
 * An account partition's thread (scan --partitions): it owns the accounts
 * that hash to it and runs their side of the engine (src/engine/partition.ts:
 * features, account state, per-account detectors, scoring, the model,
 * verdicts, the evidence sample, signature matching) on the exchanges the
 * router sends it, in the router's order. Each exchange goes back to the
 * coordinator as a link record (the exchange and its features, as columns),
 * which folds them into the linkage by sequence number
 * (src/engine/partitioned.ts). At an epoch's end it sends what the sweep reads
 * of the accounts that changed (src/engine/mirror.ts) and holds the next
 * epoch's exchanges until the sweep is over: meanwhile it runs the sweep's
 * requests (evaluate, lift, evidence) in the order they come, then takes what
 * the sweep published (campaign sizes, address holders, signatures) and goes
 * on. Between sweeps it reads nothing of the other partitions, which is why
 * the answers do not depend on how many there are (docs/operations.md
 * "Partitions").
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AccountRecord } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import type { AccountState, EvidenceSample } from '../state/account.js';
import { SignatureBook } from '../signatures/index.js';
import { parseExchangeLine } from '../contract/parse.js';
import { ItemPacker, packedTransfer } from './handoff.js';
import { AccountPartition, type CrossAccountView } from './partition.js';
import { partitionOptions, type EngineBuild } from './build.js';
import { summarize, type Judged } from './mirror.js';
import type { CoordinatorUp } from './remote.js';
import type { PartitionDown, PartitionUp } from './partitioned.js';
import { joinPending, type PendingJoin } from './payer.js';
import type { WorkerItem } from './pool.js';
import type { Exchange } from '../contract/types.js';

const port = parentPort;
if (!port) throw new Error('partition-worker must run in a worker thread');
const data = workerData as { build: EngineBuild };
const opts = partitionOptions(data.build);
const side = new AccountPartition(opts);
const book = opts.signatures ? new SignatureBook(side.scoring) : undefined;
const scripted = side.detector('conversation.scripted');

/** What this partition reads of the cross-account side: published at each sweep, and during one, given with each request. */
class PublishedView implements CrossAccountView {
  sizes = new Map<string, number>();
  readonly holders = new Map<string, number>();
  /** during a sweep's request: the campaign size and address holders the coordinator read for it */
  asked: { size: number; holders: number } | null = null;
  /** accounts whose membership a signature match changed since their last summary */
  readonly signed = new Set<string>();

  /** campaign members waiting for their first exchange, as the last sweep published them (src/engine/payer.ts) */
  pending = new Map<string, PendingJoin>();

  observe(s: AccountState, ex: Exchange, f: ExchangeFeatures): boolean {
    if (book?.observe(s, ex, f) !== true && !joinPending(s, this.pending)) return false;
    this.signed.add(s.id);
    return true;
  }

  campaignSize(campaignId: string | null): number {
    if (this.asked) return this.asked.size;
    return campaignId === null ? 0 : this.sizes.get(campaignId) ?? 0;
  }

  addressHolders(accountId: string): number {
    return this.asked ? this.asked.holders : this.holders.get(accountId) ?? 0;
  }
}
const view = new PublishedView();
side.connect(view);

/** Rows of the account table for this partition's accounts, entered by event time as one engine enters them (src/engine/engine.ts `release`). */
let rows: { a: AccountRecord; at: number }[] = [];
let rowAt = 0;
const waiting = new Map<string, AccountRecord>();
let nowMs = -Infinity;

function advance(t: number): void {
  if (!(t > nowMs)) return;
  nowMs = t;
  while (rowAt < rows.length && rows[rowAt].at <= t) {
    const { a } = rows[rowAt++];
    if (waiting.get(a.account_id) !== a) continue;
    waiting.delete(a.account_id);
    side.enter(a);
  }
}

/** accounts that took exchanges since their last summary */
let dirty = new Set<AccountState>();
let blocked = false;
const held: PartitionDown[] = [];

function up(m: PartitionUp | CoordinatorUp, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

function takeExchanges(exs: Exchange[], keepText: boolean): void {
  const pack = keepText ? null : new ItemPacker(exs.length);
  const items: WorkerItem[] = [];
  for (const ex of exs) {
    advance(ex.tsMs);
    if (!side.accounts.has(ex.account_id)) {
      const early = waiting.get(ex.account_id);
      if (early) {
        waiting.delete(ex.account_id);
        side.enter(early);
      }
    }
    const f = side.take({ tsMs: ex.tsMs, ex });
    dirty.add(side.accounts.get(ex.account_id)!);
    // the coordinator reads no excerpt: the evidence sample is here
    if (pack) pack.push(ex, f, '');
    else items.push({ ex, f, excerpt: '' });
  }
  if (pack) {
    const packed = pack.finish();
    up({ kind: 'prepared', n: packed.n, packed }, packedTransfer(packed));
  } else up({ kind: 'prepared', n: items.length, items });
}

function summaries(states: readonly AccountState[]) {
  const s = summarize(states, (x) => scripted !== undefined && scripted.evaluate(x).length > 0, view.signed);
  view.signed.clear();
  return s;
}

function judged(s: AccountState): Judged {
  return { id: s.id, score: s.score, localScore: s.localScore, verdict: s.verdict, flaggedAt: s.flaggedAt };
}

/** Messages in stream order: held while a sweep is on. */
function ordered(m: PartitionDown): void {
  switch (m.kind) {
    case 'rows': {
      for (const a of m.rows) waiting.set(a.account_id, a);
      rows = m.rows.map((a) => ({ a, at: createdMsOf(a) })).sort((x, y) => x.at - y.at);
      rowAt = 0;
      return;
    }
    case 'exchanges':
      return takeExchanges(m.exs, m.keepText);
    case 'lines':
      return takeExchanges(m.lines.map(parsed), m.keepText);
    case 'epoch': {
      advance(m.nowMs);
      const changed = [...dirty];
      dirty = new Set();
      up({ kind: 'summaries', epoch: m.epoch, s: summaries(changed) });
      blocked = true;
      return;
    }
    case 'collect': {
      const all = [...side.accounts.values()];
      const s = summaries(all);
      const hours = new Uint32Array(24 * all.length);
      all.forEach((x, i) => hours.set(x.hours, 24 * i));
      up({ kind: 'final', s, verdicts: all.map((x) => side.verdictOf(x, m.lastMs)), evidence: all.map(evidenceOf), hours }, [hours.buffer]);
      return;
    }
  }
}

port.on('message', (m: PartitionDown) => {
  switch (m.kind) {
    case 'commands': {
      const out: Judged[] = [];
      for (const c of m.cmds) {
        const s = side.accounts.get(c.id);
        if (!s) continue;
        if (c.op === 'evaluate') {
          s.campaignId = c.m.campaignId;
          s.linkScore = c.m.linkScore;
          s.linkReasons = c.m.linkReasons;
          s.campaignReviewOnly = c.m.campaignReviewOnly;
          view.asked = { size: c.size, holders: c.holders };
          side.evaluate(s, c.ts, c.tMs);
        } else {
          view.asked = { size: 0, holders: c.holders };
          side.lift(s, c.campaignId, c.why, c.ts, c.tMs);
        }
        view.asked = null;
        out.push(judged(s));
      }
      up({ kind: 'judged', list: out });
      return;
    }
    case 'evidence':
      up({ kind: 'evidence', items: m.ids.map((id) => ({ id, evidence: evidenceOf(side.accounts.get(id)) })) });
      return;
    case 'resume': {
      view.sizes = new Map(m.sizes);
      for (const [id, h] of m.holders) view.holders.set(id, h);
      book?.adopt(m.signatures, side.accounts.values());
      view.pending = new Map(m.pending);
      blocked = false;
      while (held.length && !blocked) ordered(held.shift()!);
      return;
    }
    default:
      if (blocked) held.push(m);
      else ordered(m);
  }
});

/** A line the reader parsed and checked already: it parses again to the same exchange. */
function parsed(line: string): Exchange {
  const r = parseExchangeLine(line);
  if (!r.ok) throw new Error(`a line the reader took does not parse in the partition: ${r.reason}`);
  return r.value;
}

/** The evidence sample as plain records (a kept sample names its intents when read, which a copy to another thread would lose). */
function evidenceOf(s: AccountState | undefined): EvidenceSample[] {
  return s ? s.evidence.map((e) => ({ ts: e.ts, excerpt: e.excerpt, intents: e.intents })) : [];
}

function createdMsOf(a: AccountRecord): number {
  const ms = typeof a.createdMs === 'number' ? a.createdMs : a.created_at ? Date.parse(a.created_at) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}
