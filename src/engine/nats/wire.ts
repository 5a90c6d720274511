/**
 * What a partitioned scan puts on NATS JetStream, shared by the router's
 * transport (transport.ts) and the partition process (partition.ts):
 *
 * - stream `DG` (by default), limits retention, file storage;
 * - `dg.ex.<p>`: what the router sends partition p, in order;
 * - `dg.up.<run>.<p>`: what partition p answers, on a subject of the run
 *   so that a new scan never reads an old one's answers;
 * - each message is one frame of a v8-serialized message (split when it is
 *   larger than the server's max_payload), with headers run, sequence number
 *   per partition and direction, and chunk; its JetStream message id is made
 *   of the same, so a frame published twice (a partition restarted between
 *   answering and acknowledging) is dropped by the stream's duplicate window,
 *   and the reader's `Gate` drops what slips past it.
 */
import { serialize, deserialize } from 'node:v8';
import { headers, nanos, AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type JetStreamManager, type MsgHdrs, type ConsumerConfig } from 'nats';

export const DEFAULT_STREAM = 'DG';
export const H_RUN = 'Dg-Run';
export const H_SEQ = 'Dg-Seq';
export const H_CHUNK = 'Dg-Chunk';
export const H_OF = 'Dg-Of';
export const H_ERROR = 'Dg-Error';

/**
 * How long a publish waits for JetStream to store it before the scan (or
 * partition) fails: the client's 5 s default was short for a loaded 2-core
 * machine writing batches of 400 KB to the file store; a minute still ends
 * a scan whose server is gone.
 */
export const PUBLISH_TIMEOUT_MS = 60_000;

export const downSubject = (p: number) => `dg.ex.${p}`;
export const upSubject = (run: string, p: number) => `dg.up.${run}.${p}`;
export const consumerName = (p: number) => `dg-p${p}`;

/**
 * Stream limits: a scan's messages are purged when it ends; these bound what
 * a scan that died leaves behind. Two minutes of duplicate window: longer
 * than a partition takes to be restarted in the tests and by `scan --nats`
 * (the gates drop older repeats anyway).
 */
const STREAM_MAX_AGE_MS = 24 * 3600_000;
const DUPLICATE_WINDOW_MS = 2 * 60_000;

/** Creates the stream unless it exists (partitions starting together may race to make it: the loser finds it made). */
export async function ensureStream(jsm: JetStreamManager, stream: string): Promise<void> {
  const exists = () => jsm.streams.info(stream).then(() => true, () => false);
  if (await exists()) return;
  try {
    await jsm.streams.add({
      name: stream,
      subjects: ['dg.ex.*', 'dg.up.*.*'],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(STREAM_MAX_AGE_MS),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
  } catch (e) {
    if (!(await exists())) throw e;
  }
}

/**
 * Partition p's durable pull consumer. A few frames in flight so the
 * partition never waits on a round trip; `ackWaitMs` is how long a frame
 * taken and not acknowledged stays with its taker (a restarted partition
 * does not wait for it: it recreates the consumer and replays the scan).
 */
export function consumerConfig(p: number, ackWaitMs: number): Partial<ConsumerConfig> {
  return {
    durable_name: consumerName(p),
    filter_subject: downSubject(p),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ackWaitMs),
    max_ack_pending: 16,
    // from the subject's first frame: the scan's hello (the router purged what came before)
    deliver_policy: DeliverPolicy.All,
  };
}

export interface Frame {
  data: Uint8Array;
  headers: MsgHdrs;
  msgID: string;
}

/** A message as frames of at most `maxPayload` bytes (room left for headers). */
export function encodeFrames(message: unknown, run: string, seq: number, idPrefix: string, maxPayload: number, extra: Record<string, string> = {}): Frame[] {
  const bytes = serialize(message);
  const room = Math.max(1024, maxPayload - 1024);
  const n = Math.max(1, Math.ceil(bytes.length / room));
  const frames: Frame[] = [];
  for (let c = 0; c < n; c++) {
    const h = headers();
    h.set(H_RUN, run);
    h.set(H_SEQ, String(seq));
    h.set(H_CHUNK, `${c}/${n}`);
    for (const [k, v] of Object.entries(extra)) h.set(k, v);
    frames.push({ data: bytes.subarray(c * room, Math.min(bytes.length, (c + 1) * room)), headers: h, msgID: `${idPrefix}.${seq}.${c}` });
  }
  return frames;
}

/** Where a frame sits: its message's sequence number and its chunk (`i` of `n`). */
export interface FramePos {
  run: string;
  seq: number;
  chunk: number;
  chunks: number;
}

export function framePos(h: MsgHdrs | undefined): FramePos | null {
  const run = h?.get(H_RUN);
  const seq = Number(h?.get(H_SEQ));
  const [c, n] = (h?.get(H_CHUNK) ?? '').split('/').map(Number);
  if (!run || !Number.isInteger(seq) || !Number.isInteger(c) || !Number.isInteger(n) || c >= n) return null;
  return { run, seq, chunk: c, chunks: n };
}

/**
 * Puts the frames of one sender back in order, whole messages out: frames
 * before the next expected one are repeats and dropped, frames after it
 * wait for the gap to fill. `T` is what the caller keeps with each frame
 * (the partition keeps the JetStream message, to acknowledge it later).
 *
 * @example
 *   const gate = new Gate<JsMsg>(0);
 *   for (const out of gate.take(pos, data, m)) handle(out.message, out.tags);
 */
export class Gate<T> {
  private nextSeq: number;
  private nextChunk = 0;
  private readonly held = new Map<string, { pos: FramePos; data: Uint8Array; tag: T }>();
  private parts: Uint8Array[] = [];
  private tags: T[] = [];
  /** frames dropped as repeats */
  repeats = 0;

  constructor(firstSeq: number) {
    this.nextSeq = firstSeq;
  }

  /** The whole messages this frame completes, in order (with every frame's tag); `dropped` when it is a repeat. */
  take(pos: FramePos, data: Uint8Array, tag: T): { messages: { seq: number; message: unknown; tags: T[] }[]; dropped: boolean } {
    const messages: { seq: number; message: unknown; tags: T[] }[] = [];
    if (pos.seq < this.nextSeq || (pos.seq === this.nextSeq && pos.chunk < this.nextChunk)) {
      this.repeats++;
      return { messages, dropped: true };
    }
    this.held.set(`${pos.seq}.${pos.chunk}`, { pos, data, tag });
    for (;;) {
      const key = `${this.nextSeq}.${this.nextChunk}`;
      const f = this.held.get(key);
      if (!f) break;
      this.held.delete(key);
      this.parts.push(f.data);
      this.tags.push(f.tag);
      if (f.pos.chunk + 1 < f.pos.chunks) {
        this.nextChunk++;
        continue;
      }
      const bytes = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
      messages.push({ seq: this.nextSeq, message: deserialize(bytes), tags: this.tags });
      this.parts = [];
      this.tags = [];
      this.nextSeq++;
      this.nextChunk = 0;
    }
    return { messages, dropped: false };
  }

  /** the sequence number of the next whole message expected */
  get nextExpected(): number {
    return this.nextSeq;
  }

  /** frames waiting for an earlier one */
  get waiting(): number {
    return this.held.size;
  }
}
