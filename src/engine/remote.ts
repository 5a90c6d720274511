/**
 * The account side of a partitioned engine, as the coordinator on the main
 * thread sees it (docs/operations.md "Partitions"): the accounts live in
 * partitions (src/engine/partition-worker.ts); here are their mirrors
 * (src/engine/mirror.ts), refreshed at each epoch's end. The coordinator's
 * sweep asks this side to evaluate or lift accounts: each request is queued
 * for the account's partition with the membership and campaign size the
 * partition is to evaluate it with, and sent when the sweep next reads what
 * evaluations produce (`SweepNeed`) or ends. The partitions answer in order,
 * so the mirrors hold the verdicts of every request sent before the sweep
 * reads them, and the partitions replay the sweep's evaluations one engine
 * would have made, in the same order per account.
 */
import type { AccountRecord, Reason, Verdict } from '../contract/types.js';
import type { Detector } from '../detectors/detector.js';
import type { ExchangeFeatures } from '../features/types.js';
import { NO_REASONS, type AccountState, type EvidenceSample } from '../state/account.js';
import type { Signature } from '../signatures/index.js';
import type { ScoringConfig } from '../scoring/score.js';
import type { AccountSide, LinkageCoordinator, SweepNeed } from './coordinator.js';
import type { ExchangeSink, Prepared } from './engine.js';
import { AccountMirror, membershipOf, type Judged, type MembershipFields, type Summaries } from './mirror.js';
import { partitionOf } from './partitioned.js';
import type { PendingJoin } from './payer.js';

/** A request of the sweep to a partition, run in order. */
export type SweepCommand =
  | { op: 'evaluate'; id: string; ts: string; tMs: number; m: MembershipFields; size: number; holders: number }
  | { op: 'lift'; id: string; campaignId: string; why: string | undefined; ts: string; tMs: number; holders: number };

/** What the coordinator sends a partition besides its exchanges (src/engine/partitioned.ts `PartitionDown` carries these). */
export type CoordinatorDown =
  | { kind: 'commands'; cmds: SweepCommand[] }
  | { kind: 'evidence'; ids: string[] }
  | { kind: 'resume'; epoch: number; sizes: [string, number][]; holders: [string, number][]; signatures: Signature[] | null; pending: [string, PendingJoin][] }
  | { kind: 'collect'; lastMs: number };

/** What a partition sends the coordinator besides its exchanges' link records. */
export type CoordinatorUp =
  | { kind: 'summaries'; epoch: number; s: Summaries }
  | { kind: 'judged'; list: Judged[] }
  | { kind: 'evidence'; items: { id: string; evidence: EvidenceSample[] }[] }
  | { kind: 'final'; s: Summaries; verdicts: Verdict[]; evidence: EvidenceSample[][]; hours: Uint32Array };

/** How the remote side reaches the partitions (the router's transport). */
export interface PartitionLink {
  readonly partitions: number;
  send(partition: number, m: CoordinatorDown): void;
}

/** The scripted-dialogue detector as the coordinator's script cohorts ask it: from the partition's answer in the summary. */
const SCRIPTED_VIEW = { evaluate: (s: AccountState) => ((s as unknown as AccountMirror).scripted ? [null] : []) } as unknown as Detector;

export class RemoteSide implements AccountSide {
  readonly mirrors = new Map<string, AccountMirror>();
  /** the mirrors, read by the coordinator and the engine where they read account states */
  readonly accounts: Map<string, AccountState>;
  readonly records = new Map<string, AccountRecord>();
  private coordinator!: LinkageCoordinator;
  private readonly queued: SweepCommand[][];
  /** partitions whose answer to the last requests has not arrived */
  private waiting = 0;
  private wake: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private readonly summaries = new Map<number, Summaries[]>();
  private summaryWait: { epoch: number; resolve: () => void; reject: (e: Error) => void } | null = null;
  /** a partition failed: nothing more will answer */
  private failed: Error | null = null;
  private finals: Extract<CoordinatorUp, { kind: 'final' }>[] = [];
  /** address holders last published, per account */
  private readonly published = new Map<string, number>();
  private signatureVersion = -1;
  /** the verdicts the partitions wrote at the end, by account */
  private readonly verdicts = new Map<string, Verdict>();

  constructor(
    private readonly link: PartitionLink,
    readonly scoring: ScoringConfig,
    private readonly detectorIds: ReadonlySet<string>,
    private readonly sinks?: ExchangeSink[],
  ) {
    this.accounts = this.mirrors as unknown as Map<string, AccountState>;
    this.queued = Array.from({ length: link.partitions }, () => []);
  }

  connect(c: LinkageCoordinator): void {
    this.coordinator = c;
    this.signatureVersion = c.signatures?.indexVersion ?? -1;
  }

  enter(a: AccountRecord): void {
    this.records.set(a.account_id, a);
    const m = this.mirrors.get(a.account_id);
    if (m) m.record = a;
  }

  /** Folds one exchange's link record (the exchange and its features, prepared by its partition) into the coordinator. */
  take(p: Prepared): ExchangeFeatures {
    const ex = p.ex;
    const f = p.f!;
    let m = this.mirrors.get(ex.account_id);
    if (!m) {
      m = new AccountMirror(ex.account_id);
      const rec = this.records.get(ex.account_id);
      if (rec) m.record = rec;
      this.mirrors.set(ex.account_id, m);
    }
    m.seen++;
    this.coordinator.note(m.asState(), ex, f);
    if (this.sinks) for (const k of this.sinks) k.append(ex, f);
    return f;
  }

  evaluate(s: AccountState, ts: string, tMs: number): void {
    const id = s.id;
    this.queued[partitionOf(id, this.link.partitions)].push({ op: 'evaluate', id, ts, tMs, m: membershipOf(s), size: this.coordinator.campaignSize(s.campaignId), holders: this.coordinator.addressHolders(id) });
  }

  lift(s: AccountState, campaignId: string, why: string | undefined, ts: string, nowMs: number): void {
    const m = s as unknown as AccountMirror;
    m.setMembership({ campaignId: null, linkScore: 0, linkReasons: NO_REASONS, campaignReviewOnly: false });
    this.queued[partitionOf(s.id, this.link.partitions)].push({ op: 'lift', id: s.id, campaignId, why, ts, tMs: nowMs, holders: this.coordinator.addressHolders(s.id) });
  }

  detector(id: string): Detector | undefined {
    return id === 'conversation.scripted' && this.detectorIds.has(id) ? SCRIPTED_VIEW : undefined;
  }

  /** Takes a partition's message meant for the coordinator. */
  receive(partition: number, m: CoordinatorUp): void {
    switch (m.kind) {
      case 'summaries': {
        const list = this.summaries.get(m.epoch) ?? this.summaries.set(m.epoch, []).get(m.epoch)!;
        list.push(m.s);
        const w = this.summaryWait;
        if (w && w.epoch === m.epoch && list.length === this.link.partitions) {
          this.summaryWait = null;
          w.resolve();
        }
        return;
      }
      case 'judged':
        for (const j of m.list) this.mirrors.get(j.id)?.judged(j);
        return this.answered();
      case 'evidence':
        for (const { id, evidence } of m.items) {
          const mirror = this.mirrors.get(id);
          if (mirror) mirror.evidence = evidence;
        }
        return this.answered();
      case 'final':
        this.finals.push(m);
        return this.answered();
    }
  }

  private answered(): void {
    if (--this.waiting === 0 && this.wake) {
      const w = this.wake;
      this.wake = null;
      w.resolve();
    }
  }

  /** A partition failed (the transport says so): whatever waits for the partitions fails with it. */
  fail(e: Error): void {
    this.failed ??= e;
    this.wake?.reject(e);
    this.wake = null;
    this.summaryWait?.reject(e);
    this.summaryWait = null;
  }

  /** Resolves once every partition's summaries of `epoch` arrived, and takes them into the mirrors. */
  async epochEnd(epoch: number): Promise<void> {
    const have = this.summaries.get(epoch)?.length ?? 0;
    if (this.failed) throw this.failed;
    if (have < this.link.partitions) await new Promise<void>((resolve, reject) => (this.summaryWait = { epoch, resolve, reject }));
    for (const s of this.summaries.get(epoch)!) this.takeSummaries(s);
    this.summaries.delete(epoch);
  }

  private takeSummaries(s: Summaries): void {
    for (let i = 0; i < s.ids.length; i++) this.mirrors.get(s.ids[i])?.take(s, i);
    for (const { i, m } of s.memberships) this.mirrors.get(s.ids[i])?.setMembership(m);
  }

  /**
   * Runs a sweep's steps, answering each need with a round trip to the
   * partitions, then sends each partition what the sweep published: campaign
   * sizes, the address holders that changed, the signatures when they did,
   * the campaign members waiting for their first exchange.
   */
  async sweep(steps: Generator<SweepNeed, void, void>, epoch: number): Promise<void> {
    for (let step = steps.next(); !step.done; step = steps.next()) {
      const need = step.value;
      if (need.kind === 'verdicts') await this.flush(true);
      else {
        this.flush(false);
        const by: string[][] = Array.from({ length: this.link.partitions }, () => []);
        for (const id of need.ids) by[partitionOf(id, this.link.partitions)].push(id);
        await this.roundTrip(by.map((ids) => (ids.length ? { kind: 'evidence', ids } : null)));
      }
    }
    this.flush(false);
    this.publish(epoch);
  }

  /** Sends the queued requests; with `wait`, resolves once their verdicts are in the mirrors. */
  private flush(wait: boolean): Promise<void> {
    const msgs = this.queued.map((cmds) => (cmds.length ? ({ kind: 'commands', cmds } as const) : null));
    for (let p = 0; p < this.queued.length; p++) this.queued[p] = [];
    // every batch of requests is answered (its verdicts reach the mirrors); waited for only when the next step reads them
    if (wait) return this.roundTrip(msgs);
    // a failure surfaces at the next wait
    this.roundTrip(msgs).catch(() => {});
    return Promise.resolve();
  }

  private roundTrip(msgs: (CoordinatorDown | null)[]): Promise<void> {
    for (let p = 0; p < msgs.length; p++) {
      const m = msgs[p];
      if (!m) continue;
      this.waiting++;
      this.link.send(p, m);
    }
    if (this.failed) return Promise.reject(this.failed);
    if (this.waiting === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const before = this.wake;
      this.wake = {
        resolve: () => {
          before?.resolve();
          resolve();
        },
        reject: (e) => {
          before?.reject(e);
          reject(e);
        },
      };
    });
  }

  private publish(epoch: number): void {
    const n = this.link.partitions;
    const c = this.coordinator;
    const sizes = [...c.campaignSizes()];
    const holders: [string, number][][] = Array.from({ length: n }, () => []);
    for (const id of c.knownIds()) {
      const h = c.addressHolders(id);
      if (h === (this.published.get(id) ?? 0)) continue;
      this.published.set(id, h);
      holders[partitionOf(id, n)].push([id, h]);
    }
    const book = c.signatures;
    let signatures: Signature[] | null = null;
    if (book && book.indexVersion !== this.signatureVersion) {
      this.signatureVersion = book.indexVersion;
      signatures = [...book.signatures()];
    }
    // members waiting for their first exchange, each to its partition (the whole list each sweep: it is drawn afresh)
    const pending: [string, PendingJoin][][] = Array.from({ length: n }, () => []);
    for (const [id, j] of c.pending) pending[partitionOf(id, n)].push([id, j]);
    for (let p = 0; p < n; p++) this.link.send(p, { kind: 'resume', epoch, sizes, holders: holders[p], signatures, pending: pending[p] });
  }

  /** At the end: every partition's accounts as they finished, with their verdicts written by the partition (`lastMs`: the engine's "now"). */
  async collect(lastMs: number): Promise<void> {
    this.finals = [];
    await this.roundTrip(Array.from({ length: this.link.partitions }, () => ({ kind: 'collect', lastMs }) as const));
    for (const f of this.finals) {
      this.takeSummaries(f.s);
      for (let i = 0; i < f.verdicts.length; i++) {
        this.verdicts.set(f.verdicts[i].account_id, f.verdicts[i]);
        const m = this.mirrors.get(f.s.ids[i]);
        if (!m) continue;
        m.evidence = f.evidence[i];
        m.hours = f.hours.subarray(24 * i, 24 * i + 24);
      }
    }
    this.finals = [];
  }

  verdictOf(s: AccountState): Verdict {
    const v = this.verdicts.get(s.id);
    if (!v) throw new Error(`no verdict from the partitions for ${s.id}: collect() first`);
    return v;
  }

  reasonsOf(s: AccountState): Reason[] {
    return this.verdictOf(s).reasons;
  }
}
