/**
 * The partitions of `scan --nats URL --partitions N` as child processes of
 * the scan (`distillguard partition ...`), for one machine. A child that
 * dies is started again: it replays the scan from its first message
 * (src/engine/nats/partition.ts), so the scan goes on with nothing lost or
 * counted twice. Partitions on other machines are started there instead and
 * the scan given `--nats-external`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The command that runs `distillguard partition`: the built CLI, or the TypeScript sources through tsx (tests, dev). */
function partitionCommand(): string[] {
  const self = import.meta.url;
  const ts = self.endsWith('.ts');
  const entry = fileURLToPath(new URL(ts ? '../../cli/partition-main.ts' : '../../cli/partition-main.js', self));
  return [...(ts ? ['--import', 'tsx'] : []), entry];
}

export interface SpawnedPartitions {
  /** the children's process ids, by partition (the current child after a restart) */
  pids(): number[];
  /** how many times a child was started again */
  restarts: number;
  /** Stops the children (SIGTERM) and waits for them. */
  stop(): Promise<void>;
}

/** How often one partition is started again before the scan gives up on it. */
const MAX_RESTARTS = 5;

/**
 * Starts `of` partition processes against `url`.
 *
 * @example
 *   const parts = spawnPartitions({ url, of: 2, onFail: (e) => ... });
 *   ...
 *   await parts.stop();
 */
export function spawnPartitions(opts: { url: string; of: number; stream?: string; onFail: (e: Error) => void; log?: (line: string) => void }): SpawnedPartitions {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const children: ChildProcess[] = [];
  const restarts = new Array<number>(opts.of).fill(0);
  let stopping = false;
  const start = (p: number) => {
    const args = [...partitionCommand(), '--nats', opts.url, '--index', String(p), '--of', String(opts.of), '--quiet'];
    if (opts.stream) args.push('--stream', opts.stream);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    children[p] = child;
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (restarts[p] >= MAX_RESTARTS) return opts.onFail(new Error(`partition ${p} exited (${signal ?? code}) ${MAX_RESTARTS + 1} times`));
      restarts[p]++;
      result.restarts++;
      log(`partition ${p} exited (${signal ?? code}); starting it again`);
      start(p);
    });
  };
  const result: SpawnedPartitions = {
    restarts: 0,
    pids: () => children.map((c) => c.pid ?? -1),
    async stop() {
      stopping = true;
      await Promise.all(children.map((c) => c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => {
        c.once('exit', r);
        c.kill('SIGTERM');
      })));
    },
  };
  for (let p = 0; p < opts.of; p++) start(p);
  return result;
}
