/**
 * `PartitionTransport` over NATS JetStream (scan --nats URL): the router's
 * side. What it sends partition p is published in order on `dg.ex.<p>` of
 * the stream (message ids of the run, partition and sequence number, so a
 * repeat is dropped by the duplicate window); the partitions' answers are
 * read back from the run's own subjects `dg.up.<run>.*` with an ordered
 * consumer and put back in order per partition by sequence number, repeats
 * dropped (src/engine/nats/wire.ts). The partitions are processes started
 * with `distillguard partition --nats URL --index p --of N`
 * (src/engine/nats/partition.ts), here or on other machines; a partition
 * killed and restarted replays the scan from its first message (the hello
 * `open` sends each partition) and its answers the router already has are
 * dropped.
 *
 * ```ts
 * const t = await NatsTransport.open({ url: 'nats://127.0.0.1:4222', partitions: 2 });
 * const router = new PartitionRouter(t, deliver, opts);
 * ```
 */
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection, type JetStreamClient, type JetStreamManager, type ConsumerMessages } from 'nats';
import type { PartitionTransport } from '../transport.js';
import type { Hello } from './partition.js';
import { DEFAULT_STREAM, H_ERROR, H_OF, PUBLISH_TIMEOUT_MS, Gate, downSubject, encodeFrames, ensureStream, framePos } from './wire.js';

export interface NatsTransportOptions {
  /** the NATS server, `nats://host:port` (several separated by commas) */
  url: string;
  partitions: number;
  /** the JetStream stream (default `DG`); one scan at a time per stream */
  stream?: string;
  /** after this long without an answer to what was sent, say which partitions are silent (default 30 s) */
  stallNoticeMs?: number;
  /** where the stall notice goes (default stderr) */
  log?: (line: string) => void;
  /** what each partition's module starts with, as `ThreadTransport`'s `workerData` (structured-cloneable) */
  workerData?: Record<string, unknown>;
}

export class NatsTransport<Down, Up> implements PartitionTransport<Down, Up> {
  readonly partitions: number;
  /** this scan's id: its answers come on `dg.up.<run>.*` */
  readonly run: string;
  private handler: (partition: number, message: Up) => void = () => {};
  private errorHandler: (e: Error) => void = () => {};
  private failed = false;
  private closing = false;
  private readonly sent: number[];
  private readonly gates: Gate<null>[];
  /** per partition, since when something it was sent has had no answer after it (0: nothing) */
  private readonly silentSince: number[];
  private readonly publishing = new Set<Promise<unknown>>();
  private readonly maxPayload: number;
  private answers: ConsumerMessages | null = null;
  private reading: Promise<void> = Promise.resolve();
  private stallTimer: NodeJS.Timeout | null = null;
  private readonly noticed = new Set<number>();

  private constructor(private readonly nc: NatsConnection, private readonly js: JetStreamClient, private readonly jsm: JetStreamManager, private readonly stream: string, private readonly opts: NatsTransportOptions) {
    this.partitions = opts.partitions;
    this.run = randomBytes(6).toString('hex');
    this.sent = new Array<number>(this.partitions).fill(0);
    this.silentSince = new Array<number>(this.partitions).fill(0);
    this.gates = Array.from({ length: this.partitions }, () => new Gate<null>(0));
    this.maxPayload = nc.info?.max_payload ?? 1024 * 1024;
  }

  /** Connects, makes the stream if it is absent, drops what an earlier scan left for the partitions and starts reading answers. */
  static async open<Down, Up>(opts: NatsTransportOptions): Promise<NatsTransport<Down, Up>> {
    const nc = await connect({ servers: opts.url.split(','), name: 'distillguard-scan' });
    try {
      const jsm = await nc.jetstreamManager();
      const stream = opts.stream ?? DEFAULT_STREAM;
      await ensureStream(jsm, stream);
      // frames of a scan that died would otherwise reach this scan's partitions first
      await jsm.streams.purge(stream, { filter: 'dg.ex.*' });
      const t = new NatsTransport<Down, Up>(nc, nc.jetstream({ timeout: PUBLISH_TIMEOUT_MS }), jsm, stream, opts);
      await t.startReading();
      // each partition's first message (sequence number 0) is the hello: a restarted partition replays from it
      for (let p = 0; p < t.partitions; p++) t.publish(p, { workerData: opts.workerData ?? {} } satisfies Hello, false);
      return t;
    } catch (e) {
      await nc.close();
      throw e;
    }
  }

  private async startReading(): Promise<void> {
    const consumer = await this.js.consumers.get(this.stream, { filterSubjects: `dg.up.${this.run}.*` });
    this.answers = await consumer.consume();
    const answers = this.answers;
    this.reading = (async () => {
      for await (const m of answers) {
        const p = Number(m.subject.slice(m.subject.lastIndexOf('.') + 1));
        const err = m.headers?.get(H_ERROR);
        if (err) {
          this.fail(new Error(`partition ${p}: ${err}`));
          continue;
        }
        const pos = framePos(m.headers);
        if (!pos || !(p >= 0 && p < this.partitions)) continue;
        this.silentSince[p] = 0;
        this.noticed.delete(p);
        for (const out of this.gates[p].take(pos, m.data, null).messages) this.handler(p, out.message as Up);
      }
    })().catch((e: Error) => this.fail(e));
    const every = this.opts.stallNoticeMs ?? 30_000;
    this.stallTimer = setInterval(() => this.noticeStalls(every), Math.min(every, 5000));
    this.stallTimer.unref();
  }

  private noticeStalls(every: number): void {
    const now = Date.now();
    const log = this.opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
    for (let p = 0; p < this.partitions; p++) {
      // sent something since its last answer and still silent (a partition need not answer every message, but it does not sit on them)
      const since = this.silentSince[p];
      if (since > 0 && now - since > every && !this.noticed.has(p)) {
        this.noticed.add(p);
        log(`waiting for partition ${p}: no answer for ${Math.round((now - since) / 1000)} s; is \`distillguard partition --nats URL --index ${p} --of ${this.partitions}\` running?`);
      }
    }
  }

  /** Ends the scan with `e` (a partition that cannot be kept running). */
  abort(e: Error): void {
    this.fail(e);
  }

  private fail(e: Error): void {
    if (this.failed || this.closing) return;
    this.failed = true;
    this.errorHandler(e);
  }

  send(partition: number, message: Down): void {
    this.publish(partition, message, true);
  }

  /** `answered`: whether the partition is expected to say something after it (the hello gets no answer) */
  private publish(partition: number, message: unknown, answered: boolean): void {
    if (answered && this.silentSince[partition] === 0) this.silentSince[partition] = Date.now();
    const seq = this.sent[partition]++;
    const frames = encodeFrames(message, this.run, seq, `${this.run}.${partition}`, this.maxPayload, { [H_OF]: String(this.partitions) });
    for (const f of frames) {
      const pub = this.js.publish(downSubject(partition), f.data, { msgID: f.msgID, headers: f.headers });
      this.publishing.add(pub);
      pub.then(() => this.publishing.delete(pub), (e: Error) => (this.publishing.delete(pub), this.fail(e)));
    }
  }

  onMessage(handler: (partition: number, message: Up) => void): void {
    this.handler = handler;
  }

  onError(handler: (e: Error) => void): void {
    this.errorHandler = handler;
  }

  /** Stops reading, removes the run's messages from the stream and disconnects. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.stallTimer) clearInterval(this.stallTimer);
    await Promise.allSettled([...this.publishing]);
    this.answers?.stop();
    await this.reading;
    try {
      await this.jsm.streams.purge(this.stream, { filter: `dg.up.${this.run}.*` });
      await this.jsm.streams.purge(this.stream, { filter: 'dg.ex.*' });
    } catch {
      // the scan is over; a stream that cannot be purged now ages out
    }
    await this.nc.close();
  }
}
