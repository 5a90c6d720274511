/**
 * heldout/v9: writes one world folder (logs.jsonl.gz, accounts.jsonl,
 * labels.jsonl, manifest.json) as four edge log shippers would have written it.
 *
 * Edges: `use` (the Americas) writes `ts` in UTC with milliseconds; `euw`
 * (Europe, Africa) writes `ts` at `+01:00` without milliseconds and omits
 * `api_key_id`; `apse` (Asia, Oceania) writes `ts` at `+08:00`, omits `org_id`
 * and 15% of `user_agent`; an old `legacy` fleet (5% of every region's
 * traffic) omits `endpoint`, `usage` and the extension fields and keeps 120
 * characters of an answer. `apse` keeps no content on 12% of its lines, `legacy` on 30%. Each shipper buffers lines by completion time and
 * flushes every 500 lines or 40–90 s (one flush in 400 stalls 30–90 s), so
 * lines are mostly, not strictly, in time order. Zero-retention accounts keep
 * no content; 0.4% of lines lack `model`; about one line in 3,500 is malformed.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { benignCopy } from './benign.js';
import { campaigns } from './campaigns.js';
import type { Corpora } from './corpora.js';
import { Ctx } from './kit.js';
import { type Rec, Sink, DAY } from './model.js';
import { murmur } from './rng.js';
import type { WorldSpec } from './worlds.js';

export const GENERATOR = 'heldout/v9';
export interface Result { exchanges: number; malformed: number; accounts: number }

type Edge = 'use' | 'euw' | 'apse' | 'legacy';
const EDGE_CC: Record<string, Edge> = { US: 'use', CA: 'use', BR: 'use', GB: 'euw', DE: 'euw', FR: 'euw', ES: 'euw', PL: 'euw', NG: 'euw', RU: 'euw', IN: 'apse', JP: 'apse', KR: 'apse', CN: 'apse', TW: 'apse', AU: 'apse' };
const EDGES: Edge[] = ['use', 'euw', 'apse', 'legacy'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export function stamp(t: number, offH: number, ms: boolean): string {
  const d = new Date(Math.round(t) + offH * 3_600_000);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(d.getUTCMilliseconds(), 3)}` : ''}`;
  return offH === 0 ? `${base}Z` : `${base}${offH > 0 ? '+' : '-'}${pad(Math.abs(offH))}:00`;
}

function format(x: Rec, edge: Edge): string {
  const h = murmur(x.id);
  const o: Record<string, unknown> = { id: x.id };
  o.ts = edge === 'euw' ? stamp(x.t, 1, false) : edge === 'apse' ? stamp(x.t, 8, true) : stamp(x.t, 0, edge === 'use');
  o.account_id = x.acct.id;
  if (x.acct.org && edge !== 'apse') o.org_id = x.acct.org;
  if (edge !== 'euw') o.api_key_id = x.key;
  o.ip = x.req.ip;
  if (!(edge === 'apse' && h % 100 < 15)) o.user_agent = x.req.ua;
  if (x.req.model && h % 1000 >= 4) o.model = x.req.model;
  if (edge !== 'legacy' && x.req.endpoint) o.endpoint = x.req.endpoint;
  // zero-retention accounts keep no content; `apse` samples content away on 12% of lines, `legacy` on 30%
  if (!x.acct.zeroRetention && !(edge === 'apse' && (h >>> 8) % 100 < 12) && !(edge === 'legacy' && (h >>> 8) % 100 < 30)) {
    const q: Record<string, unknown> = {};
    if (x.req.system !== undefined) q.system = x.req.system;
    q.messages = x.req.messages;
    for (const k of ['temperature', 'top_p', 'max_tokens', 'tools', 'stream'] as const) if (x.req[k] !== undefined) q[k] = x.req[k];
    if (edge !== 'legacy' && x.req.extra) Object.assign(q, x.req.extra);
    o.request = q;
    if (x.status === 200) {
      const stop = x.req.stop === 'tool_use' ? 'tool_use' : x.req.stop === 'max_tokens' ? 'max_tokens' : x.req.endpoint === 'messages' ? 'end_turn' : 'stop';
      const r: Record<string, unknown> = { text: edge === 'legacy' ? x.text.slice(0, 120) : x.text, stop_reason: stop };
      if (x.req.toolCalls) r.tool_calls = x.req.toolCalls;
      o.response = r;
    }
  }
  if (edge !== 'legacy' && x.status === 200) o.usage = { input_tokens: x.inTok, output_tokens: x.outTok };
  o.status = x.status;
  o.latency_ms = x.latency;
  return JSON.stringify(o);
}

/** a few lines broken the ways real log pipelines break them (decided by the line's id alone) */
function breakLine(line: string, id: string): string | undefined {
  const h = murmur(`${id}|mess`);
  if (h % 3500 !== 0) return undefined;
  switch ((h >>> 12) % 5) {
    case 0: return line.slice(0, Math.floor(line.length / 2));
    case 1: return line.replace(/"account_id":"[^"]*",/, '');
    case 2: return line.replace(/"ts":"([^"]*)"/, (_, s: string) => `"ts":${Date.parse(s)}`);
    case 3: return line.replace(/"ts":"([^"]*)"/, (_, s: string) => `"ts":"${new Date(Date.parse(s)).toUTCString()}"`);
    default: return line.replace(/"status":(\d+)/, '"status":"$1"');
  }
}

export async function generateWorld(spec: WorldSpec, dir: string, corpora: Corpora, progress?: (day: number, exchanges: number) => void): Promise<Result> {
  mkdirSync(dir, { recursive: true });
  const start = Date.parse(`${spec.start}T00:00:00Z`);
  const end = start + spec.days * DAY;
  // each exchange becomes its edge's log line as it is made
  const byEdge = new Map<Edge, { key: number; n: number; line: string }[]>(EDGES.map((e) => [e, []]));
  let made = 0, malformed = 0;
  const sink = new Sink((x) => {
    if (x.t < start || x.t >= end || x.t < x.acct.created) return;
    const e: Edge = murmur(`${x.id}|edge`) % 100 < 5 ? 'legacy' : EDGE_CC[x.acct.country] ?? 'use';
    let line = format(x, e);
    const broken = breakLine(line, x.id);
    if (broken !== undefined) { line = broken; malformed++; }
    byEdge.get(e)!.push({ key: Math.min(x.done, x.t + 60_000), n: made++, line });
  });
  const c = new Ctx(sink, corpora, start, spec.days);
  campaigns(c, spec.campaignSeed, spec.seed);
  for (let k = 0; k < spec.benignScale; k++) {
    benignCopy(c, spec.seed, k);
    progress?.(Math.floor(((k + 1) / spec.benignScale) * (spec.days - 1)), made);
  }

  // edge shippers: flush every 500 lines or every period, sometimes stalled
  const out: { at: number; edge: number; seq: number; line: string }[] = [];
  EDGES.forEach((e, ei) => {
    const xs = byEdge.get(e)!.sort((a, b) => a.key - b.key || a.n - b.n);
    byEdge.set(e, []);
    const period = 40_000 + (murmur(`${spec.name}|${e}`) % 50_000);
    let from = 0, flushes = 0;
    const flush = (upto: number, at: number) => {
      flushes++;
      const stall = murmur(`${e}|stall|${flushes}`) % 400 === 0 ? 30_000 + (murmur(`${e}|s|${flushes}`) % 60_000) : 0;
      for (let i = from; i < upto; i++) out.push({ at: at + stall, edge: ei, seq: i, line: xs[i]!.line });
      from = upto;
    };
    for (let i = 0; i < xs.length; i++) {
      if (i > from && xs[i]!.key - xs[from]!.key >= period) flush(i, xs[from]!.key + period);
      if (i + 1 - from >= 500) flush(i + 1, xs[i]!.key);
    }
    if (from < xs.length) flush(xs.length, xs[from]!.key + period);
  });
  out.sort((a, b) => a.at - b.at || a.edge - b.edge || a.seq - b.seq);

  // write
  const gz = createGzip({ level: 6 });
  const file = createWriteStream(join(dir, 'logs.jsonl.gz'));
  gz.pipe(file);
  let chunk: string[] = [];
  let size = 0;
  for (const o of out) {
    chunk.push(o.line);
    size += o.line.length;
    if (size > 1 << 20) {
      if (!gz.write(chunk.join('\n') + '\n')) await once(gz, 'drain');
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) gz.write(chunk.join('\n') + '\n');
  gz.end();
  await once(file, 'finish');
  writeFileSync(join(dir, 'accounts.jsonl'), c.rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), c.labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const res: Result = { exchanges: out.length, malformed, accounts: c.rows.length };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: GENERATOR, spec, ...res }, null, 1) + '\n');
  progress?.(spec.days - 1, out.length);
  return res;
}
