/**
 * The world: builds the accounts and actors of a scenario, then streams their
 * exchanges in event-time order into `logs.jsonl.gz`, with the few seconds of
 * disorder real log shippers add. One heap entry per actor and a small buffer of
 * lines waiting to be shipped: memory follows accounts, not exchanges.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzip } from 'node:zlib';
import { once } from 'node:events';
import type { Actor, Env } from './actor.js';
import { iso, newAccount } from './actor.js';
import { TimeHeap } from '../util/heap.js';
import { type Call, type Ctx, type Models, type SimAccount } from './kit.js';
import { LineWriter, writeRecord } from './line.js';
import { PERSONA_BUILDERS, PERSONAS } from './personas.js';
import { Rng } from './rng.js';
import { findScenario, SCENARIOS } from './scenarios.js';
import { STRATEGY_BUILDERS } from './strategies.js';
import { loadCorpus } from './text/bank.js';
import { builtinBank } from './text/builtin.js';

const DAY = 86_400_000;

export interface SimulateOptions {
  scenario: string;
  scale: number;
  /**
   * multiplier on the benign personas only (default 1): the campaigns stay
   * those of `scale` and `seed`, so a verdict can be compared across
   * population sizes
   */
  background?: number;
  seed: number;
  days?: number;
  /** directory of corpora shaped like shared/corpora/<name>/prompts.jsonl; built-in text when absent */
  corpus?: string;
  out: string;
  /** gzip level of logs.jsonl.gz (1 fastest, 9 smallest); default 1 */
  gzipLevel?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface GroupCount {
  accounts: number;
  exchanges: number;
}

/** manifest.json: what the world holds, for evaluation and for reading counts without scanning logs. */
export interface Manifest {
  version: 1;
  scenario: string;
  seed: number;
  scale: number;
  /** multiplier on the benign personas (1 unless asked) */
  background: number;
  days: number;
  start: string;
  end: string;
  /** when the `next` model was released */
  release_at: string;
  models: Models;
  text: string;
  accounts: number;
  /** accounts with at least one exchange in the logs */
  accounts_active: number;
  exchanges: number;
  /** uncompressed bytes of logs.jsonl.gz */
  log_bytes: number;
  campaign_accounts: number;
  campaign_exchanges: number;
  benign_accounts: number;
  benign_exchanges: number;
  personas: Record<string, GroupCount>;
  strategies: Record<string, GroupCount & { campaigns: number }>;
  campaigns: { campaign_id: string; strategy: string; accounts: number; exchanges: number }[];
  files: { logs: string; accounts: string; labels: string };
}

/** Bad options: the message names what was wrong. */
export class SimulateError extends Error {}

const FAMILIES = ['aurora', 'atlas', 'nimbus', 'sol', 'kestrel', 'lumen', 'vega', 'orca'];

function validate(o: SimulateOptions): void {
  if (!findScenario(o.scenario)) throw new SimulateError(`unknown scenario "${o.scenario}"; valid scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  if (typeof o.scale !== 'number' || !Number.isFinite(o.scale) || o.scale <= 0 || o.scale > 100) throw new SimulateError(`scale must be a number in (0, 100], got ${o.scale}`);
  if (o.background !== undefined && (typeof o.background !== 'number' || !Number.isFinite(o.background) || o.background <= 0 || o.background * o.scale > 100)) throw new SimulateError(`background must be a number > 0 with background × scale ≤ 100, got ${o.background}`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new SimulateError(`seed must be a non-negative integer, got ${o.seed}`);
  if (o.days !== undefined && (!Number.isFinite(o.days) || o.days <= 0 || o.days > 400)) throw new SimulateError(`days must be a number in (0, 400], got ${o.days}`);
  if (!o.out) throw new SimulateError('an output directory is required');
  if (o.gzipLevel !== undefined && (!Number.isInteger(o.gzipLevel) || o.gzipLevel < 0 || o.gzipLevel > 9)) throw new SimulateError(`gzip level must be 0..9, got ${o.gzipLevel}`);
}

/**
 * Builds a labelled world into `opts.out`: logs.jsonl.gz, accounts.jsonl,
 * labels.jsonl and manifest.json. The same options give the same bytes.
 *
 * @example
 *   const m = await simulateWorld({ scenario: 'mixed', scale: 0.05, seed: 7, out: 'world/' });
 *   console.log(m.exchanges, m.campaigns.length);
 */
export async function simulateWorld(opts: SimulateOptions): Promise<Manifest> {
  validate(opts);
  const scenario = findScenario(opts.scenario)!;
  const days = opts.days ?? scenario.defaultDays;
  const bank = opts.corpus ? loadCorpus(opts.corpus).bank : builtinBank(opts.seed);

  const wr = new Rng(opts.seed, 'world');
  const start = Date.UTC(2026, 0, 5) + wr.int(120) * DAY;
  const end = start + Math.round(days * DAY);
  const releaseAt = start + wr.range(0.35, 0.6) * (end - start);
  const fam = wr.pick(FAMILIES);
  const ver = wr.between(2, 4);
  const models: Models = { large: `${fam}-${ver}-pro`, small: `${fam}-${ver}-mini`, next: `${fam}-${ver + 1}-pro` };

  const accounts: SimAccount[] = [];
  const actors: Actor[] = [];
  const env: Env = {
    seed: opts.seed, start, end, days, releaseAt, models, bank,
    addAccount(rng, fields, label, group, keys) {
      const a = newAccount(rng, accounts.length, fields, label, group, keys);
      accounts.push(a);
      return a;
    },
    addActor(a) {
      actors.push(a);
    },
  };
  const comp = scenario.compose(opts.scale);
  // the benign side composed at its own size; campaigns keep their own streams (keyed by strategy and index), so they are the same at every size
  const personas = (opts.background ?? 1) === 1 ? comp.personas : scenario.compose(opts.scale * opts.background!).personas;
  for (const p of PERSONAS) {
    const u = personas[p];
    if (!u) continue;
    for (let i = 0; i < u.n; i++) PERSONA_BUILDERS[p](env, new Rng(opts.seed, `persona/${p}/${i}`), u.vol);
  }
  comp.campaigns.forEach((c, i) => STRATEGY_BUILDERS[c.strategy](env, new Rng(opts.seed, `campaign/${c.strategy}/${i}`), { accounts: c.accounts, perAccountDay: c.perAccountDay, framework: c.framework }));

  await mkdir(opts.out, { recursive: true });
  // the account table in sign-up order, so its order says nothing about who is who
  const byCreated = accounts.slice().sort((a, b) => (a.record.created_at < b.record.created_at ? -1 : a.record.created_at > b.record.created_at ? 1 : a.record.account_id < b.record.account_id ? -1 : 1));
  await writeFile(join(opts.out, 'accounts.jsonl'), byCreated.map((a) => JSON.stringify(a.record)).join('\n') + '\n');
  const byId = accounts.slice().sort((a, b) => (a.record.account_id < b.record.account_id ? -1 : 1));
  await writeFile(join(opts.out, 'labels.jsonl'), byId.map((a) => JSON.stringify(a.label)).join('\n') + '\n');

  let total = 0;
  for (const a of actors) total += a.expected;
  total = Math.round(total);

  const { count: exchanges, bytes } = await streamLogs(opts, actors, { start, end, releaseAt, models, bank }, total);

  const manifest = summarise(opts, days, start, end, releaseAt, models, bank.source, accounts, exchanges, bytes);
  await writeFile(join(opts.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

let stampSec = NaN;
let stampPrefix = '';

/** RFC 3339 with milliseconds, reusing the formatted second: most exchanges share one with a neighbour. */
function stamp(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== stampSec) {
    stampSec = sec;
    stampPrefix = new Date(sec * 1000).toISOString().slice(0, 20);
  }
  const frac = ms - sec * 1000;
  return `${stampPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}

/**
 * Lines waiting for their (slightly late) shipping time, as bytes in slabs: a
 * slab is reused once every line in it has shipped, so memory follows the lines
 * of the last few seconds, and no string or buffer is allocated per line.
 */
class ShipBuffer {
  private static SLAB = 1 << 20;
  private heap = new TimeHeap(4096);
  private slabOf: number[] = [];
  private offOf: number[] = [];
  private lenOf: number[] = [];
  private free: number[] = [];
  private slabs: Buffer[] = [];
  private refs: number[] = [];
  private freeSlabs: number[] = [];
  private cur = -1;
  private curOff = 0;

  /** Lines are written by `w` straight into the current slab. */
  readonly w = new LineWriter(0);
  private lineStart = 0;

  constructor() {
    this.w.relocate = (need) => this.relocate(need);
  }

  private newSlab(len: number): void {
    const old = this.cur;
    if (len > ShipBuffer.SLAB) {
      // cannot happen with logger-capped contents; a one-off slab, never reused
      this.slabs.push(Buffer.allocUnsafe(len));
      this.refs.push(0);
      this.cur = this.slabs.length - 1;
    } else if (this.freeSlabs.length) this.cur = this.freeSlabs.pop()!;
    else {
      this.slabs.push(Buffer.allocUnsafe(ShipBuffer.SLAB));
      this.refs.push(0);
      this.cur = this.slabs.length - 1;
    }
    this.curOff = 0;
    if (old >= 0 && this.refs[old] === 0 && this.slabs[old].length === ShipBuffer.SLAB) this.freeSlabs.push(old);
  }

  /** The line being written does not fit: moves what is written so far to a fresh slab. */
  private relocate(need: number): void {
    const w = this.w;
    const done = w.off - this.lineStart;
    const from = w.buf;
    const start = this.lineStart;
    this.newSlab(Math.max(done + need, 64 << 10));
    from.copy(this.slabs[this.cur], 0, start, start + done);
    w.buf = this.slabs[this.cur];
    w.off = done;
    this.lineStart = 0;
  }

  /** Starts a line: write it with `w`, then `commit`. */
  begin(): LineWriter {
    if (this.cur < 0) this.newSlab(0);
    this.w.buf = this.slabs[this.cur];
    this.w.off = this.curOff;
    this.lineStart = this.curOff;
    return this.w;
  }

  /** Keeps the line just written until `ship`. */
  commit(ship: number): void {
    const s = this.cur;
    const slot = this.free.length ? this.free.pop()! : this.slabOf.length;
    this.slabOf[slot] = s;
    this.offOf[slot] = this.lineStart;
    this.lenOf[slot] = this.w.off - this.lineStart;
    this.curOff = this.w.off;
    this.refs[s]++;
    this.heap.push(ship, slot);
  }

  /** Hands `put` every line shipped at or before `t`, in shipping order. */
  drain(t: number, put: (slab: Buffer, off: number, len: number) => void): void {
    while (this.heap.size && this.heap.peekTime() <= t) {
      const slot = this.heap.pop();
      const s = this.slabOf[slot];
      put(this.slabs[s], this.offOf[slot], this.lenOf[slot]);
      this.free.push(slot);
      if (--this.refs[s] === 0 && s !== this.cur && this.slabs[s].length === ShipBuffer.SLAB) this.freeSlabs.push(s);
    }
  }
}

/**
 * Writes gzip in independent members compressed on the libuv thread pool, in
 * order: one gzip stream compresses on a single thread and would cap the whole
 * simulator. A multi-member file is plain gzip (RFC 1952 §2.2); gunzip, zcat and
 * Node's zlib read it as one stream.
 */
class GzipMembers {
  private file: WriteStream;
  private inflight: Promise<Buffer>[] = [];
  private closed: Promise<unknown[]>;
  constructor(path: string, private level: number, private parallel = 3) {
    this.file = createWriteStream(path);
    this.closed = once(this.file, 'close');
  }
  private spare: Buffer[] = [];
  /** A buffer of `size` bytes to fill, reused once its member is compressed: fresh pages cost more than the copy into them. */
  take(size: number): Buffer {
    const b = this.spare.pop();
    return b && b.length === size ? b : Buffer.allocUnsafe(size);
  }
  /** Starts compressing `chunk` (the first `len` bytes of `whole`, handed back to `take` once compressed); the caller must then await `settle()`. */
  push(whole: Buffer, len = whole.length): void {
    // a large output chunk: fewer callbacks and copies on the main thread
    this.inflight.push(
      new Promise((res, rej) =>
        gzip(whole.subarray(0, len), { level: this.level, chunkSize: 1 << 20 }, (e, out) => {
          if (e) return rej(e);
          if (this.spare.length < this.parallel + 1) this.spare.push(whole);
          res(out);
        }),
      ),
    );
  }
  get busy(): boolean {
    return this.inflight.length >= this.parallel;
  }
  /** Writes finished members in order until fewer than `keep` are in flight. */
  async settle(keep = this.parallel - 1): Promise<void> {
    while (this.inflight.length > keep) {
      const out = await this.inflight.shift()!;
      if (!this.file.write(out)) await once(this.file, 'drain');
    }
  }
  async close(): Promise<void> {
    await this.settle(0);
    this.file.end();
    await this.closed;
  }
}

async function streamLogs(opts: SimulateOptions, actors: Actor[], w: Omit<Ctx, 'emit'>, total: number): Promise<{ count: number; bytes: number }> {
  const gz = new GzipMembers(join(opts.out, 'logs.jsonl.gz'), opts.gzipLevel ?? 1);
  const rng = new Rng(opts.seed, 'log');
  const ship = new ShipBuffer();
  let count = 0;
  const ctx: Ctx = {
    ...w,
    emit(acc: SimAccount, t: number, call: Call) {
      const ms = Math.round(t);
      writeRecord(ship.begin(), rng, acc, `req_${rng.b32(20)}`, stamp(ms), call);
      acc.exchanges++;
      count++;
      // the shipper's delay: usually well under a second, now and then a few seconds
      const delay = rng.chance(0.05) ? rng.range(1000, 5000) : rng.exp(400);
      ship.commit(ms + Math.min(5000, delay));
    },
  };

  const heap = new TimeHeap(actors.length + 1);
  for (let i = 0; i < actors.length; i++) {
    const t = actors[i].first(ctx);
    if (t < w.end) heap.push(t, i);
  }

  // shipped lines are copied into a large chunk, compressed as one gzip member
  const CHUNK = 4 << 20;
  let buf = gz.take(CHUNK);
  let off = 0;
  let lastReport = 0;
  let bytes = 0;
  const flush = () => {
    if (off === 0) return;
    bytes += off;
    gz.push(buf, off);
    buf = gz.take(CHUNK);
    off = 0;
  };
  const put = (slab: Buffer, from: number, len: number) => {
    if (off + len > CHUNK) flush();
    if (len > CHUNK) {
      // cannot happen with logger-capped contents; kept so a huge line is never cut
      bytes += len;
      gz.push(Buffer.from(slab.subarray(from, from + len)));
      return;
    }
    slab.copy(buf, off, from, from + len);
    off += len;
  };

  while (heap.size) {
    const t = heap.peekTime();
    const id = heap.pop();
    ship.drain(t, put);
    // bounded memory: wait for compression when enough chunks are in flight
    if (gz.busy) await gz.settle();
    const next = actors[id].step(ctx, t);
    if (next < w.end) heap.push(Math.max(next, t), id);
    if (opts.onProgress && count - lastReport >= 50_000) {
      lastReport = count;
      opts.onProgress(count, Math.max(total, count));
    }
  }
  ship.drain(Infinity, put);
  flush();
  await gz.close();
  opts.onProgress?.(count, count);
  return { count, bytes };
}

function summarise(opts: SimulateOptions, days: number, start: number, end: number, releaseAt: number, models: Models, text: string, accounts: SimAccount[], exchanges: number, bytes: number): Manifest {
  const personas: Record<string, GroupCount> = {};
  const strategies: Record<string, GroupCount & { campaigns: number }> = {};
  const campaigns = new Map<string, { campaign_id: string; strategy: string; accounts: number; exchanges: number }>();
  let active = 0;
  let ca = 0, ce = 0, ba = 0, be = 0;
  for (const a of accounts) {
    if (a.exchanges > 0) active++;
    if (a.label.label === 'campaign') {
      ca++;
      ce += a.exchanges;
      const s = (strategies[a.group] ??= { campaigns: 0, accounts: 0, exchanges: 0 });
      s.accounts++;
      s.exchanges += a.exchanges;
      const id = a.label.campaign_id!;
      let c = campaigns.get(id);
      if (!c) {
        c = { campaign_id: id, strategy: a.group, accounts: 0, exchanges: 0 };
        campaigns.set(id, c);
        s.campaigns++;
      }
      c.accounts++;
      c.exchanges += a.exchanges;
    } else {
      ba++;
      be += a.exchanges;
      const p = (personas[a.group] ??= { accounts: 0, exchanges: 0 });
      p.accounts++;
      p.exchanges += a.exchanges;
    }
  }
  return {
    version: 1,
    scenario: opts.scenario,
    seed: opts.seed,
    scale: opts.scale,
    background: opts.background ?? 1,
    days,
    start: iso(start),
    end: iso(end),
    release_at: iso(Math.round(releaseAt)),
    models,
    text: text.startsWith('corpus:') ? 'corpus' : text,
    accounts: accounts.length,
    accounts_active: active,
    exchanges,
    log_bytes: bytes,
    campaign_accounts: ca,
    campaign_exchanges: ce,
    benign_accounts: ba,
    benign_exchanges: be,
    personas,
    strategies,
    campaigns: [...campaigns.values()],
    files: { logs: 'logs.jsonl.gz', accounts: 'accounts.jsonl', labels: 'labels.jsonl' },
  };
}
