/**
 * A throw-away NATS server with JetStream for tests and benchmarks: Debian's
 * `nats-server` on a free loopback port, its store in a temporary folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../util/port.js';

const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/** The server binary, or null when nats-server is not installed. */
export function natsServerBinary(): string | null {
  return CANDIDATES.find((b) => existsSync(b)) ?? null;
}

export interface LocalNats {
  /** `nats://127.0.0.1:PORT` */
  url: string;
  pid: number;
  dir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const c = createConnection({ port, host: '127.0.0.1' }, () => (c.destroy(), resolve(true)));
  c.once('error', () => resolve(false));
});

/**
 * Starts `nats-server -js` and waits until it accepts connections.
 *
 * @example
 *   const nats = await startLocalNats();
 *   await scan({ ..., nats: { url: nats.url } });
 *   await nats.stop();
 */
export async function startLocalNats(opts: { timeoutMs?: number; maxPayload?: number } = {}): Promise<LocalNats> {
  const bin = natsServerBinary();
  if (!bin) throw new Error('nats-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'dg-nats-'));
  const port = await freePort();
  // max_payload above the 1 MB default so that a batch of long exchanges
  // usually fits one message (the transport splits what does not; tests set
  // it low to make it split)
  writeFileSync(join(dir, 'nats.conf'), `max_payload: ${opts.maxPayload ?? 8 * 1024 * 1024}\n`);
  const child = spawn(bin, ['-js', '-sd', join(dir, 'js'), '-a', '127.0.0.1', '-p', String(port), '-c', join(dir, 'nats.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (!(await accepts(port))) {
    if (exited !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nats-server did not start on port ${port} (exit ${exited}): ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: child.pid!,
    dir,
    async stop() {
      if (exited === undefined) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
