/**
 * Restarts from the state directory's snapshot and journal tail. A labelled
 * world from the shared corpora is replayed through a gateway that is killed
 * with SIGKILL part way (no shutdown, no last snapshot) and started again on
 * the same state; the decisions after the restart are compared with those of
 * a gateway that ran the whole replay without stopping.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exchange, Label } from '../contract/types.js';
import { simulateWorld } from '../simulate/index.js';
import { exchangeLine } from './logwriter.js';
import { loadAnswers, orderedExchanges, replay, type ReplayDecision } from './replay.js';
import { startGateway } from './server.js';
import { readSnapshot } from './snapshot.js';
import { startStandIn, type StandIn } from './testing/upstream.js';

const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
const skip = existsSync(CORPORA) ? false : `corpora not found at ${CORPORA}; the restart tests are skipped`;
const CLI = fileURLToPath(new URL('./testing/cli.ts', import.meta.url));
/** A short tail: detector state is rebuilt from few exchanges, so what the decisions keep comes from the snapshot */
const TAIL = 50;
const POLICY = { version: 1 as const, rules: [{ id: 'flagged', when: { flagged: true }, action: 'block' as const, mode: 'enforce' as const }] };

interface Child { child: ChildProcess; url: string; err: () => string }

/** The gateway CLI from sources in a process of its own. */
async function spawnGateway(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'gateway', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b) => (err += b));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in 120 s: ${err}`)), 120_000);
    child.stdout!.on('data', (b) => {
      out += b;
      const m = /listening on (http:\/\/\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${err}`));
    });
  });
  return { child, url, err: () => err };
}

async function kill9(c: Child): Promise<void> {
  const gone = new Promise((r) => c.child.once('exit', r));
  c.child.kill('SIGKILL');
  await gone;
}

describe('a gateway killed mid-replay restarts from its snapshot and journal tail', { skip, concurrency: false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-gw-snap-'));
  const world = join(dir, 'world');
  let ordered: Exchange[];
  let labels: Map<string, Label>;
  let up: StandIn;
  /** decisions of a gateway that replayed the whole world without stopping, by exchange id */
  const whole = new Map<string, ReplayDecision>();
  let policyPath: string;

  before(async () => {
    await simulateWorld({ scenario: 'hydra', scale: 0.02, seed: 3, days: 2, corpus: CORPORA, out: world, quiet: true } as Parameters<typeof simulateWorld>[0]);
    labels = new Map(readFileSync(join(world, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => [(JSON.parse(l) as Label).account_id, JSON.parse(l) as Label]));
    ordered = [];
    for await (const b of orderedExchanges([join(world, 'logs.jsonl.gz')], { n: 0 })) ordered.push(...b);
    up = await startStandIn({ answers: await loadAnswers([join(world, 'logs.jsonl.gz')]) });
    policyPath = join(dir, 'policy.json');
    writeFileSync(policyPath, JSON.stringify(POLICY));
    const gw = await startGateway({ upstream: up.url, listen: '127.0.0.1:0', accounts: join(world, 'accounts.jsonl'), policyFile: POLICY, replayClock: true, defaultMetrics: false });
    try {
      await replay({ inputs: [join(world, 'logs.jsonl.gz')], gateway: gw.url, onDecision: (d) => whole.set(d.id, d) });
    } finally {
      await gw.close();
    }
    assert.equal(whole.size, ordered.length);
  });
  after(async () => {
    await up?.close();
  });

  /** Replays the first `cut` exchanges into a gateway on `state`, kills it, restarts it and replays the rest; returns the decisions after the restart. */
  async function interrupted(state: string, cut: number, snapshotEvery: number, tail = snapshotEvery): Promise<{ after: ReplayDecision[]; restoredLine: string }> {
    writeFileSync(join(dir, 'first.jsonl'), ordered.slice(0, cut).map(exchangeLine).join(''));
    writeFileSync(join(dir, 'second.jsonl'), ordered.slice(cut).map(exchangeLine).join(''));
    const args = ['--upstream', up.url, '--listen', '127.0.0.1:0', '--accounts', join(world, 'accounts.jsonl'), '--policy', policyPath, '--replay-clock', '--state', state, '--snapshot-every', String(snapshotEvery), '--state-tail', String(tail)];
    const first = await spawnGateway(args);
    try {
      await replay({ inputs: [join(dir, 'first.jsonl')], gateway: first.url });
      // the batch answered last reaches the journal within the batching delay; then the process dies without shutting down
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await kill9(first);
    }
    const second = await spawnGateway(args);
    const got: ReplayDecision[] = [];
    try {
      await replay({ inputs: [join(dir, 'second.jsonl')], gateway: second.url, onDecision: (d) => got.push(d) });
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
    return { after: got, restoredLine: /restored .*/.exec(second.err())?.[0] ?? '' };
  }

  test('with the journal whole (no compaction yet), every decision after the restart is the uninterrupted run\'s', async () => {
    const state = join(dir, 'state-whole');
    const cut = Math.floor(ordered.length * 0.6);
    const { after: got, restoredLine } = await interrupted(state, cut, 10 * ordered.length);
    assert.match(restoredLine, new RegExp(`restored ${cut} exchange`));
    assert.equal(got.length, ordered.length - cut);
    const differ = got.filter((d) => d.decision !== whole.get(d.id)!.decision);
    assert.deepEqual(differ.map((d) => `${d.id} ${d.account_id}: ${d.decision}, uninterrupted ${whole.get(d.id)!.decision}`), []);
    assert.ok(got.some((d) => d.decision === 'block'), 'no refusal after the restart: the comparison proves little');
  });

  test('after snapshots that compacted the journal, the restart replays only the tail, and decides as the uninterrupted run', async (t) => {
    const state = join(dir, 'state-compacted');
    const every = 80;
    const cut = Math.floor(ordered.length * 0.6);
    const { after: got, restoredLine } = await interrupted(state, cut, every, TAIL);
    const snap = readSnapshot(state)!;
    assert.ok(snap && !snap.complete, 'the journal was never compacted: the test does not test the snapshot');
    // the restart replayed the tail and what followed the snapshot, not the whole journal
    const restored = Number(/restored (\d+)/.exec(restoredLine)?.[1]);
    assert.ok(restored < cut && restored <= every + TAIL, `${restoredLine} (cut at ${cut}, snapshot every ${every}, tail ${TAIL})`);
    t.diagnostic(`${ordered.length} exchanges, cut at ${cut}, ${restoredLine}`);
    assert.ok(readdirSync(join(state, 'journal')).length <= 3, 'old journal files removed');
    assert.equal(got.length, ordered.length - cut);
    const differ = got.filter((d) => d.decision !== whole.get(d.id)!.decision);
    const refusedBenign = got.filter((d) => d.decision === 'block' && labels.get(d.account_id)?.label === 'benign');
    assert.deepEqual(refusedBenign.map((d) => d.account_id), [], 'benign accounts refused after the restart');
    assert.deepEqual(differ.map((d) => `${d.id} ${d.account_id} (${labels.get(d.account_id)?.label}): ${d.decision}, uninterrupted ${whole.get(d.id)!.decision}`), []);
    assert.ok(got.some((d) => d.decision === 'block'), 'no refusal after the restart: the comparison proves little');
  });
});
