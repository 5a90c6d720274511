/**
 * Starts the service on a socket: opens the Service (replaying its journal),
 * mounts the API, optionally watches a directory, and closes all of it in
 * order on `close()`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Tokens } from './auth.js';
import { Service, type ServiceOptions } from './service.js';
import { DirectoryWatcher } from './watch.js';

export interface ServerOptions extends ServiceOptions {
  host: string;
  /** 0 picks a free port */
  port: number;
  tokens: Tokens;
  watch?: string;
  consoleDir?: string;
}

export interface RunningServer {
  url: string;
  service: Service;
  close(): Promise<void>;
}

/** Parses `HOST:PORT` (`[::1]:8788` for IPv6); throws a message naming the problem. */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--listen must be HOST:PORT (e.g. 127.0.0.1:8788), got ${JSON.stringify(s)}`);
  return { host: m[1] ?? m[2], port };
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const service = await Service.open(o);
  const app = createApp({ service, tokens: o.tokens, consoleDir: o.consoleDir, log: o.log });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: o.host, port: o.port }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (e) => {
    await service.close();
    throw e;
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const watcher = o.watch ? new DirectoryWatcher(o.watch, service, `${o.store}.watch.json`, o.log) : null;
  watcher?.start();
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${addr.port}`,
    service,
    close: () =>
      (closing ??= (async () => {
        await watcher?.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await service.close();
      })()),
  };
}
