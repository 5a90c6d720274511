import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateWorld } from '../simulate/index.js';
import { corporaDir } from '../features/corpora.js';
import { extractFeatures, evidenceExcerpt } from '../features/index.js';
import { xorshift32 } from '../util/random.js';
import type { Exchange } from '../contract/types.js';
import { scan } from './scan.js';
import { PartitionRouter, partitionOf, type PartitionDown, type PartitionUp } from './partitioned.js';
import type { PartitionTransport } from './transport.js';
import type { Prepared } from './engine.js';

const OUTPUTS = ['verdicts.jsonl', 'campaigns.json', 'signatures.json'];
const corpus = corporaDir();
const skip = corpus ? false : 'shared corpora absent (../shared/corpora): the partitioned-scan identity test needs real prompt text';

/**
 * Partitions that answer after random delays, each in its own order: the
 * partitions' answers reach the router interleaved differently from how
 * they were sent, as worker threads' do under load.
 */
class ShuffledTransport implements PartitionTransport<PartitionDown, PartitionUp> {
  private handler: (p: number, m: PartitionUp) => void = () => {};
  private readonly queues: PartitionUp[][];
  private readonly rnd: () => number;
  readonly sent: number[];

  constructor(readonly partitions: number, seed: number) {
    this.queues = Array.from({ length: partitions }, () => []);
    this.sent = new Array<number>(partitions).fill(0);
    this.rnd = xorshift32(seed);
  }

  send(p: number, m: PartitionDown): void {
    if (m.kind !== 'exchanges') return;
    this.sent[p] += m.exs.length;
    this.queues[p].push({ kind: 'prepared', n: m.exs.length, items: m.exs.map((ex) => ({ ex, f: extractFeatures(ex), excerpt: evidenceExcerpt(ex) })) });
    // each partition answers in order, but when is up to chance
    setTimeout(() => this.handler(p, this.queues[p].shift()!), Math.floor(this.rnd() * 5));
  }

  onMessage(h: (p: number, m: PartitionUp) => void): void {
    this.handler = h;
  }

  onError(): void {}

  async close(): Promise<void> {}
}

test('the router hands the engine every exchange in the order it released them, however the partitions interleave their answers', async () => {
  const T0 = Date.parse('2026-05-04T00:00:00Z');
  const rnd = xorshift32(9);
  // arrival a little out of order, as logs of several servers are
  const exs: Exchange[] = [];
  for (let i = 0; i < 3000; i++) {
    const tsMs = T0 + i * 1000 + Math.floor(rnd() * 120_000);
    exs.push({ id: `x${i}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: `acct${Math.floor(rnd() * 40)}`, request: { messages: [{ role: 'user', content: `question ${i}` }] } });
  }
  const ids = (n: number, seed: number) => {
    const got: string[] = [];
    const router = new PartitionRouter(new ShuffledTransport(n, seed), (p: Prepared) => got.push(p.ex.id), { reorderMs: 5 * 60_000, sweeping: true, batch: 16 });
    return { got, router };
  };
  const one = ids(1, 1);
  for (const ex of exs) one.router.push({ tsMs: ex.tsMs, ex });
  await one.router.finish();
  assert.equal(one.got.length, exs.length);
  // the reorder buffer did reorder: the order released is not the order of arrival
  assert.notDeepEqual(one.got, exs.map((e) => e.id));
  for (const [n, seed] of [[2, 2], [3, 3], [5, 4]]) {
    const r = ids(n, seed);
    for (const ex of exs) {
      r.router.push({ tsMs: ex.tsMs, ex });
      if (r.router.inFlight > 200) await r.router.settle(100);
    }
    await r.router.finish();
    assert.deepEqual(r.got, one.got, `${n} partitions`);
    assert.ok(r.router.epochs > 0, 'epochs were marked');
  }
});

test('accounts spread over the partitions, each always to the same one', () => {
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[partitionOf(`acct_${i}`, 3)]++;
  for (const c of counts) assert.ok(c > 800 && c < 1200, `partition sizes ${counts}`);
  assert.equal(partitionOf('acct_17', 3), partitionOf('acct_17', 3));
});

test('scan --partitions 1, 2 and 3 write the verdicts, campaigns and signatures one engine writes, byte for byte', { skip, timeout: 20 * 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-partitioned-'));
  let campaigns = 0;
  let flagged = 0;
  for (const [scenario, scale, seed] of [['hydra', 0.02, 5], ['mixed', 0.02, 6]] as const) {
    const w = join(dir, scenario);
    await simulateWorld({ scenario, scale, seed, days: 3, corpus: corpus!, out: w });
    const run = async (name: string, extra: { workers?: number; partitions?: number; disable?: string[]; enable?: string[] }) => {
      const out = join(dir, `${scenario}-${name}`);
      const s = await scan({ inputs: [join(w, 'logs.jsonl.gz')], accounts: join(w, 'accounts.jsonl'), out, store: false, ...extra });
      return { out, s };
    };
    const base = await run('default', {});
    campaigns += base.s.campaigns;
    flagged += base.s.flagged;
    for (const n of [1, 2, 3]) {
      const p = await run(`p${n}`, { partitions: n });
      assert.equal(p.s.exchanges, base.s.exchanges);
      assert.equal(p.s.sweeps, base.s.sweeps, `${scenario}: sweeps with ${n} partitions`);
      for (const f of OUTPUTS) assert.ok(readFileSync(join(p.out, f)).equals(readFileSync(join(base.out, f))), `${scenario}: ${f} differs with ${n} partitions`);
    }
    // the families that change what crosses: no linkage (no sweep, yet the last epoch ends), no model (the default reads campaign sizes and address holders)
    const families: [string, { disable?: string[]; enable?: string[] }][] = [['nolinkage', { disable: ['linkage'] }], ['nomodel', { disable: ['model'] }]];
    for (const [name, extra] of families) {
      const one = await run(`${name}-default`, extra);
      const two = await run(`${name}-p2`, { ...extra, partitions: 2 });
      for (const f of OUTPUTS) assert.ok(readFileSync(join(two.out, f)).equals(readFileSync(join(one.out, f))), `${scenario}: ${f} differs with 2 partitions, ${name}`);
    }
  }
  // the worlds are not trivial: something to agree about
  assert.ok(campaigns > 0 && flagged > 0, `campaigns ${campaigns}, flagged ${flagged}`);
});
