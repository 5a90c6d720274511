/**
 * Writes one heldout/v8 world: logs.jsonl.gz as four edge servers write them,
 * accounts.jsonl (contract §2), labels.jsonl (§4) and manifest.json.
 *
 * Edges close a batch every 20-50 s and write its lines then, so lines from
 * different edges interleave out of order; one batch in 300 stalls up to 100 s;
 * a long stream is logged at the edge's 100 s cut-off. Each edge has its own
 * habits: `iad` writes `ts` at -05:00 and omits `api_key_id`; `fra` writes `ts`
 * without milliseconds, omits `org_id` and 15% of `usage`; `nrt` writes `ts` at
 * +09:00, omits 20% of `user_agent` and keeps no content on 25% of lines; `gru`
 * omits `endpoint` and every extension field and cuts answers to 100 characters.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { buildBenignCopy } from './benign.js';
import { buildCampaigns } from './campaigns.js';
import type { Corpora } from './corpora.js';
import { DAY, type Account, type Actor, type Req } from './model.js';
import { Rng, hex } from './rng.js';
import { answer, tok } from './words.js';
import type { WorldSpec } from './worlds.js';

export const GENERATOR = 'heldout/v8';

const EDGES = {
  iad: { period: 30_000, phase: 7_000, off: -5, millis: true },
  fra: { period: 45_000, phase: 19_000, off: 0, millis: false },
  nrt: { period: 22_000, phase: 3_000, off: 9, millis: true },
  gru: { period: 50_000, phase: 31_000, off: 0, millis: true },
} as const;
type Edge = keyof typeof EDGES;
const EDGE_OF: Record<string, Edge> = { US: 'iad', BR: 'gru', GB: 'fra', DE: 'fra', FR: 'fra', ES: 'fra', RU: 'fra', NG: 'fra', IN: 'nrt', CN: 'nrt', TW: 'nrt', JP: 'nrt', KR: 'nrt', AU: 'nrt' };
const EXT = ['seed', 'logprobs', 'top_logprobs', 'logit_bias', 'n', 'reasoning_effort', 'thinking', 'parallel_tool_calls', 'response_format'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export function stamp(t: number, offH: number, millis: boolean): string {
  const d = new Date(t + offH * 3_600_000);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${millis ? `.${pad(d.getUTCMilliseconds(), 3)}` : ''}`;
  if (offH === 0) return `${base}Z`;
  const a = Math.abs(offH);
  return `${base}${offH < 0 ? '-' : '+'}${pad(Math.floor(a))}:${pad(Math.round((a % 1) * 60))}`;
}

interface Out { w: number; line: string; campaign: boolean }
const counters = new Map<string, number>();

function render(x: Req): Out {
  const a = x.acct;
  const n = counters.get(a.id) ?? 0;
  counters.set(a.id, n + 1);
  const id = `req_${hex(`${a.id}:${n}`, 14)}${n.toString(36)}`;
  const r = new Rng(`v8-line/${id}`);
  const edge: Edge = EDGE_OF[a.country ?? ''] ?? (['iad', 'fra', 'nrt', 'gru'] as const)[parseInt(hex(a.id, 2), 16) % 4]!;
  const e = EDGES[edge];
  const lat = Math.max(5, Math.round(x.latency ?? 500));
  const written = Math.ceil((x.t + Math.min(lat, 100_000) - e.phase) / e.period) * e.period + e.phase + r.intIn(0, 1500) + (r.chance(1 / 300) ? r.intIn(20_000, 100_000) : 0);
  const o: Record<string, unknown> = { id, ts: stamp(x.t, e.off, e.millis), account_id: a.id };
  if (a.org && edge !== 'fra') o.org_id = a.org;
  if (x.key && edge !== 'iad' && edge !== 'gru') o.api_key_id = x.key;
  o.ip = x.ip;
  if (!(edge === 'nrt' && r.chance(0.2))) o.user_agent = x.ua;
  if (x.model && !r.chance(0.005)) o.model = x.model;
  if (edge !== 'gru') o.endpoint = x.endpoint;
  const lastUser = x.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const keep = !x.noContent && !(edge === 'nrt' && r.chance(0.25));
  const inTok = tok(x.system ?? '') + x.messages.reduce((s, m) => s + tok(m.content), 0);
  if (keep) {
    const req: Record<string, unknown> = {};
    if (x.system) req.system = x.system;
    req.messages = x.messages;
    for (const [k, v] of Object.entries(x.params ?? {})) if (v !== undefined && !(edge === 'gru' && EXT.includes(k))) req[k] = v;
    if (x.tools) req.tools = x.tools;
    if (x.stream) req.stream = true;
    o.request = req;
    if (x.status === 200 || x.status === undefined) {
      let text = x.text ?? answer(r, lastUser, x.lang ?? 'en');
      if (edge === 'gru') text = text.slice(0, 100);
      const resp: Record<string, unknown> = { text, stop_reason: x.stop ?? 'end_turn' };
      if (x.toolCalls) resp.tool_calls = x.toolCalls;
      o.response = resp;
    }
  }
  if (!(edge === 'fra' && r.chance(0.15))) o.usage = { input_tokens: inTok, output_tokens: x.outTok };
  o.status = x.status ?? 200;
  o.latency_ms = lat;
  let line = JSON.stringify(o);
  if (r.chance(1 / 4000)) {
    const k = r.int(4);
    if (k === 0) line = line.slice(0, Math.floor(line.length / 2));
    else if (k === 1) line = line.replace(`"account_id":${JSON.stringify(a.id)},`, '');
    else if (k === 2) line = line.replace(/"ts":"[^"]*"/, `"ts":${x.t}`);
    else line = line.replace(/"ts":"[^"]*"/, '"ts":"yesterday, 14:03"');
  }
  return { w: written, line, campaign: a.label === 'campaign' };
}

export interface Result { exchanges: number; malformed: number; accounts: number }

export async function generateWorld(spec: WorldSpec, dir: string, corpora: Corpora, progress?: (day: number, exchanges: number) => void): Promise<Result> {
  mkdirSync(dir, { recursive: true });
  counters.clear();
  const start = Date.parse(`${spec.start}T00:00:00Z`);
  const actors: Actor[] = [];
  const accounts: Account[] = [];
  for (let c = 0; c < spec.benignScale; c++) {
    const b = buildBenignCopy(spec.seed, c, corpora, start, spec.days);
    actors.push(...b.actors);
    accounts.push(...b.accounts);
  }
  const camp = buildCampaigns(spec.campaignSeed, spec.seed, corpora, start, spec.days);
  actors.push(...camp.actors);
  accounts.push(...camp.accounts);

  const gz = createGzip({ level: 6 });
  const file = createWriteStream(join(dir, 'logs.jsonl.gz'));
  gz.pipe(file);
  const closed = new Promise<void>((res, rej) => { file.on('finish', () => res()); file.on('error', rej); });
  const write = async (s: string) => { if (!gz.write(s)) await new Promise<void>((res) => gz.once('drain', () => res())); };
  let pending: Out[] = [];
  let total = 0, malformed = 0;
  for (let d = 0; d < spec.days; d++) {
    const ds = start + d * DAY;
    for (const a of actors) a.day(d, ds, (x) => {
      // lines already written cannot be preceded: an actor may not send before the day it is asked about
      if (x.t < ds) throw new Error(`${x.acct.id} (${x.acct.persona}) sends at ${new Date(x.t).toISOString()}, before day ${d}`);
      if (x.t < start + spec.days * DAY) pending.push(render(x));
    });
    const cut = d === spec.days - 1 ? Infinity : ds + DAY;
    pending.sort((p, q) => p.w - q.w);
    let i = 0;
    const chunk: string[] = [];
    for (; i < pending.length && pending[i]!.w < cut; i++) {
      const l = pending[i]!.line;
      chunk.push(l);
      if (l.startsWith('{"id"') && l.endsWith('}') && l.includes('"account_id"') && l.includes('"ts":"') && !l.includes('"ts":"yesterday')) total++;
      else malformed++;
    }
    pending = pending.slice(i);
    if (chunk.length) await write(chunk.join('\n') + '\n');
    progress?.(d, total);
  }
  gz.end();
  await closed;

  const rows = accounts.map((a) => {
    const r = new Rng(`v8-acct/${a.id}`);
    const o: Record<string, unknown> = { account_id: a.id, created_at: stamp(a.created, 0, true) };
    if (a.org) o.org_id = a.org;
    o.email_domain = a.email;
    o.payment_fingerprint = a.card;
    if (a.signupIp && !r.chance(0.1)) o.signup_ip = a.signupIp;
    if (a.country && !r.chance(0.08)) o.country = a.country;
    if (a.tier && !r.chance(0.05)) o.tier = a.tier;
    if (a.verified !== undefined) o.verified = a.verified;
    if (a.keys.length) o.api_keys = a.keys;
    return JSON.stringify(o);
  });
  writeFileSync(join(dir, 'accounts.jsonl'), rows.join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), accounts.map((a) => JSON.stringify({ account_id: a.id, label: a.label, campaign_id: a.campaign, persona: a.persona })).join('\n') + '\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: GENERATOR, spec, exchanges: total, malformed, accounts: accounts.length }, null, 1) + '\n');
  return { exchanges: total, malformed, accounts: accounts.length };
}
