/**
 * A partition as its own process (`distillguard partition --nats URL --index
 * p --of N`): it takes what the router sends partition p from its durable
 * pull consumer on `dg.ex.<p>`, hands each message to the partition's own
 * module (src/engine/partition-worker.ts, the one `scan --partitions` runs as
 * a thread, here in a worker thread of this process: the same code path),
 * publishes each answer on the run's subject `dg.up.<run>.<p>` and only then
 * acknowledges the message's frames.
 *
 * Killed at any point, it is restarted (by hand, by a supervisor, or by
 * `scan --nats` for the partitions it spawned) and resumes: it recreates its
 * consumer from the consumer's ack floor, so JetStream delivers again every
 * frame not yet acknowledged, at once rather than after the ack wait. A
 * message answered but not acknowledged before the kill is answered again
 * with the same message id, which the stream's duplicate window drops, and
 * the router's gate drops what slips past it (src/engine/nats/wire.ts).
 *
 * Each message gets exactly one answer, in order (an epoch's end gets
 * `epoch`, exchanges get `prepared`): that is how this side knows which
 * message an answer settles. The partition's module holds no state between
 * messages, so what a restart replays is simply done again; a partition that
 * keeps account state needs a snapshot before it acknowledges
 * (docs/operations.md "Partitions", "Transport").
 */
import type { Worker } from 'node:worker_threads';
import { connect, type JsMsg, type JetStreamManager } from 'nats';
import { startWorker } from '../transport.js';
import { partitionWorkerUrl } from '../partitioned.js';
import { DEFAULT_STREAM, Gate, H_ERROR, H_OF, consumerConfig, consumerName, encodeFrames, ensureStream, framePos, upSubject } from './wire.js';
import { headers } from 'nats';

export interface PartitionProcessOptions {
  url: string;
  /** this partition, 0 .. of - 1 */
  index: number;
  /** how many partitions the scan has: the router's --partitions */
  of: number;
  stream?: string;
  /** how long a frame taken and not acknowledged stays with this process before JetStream gives it out again (default 30 s) */
  ackWaitMs?: number;
  /** the partition's module (default src/engine/partition-worker) */
  workerUrl?: URL;
  /** stops the partition: resolves `runPartition` once closed */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** Recreates the partition's durable consumer from its ack floor, so that what a killed predecessor took and did not acknowledge comes again now. */
async function resumeConsumer(jsm: JetStreamManager, stream: string, p: number, ackWaitMs: number): Promise<number | null> {
  let from: number | undefined;
  try {
    const ci = await jsm.consumers.info(stream, consumerName(p));
    from = ci.ack_floor.stream_seq + 1;
    await jsm.consumers.delete(stream, consumerName(p));
  } catch {
    // no consumer yet: it starts at the stream's first message
  }
  await jsm.consumers.add(stream, consumerConfig(p, ackWaitMs, from));
  return from ?? null;
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
  const js = nc.jetstream();
  const maxPayload = nc.info?.max_payload ?? 1024 * 1024;
  await ensureStream(jsm, stream);
  const from = await resumeConsumer(jsm, stream, p, ackWaitMs);
  log(`partition ${p} of ${of}: reading ${stream} dg.ex.${p}${from === null ? '' : ` from stream sequence ${from}`}`);
  const messages = await (await js.consumers.get(stream, consumerName(p))).consume({ max_messages: 16 });

  let run: string | null = null;
  let gate: Gate<JsMsg> | null = null;
  let worker: Worker | null = null;
  /** messages handed to the module and not yet answered, in order: their frames (every delivery of each) */
  let owed: { seq: number; msgs: JsMsg[] }[] = [];
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    messages.stop();
  };
  opts.signal?.addEventListener('abort', () => messages.stop(), { once: true });

  const startRun = async (r: string, firstSeq: number) => {
    if (worker) await worker.terminate();
    // what an abandoned run still owed is no longer wanted
    for (const o of owed) for (const m of o.msgs) m.ack();
    owed = [];
    run = r;
    gate = new Gate<JsMsg>(firstSeq);
    const w = startWorker(opts.workerUrl ?? partitionWorkerUrl(), { partition: p, partitions: of });
    worker = w;
    w.on('error', fail);
    w.on('message', (up: unknown) => {
      if (worker !== w) return;
      const o = owed.shift();
      if (!o) return fail(new Error('the partition module answered a message it was not given'));
      const frames = encodeFrames(up, r, o.seq, `${r}.up.${p}`, maxPayload);
      const pubs = frames.map((f) => js.publish(upSubject(r, p), f.data, { msgID: f.msgID, headers: f.headers }));
      // acknowledged only once the answer is stored; last frame first, so the ack floor never passes a message half acknowledged
      Promise.all(pubs).then(() => {
        for (let i = o.msgs.length - 1; i >= 0; i--) o.msgs[i].ack();
      }, fail);
    });
    log(`partition ${p} of ${of}: run ${r} from message ${firstSeq}`);
  };

  for await (const m of messages) {
    const pos = framePos(m.headers);
    if (!pos) {
      m.term();
      continue;
    }
    if (Number(m.headers?.get(H_OF)) !== of) {
      const h = headers();
      h.set(H_ERROR, `started with --of ${of} but the scan has ${m.headers?.get(H_OF)} partitions`);
      await js.publish(upSubject(pos.run, p), new Uint8Array(0), { headers: h, msgID: `${pos.run}.up.${p}.error` }).catch(() => {});
      m.term();
      continue;
    }
    if (pos.run !== run) {
      if (run === null || (pos.seq === 0 && pos.chunk === 0)) await startRun(pos.run, pos.seq);
      else {
        // a frame of a scan that has ended
        m.ack();
        continue;
      }
    }
    const { messages: whole, dropped } = gate!.take(pos, m.data, m);
    if (dropped) {
      // delivered again while its first delivery is still being worked on, or after it was answered
      const o = owed.find((x) => x.seq === pos.seq);
      if (o) o.msgs.push(m);
      else m.ack();
      continue;
    }
    for (const x of whole) {
      owed.push({ seq: x.seq, msgs: x.tags });
      worker!.postMessage(x.message);
    }
  }
  if (worker) await (worker as Worker).terminate();
  await nc.drain().catch(() => {});
  if (failure) throw failure;
}
