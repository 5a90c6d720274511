/**
 * Starts a gateway: loads the account table, builds the engine as `scan`
 * does, restores state from `--state DIR`, and serves the app until closed.
 *
 * The state directory holds what the engine was fed and what people did:
 * - `snapshot.json`: what the decisions rest on, every `snapshotEvery`
 *   exchanges and at shutdown (src/gateway/snapshot.ts);
 * - `journal/`: the exchanges the engine took since the start of the tail
 *   before that snapshot, contract §1 JSON Lines;
 * - `sweeps.jsonl`: sweeps run on request (`POST /admin/sweep`), by the
 *   journal position they ran at;
 * - `audit.jsonl`: the hash-chained audit log (manual blocks and unblocks,
 *   each account's first automatic block or throttle);
 * - `blocks.json`: the manual block list (src/policy/blocks.ts);
 * - `buckets.json`, `signature-matches.json`: the request thread's throttle
 *   buckets and request-time signature matches, saved beside each snapshot.
 * The engine runs in a worker thread (engine-worker.ts), which writes the
 * journal, sweeps.jsonl and the snapshot. A restart replays the journal
 * through a fresh engine in that worker before the gateway listens, and
 * adopts the snapshot at its place in it: while the journal was never
 * compacted the engine comes back exactly (it is deterministic in its
 * input); after, what snapshot.ts lists comes back exactly and detector
 * state is rebuilt from the tail. See docs/gateway.md for the figures.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type Server as ServerType } from 'node:http';
import { Pool } from 'undici';
import type { AccountRow } from '../contract/parse.js';
import type { AccountRecord, Exchange } from '../contract/types.js';
import { AuditLog } from '../audit/audit.js';
import type { ScanConfig } from '../engine/config.js';
import { createPolicy, ManualBlocks, type BucketsState, type EnforcementPolicy, type Policy, type PolicyFile, type PolicyFileInput } from '../policy/index.js';
import { readAccountRows } from '../sources/accounts.js';
import { InputError } from '../sources/files.js';
import { RequestSignatures } from '../signatures/request.js';
import { createApp } from './app.js';
import { KeyTable } from './identity.js';
import { exchangeLine, LogWriter } from './logwriter.js';
import { GatewayMetrics } from './metrics.js';
import { OnlineEngine, type FailMode } from './online.js';

export interface GatewayOptions {
  upstream: string;
  /** HOST:PORT (default 127.0.0.1:8787; port 0 picks a free one) */
  listen?: string;
  accounts?: string;
  /** a validated policy file (src/policy); without one, the built-in default policy */
  policyFile?: PolicyFile | PolicyFileInput;
  /** a policy object instead of a file (tests); manual blocks are still consulted first */
  policy?: Policy;
  /** overrides the policy file's fail_mode */
  failMode?: FailMode;
  state?: string;
  /**
   * a block list decided elsewhere, followed while the gateway runs: the
   * `blocklist.json` that `distillguard serve` writes on an analyst's block or
   * confirmed campaign (src/policy/blocks.ts `follow`)
   */
  blocklist?: string;
  /**
   * campaign signatures followed while the gateway runs: the `signatures.json`
   * that `distillguard serve` keeps current (or one `scan` wrote); a new
   * account's first request is matched against them (src/signatures/request.ts)
   */
  signatures?: string;
  log?: string;
  /** rotate --log files past this size (default 256 MiB); they also rotate every hour */
  logMaxBytes?: number;
  replayClock?: boolean;
  adminToken?: string;
  maxBodyBytes?: number;
  upstreamTimeoutMs?: number;
  /** with --state: snapshot the engine's state every this many exchanges (default 100,000) */
  snapshotEvery?: number;
  /** with --state: journal exchanges kept before the latest snapshot, replayed at a restart to rebuild detector state (default: snapshotEvery) */
  stateTail?: number;
  /** upstream connections kept open (default 256) */
  connections?: number;
  config?: ScanConfig;
  disable?: string[];
  enable?: string[];
  sweepMinutes?: number;
  /** on close, how long requests in flight may take to finish before their connections are cut (default 30 s) */
  drainTimeoutMs?: number;
  /** the process's default metrics (CPU, memory, event loop); off in tests */
  defaultMetrics?: boolean;
}

export interface Gateway {
  url: string;
  online: OnlineEngine;
  /** exchanges replayed from the state journal at start, and how long that took */
  restored: { exchanges: number; ms: number; replayMs: number };
  /** stops accepting, waits for requests in flight, flushes logs and state */
  close(): Promise<void>;
}

/** Unusable options or unreadable input (exit 2). */
export class GatewayError extends Error {}

/** Reads the account table (contract §2) with each row's `api_keys`; a bad row stops the gateway (exit 2). */
export async function readAccountTable(path: string): Promise<AccountRow[]> {
  try {
    return await readAccountRows(path, (q) => {
      throw new GatewayError(`${path}:${q.line}: ${q.reason}`);
    });
  } catch (e) {
    if (e instanceof InputError) throw new GatewayError(e.message);
    throw e;
  }
}

export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(s);
  if (!m) throw new GatewayError(`--listen must be HOST:PORT, got ${JSON.stringify(s)}`);
  const port = Number(m[3]);
  if (port > 65535) throw new GatewayError(`--listen port out of range: ${port}`);
  return { host: m[1] ?? m[2], port };
}

export async function startGateway(o: GatewayOptions): Promise<Gateway> {
  let upstream: URL;
  try {
    upstream = new URL(o.upstream);
  } catch {
    throw new GatewayError(`--upstream is not a URL: ${JSON.stringify(o.upstream)}`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new GatewayError('--upstream must be an http:// or https:// URL');
  const { host, port } = parseListen(o.listen ?? '127.0.0.1:8787');
  const rows = o.accounts ? await readAccountTable(o.accounts) : [];
  const keys = new KeyTable(rows);

  if (o.state) mkdirSync(o.state, { recursive: true });
  const audit = new AuditLog(o.state ? join(o.state, 'audit.jsonl') : null);
  const blocks = new ManualBlocks(o.state ?? null, audit);
  const unfollow = o.blocklist ? blocks.follow(o.blocklist, (m) => process.stderr.write(`distillguard gateway: --blocklist ${m}\n`)) : undefined;
  const policy: Policy = o.policy ?? createPolicy(o.policyFile, { blocks });
  // throttle buckets as of the last snapshot or shutdown: a restart does not hand every throttled account a full burst
  const bucketsPath = o.state ? join(o.state, 'buckets.json') : null;
  const buckets = policy as Partial<EnforcementPolicy>;
  if (bucketsPath && buckets.loadBuckets && existsSync(bucketsPath)) {
    try {
      buckets.loadBuckets(JSON.parse(readFileSync(bucketsPath, 'utf8')) as BucketsState);
    } catch (e) {
      process.stderr.write(`distillguard gateway: ${bucketsPath} unreadable, throttles start full: ${(e as Error).message}\n`);
    }
  }
  const signatures = o.signatures ? new RequestSignatures() : undefined;
  const unfollowSignatures = o.signatures ? signatures!.follow(o.signatures, (m) => process.stderr.write(`distillguard gateway: --signatures ${m}\n`)) : undefined;
  const matchesPath = o.state ? join(o.state, 'signature-matches.json') : null;
  const writeAtomic = (path: string, text: string) => {
    writeFileSync(path + '.tmp', text);
    renameSync(path + '.tmp', path);
  };
  // beside each snapshot and at shutdown: what the request thread decides on besides the engine's table
  const saveRequestState = () => {
    if (bucketsPath && buckets.saveBuckets) writeAtomic(bucketsPath, JSON.stringify(buckets.saveBuckets()));
    if (matchesPath && online) writeAtomic(matchesPath, JSON.stringify(online.signatureMatches()));
  };
  const fileFailMode = (policy as Partial<EnforcementPolicy>).failMode;
  const failMode: FailMode = o.failMode ?? (fileFailMode === 'fail_closed' ? 'closed' : 'open');
  let online: OnlineEngine | null = null;
  const metrics = new GatewayMetrics({ accountsHeld: () => online?.counts.accounts ?? 0, engineFailed: () => online?.failed != null, defaults: o.defaultMetrics });
  // the engine runs in a worker thread, which replays the state journal before it reports ready
  online = await OnlineEngine.start({
    engine: { config: o.config, disable: o.disable, enable: o.enable, sweepMinutes: o.sweepMinutes, snapshotEvery: o.snapshotEvery, stateTail: o.stateTail },
    accounts: rows.map((r) => r.record),
    state: o.state ?? null,
    policy,
    audit,
    blocks,
    failMode,
    onPush: (ms) => metrics.enginePushSeconds.observe(ms / 1000),
    onLag: (ms) => metrics.engineLag.set(ms / 1000),
    onEngineError: (e) => process.stderr.write(`distillguard gateway: the engine failed; failing ${failMode}: ${(e as Error).stack ?? e}\n`),
    onSnapshot: saveRequestState,
    signatures,
  });
  if (matchesPath && existsSync(matchesPath)) {
    try {
      online.loadSignatureMatches(JSON.parse(readFileSync(matchesPath, 'utf8')) as Parameters<OnlineEngine['loadSignatureMatches']>[0]);
    } catch (e) {
      process.stderr.write(`distillguard gateway: ${matchesPath} unreadable, request-time signature matches start empty: ${(e as Error).message}\n`);
    }
  }
  const restored = online.restored;
  const log = o.log ? new LogWriter(o.log, { hourly: true, maxBytes: o.logMaxBytes }) : null;

  let inflight = 0;
  let idle: (() => void) | null = null;
  const dispatcher = new Pool(upstream.origin, { connections: o.connections ?? 256, keepAliveTimeout: 30_000 });
  const { listener } = createApp({
    upstream,
    dispatcher,
    online,
    keys,
    metrics,
    replayClock: o.replayClock,
    maxBodyBytes: o.maxBodyBytes,
    upstreamTimeoutMs: o.upstreamTimeoutMs,
    adminToken: o.adminToken,
    record: (ex: Exchange) => {
      // serialised once: the same line goes to the log and, through the worker, to the engine and the journal
      const line = exchangeLine(ex);
      log?.writeLine(line);
      online!.pushLine(line);
    },
    inflight: {
      begin: () => void inflight++,
      end: () => {
        if (--inflight === 0 && idle) idle();
      },
    },
    sweepNow: () => online!.sweep(),
  });

  const server: ServerType = await new Promise<ServerType>((resolve, reject) => {
    const s = createServer(listener);
    s.listen(port, host, () => resolve(s));
    s.once('error', (e) => reject(new GatewayError(`cannot listen on ${host}:${port}: ${(e as Error).message}`)));
  }).catch(async (e) => {
    // the engine worker would keep the process up
    unfollow?.();
    unfollowSignatures?.();
    await Promise.all([online!.close(), log?.close(), dispatcher.close()]);
    throw e;
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${addr.port}`,
    online,
    restored,
    close() {
      closing ??= (async () => {
        const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        const closed = new Promise<void>((r) => server.close(() => r()));
        http.closeIdleConnections?.();
        if (inflight > 0) {
          // a stream that never ends must not keep the process up: cut what is left after the drain time
          let cut: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((r) => (idle = r)),
            new Promise<void>((r) => {
              cut = setTimeout(() => {
                http.closeAllConnections?.();
                r();
              }, o.drainTimeoutMs ?? 30_000);
            }),
          ]);
          clearTimeout(cut);
        }
        // keep-alive connections that finished their last request while draining
        http.closeIdleConnections?.();
        await closed;
        unfollow?.();
        unfollowSignatures?.();
        await Promise.all([log?.close(), online!.close(), dispatcher.close()]);
        saveRequestState();
      })();
      return closing;
    },
  };
}
