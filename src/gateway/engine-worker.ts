/**
 * The gateway's engine, in a worker thread: features, account state,
 * detectors, cross-account sweeps and signatures all run here, so a sweep
 * over 100k accounts (seconds) never holds up an answer. The request thread
 * sends completed exchanges in batches, as the §1 lines it also writes to its
 * log, and keeps a standing table (src/gateway/online.ts) that this worker
 * updates after every batch and every sweep.
 *
 * The worker also owns the state journal, sweeps.jsonl and the snapshot: it
 * writes each line as the engine takes it, so a restart replays exactly what
 * the engine saw, in the order it saw it, sweeps included. Every
 * `snapshotEvery` exchanges (and at a graceful close) it writes a snapshot of
 * what the decisions rest on and removes the journal files older than the
 * tail a restart needs (src/gateway/snapshot.ts says what a restart then
 * keeps exactly and what it rebuilds from the tail).
 */
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { parseExchangeLine } from '../contract/parse.js';
import type { AccountRecord } from '../contract/types.js';
import { buildEngine, EngineBuildError } from '../engine/build.js';
import type { ScanConfig } from '../engine/config.js';
import type { Engine } from '../engine/engine.js';
import type { AccountState } from '../state/account.js';
import { readLines } from '../sources/lines.js';
import { matchedSignature, parseSignatures, toSignaturesFile } from '../signatures/index.js';
import type { Campaign, Exchange } from '../contract/types.js';
import { LogWriter, logFiles, seqOf } from './logwriter.js';
import { adopt, carriedOf, readSnapshot, writeSnapshot, type CarriedAccount, type Segment, type Snapshot } from './snapshot.js';
import type { FromWorker, StandingUpdate, ToWorker } from './worker-protocol.js';

export interface EngineWorkerData {
  config?: ScanConfig;
  disable?: string[];
  enable?: string[];
  sweepMinutes?: number;
  accounts: AccountRecord[];
  state: string | null;
  /** write a snapshot every this many exchanges taken (default 100,000) */
  snapshotEvery?: number;
  /** journal exchanges kept before the latest snapshot, to rebuild detector state at a restart (default: snapshotEvery) */
  stateTail?: number;
}

export const SNAPSHOT_EVERY = 100_000;


const port = parentPort!;
const data = workerData as EngineWorkerData;
const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

/** What the request thread last heard about each account, so only changes cross. */
interface Sent {
  verdict: string;
  score: number;
  flaggedAt: string | null;
  campaignId: string | null;
  sig: string | null;
}

let engine: Engine;
let failed = false;
let journal: LogWriter | null = null;
let sweepsSeen = 0;
const sent = new Map<string, Sent>();

/** accounts of the snapshot the engine has not met since the restart: their standing as snapshotted */
const carried = new Map<string, CarriedAccount>();
/** campaigns of the snapshot, listed until the engine lists them itself */
let carriedCampaigns: Campaign[] = [];
/** journal files before the latest snapshot's place (the tail), oldest first */
let segments: Segment[] = [];
/** the journal file numbered from which files came after the latest snapshot */
let resumeSeq = 0;
let complete = true;
let sinceSnapshot = 0;
/** a sweep run on request, by where it ran in the journal: after `line` lines of file `seq` */
interface SweepAt {
  seq: number;
  line: number;
}


/** The account's standing when it differs from what was last sent; reasons are rebuilt (detector work) only when verdict or campaign moved. */
function changed(s: AccountState): StandingUpdate | null {
  const last = sent.get(s.id);
  const sig = matchedSignature(s);
  const sigId = sig?.id ?? null;
  if (last && last.verdict === s.verdict && last.score === s.score && last.flaggedAt === s.flaggedAt && last.campaignId === s.campaignId && last.sig === sigId) return null;
  const moved = !last || last.verdict !== s.verdict || last.campaignId !== s.campaignId;
  sent.set(s.id, { verdict: s.verdict, score: s.score, flaggedAt: s.flaggedAt, campaignId: s.campaignId, sig: sigId });
  const u: StandingUpdate = { id: s.id, verdict: s.verdict, score: s.score, flaggedAt: s.flaggedAt, campaignId: s.campaignId, signature: sig };
  if (moved) u.reasons = s.verdict === 'allow' && s.campaignId === null ? [] : engine.reasonsOf(s).slice(0, 8);
  return u;
}

/** The standing of an account only the snapshot knows. */
function carriedUpdate(c: CarriedAccount): StandingUpdate {
  const signature = c.signatureId !== null && c.campaignId !== null && c.linkReasons[0]?.signal === 'signature.match' ? { id: c.signatureId, campaignId: c.campaignId } : null;
  return { id: c.id, verdict: c.verdict, score: c.score, flaggedAt: c.flaggedAt, campaignId: c.campaignId, signature, reasons: c.reasons };
}

/** Feeds one exchange to the engine; an account the snapshot knows takes over its standing at its first exchange since. */
function take(ex: Exchange): void {
  engine.push(ex);
  if (carried.size) {
    const c = carried.get(ex.account_id);
    const s = c && engine.accounts.get(ex.account_id);
    if (s) {
      adopt(s, c!);
      carried.delete(c!.id);
    }
  }
}

/** At the snapshot's place in the journal: accounts the engine rebuilt take over their standing, the rest wait for their next exchange. */
function adoptSnapshot(snap: Snapshot): void {
  for (const c of snap.accounts) {
    const s = engine.accounts.get(c.id);
    if (s) adopt(s, c);
    else carried.set(c.id, c);
  }
  carriedCampaigns = snap.campaigns;
  const sigs = parseSignatures(snap.signatures);
  if (sigs.ok) engine.signatures?.carry(sigs.index.signatures);
}

function campaignsNow(): Campaign[] {
  const list = engine.campaignList();
  if (!carriedCampaigns.length) return list;
  const have = new Set(list.map((c) => c.campaign_id));
  return [...list, ...carriedCampaigns.filter((c) => !have.has(c.campaign_id))];
}

/** Every account whose standing moved: after a sweep, which can move any account. */
function allChanged(): StandingUpdate[] {
  const out: StandingUpdate[] = [];
  for (const s of engine.accounts.values()) {
    const u = changed(s);
    if (u) out.push(u);
  }
  return out;
}

function summaryOf(s: Pick<AccountState, 'id' | 'n' | 'firstMs' | 'verdict' | 'score' | 'flaggedAt' | 'campaignId'>) {
  return { id: s.id, n: s.n, firstMs: s.firstMs, verdict: s.verdict, score: s.score, flaggedAt: s.flaggedAt, campaignId: s.campaignId };
}

function counts() {
  return { accounts: engine.accounts.size + carried.size, exchanges: engine.stats.exchanges, sweeps: engine.stats.sweeps };
}

function sweep(): void {
  engine.finish();
  if (journal) {
    journal.flush();
    const at: SweepAt = journal.current ? { seq: seqOf(journal.current), line: journal.fileLines } : { seq: journal.nextSeq, line: 0 };
    appendFileSync(join(data.state!, 'sweeps.jsonl'), JSON.stringify(at) + '\n');
  }
}

function readSweeps(state: string): SweepAt[] {
  const path = join(state, 'sweeps.jsonl');
  if (!existsSync(path)) return [];
  const out: SweepAt[] = [];
  for (const l of readFileSync(path, 'utf8').split('\n')) {
    if (!l) continue;
    try {
      const v = JSON.parse(l) as Partial<SweepAt> & { after?: number };
      if (typeof v.seq === 'number' && typeof v.line === 'number') out.push({ seq: v.seq, line: v.line });
      // the form before snapshots: exchanges into the whole journal (-1: counted over all files)
      else if (typeof v.after === 'number') out.push({ seq: -1, line: v.after });
    } catch {
      // a line cut short by a crash
    }
  }
  return out.sort((a, b) => a.seq - b.seq || a.line - b.line);
}

/** Sweeps recorded before snapshots, by exchanges into the whole journal. */
function legacySweeps(all: SweepAt[]): { legacy: number[]; rest: SweepAt[] } {
  return { legacy: all.filter((w) => w.seq === -1).map((w) => w.line), rest: all.filter((w) => w.seq !== -1) };
}

/**
 * Writes the snapshot at the end of the current journal file, then removes
 * the journal files (and the sweeps recorded in them) older than the tail:
 * the newest files before the snapshot holding at least `stateTail`
 * exchanges.
 */
function snapshot(): void {
  if (!journal || failed) return;
  const state = data.state!;
  const open = journal.current;
  if (open) segments.push({ seq: seqOf(open), lines: journal.fileLines });
  resumeSeq = journal.cut();
  sinceSnapshot = 0;
  const tail = data.stateTail ?? data.snapshotEvery ?? SNAPSHOT_EVERY;
  let keep = segments.length;
  let held = 0;
  while (keep > 0 && held < tail) held += segments[--keep].lines;
  const dropped = segments.slice(0, keep);
  segments = segments.slice(keep);
  // the oldest file kept loses the lines it holds beyond the tail (a journal written before snapshots is one long file)
  const trim = held > tail && segments.length ? { seq: segments[0].seq, lines: held - tail } : null;
  if (trim) segments[0] = { seq: trim.seq, lines: segments[0].lines - trim.lines };
  if (dropped.length || trim) complete = false;
  const accounts: CarriedAccount[] = [];
  for (const s of engine.accounts.values()) {
    const flagged = s.verdict !== 'allow' || s.campaignId !== null;
    accounts.push(carriedOf(s, flagged ? engine.reasonsOf(s).slice(0, 8) : []));
  }
  for (const c of carried.values()) accounts.push(c);
  writeSnapshot(state, {
    version: 1,
    written_at: new Date().toISOString(),
    resume_seq: resumeSeq,
    segments,
    complete,
    exchanges: engine.stats.exchanges,
    accounts,
    campaigns: campaignsNow(),
    signatures: toSignaturesFile(engine.signatures?.signatures() ?? [], engine.stats.lastMs),
  });
  if (!dropped.length && !trim) return;
  // the snapshot is on disk: what it no longer needs can go (a crash in between leaves more journal, never less)
  const dir = join(state, 'journal');
  const gone = new Set(dropped.map((d) => d.seq));
  for (const f of logFiles(dir)) {
    if (gone.has(seqOf(f))) rmSync(f, { force: true });
    else if (trim && seqOf(f) === trim.seq) dropLines(f, trim.lines);
  }
  const first = segments[0]?.seq ?? resumeSeq;
  const sweeps = readSweeps(state)
    .filter((w) => w.seq >= first && !(trim && w.seq === trim.seq && w.line < trim.lines))
    .map((w) => (trim && w.seq === trim.seq ? { seq: w.seq, line: w.line - trim.lines } : w));
  writeFileSync(join(state, 'sweeps.jsonl'), sweeps.map((w) => JSON.stringify(w) + '\n').join(''));
}

/** Rewrites a journal file without its first `n` lines (a new file renamed over it, so a crash leaves one or the other). */
function dropLines(path: string, n: number): void {
  const src = openSync(path, 'r');
  const tmp = path + '.tmp';
  const dst = openSync(tmp, 'w');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let skip = n;
    for (let got; (got = readSync(src, buf, 0, buf.length, null)) > 0; ) {
      let from = 0;
      while (skip > 0 && from < got) {
        const nl = buf.indexOf(10, from);
        if (nl < 0 || nl >= got) {
          from = got;
          break;
        }
        from = nl + 1;
        skip--;
      }
      if (from < got) writeSync(dst, buf, from, got - from);
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  renameSync(tmp, path);
}

/**
 * Replays the journal kept (the tail before the snapshot, then what came
 * after it) and the sweeps run on request through the engine; at the
 * snapshot's place, the snapshotted standing is adopted.
 */
async function restore(state: string): Promise<number> {
  const snap = readSnapshot(state);
  const { legacy, rest: sweeps } = legacySweeps(readSweeps(state));
  let old = 0;
  if (snap) {
    resumeSeq = snap.resume_seq;
    complete = snap.complete;
  }
  // nothing of the journal was ever removed: the replay alone rebuilds the engine exactly
  let adopted = !snap || snap.complete;
  const adoptAt = (seq: number) => {
    if (adopted || seq < snap!.resume_seq) return;
    adoptSnapshot(snap!);
    adopted = true;
  };
  let next = 0;
  const sweepTo = (seq: number, line: number) => {
    while (next < sweeps.length && (sweeps[next].seq < seq || (sweeps[next].seq === seq && sweeps[next].line <= line))) {
      adoptAt(sweeps[next].seq);
      engine.finish();
      next++;
    }
  };
  let n = 0;
  for (const file of logFiles(join(state, 'journal'))) {
    const seq = seqOf(file);
    sweepTo(seq, 0);
    adoptAt(seq);
    let k = 0;
    for await (const batch of readLines(file)) {
      for (const l of batch) {
        // a line cut short by a crash is the only kind a journal can hold badly: skip it
        if (l.text === null || !l.text) continue;
        const r = parseExchangeLine(l.text);
        if (!r.ok) continue;
        take(r.value);
        n++;
        k++;
        sweepTo(seq, k);
        while (old < legacy.length && legacy[old] <= n) {
          engine.finish();
          old++;
        }
      }
    }
    // every file replayed is before the next snapshot, which counts its tail back over them
    segments.push({ seq, lines: k });
    if (!snap || seq >= snap.resume_seq) sinceSnapshot += k;
  }
  sweepTo(Infinity, Infinity);
  for (; old < legacy.length; old++) engine.finish();
  adoptAt(Infinity);
  return n;
}

function onBatch(seq: number, text: string): void {
  const updates: StandingUpdate[] = [];
  const lines = text.split('\n');
  const pushMs = new Float64Array(lines.length);
  let k = 0;
  const touched = new Set<AccountState>();
  for (const line of lines) {
    if (!line) continue;
    if (journal) {
      journal.writeLine(line + '\n');
      sinceSnapshot++;
    }
    if (failed) continue;
    const r = parseExchangeLine(line);
    if (!r.ok) continue;
    const t0 = performance.now();
    try {
      take(r.value);
    } catch (e) {
      failed = true;
      post({ t: 'failed', error: (e as Error).stack ?? String(e) });
      continue;
    }
    pushMs[k++] = performance.now() - t0;
    const s = engine.accounts.get(r.value.account_id);
    if (s) touched.add(s);
  }
  if (!failed) {
    if (engine.stats.sweeps !== sweepsSeen) {
      sweepsSeen = engine.stats.sweeps;
      updates.push(...allChanged());
    } else {
      for (const s of touched) {
        const u = changed(s);
        if (u) updates.push(u);
      }
    }
  }
  // in the journal before the request thread hears the batch was taken: under --replay-clock a decision
  // waits for that, so no exchange decided on is lost to a crash
  journal?.flush();
  const ms = pushMs.slice(0, k);
  post({ t: 'applied', seq, updates, pushMs: ms, ...counts() }, [ms.buffer]);
  if (sinceSnapshot >= (data.snapshotEvery ?? SNAPSHOT_EVERY)) {
    snapshot();
    post({ t: 'snapshot' });
  }
}

async function onMessage(m: ToWorker): Promise<void> {
  switch (m.t) {
    case 'batch':
      onBatch(m.seq, m.lines);
      return;
    case 'sweep': {
      if (!failed) {
        sweep();
        sweepsSeen = engine.stats.sweeps;
      }
      post({ t: 'reply', id: m.id, value: { sweeps: engine.stats.sweeps }, updates: failed ? [] : allChanged(), ...counts() });
      return;
    }
    case 'verdicts': {
      const lines: string[] = [];
      for (const s of engine.accounts.values()) lines.push(JSON.stringify(engine.verdictOf(s)));
      for (const c of carried.values()) lines.push(JSON.stringify({ account_id: c.id, verdict: c.verdict, score: c.score, flagged_at: c.flaggedAt, campaign_id: c.campaignId, reasons: c.reasons }));
      post({ t: 'reply', id: m.id, value: lines.join('\n') + (lines.length ? '\n' : '') });
      return;
    }
    case 'campaigns':
      post({ t: 'reply', id: m.id, value: campaignsNow() });
      return;
    case 'account': {
      const s = engine.accounts.get(m.account) ?? carried.get(m.account);
      post({ t: 'reply', id: m.id, value: s ? summaryOf(s) : null });
      return;
    }
    case 'accounts': {
      const out = [];
      for (const s of engine.accounts.values()) out.push(summaryOf(s));
      for (const c of carried.values()) out.push(summaryOf(c));
      post({ t: 'reply', id: m.id, value: out });
      return;
    }
    case 'stats': {
      const h = getHeapStatistics();
      post({ t: 'reply', id: m.id, value: { ...engine.stats, heapUsed: h.used_heap_size } });
      return;
    }
    case 'signatures': {
      const r = parseSignatures(m.file);
      if (r.ok) engine.signatures?.carry(r.index.signatures, 'followed');
      return;
    }
    case 'break':
      // tests only: the next exchange makes the engine throw, as a bug in a detector would
      engine.push = () => {
        throw new Error('engine broke (test)');
      };
      post({ t: 'reply', id: m.id, value: true });
      return;
    case 'close':
      if (sinceSnapshot > 0) snapshot();
      await journal?.close();
      post({ t: 'reply', id: m.id, value: true });
      port.close();
      return;
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  try {
    engine = buildEngine({ config: data.config, disable: data.disable, enable: data.enable, reorderMinutes: 0, sweepMinutes: data.sweepMinutes });
  } catch (e) {
    post({ t: 'init-error', usage: e instanceof EngineBuildError, message: (e as Error).message });
    port.close();
    return;
  }
  for (const a of data.accounts) engine.addAccount(a);
  const t1 = performance.now();
  const restored = data.state ? await restore(data.state) : 0;
  sweepsSeen = engine.stats.sweeps;
  // one file per stretch between snapshots (and per run): the snapshot, not a size, ends a journal file
  if (data.state) journal = new LogWriter(join(data.state, 'journal'), { maxBytes: Infinity });
  // messages are handled one at a time, in the order sent: a query sees every batch sent before it
  let chain = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    chain = chain.then(() => onMessage(m)).catch((e) => post({ t: 'failed', error: (e as Error).stack ?? String(e) }));
  });
  const table: StandingUpdate[] = [];
  for (const s of engine.accounts.values()) {
    const u = changed(s);
    if (u) table.push(u);
  }
  for (const c of carried.values()) table.push(carriedUpdate(c));
  post({ t: 'ready', restored: { exchanges: restored, ms: performance.now() - t0, replayMs: performance.now() - t1 }, table, ...counts() });
}

void main();
