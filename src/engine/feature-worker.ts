/**
 * Worker thread: parses lines against the contract and computes per-exchange
 * features, so the main thread only folds ready results into account state.
 * The exchange comes back without its text (the features and a short excerpt
 * carry what the engine needs), which keeps the hand-back cheap. Lines arrive
 * as raw bytes (src/sources/lines.ts LineSpans) and are checked and decoded
 * here, off the engine's thread.
 */
import { parentPort } from 'node:worker_threads';
import { parseExchangeLine } from '../contract/parse.js';
import { extractFeatures, evidenceExcerpt } from '../features/index.js';
import type { WorkerRequest, WorkerResponse, WorkerItem } from './pool.js';
import { isUtf8 } from 'node:buffer';
import { RAW_PREVIEW_BYTES } from '../sources/lines.js';
import { ItemPacker, packedTransfer } from './handoff.js';

const port = parentPort;
if (!port) throw new Error('feature-worker must run in a worker thread');

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Parses and featurises one line into `pack` (or, keeping text, into `items`);
 * bad ones go to `bad`.
 */
function prepare(text: string, line: number, keepText: boolean, items: WorkerItem[], pack: ItemPacker | null, bad: WorkerResponse['bad']): void {
  const r = parseExchangeLine(text);
  if (!r.ok) {
    bad.push({ line, reason: r.reason, raw: text.length > 512 ? text.slice(0, 512) + '…' : text });
    return;
  }
  const ex = r.value;
  const f = extractFeatures(ex);
  const excerpt = evidenceExcerpt(ex);
  if (pack) {
    pack.push(ex, f, excerpt);
    return;
  }
  if (!keepText) {
    if (ex.request) {
      ex.request.messages = undefined;
      ex.request.system = undefined;
    }
    if (ex.response) ex.response.text = undefined;
  }
  items.push({ ex, f, excerpt });
}

port.on('message', (req: WorkerRequest) => {
  const items: WorkerItem[] = [];
  // columns (src/engine/handoff.ts) unless the texts must travel too
  const pack = req.keepText ? null : new ItemPacker(req.spans ? req.spans.n : req.texts.length);
  const bad: WorkerResponse['bad'] = [];
  let blank = 0;
  if (req.spans) {
    // raw lines from the reading thread: check and decode them here
    const { bytes, off, line, n } = req.spans;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) {
      const a = off[i];
      const b = off[i + 1];
      const slice = bytes.subarray(a, b);
      if (!isUtf8(slice)) {
        const stop = Math.min(b, a + RAW_PREVIEW_BYTES);
        bad.push({ line: line[i], reason: 'line is not valid UTF-8', raw: buf.toString('utf8', a, stop) + (b - a > RAW_PREVIEW_BYTES ? '…' : '') });
        continue;
      }
      const text = utf8.decode(slice);
      if (text.trim() === '') {
        blank++;
        continue;
      }
      prepare(text, line[i], req.keepText, items, pack, bad);
    }
  } else {
    for (let i = 0; i < req.texts.length; i++) prepare(req.texts[i], req.lines[i], req.keepText, items, pack, bad);
  }
  const packed = pack?.finish();
  const res: WorkerResponse = { seq: req.seq, items, packed, bad, blank };
  port.postMessage(res, packed ? packedTransfer(packed) : []);
});
