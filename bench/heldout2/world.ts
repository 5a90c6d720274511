/**
 * The world: accounts, labels and the exchange stream. Actors (benign personas
 * and campaign strategies) draft requests with their answers; the world
 * finishes each one as an edge server would log it (id, status with retries,
 * usage, latency, truncation, missing fields on some servers) and writes the
 * log day by day, in the slightly interleaved order several servers' logs
 * have when merged.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { Rng, hash32 } from './rng.js';
import { AddressPlan } from './net.js';
import { approxTokens, answerText, outputTokens, type AnswerStyle } from './text.js';
import type { Corpora } from './corpora.js';

export const GENERATOR = 'heldout/v2';
export const DAY = 86_400_000;

export interface AccountRow {
  account_id: string;
  created_at: string;
  org_id?: string;
  email_domain: string;
  payment_fingerprint: string;
  signup_ip: string;
  country: string;
  tier: string;
  verified: boolean;
  api_keys: string[];
}

export interface LabelRow {
  account_id: string;
  label: 'benign' | 'campaign';
  campaign_id: string | null;
  persona: string;
}

export interface Msg { role: 'user' | 'assistant' | 'tool'; content: string }

/** How one client calls the API; actors keep one per account (or per end user). */
export interface Client {
  account: string;
  org?: string;
  keys: string[];
  ua?: string;
  endpoint: 'messages' | 'chat.completions' | 'responses' | 'completions';
  model: string;
  stream: boolean;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  system?: string;
  tools?: string[];
}

export interface Reply { text: string; tokens: number; stop: 'end' | 'max_tokens' | 'tool_use'; toolCalls?: number }

export interface Draft {
  t: number;
  client: Client;
  ip: string;
  messages: Msg[];
  reply: Reply;
  /** sent in a tight burst: more likely to meet a 429 */
  burst?: boolean;
}

export interface WorldSpec {
  name: string;
  summary: string;
  seed: number;
  /** seed of the campaigns, so two worlds can share identical campaigns */
  campaignSeed: number;
  days: number;
  /** first day, UTC midnight, YYYY-MM-DD */
  start: string;
  /** about this many benign accounts */
  benign: number;
  strategies: string[];
}

export interface Actor {
  day(d: number, w: World): void;
}

/** Edge servers: each logs in its own order with its own lag, some without User-Agent, one with local-offset timestamps. */
interface Server { name: string; lagBase: number; lagAmp: number; period: number; ua: boolean; cap: number; zone: number; latency: boolean }
const SERVERS: Server[] = [
  { name: 'use1-a', lagBase: 2_000, lagAmp: 8_000, period: 3_600_000, ua: true, cap: 2400, zone: 0, latency: true },
  { name: 'use1-b', lagBase: 45_000, lagAmp: 30_000, period: 5_400_000, ua: true, cap: 2400, zone: 0, latency: true },
  { name: 'euc1-a', lagBase: 100_000, lagAmp: 60_000, period: 7_200_000, ua: false, cap: 2400, zone: 0, latency: true },
  { name: 'apne1-a', lagBase: 20_000, lagAmp: 15_000, period: 2_700_000, ua: true, cap: 1200, zone: 9, latency: false },
];

function isoAt(ms: number, zoneH: number): string {
  if (zoneH === 0) return new Date(ms).toISOString();
  const local = new Date(ms + zoneH * 3_600_000).toISOString().slice(0, -1);
  const sign = zoneH >= 0 ? '+' : '-';
  const h = Math.floor(Math.abs(zoneH));
  const m = Math.round((Math.abs(zoneH) - h) * 60);
  return `${local}${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export class World {
  readonly rng: Rng;
  readonly plan: AddressPlan;
  readonly t0: number;
  readonly accounts: AccountRow[] = [];
  readonly labels: LabelRow[] = [];
  private readonly ids = new Set<string>();
  private readonly pending: { key: number; line: string }[] = [];
  private seq = 0;
  exchanges = 0;
  readonly statusCounts: Record<number, number> = {};

  constructor(readonly spec: WorldSpec, readonly corpora: Corpora) {
    this.rng = new Rng(`v2:${spec.seed}`);
    this.plan = new AddressPlan(new Rng(`v2-net:${spec.campaignSeed}`));
    this.t0 = Date.parse(`${spec.start}T00:00:00Z`);
  }

  dayStart(d: number): number {
    return this.t0 + d * DAY;
  }

  /** 0 = Monday */
  weekday(d: number): number {
    return (new Date(this.dayStart(d)).getUTCDay() + 6) % 7;
  }

  /** a fresh unique id with a prefix */
  newId(rng: Rng, prefix: string, n = 14): string {
    for (;;) {
      const id = `${prefix}${rng.word(n)}`;
      if (!this.ids.has(id)) { this.ids.add(id); return id; }
    }
  }

  addAccount(row: AccountRow, label: LabelRow): void {
    this.accounts.push(row);
    this.labels.push(label);
  }

  /** The model's answer to `prompt` in `style`, capped by the client's max_tokens. */
  reply(rng: Rng, prompt: string, style: AnswerStyle, client: Client, askLong = false): Reply {
    let tokens = outputTokens(rng, prompt, style, askLong);
    let stop: Reply['stop'] = 'end';
    // without max_tokens the provider's own output limit applies
    const cap = client.maxTokens ?? 16_384;
    if (tokens > cap) { tokens = cap; stop = 'max_tokens'; }
    return { text: answerText(rng, prompt, style, tokens, 2400), tokens, stop };
  }

  emit(d: Draft): void {
    // drawn from the request itself, so identical campaigns in two worlds meet identical errors
    const r = new Rng(`${this.spec.campaignSeed}:${d.client.account}:${d.t}:${d.messages.length}`);
    const burstP = d.burst ? 0.03 : 0.004;
    if (r.chance(burstP)) {
      this.write(d, 429, r);
      d = { ...d, t: d.t + r.int(1_000, 40_000) };
    } else if (r.chance(0.0025)) {
      this.write(d, 500, r);
      d = { ...d, t: d.t + r.int(500, 8_000) };
    }
    this.write(d, 200, r);
  }

  private write(d: Draft, status: number, r: Rng): void {
    const c = d.client;
    const srv = SERVERS[hash32(d.ip) % SERVERS.length]!;
    const lag = srv.lagBase + srv.lagAmp * Math.sin((d.t / srv.period) * 2 * Math.PI);
    const inTok = approxTokens((c.system ?? '') + d.messages.map((m) => m.content).join('\n')) + 3 * d.messages.length;
    const ok = status === 200;
    const stop = d.reply.stop === 'end' ? (c.endpoint === 'messages' ? 'end_turn' : c.endpoint === 'responses' ? 'completed' : 'stop') : d.reply.stop;
    const tps = 35 + (hash32(c.model) % 50);
    const latency = ok ? Math.round(r.lognormal(450, 0.5) + (d.reply.tokens / tps) * 1000) : status === 429 ? r.int(8, 60) : r.int(200, 30_000);
    const key = c.keys.length === 1 || r.chance(0.7) ? c.keys[0] : r.pick(c.keys);
    const ex: Record<string, unknown> = {
      id: `${srv.name.slice(0, 2)}_${(this.seq++).toString(36)}${r.word(10)}`,
      ts: isoAt(d.t, srv.zone),
      account_id: c.account,
    };
    if (c.org) ex.org_id = c.org;
    ex.api_key_id = key;
    ex.ip = d.ip;
    if (srv.ua && c.ua) ex.user_agent = c.ua;
    ex.model = c.model;
    ex.endpoint = c.endpoint;
    const req: Record<string, unknown> = {};
    if (c.system) req.system = c.system;
    req.messages = d.messages;
    if (c.temperature !== undefined) req.temperature = c.temperature;
    if (c.topP !== undefined) req.top_p = c.topP;
    if (c.maxTokens !== undefined) req.max_tokens = c.maxTokens;
    if (c.tools) req.tools = c.tools;
    req.stream = c.stream;
    ex.request = req;
    if (ok) {
      const resp: Record<string, unknown> = { text: d.reply.text.slice(0, srv.cap), stop_reason: stop };
      if (d.reply.toolCalls) resp.tool_calls = d.reply.toolCalls;
      ex.response = resp;
    }
    ex.usage = { input_tokens: inTok, output_tokens: ok ? d.reply.tokens : 0 };
    ex.status = status;
    if (srv.latency) ex.latency_ms = latency;
    this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
    this.exchanges++;
    this.pending.push({ key: d.t + lag, line: JSON.stringify(ex) });
  }

  /** Lines whose logged position falls before `until`, in merged-log order; the rest wait. */
  take(until: number): string[] {
    this.pending.sort((a, b) => a.key - b.key);
    let i = 0;
    while (i < this.pending.length && this.pending[i]!.key < until) i++;
    return this.pending.splice(0, i).map((p) => p.line);
  }
}

export interface Generated { exchanges: number; accounts: number; campaignAccounts: number; status: Record<number, number> }

/**
 * Writes `logs.jsonl.gz`, `accounts.jsonl`, `labels.jsonl` and `manifest.json`
 * for `spec` into `dir`.
 */
export async function generateWorld(spec: WorldSpec, dir: string, corpora: Corpora, progress?: (day: number, exchanges: number) => void): Promise<Generated> {
  const { buildBenign } = await import('./benign.js');
  const { buildCampaigns } = await import('./campaigns.js');
  mkdirSync(dir, { recursive: true });
  const w = new World(spec, corpora);
  const campaigns = buildCampaigns(w);
  const actors: Actor[] = [...buildBenign(w), ...campaigns.actors];
  const gz = createGzip({ level: 4 });
  const out = createWriteStream(join(dir, 'logs.jsonl.gz'));
  gz.pipe(out);
  const put = async (lines: string[]) => {
    if (lines.length && !gz.write(lines.join('\n') + '\n')) await once(gz, 'drain');
  };
  for (let d = 0; d < spec.days; d++) {
    for (const a of actors) a.day(d, w);
    // Sessions begun today may run past midnight; only lines logged before tomorrow are final.
    await put(w.take(w.dayStart(d + 1)));
    progress?.(d, w.exchanges);
  }
  await put(w.take(Number.POSITIVE_INFINITY));
  gz.end();
  await once(out, 'finish');
  writeFileSync(join(dir, 'accounts.jsonl'), w.accounts.map((a) => JSON.stringify(a)).join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), w.labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const personas: Record<string, number> = {};
  for (const l of w.labels) personas[l.persona] = (personas[l.persona] ?? 0) + 1;
  const manifest = {
    generator: GENERATOR, spec, scenario: `heldout2:${spec.name}`,
    exchanges: w.exchanges, accounts: w.accounts.length,
    campaign_accounts: w.labels.filter((l) => l.label === 'campaign').length,
    personas, status: w.statusCounts, campaigns: campaigns.params,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  return { exchanges: w.exchanges, accounts: w.accounts.length, campaignAccounts: manifest.campaign_accounts, status: w.statusCounts };
}
