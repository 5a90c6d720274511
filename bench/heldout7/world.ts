/**
 * Writes one heldout/v7 world: `logs.jsonl.gz` (contract §1, as four edge
 * servers log it), `accounts.jsonl` (§2), `labels.jsonl` (§4) and
 * `manifest.json` (generator and spec, for the runner's cache).
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { Rng } from './rng.js';
import type { Corpora } from './corpora.js';
import { DAY, approxTokens, type Account, type Ex } from './model.js';
import { buildCopy } from './benign.js';
import { buildCampaigns } from './campaigns.js';
import { latencyMs } from './talk.js';
import type { WorldSpec } from './worlds.js';

export const GENERATOR = 'heldout/v7';

/**
 * The edge servers and their logging habits. A line is written when its
 * server's batch closes after the answer ends; batches close every `batch`
 * seconds, and about one batch in 400 stalls for up to 90 s. A stream that
 * outlives 150 s is logged at the edge's 150 s cut-off, so no line is written
 * more than about five minutes after its `ts`.
 */
const HOSTS = [
  { name: 'sjc', batch: 15, offsetTs: 0, ms: true, drop: {} as Record<string, number>, noContent: 0.02, cut: 280 },
  { name: 'ams', batch: 30, offsetTs: 60, ms: true, drop: { org_id: 1, usage: 0.15 }, noContent: 0.04, cut: 280 },
  { name: 'sin', batch: 45, offsetTs: 0, ms: false, drop: { user_agent: 0.2 }, noContent: 0.3, cut: 280 },
  { name: 'gru', batch: 20, offsetTs: 0, ms: true, drop: { endpoint: 1, api_key_id: 1, ext: 1 }, noContent: 0.05, cut: 120 },
];
const hostFor = (offsetMin: number) => (offsetMin <= -360 ? 0 : offsetMin < -120 ? 3 : offsetMin <= 240 ? 1 : 2);

function stamp(t: number, offsetMin: number, ms: boolean): string {
  const d = new Date(t + offsetMin * 60_000).toISOString();
  const body = ms ? d.slice(0, 23) : d.slice(0, 19);
  if (!offsetMin) return `${body}Z`;
  const s = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${body}${s}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const EXT = ['logprobs', 'top_logprobs', 'logit_bias', 'n', 'seed', 'reasoning_effort', 'thinking', 'stop'];

export interface Written { exchanges: number; malformed: number; accounts: number }

export async function generateWorld(spec: WorldSpec, dir: string, corpora: Corpora, progress?: (day: number, exchanges: number) => void): Promise<Written> {
  mkdirSync(dir, { recursive: true });
  const start = Date.parse(`${spec.start}T00:00:00Z`);
  const end = start + spec.days * DAY;
  const copies = Array.from({ length: spec.benignScale }, (_, k) => buildCopy({ rng: new Rng(`${spec.seed}/copy${k}`), corpora, start, days: spec.days, copy: k }));
  const camp = buildCampaigns({ rng: new Rng(spec.campaignSeed), corpora, start, days: spec.days, course: copies[0]!.course! });
  const accounts: Account[] = [...copies.flatMap((c) => c.accounts), ...camp.accounts];
  // campaign actors first: their numbers never depend on the benign population
  const actors = [...camp.actors, ...copies.flatMap((c) => c.actors)];
  const offsetOf = new Map<string, number>();
  const countryOffset: Record<string, number> = { US: -360, BR: -180, GB: 0, DE: 60, FR: 60, ES: 60, NG: 60, NL: 60, RU: 180, IN: 330, CN: 480, TW: 480, SG: 480, JP: 540, KR: 540, AU: 600 };
  for (const a of accounts) offsetOf.set(a.account_id, countryOffset[a.country ?? 'US'] ?? 0);

  const gz = createGzip({ level: 6 });
  const file = createWriteStream(join(dir, 'logs.jsonl.gz'));
  gz.pipe(file);
  const done = new Promise<void>((res, rej) => { file.on('finish', res); file.on('error', rej); gz.on('error', rej); });
  const write = async (s: string) => { if (!gz.write(s)) await new Promise<void>((r) => gz.once('drain', r)); };

  const perAccount = new Map<string, number>();
  let pending: { w: number; id: string; line: string }[] = [];
  let exchanges = 0;
  let malformed = 0;
  const emit = (e: Ex) => {
    if (e.t < start || e.t >= end) return;
    const n = perAccount.get(e.acct.account_id) ?? 0;
    perAccount.set(e.acct.account_id, n + 1);
    // every draw for this line comes from its own stream: a campaign's lines are the same bytes in every world
    const r = new Rng(`${e.acct.account_id}#${n}`);
    const id = `req_${r.hex(24)}`;
    const hi = hostFor(offsetOf.get(e.acct.account_id)!);
    const host = HOSTS[hi]!;
    const lat = e.status === 200 ? Math.min(150_000, Math.round(latencyMs(e.outTok) * r.logNormal(1, 0.25))) : r.int(40, 900);
    const batchMs = host.batch * 1000;
    const phase = hi * 7919;
    const batchEnd = Math.ceil((e.t + lat - phase) / batchMs) * batchMs + phase;
    const stall = new Rng(`${host.name}@${batchEnd}`).chance(1 / 400) ? new Rng(`${host.name}~${batchEnd}`).int(20, 90) * 1000 : 0;
    const drop = (f: string) => host.drop[f] !== undefined && r.chance(host.drop[f]!);
    const x: Record<string, unknown> = { id, ts: stamp(e.t, host.offsetTs, host.ms), account_id: e.acct.account_id };
    if (e.acct.org_id && !drop('org_id')) x.org_id = e.acct.org_id;
    if (e.key && !drop('api_key_id')) x.api_key_id = e.key;
    x.ip = e.ip;
    if (e.ua && !drop('user_agent')) x.user_agent = e.ua;
    if (!r.chance(0.006)) x.model = e.model;
    if (!drop('endpoint')) x.endpoint = e.endpoint;
    const content = !e.noContent && !r.chance(host.noContent);
    if (content) {
      const req: Record<string, unknown> = {};
      if (e.system) req.system = e.system;
      req.messages = e.messages ?? [];
      for (const [k, v] of Object.entries(e.params ?? {})) if (!(EXT.includes(k) && drop('ext'))) req[k] = v;
      x.request = req;
      if (e.status === 200) x.response = { text: e.answer.slice(0, host.cut), stop_reason: e.stop, ...(e.toolCalls !== undefined ? { tool_calls: e.toolCalls } : {}) };
    }
    if (!drop('usage')) x.usage = { input_tokens: approxTokens((e.system ?? '') + (e.messages ?? []).map((m) => m.content).join(' ')), output_tokens: e.outTok };
    x.status = e.status;
    x.latency_ms = lat;
    let line = JSON.stringify(x);
    if (r.chance(1 / 5000)) {
      malformed++;
      const kind = r.int(0, 3);
      if (kind === 0) line = line.slice(0, Math.floor(line.length / 2));
      else if (kind === 1) { delete x.account_id; line = JSON.stringify(x); }
      else if (kind === 2) { x.ts = e.t / 1000; line = JSON.stringify(x); }
      else { x.ts = 'yesterday 14:03'; line = JSON.stringify(x); }
    } else exchanges++;
    pending.push({ w: batchEnd + stall, id, line });
  };
  const flush = async (before: number) => {
    const now = pending.filter((p) => p.w < before).sort((a, b) => a.w - b.w || (a.id < b.id ? -1 : 1));
    pending = pending.filter((p) => p.w >= before);
    let chunk = '';
    for (const p of now) { chunk += p.line + '\n'; if (chunk.length > 1 << 20) { await write(chunk); chunk = ''; } }
    if (chunk) await write(chunk);
  };
  for (let d = 0; d < spec.days; d++) {
    const ds = start + d * DAY;
    for (const a of actors) a.day(d, ds, emit);
    await flush(ds + DAY);
    progress?.(d, exchanges);
  }
  await flush(Infinity);
  gz.end();
  await done;

  // the account table: rows sorted by id; some rows lack optional fields, as sign-up systems change
  const rows = [...accounts].sort((a, b) => (a.account_id < b.account_id ? -1 : 1));
  const tr = new Rng(`${spec.seed}/table`);
  const iso = (t: number) => new Date(t).toISOString();
  writeFileSync(join(dir, 'accounts.jsonl'), rows.map((a) => {
    const r = tr.fork(a.account_id);
    const o: Record<string, unknown> = { account_id: a.account_id, created_at: iso(a.created_at) };
    if (a.org_id) o.org_id = a.org_id;
    if (a.email_domain) o.email_domain = a.email_domain;
    if (a.payment_fingerprint) o.payment_fingerprint = a.payment_fingerprint;
    if (a.signup_ip && !r.chance(0.07)) o.signup_ip = a.signup_ip;
    if (a.country && !r.chance(0.05)) o.country = a.country;
    if (a.tier && !r.chance(0.05)) o.tier = a.tier;
    o.verified = a.verified ?? false;
    o.api_keys = a.api_keys;
    return JSON.stringify(o);
  }).join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), rows.map((a) => JSON.stringify({ account_id: a.account_id, label: a.label, campaign_id: a.campaign_id, persona: a.persona })).join('\n') + '\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: GENERATOR, spec, exchanges, malformed, accounts: rows.length }, null, 1) + '\n');
  return { exchanges, malformed, accounts: rows.length };
}
