import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'nats';
import { simulateWorld } from '../../simulate/index.js';
import { corporaDir } from '../../features/corpora.js';
import { scan } from '../scan.js';
import { natsServerBinary, startLocalNats } from './local-server.js';
import { consumerName } from './wire.js';

const OUTPUTS = ['verdicts.jsonl', 'campaigns.json', 'signatures.json'];
const corpus = corporaDir();
const skip = !natsServerBinary()
  ? 'nats-server is not installed (Debian package nats-server): the partitions-over-NATS tests need a real server'
  : !corpus ? 'shared corpora absent (../shared/corpora): the partitions-over-NATS tests need real prompt text' : false;

const same = (a: string, b: string, what: string) => {
  for (const f of OUTPUTS) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${what}: ${f} differs`);
};

test('scan --nats --partitions 2 writes the verdicts, campaigns and signatures one engine writes, byte for byte', { skip, timeout: 20 * 60_000 }, async () => {
  // a low max_payload: batches are split into several frames on the way and back
  const nats = await startLocalNats({ maxPayload: 256 * 1024 });
  const dir = mkdtempSync(join(tmpdir(), 'dg-nats-scan-'));
  try {
    let campaigns = 0;
    let flagged = 0;
    for (const [scenario, scale, seed] of [['hydra', 0.02, 5], ['mixed', 0.02, 6]] as const) {
      const w = join(dir, scenario);
      await simulateWorld({ scenario, scale, seed, days: 3, corpus: corpus!, out: w });
      const run = (name: string, extra: object) => scan({ inputs: [join(w, 'logs.jsonl.gz')], accounts: join(w, 'accounts.jsonl'), out: join(dir, `${scenario}-${name}`), store: false, ...extra });
      const base = await run('default', {});
      campaigns += base.campaigns;
      flagged += base.flagged;
      const over = await run('nats', { partitions: 2, nats: { url: nats.url } });
      assert.equal(over.exchanges, base.exchanges);
      assert.equal(over.sweeps, base.sweeps);
      same(join(dir, `${scenario}-default`), join(dir, `${scenario}-nats`), scenario);
    }
    assert.ok(campaigns > 0 && flagged > 0, `campaigns ${campaigns}, flagged ${flagged}`);
  } finally {
    await nats.stop();
  }
});

const PARTITION_MAIN = fileURLToPath(new URL('../../cli/partition-main.ts', import.meta.url));

/**
 * An ack wait far longer than the rest of the scan takes: a restarted
 * partition must not wait for JetStream to give out again what its
 * predecessor held (it recreates its consumer and replays the run).
 */
const ACK_WAIT_S = 150;

function startPartition(url: string, index: number, of: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', PARTITION_MAIN, '--nats', url, '--index', String(index), '--of', String(of), '--ack-wait-seconds', String(ACK_WAIT_S), '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

test('a partition process killed with SIGKILL mid-scan and started again: the same outputs, nothing lost or counted twice', { skip, timeout: 20 * 60_000 }, async () => {
  const nats = await startLocalNats();
  const dir = mkdtempSync(join(tmpdir(), 'dg-nats-kill-'));
  const parts: ChildProcess[] = [];
  const nc = await connect({ servers: nats.url });
  try {
    const w = join(dir, 'world');
    await simulateWorld({ scenario: 'hydra', scale: 0.04, seed: 8, days: 3, corpus: corpus!, out: w });
    const opts = (name: string) => ({ inputs: [join(w, 'logs.jsonl.gz')], accounts: join(w, 'accounts.jsonl'), out: join(dir, name), store: false as const });
    const base = await scan(opts('default'));
    for (let p = 0; p < 2; p++) parts.push(startPartition(nats.url, p, 2));
    let done = false;
    const scanning = scan({ ...opts('killed'), partitions: 2, nats: { url: nats.url, external: true } }).finally(() => (done = true));
    // once partition 0 has taken part of its share, freeze it so that it holds
    // frames taken and not acknowledged, then kill it
    const jsm = await nc.jetstreamManager();
    const info = () => jsm.consumers.info('DG', consumerName(0)).catch(() => null);
    let acked = 0;
    while (acked < 10) {
      assert.ok(!done, 'the scan ended before partition 0 could be killed: make the world larger');
      acked = (await info())?.ack_floor.consumer_seq ?? 0;
      await new Promise((r) => setTimeout(r, 5));
    }
    parts[0].kill('SIGSTOP');
    let pending = 0;
    for (const until = Date.now() + 30_000; pending === 0; await new Promise((r) => setTimeout(r, 20))) {
      assert.ok(Date.now() < until, 'partition 0 took nothing more before the end: make the world larger');
      pending = (await info())?.num_ack_pending ?? 0;
    }
    parts[0].kill('SIGKILL');
    await new Promise((r) => parts[0].once('exit', r));
    assert.ok(!done, 'killed mid-scan');
    await new Promise((r) => setTimeout(r, 300));
    parts[0] = startPartition(nats.url, 0, 2);
    // a partition that lost messages leaves the scan waiting for answers that never come
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([scanning, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the scan did not finish within ${ACK_WAIT_S / 2} s of the restart: messages lost, or waited for the ack wait`)), ACK_WAIT_S * 500)))]);
    clearTimeout(timer);
    assert.equal(killed.exchanges, base.exchanges);
    assert.equal(killed.sweeps, base.sweeps);
    same(join(dir, 'default'), join(dir, 'killed'), `killed after ${acked} acknowledged, ${pending} taken`);
    assert.ok(base.flagged > 0 && base.campaigns > 0);
  } finally {
    await nc.close();
    for (const c of parts) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await nats.stop();
  }
});
