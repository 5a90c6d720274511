/**
 * Starts a gateway: loads the account table, builds the engine as `scan`
 * does, restores state from `--state DIR`, and serves the app until closed.
 *
 * The state directory holds what the engine was fed and what people did:
 * - `journal/`: every exchange the engine took, contract §1 JSON Lines;
 * - `audit.jsonl`: the hash-chained audit log (manual blocks and unblocks,
 *   each account's first automatic block or throttle);
 * - `sweeps.jsonl`: sweeps run on request (`POST /admin/sweep`), by the
 *   journal position they ran at.
 * A restart replays the journal through a fresh engine before it listens, so
 * every account's state and every signature derived from it come back as they
 * were (the engine is deterministic in its input). The cost is the engine's
 * throughput over the journal; see docs/gateway.md for the measured figure.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Pool } from 'undici';
import { parseAccountLine, parseExchangeLine } from '../contract/parse.js';
import type { AccountRecord, Exchange } from '../contract/types.js';
import { AuditLog } from '../audit/audit.js';
import { buildEngine } from '../engine/build.js';
import type { ScanConfig } from '../engine/config.js';
import type { Policy } from '../policy/types.js';
import { readLines } from '../sources/lines.js';
import { createApp } from './app.js';
import { verdictPolicy } from './fallback-policy.js';
import { KeyTable } from './identity.js';
import { LogWriter, logFiles } from './logwriter.js';
import { GatewayMetrics } from './metrics.js';
import { OnlineEngine, type FailMode } from './online.js';

export interface GatewayOptions {
  upstream: string;
  /** HOST:PORT (default 127.0.0.1:8787; port 0 picks a free one) */
  listen?: string;
  accounts?: string;
  policy?: Policy;
  failMode?: FailMode;
  state?: string;
  log?: string;
  /** rotate --log files past this size (default 256 MiB); they also rotate every hour */
  logMaxBytes?: number;
  replayClock?: boolean;
  adminToken?: string;
  maxBodyBytes?: number;
  upstreamTimeoutMs?: number;
  /** upstream connections kept open (default 256) */
  connections?: number;
  config?: ScanConfig;
  disable?: string[];
  enable?: string[];
  sweepMinutes?: number;
  /** the process's default metrics (CPU, memory, event loop); off in tests */
  defaultMetrics?: boolean;
}

export interface Gateway {
  url: string;
  online: OnlineEngine;
  /** exchanges replayed from the state journal at start, and how long that took */
  restored: { exchanges: number; ms: number };
  /** stops accepting, waits for requests in flight, flushes logs and state */
  close(): Promise<void>;
}

/** Unusable options or unreadable input (exit 2). */
export class GatewayError extends Error {}

export interface AccountRow {
  record: AccountRecord;
  apiKeys?: string[];
}

/** Reads the account table (contract §2), keeping `api_keys` for identity only. */
export async function readAccountTable(path: string): Promise<AccountRow[]> {
  if (!existsSync(path)) throw new GatewayError(`cannot read accounts file ${path}: no such file`);
  const rows: AccountRow[] = [];
  for await (const batch of readLines(path)) {
    for (const l of batch) {
      if (l.text === null) throw new GatewayError(`${path}:${l.line}: ${l.reason}`);
      if (!l.text.trim()) continue;
      const r = parseAccountLine(l.text);
      if (!r.ok) throw new GatewayError(`${path}:${l.line}: ${r.reason}`);
      const keys = (JSON.parse(l.text) as { api_keys?: unknown }).api_keys;
      if (keys !== undefined && keys !== null && (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))) throw new GatewayError(`${path}:${l.line}: field "api_keys" must be an array of strings`);
      rows.push({ record: r.value, apiKeys: keys as string[] | undefined });
    }
  }
  return rows;
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
  const engine = buildEngine({ config: o.config, disable: o.disable, enable: o.enable, reorderMinutes: 0, sweepMinutes: o.sweepMinutes });
  for (const r of rows) engine.addAccount(r.record);

  if (o.state) mkdirSync(o.state, { recursive: true });
  const audit = new AuditLog(o.state ? join(o.state, 'audit.jsonl') : null);
  let online: OnlineEngine | null = null;
  const metrics = new GatewayMetrics({ accountsHeld: () => engine.accounts.size, engineFailed: () => online?.failed != null, defaults: o.defaultMetrics });
  online = new OnlineEngine({
    engine,
    policy: o.policy ?? verdictPolicy,
    audit,
    failMode: o.failMode,
    onPush: (ms) => {
      metrics.enginePushSeconds.observe(ms / 1000);
      metrics.engineLag.set(ms / 1000);
    },
    onEngineError: (e) => process.stderr.write(`distillguard gateway: the engine failed; failing ${o.failMode ?? 'open'}: ${(e as Error).stack ?? e}\n`),
  });

  const restored = o.state ? await restore(o.state, online) : { exchanges: 0, ms: 0 };
  const journal = o.state ? new LogWriter(join(o.state, 'journal')) : null;
  const sweepsPath = o.state ? join(o.state, 'sweeps.jsonl') : null;
  const log = o.log ? new LogWriter(o.log, { hourly: true, maxBytes: o.logMaxBytes }) : null;
  let journalled = restored.exchanges;

  let inflight = 0;
  let idle: (() => void) | null = null;
  const dispatcher = new Pool(upstream.origin, { connections: o.connections ?? 256, keepAliveTimeout: 30_000 });
  const app = createApp({
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
      log?.write(ex);
      if (journal) {
        journal.write(ex);
        journalled++;
      }
    },
    inflight: {
      begin: () => void inflight++,
      end: () => {
        if (--inflight === 0 && idle) idle();
      },
    },
    sweepNow: () => {
      online!.engine.finish();
      online!.refreshAll();
      if (sweepsPath) appendFileSync(sweepsPath, JSON.stringify({ after: journalled }) + '\n');
    },
  });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', (e) => reject(new GatewayError(`cannot listen on ${host}:${port}: ${(e as Error).message}`)));
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
        const closed = new Promise<void>((r) => server.close(() => r()));
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        if (inflight > 0) await new Promise<void>((r) => (idle = r));
        await closed;
        await Promise.all([log?.close(), journal?.close(), dispatcher.close()]);
      })();
      return closing;
    },
  };
}

/** Replays the state journal (and the sweeps run on request) through the engine. */
async function restore(state: string, online: OnlineEngine): Promise<{ exchanges: number; ms: number }> {
  const t0 = performance.now();
  const sweepsPath = join(state, 'sweeps.jsonl');
  const sweeps = existsSync(sweepsPath)
    ? readFileSync(sweepsPath, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { after: number }).after)
    : [];
  let n = 0;
  let next = 0;
  const sweepIfDue = () => {
    while (next < sweeps.length && sweeps[next] <= n) {
      online.engine.finish();
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
        online.engine.push(r.value);
        n++;
        sweepIfDue();
      }
    }
  }
  online.refreshAll();
  return { exchanges: n, ms: performance.now() - t0 };
}
