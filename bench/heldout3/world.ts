/**
 * heldout/v3: writes one labelled world (contract §1, §2, §4) as several edge
 * servers would log it: each server lags by its own slowly drifting delay, so
 * the merged file is only mostly in time order; servers differ in which
 * optional fields they write, one writes local-offset timestamps, one drops
 * request content on part of its lines, and zero-retention customers have no
 * content anywhere.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { benignUnits, type Actor } from './benign.js';
import { buildCampaigns } from './campaigns.js';
import type { Corpora } from './corpora.js';
import { keyId, type Account, type Ex, type Sink } from './core.js';
import { DAY, HOUR } from './net.js';
import { buildPools } from './pools.js';
import { hash32, opaque } from './rng.js';
import type { WorldSpec } from './worlds.js';

export const GENERATOR = 'heldout/v3';

interface Server { name: string; weight: number; lagBase: number; lagAmp: number; period: number; phase: number }
/** Lags in seconds; the drift makes two servers' lines cross by up to a few minutes. */
const SERVERS: Server[] = [
  { name: 'edge-fra-1', weight: 0.35, lagBase: 5, lagAmp: 40, period: 5.1 * HOUR, phase: 0.3 },
  { name: 'edge-iad-2', weight: 0.3, lagBase: 20, lagAmp: 150, period: 3.7 * HOUR, phase: 2.1 },
  { name: 'edge-sin-1', weight: 0.2, lagBase: 60, lagAmp: 180, period: 7.9 * HOUR, phase: 4.0 },
  { name: 'edge-gru-1', weight: 0.15, lagBase: 0, lagAmp: 90, period: 2.3 * HOUR, phase: 1.2 },
];

function pickServer(id: string): number {
  let r = (hash32(id, 77) / 4294967296);
  for (let i = 0; i < SERVERS.length; i++) {
    r -= SERVERS[i].weight;
    if (r < 0) return i;
  }
  return SERVERS.length - 1;
}

function lagMs(s: Server, t: number, id: string): number {
  const drift = 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / s.period + s.phase);
  return (s.lagBase + s.lagAmp * drift + (hash32(id, 5) % 5000) / 1000) * 1000;
}

/** RFC 3339 in a fixed offset (hours), milliseconds kept. */
function tsAt(ms: number, offsetH: number): string {
  if (offsetH === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetH * HOUR).toISOString().slice(0, -1);
  const sign = offsetH >= 0 ? '+' : '-';
  const h = Math.floor(Math.abs(offsetH));
  const m = Math.round((Math.abs(offsetH) - h) * 60);
  return `${local}${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function line(ex: Ex, startMs: number): string {
  const srv = ex.server;
  const abs = startMs + ex.t;
  const o: Record<string, unknown> = { id: ex.id, ts: tsAt(abs, srv === 2 ? 8 : 0), account_id: ex.acct.id };
  if (ex.acct.org) o.org_id = ex.acct.org;
  if (ex.key && srv !== 1) o.api_key_id = ex.key;
  // the São Paulo edge sits behind a CDN that sometimes loses the client address
  if (ex.ip && !(srv === 3 && hash32(ex.id, 9) % 100 < 4)) o.ip = ex.ip;
  if (ex.ua && srv !== 1) o.user_agent = ex.ua;
  o.model = ex.model;
  if (srv !== 3) o.endpoint = ex.endpoint;
  const contentKept = !ex.acct.noContent && !(srv === 3 && hash32(ex.id, 11) % 100 < 35);
  if (contentKept) {
    const req: Record<string, unknown> = {};
    if (ex.system) req.system = ex.system;
    req.messages = ex.messages;
    if (ex.temperature !== undefined) req.temperature = ex.temperature;
    if (ex.topP !== undefined) req.top_p = ex.topP;
    if (ex.maxTokens !== undefined) req.max_tokens = ex.maxTokens;
    if (ex.tools) req.tools = ex.tools;
    if (ex.stream !== undefined) req.stream = ex.stream;
    o.request = req;
    if (ex.status === 200 && ex.text !== undefined) {
      const res: Record<string, unknown> = { text: srv === 3 ? ex.text.slice(0, 280) : ex.text, stop_reason: ex.stop };
      if (ex.toolCalls !== undefined) res.tool_calls = ex.toolCalls;
      o.response = res;
    }
  }
  if (!(srv === 2 && hash32(ex.id, 13) % 2 === 0)) o.usage = { input_tokens: ex.inTok, output_tokens: ex.outTok };
  o.status = ex.status;
  if (srv !== 2) o.latency_ms = Math.round(ex.latency);
  return JSON.stringify(o);
}

export interface WorldStats { exchanges: number; accounts: number; perPersona: Record<string, number> }

/** Generates `spec` into `dir`: logs.jsonl.gz, accounts.jsonl, labels.jsonl, manifest.json. */
export async function generateWorld(spec: WorldSpec, dir: string, corpora: Corpora, progress: (day: number, exchanges: number) => void = () => {}): Promise<WorldStats> {
  mkdirSync(dir, { recursive: true });
  const startMs = Date.parse(spec.start);
  const accounts: Account[] = [];
  const ids = new Set<string>();
  let pending: Ex[] = [];
  const sink: Sink = {
    push(e) {
      if (e.t < e.acct.created) throw new Error(`heldout/v3: ${e.acct.persona} exchange before its account exists`);
      const id = opaque('req_', `${e.acct.id}|${e.acct.seq++}`, 20);
      const server = pickServer(id);
      pending.push({ ...e, id, server, order: e.t + lagMs(SERVERS[server], e.t, id) });
    },
    account(a, keyCount = 1) {
      if (ids.has(a.id)) throw new Error(`heldout/v3: duplicate account id ${a.id}`);
      ids.add(a.id);
      const acct: Account = { ...a, keys: a.keys ?? Array.from({ length: keyCount }, (_, i) => keyId(a.id, i)), seq: 0 };
      accounts.push(acct);
      return acct;
    },
  };
  const pools = buildPools(corpora);
  const campaigns = buildCampaigns({ sink, pools, seed: spec.campaignSeed, days: spec.days });
  const benign = benignUnits({ sink, pools, seed: spec.seed, days: spec.days }, spec.scale);
  const actors: Actor[] = [...campaigns.flatMap((c) => c.actors), ...benign];

  const gz = createGzip({ level: 6 });
  const file = createWriteStream(join(dir, 'logs.jsonl.gz'));
  gz.pipe(file);
  let carry: Ex[] = [];
  let total = 0;
  const perPersona: Record<string, number> = {};
  for (let d = 0; d < spec.days; d++) {
    pending = [];
    for (const a of actors) a.day(d);
    const all = carry.concat(pending);
    all.sort((x, y) => x.order - y.order || (x.id < y.id ? -1 : 1));
    const cut = d === spec.days - 1 ? Infinity : (d + 1) * DAY;
    let i = 0;
    const out: string[] = [];
    for (; i < all.length && all[i].order < cut; i++) {
      out.push(line(all[i], startMs));
      perPersona[all[i].acct.persona] = (perPersona[all[i].acct.persona] ?? 0) + 1;
    }
    carry = all.slice(i);
    total += out.length;
    for (let k = 0; k < out.length; k += 5000) {
      if (!gz.write(out.slice(k, k + 5000).join('\n') + '\n')) await once(gz, 'drain');
    }
    progress(d, total);
  }
  gz.end();
  await once(file, 'close');

  const iso = (ms: number) => new Date(startMs + ms).toISOString();
  const acctLines: string[] = [];
  const labelLines: string[] = [];
  for (const a of accounts) {
    const r: Record<string, unknown> = { account_id: a.id, created_at: iso(Math.round(a.created)) };
    // the account table is incomplete too: some rows lack optional fields
    const h = hash32(a.id, 21) % 100;
    if (a.org) r.org_id = a.org;
    if (a.emailDomain) r.email_domain = a.emailDomain;
    if (a.card) r.payment_fingerprint = a.card;
    if (a.signupIp && h >= 8) r.signup_ip = a.signupIp;
    if (a.country && h % 20 !== 3) r.country = a.country;
    if (a.tier) r.tier = a.tier;
    if (a.verified !== undefined) r.verified = a.verified;
    r.api_keys = a.keys;
    acctLines.push(JSON.stringify(r));
    labelLines.push(JSON.stringify({ account_id: a.id, label: a.label, campaign_id: a.campaign, persona: a.persona }));
  }
  writeFileSync(join(dir, 'accounts.jsonl'), acctLines.join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), labelLines.join('\n') + '\n');
  const personaAccounts: Record<string, number> = {};
  for (const a of accounts) personaAccounts[a.persona] = (personaAccounts[a.persona] ?? 0) + 1;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    generator: GENERATOR, spec,
    servers: SERVERS.map((s) => s.name),
    campaigns: campaigns.map((c) => ({ campaign_id: c.id, strategy: c.strategy, params: c.params })),
    accounts: personaAccounts, exchanges: total, exchangesPerPersona: perPersona,
  }, null, 1) + '\n');
  return { exchanges: total, accounts: accounts.length, perPersona };
}
