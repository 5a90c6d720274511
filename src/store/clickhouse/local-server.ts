/**
 * A throw-away ClickHouse server for tests and benchmarks: Debian's
 * `clickhouse-server` started on free loopback ports with its data, logs and
 * config in a temporary folder, so it neither needs nor touches the system
 * service (/etc/clickhouse-server, port 8123).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../util/port.js';

const CANDIDATES = ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', '/usr/bin/clickhouse'];

/** The server binary and the arguments that start it, or null when ClickHouse is not installed. */
export function clickhouseServerCommand(): { bin: string; args: string[] } | null {
  for (const bin of CANDIDATES) {
    if (!existsSync(bin)) continue;
    // the single `clickhouse` binary of newer packages takes the tool name first
    return { bin, args: bin.endsWith('/clickhouse') ? ['server'] : [] };
  }
  return null;
}

export interface LocalClickHouse {
  /** `clickhouse://default@127.0.0.1:PORT/` plus the database given to `location` */
  location(database: string, user?: { name: string; password: string }): string;
  httpPort: number;
  /** the server's process id (benchmarks read its CPU time) */
  pid: number;
  /** a user with a password, for tests of authentication */
  user: { name: string; password: string };
  dir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a server and waits until `/ping` answers.
 *
 * @example
 *   const ch = await startLocalClickHouse();
 *   const store = await openStore({ kind: 'clickhouse', url: ch.location('t1') });
 *   ...
 *   await ch.stop();
 */
export async function startLocalClickHouse(opts: { timeoutMs?: number } = {}): Promise<LocalClickHouse> {
  const cmd = clickhouseServerCommand();
  if (!cmd) throw new Error('clickhouse-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'dg-clickhouse-'));
  const httpPort = await freePort();
  const tcpPort = await freePort();
  const user = { name: 'dg_test', password: 'Pa55-word' };
  // The native-protocol port is required by 18.16; nothing here uses it.
  // No interserver port: a single server replicates nothing.
  writeFileSync(
    join(dir, 'config.xml'),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
</yandex>
`,
  );
  writeFileSync(
    join(dir, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <${user.name}><password>${user.password}</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></${user.name}>
  </users>
  <quotas><default></default></quotas>
</yandex>
`,
  );
  const child: ChildProcess = spawn(cmd.bin, [...cmd.args, `--config-file=${join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) {
      const err = existsSync(join(dir, 'server.err.log')) ? readFileSync(join(dir, 'server.err.log'), 'utf8').slice(-2000) : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`clickhouse-server exited (code ${exited}) before answering: ${stderr}${err}`);
    }
    const ok = await fetch(`http://127.0.0.1:${httpPort}/ping`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`clickhouse-server did not answer /ping on port ${httpPort} within ${opts.timeoutMs ?? 60_000} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    httpPort,
    pid: child.pid ?? -1,
    user,
    dir,
    location: (database, u) => `clickhouse://${u ? `${encodeURIComponent(u.name)}:${encodeURIComponent(u.password)}` : 'default'}@127.0.0.1:${httpPort}/${database}`,
    stop: async () => {
      if (exited === undefined) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
