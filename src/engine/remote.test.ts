import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScoringConfig } from '../scoring/score.js';
import type { AccountState } from '../state/account.js';
import type { LinkageCoordinator, SweepNeed } from './coordinator.js';
import { RemoteSide, type CoordinatorDown } from './remote.js';
import { partitionOf } from './partitioned.js';

function side(partitions: number) {
  const sent: { p: number; m: CoordinatorDown }[] = [];
  const remote = new RemoteSide({ partitions, send: (p, m) => sent.push({ p, m }) }, ScoringConfig.parse({}), new Set());
  // what the sweep's requests read of the coordinator
  remote.connect({ note: () => {}, campaignSize: () => 3, addressHolders: () => 1, campaignSizes: () => new Map([['c1', 3]]), knownIds: () => [], signatures: undefined, pending: new Map() } as unknown as LinkageCoordinator);
  return { remote, sent };
}

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

test('a sweep step that reads verdicts waits for the partitions to answer the evaluations asked before it, and sees their verdicts', async () => {
  const { remote, sent } = side(2);
  for (const id of ids) remote.take({ tsMs: 0, ex: { id: `x${id}`, ts: '', tsMs: 0, account_id: id }, f: {} as never });
  const seen: string[] = [];
  function* steps(): Generator<SweepNeed, void, void> {
    for (const id of ids) remote.evaluate({ id, campaignId: 'c1', linkScore: 0.8, linkReasons: [], campaignReviewOnly: false } as unknown as AccountState, 't', 1);
    yield { kind: 'verdicts' };
    for (const id of ids) seen.push(remote.mirrors.get(id)!.verdict);
  }
  let done = false;
  const run = remote.sweep(steps(), 0).then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false, 'the sweep waits for the answers');
  const commands = sent.filter((x) => x.m.kind === 'commands');
  // each partition got its own accounts' requests, in the order asked
  for (const { p, m } of commands) {
    if (m.kind !== 'commands') continue;
    assert.ok(m.cmds.every((c) => partitionOf(c.id, 2) === p));
    assert.deepEqual(m.cmds.map((c) => c.op === 'evaluate' && c.size), m.cmds.map(() => 3));
    remote.receive(p, { kind: 'judged', list: m.cmds.map((c) => ({ id: c.id, score: 0.9, localScore: 0.5, verdict: 'block', flaggedAt: 't' })) });
  }
  await run;
  assert.deepEqual(seen, ids.map(() => 'block'));
  // then what the sweep published, to every partition
  assert.deepEqual(sent.filter((x) => x.m.kind === 'resume').map((x) => x.p), [0, 1]);
});

test('a partition that fails fails the coordinator waiting for it, instead of leaving it waiting', async () => {
  const { remote } = side(2);
  const waiting = remote.epochEnd(0);
  remote.receive(0, { kind: 'summaries', epoch: 0, s: { ids: [], nums: new Float64Array(0), verdicts: [], flaggedAt: [], textAt: new Uint32Array(1), texts: new Uint32Array(0), memberships: [] } });
  remote.fail(new Error('partition 1 exited with code 1'));
  await assert.rejects(waiting, /partition 1 exited/);
});
