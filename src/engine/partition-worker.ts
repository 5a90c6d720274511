/**
 * An account partition's thread (scan --partitions): it takes the exchanges
 * of the accounts that hash to it, in the router's order, and computes their
 * features and evidence excerpts, the bulk of the per-exchange work
 * (bench/stages: features 78 of ~200 µs an exchange). What it hands back
 * keeps the order it was given, so the router merges the partitions by
 * sequence number (src/engine/partitioned.ts). The account state, detectors
 * and verdicts stay with the engine on the main thread for now: the sweep
 * reads and re-judges accounts synchronously (docs/operations.md
 * "Partitions", "Still to build").
 */
import { parentPort } from 'node:worker_threads';
import { extractFeatures, evidenceExcerpt } from '../features/index.js';
import { ItemPacker, packedTransfer } from './handoff.js';
import type { PartitionDown, PartitionUp } from './partitioned.js';
import type { WorkerItem } from './pool.js';

const port = parentPort;
if (!port) throw new Error('partition-worker must run in a worker thread');

port.on('message', (m: PartitionDown) => {
  if (m.kind === 'epoch') {
    const up: PartitionUp = { kind: 'epoch', epoch: m.epoch };
    port.postMessage(up);
    return;
  }
  if (m.keepText) {
    // the store keeps the texts: whole objects travel back
    const items: WorkerItem[] = m.exs.map((ex) => ({ ex, f: extractFeatures(ex), excerpt: evidenceExcerpt(ex) }));
    const up: PartitionUp = { kind: 'prepared', n: items.length, items };
    port.postMessage(up);
    return;
  }
  const pack = new ItemPacker(m.exs.length);
  for (const ex of m.exs) pack.push(ex, extractFeatures(ex), evidenceExcerpt(ex));
  const packed = pack.finish();
  const up: PartitionUp = { kind: 'prepared', n: packed.n, packed };
  port.postMessage(up, packedTransfer(packed));
});
