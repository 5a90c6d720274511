/**
 * A partition as its own process (`distillguard partition --nats URL --index
 * p --of N`): it takes what the router sends partition p from its durable
 * pull consumer on `dg.ex.<p>`, hands each message to the partition's own
 * module (src/engine/partition-worker.ts, the one `scan --partitions` runs as
 * a thread, here in a worker thread of this process: the same code path) and
 * publishes what the module answers on the run's subject `dg.up.<run>.<p>`,
 * numbered in the order the module answered.
 *
 * A run's first message to each partition (sequence number 0) is its hello:
 * the `workerData` the module starts with (what `ThreadTransport` gives a
 * thread). A new hello starts a fresh module: the process serves scan after
 * scan.
 *
 * Killed at any point, it is restarted (by hand, by a supervisor, or by
 * `scan --nats` for the partitions it spawned) and replays the run: it
 * recreates its consumer from the first frame of `dg.ex.<p>` (the router
 * purges the subject when a run starts, so that is the run's hello), and the
 * module, given the same messages in the same order, gives the same answers
 * with the same numbers. Those the router already has are dropped, by the
 * stream's duplicate window (same message id) or by the router's gate (same
 * sequence number): nothing is lost or counted twice, and nothing of the
 * partition's state needs to survive the kill. The replay costs the run so
 * far; a snapshot of the module's state would bound it (docs/operations.md
 * "Partitions", "Still to build"). Acknowledgements only pace delivery.
 */
import type { Worker } from 'node:worker_threads';
import { connect, type JetStreamManager } from 'nats';
import { startWorker } from '../../util/worker.js';
import { partitionWorkerUrl } from '../partitioned.js';
import { DEFAULT_STREAM, PUBLISH_TIMEOUT_MS, Gate, H_ERROR, H_OF, consumerConfig, consumerName, encodeFrames, ensureStream, framePos, upSubject } from './wire.js';
import { headers } from 'nats';

/** A run's first message to each partition. */
export interface Hello {
  /** what the partition's module is started with, besides its index and the number of partitions */
  workerData: Record<string, unknown>;
}

export interface PartitionProcessOptions {
  url: string;
  /** this partition, 0 .. of - 1 */
  index: number;
  /** how many partitions the scan has: the router's --partitions */
  of: number;
  stream?: string;
  /** how long a frame taken and not acknowledged stays with this process before JetStream gives it out again (default 30 s; a restart does not wait for it) */
  ackWaitMs?: number;
  /** the partition's module (default src/engine/partition-worker) */
  workerUrl?: URL;
  /** stops the partition: resolves `runPartition` once closed */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** Recreates the partition's durable consumer at the first frame of its subject: a restarted partition replays the run. */
async function replayConsumer(jsm: JetStreamManager, stream: string, p: number, ackWaitMs: number): Promise<void> {
  await jsm.consumers.delete(stream, consumerName(p)).catch(() => false);
  await jsm.consumers.add(stream, consumerConfig(p, ackWaitMs));
}

/**
 * Serves partition `index` until `signal` aborts. Rejects when the
 * partition's module fails or an answer cannot be published: the process
 * should exit and be restarted, which is safe at any point.
 *
 * @example
 *   const stop = new AbortController();
 *   process.once('SIGTERM', () => stop.abort());
 *   await runPartition({ url: 'nats://127.0.0.1:4222', index: 0, of: 2, signal: stop.signal });
 */
export async function runPartition(opts: PartitionProcessOptions): Promise<void> {
  const { index: p, of } = opts;
  if (!(Number.isInteger(p) && Number.isInteger(of) && p >= 0 && p < of)) throw new Error(`--index ${p} must be between 0 and --of ${of} - 1`);
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const stream = opts.stream ?? DEFAULT_STREAM;
  const ackWaitMs = opts.ackWaitMs ?? 30_000;
  const nc = await connect({ servers: opts.url.split(','), name: `distillguard-partition-${p}` });
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream({ timeout: PUBLISH_TIMEOUT_MS });
  const maxPayload = nc.info?.max_payload ?? 1024 * 1024;
  await ensureStream(jsm, stream);
  await replayConsumer(jsm, stream, p, ackWaitMs);
  log(`partition ${p} of ${of}: reading ${stream} dg.ex.${p} from its first frame`);
  const messages = await (await js.consumers.get(stream, consumerName(p))).consume({ max_messages: 16 });

  let run: string | null = null;
  let gate: Gate<null> | null = null;
  let worker: Worker | null = null;
  let failure: Error | null = null;
  let stopping = false;
  const stop = () => {
    stopping = true;
    messages.stop();
  };
  const fail = (e: Error) => {
    failure ??= e;
    stop();
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  const tell = async (r: string, error: string) => {
    const h = headers();
    h.set(H_ERROR, error);
    await js.publish(upSubject(r, p), new Uint8Array(0), { headers: h, msgID: `${r}.up.${p}.error` }).catch(() => {});
  };

  const startRun = async (r: string, hello: Hello) => {
    if (worker) await worker.terminate();
    run = r;
    let answered = 0;
    const w = startWorker(opts.workerUrl ?? partitionWorkerUrl(), { ...hello.workerData, partition: p, partitions: of });
    worker = w;
    w.on('error', fail);
    w.on('message', (up: unknown) => {
      if (worker !== w || stopping) return;
      const frames = encodeFrames(up, r, answered++, `${r}.up.${p}`, maxPayload);
      for (const f of frames) js.publish(upSubject(r, p), f.data, { msgID: f.msgID, headers: f.headers }).catch(fail);
    });
    log(`partition ${p} of ${of}: run ${r}`);
  };

  for await (const m of messages) {
    const pos = framePos(m.headers);
    if (!pos) {
      m.term();
      continue;
    }
    if (Number(m.headers?.get(H_OF)) !== of) {
      await tell(pos.run, `started with --of ${of} but the scan has ${m.headers?.get(H_OF)} partitions`);
      m.term();
      continue;
    }
    if (pos.run !== run) {
      if (pos.seq !== 0 || pos.chunk !== 0) {
        // a frame of a scan that has ended, or of one whose start is no longer in the stream
        if (run === null) await tell(pos.run, `partition ${p} restarted and found its first message of the scan gone from the stream: it cannot replay it`);
        m.ack();
        continue;
      }
      run = pos.run;
      gate = new Gate<null>(0);
    }
    const { messages: whole } = gate!.take(pos, m.data, null);
    m.ack();
    for (const x of whole) {
      if (x.seq === 0) await startRun(pos.run, x.message as Hello);
      else worker!.postMessage(x.message);
    }
  }
  if (worker) await (worker as Worker).terminate();
  await nc.drain().catch(() => {});
  if (failure) throw failure;
}
