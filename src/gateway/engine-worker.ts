/**
 * The gateway's engine, in a worker thread: features, account state,
 * detectors, cross-account sweeps and signatures all run here, so a sweep
 * over 100k accounts (seconds) never holds up an answer. The request thread
 * sends completed exchanges in batches, as the §1 lines it also writes to its
 * log, and keeps a standing table (src/gateway/online.ts) that this worker
 * updates after every batch and every sweep.
 *
 * The worker also owns the state journal and sweeps.jsonl: it writes each line
 * as the engine takes it, so a restart replays exactly what the engine saw, in
 * the order it saw it, sweeps included.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
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
import { matchedSignature } from '../signatures/index.js';
import { LogWriter, logFiles } from './logwriter.js';
import type { FromWorker, StandingUpdate, ToWorker } from './worker-protocol.js';

export interface EngineWorkerData {
  config?: ScanConfig;
  disable?: string[];
  enable?: string[];
  sweepMinutes?: number;
  accounts: AccountRecord[];
  state: string | null;
}


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
let journalled = 0;
let sweepsSeen = 0;
const sent = new Map<string, Sent>();


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

/** Every account whose standing moved: after a sweep, which can move any account. */
function allChanged(): StandingUpdate[] {
  const out: StandingUpdate[] = [];
  for (const s of engine.accounts.values()) {
    const u = changed(s);
    if (u) out.push(u);
  }
  return out;
}

function counts() {
  return { accounts: engine.accounts.size, exchanges: engine.stats.exchanges, sweeps: engine.stats.sweeps };
}

function sweep(): void {
  engine.finish();
  if (journal) appendFileSync(join(data.state!, 'sweeps.jsonl'), JSON.stringify({ after: journalled }) + '\n');
}

/** Replays the state journal (and the sweeps run on request) through the engine. */
async function restore(state: string): Promise<number> {
  const sweepsPath = join(state, 'sweeps.jsonl');
  const sweeps = existsSync(sweepsPath)
    ? readFileSync(sweepsPath, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { after: number }).after)
    : [];
  let n = 0;
  let next = 0;
  const sweepIfDue = () => {
    while (next < sweeps.length && sweeps[next] <= n) {
      engine.finish();
      next++;
    }
  };
  sweepIfDue();
  for (const file of logFiles(join(state, 'journal'))) {
    for await (const batch of readLines(file)) {
      for (const l of batch) {
        // a line cut short by a crash is the only kind a journal can hold badly: skip it
        if (l.text === null || !l.text) continue;
        const r = parseExchangeLine(l.text);
        if (!r.ok) continue;
        engine.push(r.value);
        n++;
        sweepIfDue();
      }
    }
  }
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
      journalled++;
    }
    if (failed) continue;
    const r = parseExchangeLine(line);
    if (!r.ok) continue;
    const t0 = performance.now();
    try {
      engine.push(r.value);
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
      post({ t: 'reply', id: m.id, value: lines.join('\n') + (lines.length ? '\n' : '') });
      return;
    }
    case 'campaigns':
      post({ t: 'reply', id: m.id, value: engine.campaignList() });
      return;
    case 'account': {
      const s = engine.accounts.get(m.account);
      post({ t: 'reply', id: m.id, value: s ? { id: s.id, n: s.n, firstMs: s.firstMs, verdict: s.verdict, score: s.score, flaggedAt: s.flaggedAt, campaignId: s.campaignId } : null });
      return;
    }
    case 'accounts': {
      const out = [];
      for (const s of engine.accounts.values()) out.push({ id: s.id, n: s.n, firstMs: s.firstMs, verdict: s.verdict, score: s.score, flaggedAt: s.flaggedAt, campaignId: s.campaignId });
      post({ t: 'reply', id: m.id, value: out });
      return;
    }
    case 'stats': {
      const h = getHeapStatistics();
      post({ t: 'reply', id: m.id, value: { ...engine.stats, heapUsed: h.used_heap_size } });
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
  const restored = data.state ? await restore(data.state) : 0;
  journalled = restored;
  sweepsSeen = engine.stats.sweeps;
  if (data.state) journal = new LogWriter(join(data.state, 'journal'));
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
  post({ t: 'ready', restored: { exchanges: restored, ms: performance.now() - t0 }, table, ...counts() });
}

void main();
