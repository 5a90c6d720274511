/**
 * Writes a heldout/v5 world: runs every agent of the benign units and the
 * campaigns, gives each exchange a stand-in answer, and writes the log lines as
 * four edge servers with their own habits would (contract §1), plus the
 * account table (§2), the labels (§4) and a manifest.
 */
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { Rng, hash32 } from './rng.js';
import { DAY, type Account, type Answer, type Exchange, type Sink } from './model.js';
import type { Corpora } from './corpora.js';
import { BASE_UNITS, runBenignUnit } from './benign.js';
import { runCampaigns } from './campaigns.js';
import type { WorldSpec } from './worlds.js';

export const GENERATOR = 'heldout/v5';

interface Line { w: number; id: string; s: string }

const OPENERS = ['Sure.', 'Here is one way to look at it.', 'Good question.', 'Short answer first:', 'Let me go through this.', 'Okay!', 'Of course.', 'Right, so', 'Happy to help.', 'There are a few parts to this.'];
const FILL = [
  'The key point is that each part depends on the previous one.', 'In practice this is usually enough.', 'You can check it by plugging the values back in.',
  'This follows directly from the definition.', 'A common mistake is to skip this step.', 'If that does not work, try the alternative below.',
  'Note that the order matters here.', 'That gives the result.', 'For most cases the default is fine.', 'Here is a small example.',
  'Both approaches give the same answer.', 'Keep in mind the edge cases.', 'This is the part people usually find confusing.',
];
const LABELS = [' positive', ' negative', ' neutral', ' A', ' B', ' C', ' D', ' yes', ' no', ' safe', ' unsafe', ' billing', ' tech', ' 1', ' 0'];
/** median output tokens by what was asked */
const OUT: Record<Exchange['kind'], [number, number]> = {
  label: [1, 0.3], short: [60, 0.6], chat: [220, 0.7], long: [650, 0.5], code: [420, 0.6], reasoning: [900, 0.5], translation: [500, 0.6], tool: [45, 0.4], judge: [380, 0.5],
};

function words(s: string, r: Rng, n: number): string {
  const ws = [...new Set(s.split(/\s+/).filter((w) => w.length > 2 && w.length < 20))];
  if (!ws.length) return '';
  return r.shuffle(ws).slice(0, n).join(' ');
}

/** a stand-in answer: an opener, some of the prompt's words, stock sentences; its length in tokens lognormal by kind, capped by max_tokens */
export function standIn(x: Exchange, r: Rng): { text: string; tokens: number; stop: string } {
  const cap = x.req.max_tokens;
  const [med, sig] = OUT[x.kind];
  let tokens = Math.max(1, Math.round(r.lognormal(med, sig)));
  let stop = x.toolCall ? 'tool_use' : 'end_turn';
  if (cap !== undefined && tokens >= cap) { tokens = cap; stop = 'max_tokens'; }
  if (x.kind === 'label') return { text: r.pick(LABELS).slice(0, Math.max(2, tokens * 4)), tokens, stop: tokens >= (cap ?? 99) ? 'max_tokens' : 'stop' };
  if (x.toolCall) return { text: '', tokens, stop };
  const last = x.req.messages[x.req.messages.length - 1]?.content ?? '';
  const parts = [r.pick(OPENERS), words(last, r, 3 + r.int(0, 5))];
  const target = Math.min(420, tokens * 4);
  while (parts.join(' ').length < target) parts.push(r.pick(FILL));
  return { text: parts.join(' ').slice(0, target), tokens, stop };
}

/** four edge servers (0..3), each with its own logger habits (see WorldSink.emit); seconds of write delay per server, drifting slowly; with latency a line stays under 5 minutes late */
function serverLag(server: number, t: number): number {
  const period = [5.3, 7.1, 3.7, 11.3][server]! * 3_600_000;
  const base = [10, 25, 40, 15][server]!;
  const amp = [60, 90, 120, 140][server]!;
  return (base + amp * (0.5 + 0.5 * Math.sin(t / period + server))) * 1000;
}
function iso(t: number, offsetH: number): string {
  if (!offsetH) return new Date(t).toISOString();
  const s = new Date(t + offsetH * 3_600_000).toISOString().slice(0, -1);
  const sign = offsetH < 0 ? '-' : '+';
  const a = Math.abs(offsetH);
  return `${s}${sign}${String(Math.floor(a)).padStart(2, '0')}:${String(Math.round((a % 1) * 60)).padStart(2, '0')}`;
}

export class WorldSink implements Sink {
  readonly lines: Line[] = [];
  private count = new Map<string, number>();
  emit(x: Exchange, _r: Rng): Answer {
    const n = (this.count.get(x.acct.id) ?? 0) + 1;
    this.count.set(x.acct.id, n);
    // an exchange's own stream: its bytes depend only on its account's history
    const r = new Rng(`${x.acct.id}#${n}`);
    const id = `req_${r.hex(20)}`;
    const status = r.chance(0.004) ? 429 : r.chance(0.0015) ? r.pick([500, 502, 529]) : 200;
    const a = standIn(x, r);
    const tokens = status === 200 ? a.tokens : 0;
    const latency = Math.min(85_000, Math.round(250 + r.lognormal(350, 0.5) + tokens * (x.req.stream ? 14 : 19) * (0.7 + 0.6 * r.next())));
    const inTok = Math.max(3, Math.round(((x.req.system?.length ?? 0) + x.req.messages.reduce((s, m) => s + m.content.length, 0)) / 3.6));
    const server = hash32(`${id}/s`) % 4;
    const o: Record<string, unknown> = { id, ts: '', account_id: x.acct.id };
    if (x.acct.org) o.org_id = x.acct.org;
    o.api_key_id = x.acct.key;
    o.ip = x.ip;
    o.user_agent = x.ua;
    o.model = x.model;
    o.endpoint = x.endpoint;
    if (!x.noContent) {
      const req: Record<string, unknown> = {};
      if (x.req.system !== undefined) req.system = x.req.system;
      req.messages = x.req.messages;
      for (const k of ['temperature', 'top_p', 'max_tokens', 'tools', 'stream', 'logprobs', 'top_logprobs', 'logit_bias', 'n', 'seed', 'reasoning_effort', 'thinking'] as const) {
        if (x.req[k] !== undefined) req[k] = x.req[k];
      }
      o.request = req;
      if (status === 200) o.response = { text: a.text, stop_reason: a.stop, tool_calls: x.toolCall ? 1 : 0 };
    }
    if (status === 200) o.usage = { input_tokens: inTok, output_tokens: tokens };
    o.status = status;
    o.latency_ms = latency;
    // the servers' logging habits
    let offset = 0;
    if (server === 1) { delete o.user_agent; delete o.org_id; const q = o.request as Record<string, unknown> | undefined; if (q) { delete q.logprobs; delete q.top_logprobs; delete q.logit_bias; delete q.seed; } }
    if (server === 2) { offset = -4; if (r.chance(0.35)) delete o.usage; delete o.latency_ms; }
    if (server === 3) {
      delete o.endpoint;
      if (r.chance(0.3)) { delete o.request; delete o.response; }
      const resp = o.response as { text: string } | undefined;
      if (resp) resp.text = resp.text.slice(0, 140);
      if (r.chance(0.08)) delete o.ip;
    }
    if (r.chance(0.012)) delete o.model;
    o.ts = iso(x.t, offset);
    let s = JSON.stringify(o);
    const bad = r.next();
    if (bad < 0.00006) s = s.slice(0, Math.floor(s.length / 2));
    else if (bad < 0.0001) s = s.replace(/"account_id":"[^"]*",/, '');
    else if (bad < 0.00013) s = s.replace(/"ts":"[^"]*"/, `"ts":${x.t}`);
    this.lines.push({ w: x.t + latency + serverLag(server, x.t), id, s });
    return { text: a.text, tokens, stop: a.stop, latency, status };
  }
}

export interface Built { accounts: Account[]; sink: WorldSink }

/** runs every agent of a world spec */
export function build(spec: WorldSpec, corp: Corpora, progress?: (exchanges: number) => void): Built {
  const start = Date.parse(spec.start);
  const end = start + spec.days * DAY;
  const sink = new WorldSink();
  const accounts: Account[] = [];
  for (let copy = 0; copy < spec.benignScale; copy++) {
    for (const u of BASE_UNITS) {
      accounts.push(...runBenignUnit(u.persona, { sink, corp, seed: spec.benignSeed, copy, start, end }));
      progress?.(sink.lines.length);
    }
  }
  accounts.push(...runCampaigns({ sink, corp, seed: spec.campaignSeed, benignSeed: spec.benignSeed, start, end }));
  progress?.(sink.lines.length);
  return { accounts, sink };
}

export async function generateWorld(spec: WorldSpec, dir: string, corp: Corpora, progress?: (day: number, exchanges: number) => void): Promise<{ exchanges: number }> {
  mkdirSync(dir, { recursive: true });
  const { accounts, sink } = build(spec, corp, (n) => progress?.(0, n));
  const lines = sink.lines;
  lines.sort((a, b) => a.w - b.w || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(join(dir, 'logs.jsonl.gz'));
  gz.pipe(out);
  const chunk: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    chunk.push(lines[i]!.s);
    if (chunk.length === 4000 || i === lines.length - 1) {
      if (!gz.write(chunk.join('\n') + '\n')) await once(gz, 'drain');
      chunk.length = 0;
    }
  }
  gz.end();
  await once(out, 'finish');
  accounts.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  const rows: string[] = [];
  const labels: string[] = [];
  for (const a of accounts) {
    const r = new Rng(`${a.id}/row`);
    const row: Record<string, unknown> = { account_id: a.id, created_at: new Date(a.created).toISOString() };
    if (a.org) row.org_id = a.org;
    row.email_domain = a.email_domain;
    row.payment_fingerprint = a.payment;
    if (!r.chance(0.07)) row.signup_ip = a.signup_ip;
    if (!r.chance(0.05)) row.country = a.country;
    if (!r.chance(0.1)) row.tier = a.tier;
    if (a.verified !== undefined) row.verified = a.verified;
    row.api_keys = [a.key];
    rows.push(JSON.stringify(row));
    labels.push(JSON.stringify({ account_id: a.id, label: a.label, campaign_id: a.campaign, persona: a.persona }));
  }
  writeFileSync(join(dir, 'accounts.jsonl'), rows.join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), labels.join('\n') + '\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: GENERATOR, scenario: spec.name, spec, exchanges: lines.length, accounts: accounts.length }, null, 1) + '\n');
  return { exchanges: lines.length };
}
