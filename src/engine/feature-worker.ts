/**
 * Worker thread: parses lines against the contract and computes per-exchange
 * features, so the main thread only folds ready results into account state.
 * The exchange comes back without its text (the features and a short excerpt
 * carry what the engine needs), which keeps the hand-back cheap.
 */
import { parentPort } from 'node:worker_threads';
import { parseExchangeLine } from '../contract/parse.js';
import { extractFeatures, evidenceExcerpt } from '../features/index.js';
import type { WorkerRequest, WorkerResponse, WorkerItem } from './pool.js';

const port = parentPort;
if (!port) throw new Error('feature-worker must run in a worker thread');

port.on('message', (req: WorkerRequest) => {
  const items: WorkerItem[] = [];
  const bad: WorkerResponse['bad'] = [];
  for (let i = 0; i < req.texts.length; i++) {
    const text = req.texts[i];
    const r = parseExchangeLine(text);
    if (!r.ok) {
      bad.push({ line: req.lines[i], reason: r.reason, raw: text.length > 512 ? text.slice(0, 512) + '…' : text });
      continue;
    }
    const ex = r.value;
    const f = extractFeatures(ex);
    const excerpt = evidenceExcerpt(ex);
    if (!req.keepText) {
      if (ex.request) {
        ex.request.messages = undefined;
        ex.request.system = undefined;
      }
      if (ex.response) ex.response.text = undefined;
    }
    items.push({ ex, f, excerpt });
  }
  const res: WorkerResponse = { seq: req.seq, items, bad };
  port.postMessage(res);
});
