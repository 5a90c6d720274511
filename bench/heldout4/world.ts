/**
 * heldout/v4: writes one world (logs.jsonl.gz, accounts.jsonl, labels.jsonl,
 * manifest.json) from a spec. Hour by hour every actor adds its exchanges; the
 * exchanges then pass through four edge servers, each with its own slowly
 * drifting write delay and its own logging habits, and reach the file in the
 * order the servers wrote them.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { benignUnits } from './benign.js';
import { campaigns } from './campaigns.js';
import type { Corpora } from './corpora.js';
import { DAY, HOUR, type AccountRow, type Actor, type Ev, type LabelRow, type World } from './core.js';
import { hash32 } from './rng.js';
import type { WorldSpec } from './worlds.js';

export const GENERATOR = 'heldout/v4';

interface Server { base: number; amp: number; period: number; phase: number }
const SERVERS: readonly Server[] = [
  { base: 15_000, amp: 30_000, period: 5 * HOUR, phase: 0.3 },
  { base: 45_000, amp: 60_000, period: 9 * HOUR, phase: 2.1 },
  { base: 5_000, amp: 10_000, period: 3 * HOUR, phase: 4.0 },
  { base: 90_000, amp: 110_000, period: 13 * HOUR, phase: 1.2 },
];

const tsWithOffset = (ms: number, minutes: number): string => {
  const s = new Date(ms + minutes * 60_000).toISOString().slice(0, -1);
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${s}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
};

/** How each server logs a line, and when the line reaches the file. */
function serve(ev: Ev): { at: number; line: string } {
  const rec = ev.rec;
  const h = hash32(rec.id as string);
  const s = h % 4;
  const srv = SERVERS[s]!;
  const latency = (rec.latency_ms as number) ?? 0;
  const lag = srv.base + (srv.amp * (1 + Math.sin((2 * Math.PI * ev.ts) / srv.period + srv.phase))) / 2 + ((h >>> 8) % 8000);
  const { id, ...rest } = rec;
  let ts = new Date(ev.ts).toISOString();
  const out: Record<string, unknown> = rest;
  const u = ((h >>> 4) % 1000) / 1000;
  if (s === 1) {
    delete out.user_agent;
    delete out.org_id;
  } else if (s === 2) {
    ts = tsWithOffset(ev.ts, 330);
    delete out.latency_ms;
    if (u < 0.4) delete out.usage;
  } else if (s === 3) {
    if (u < 0.3) {
      delete out.request;
      delete out.response;
    } else if (out.response && typeof (out.response as { text?: string }).text === 'string') {
      out.response = { ...(out.response as object), text: (out.response as { text: string }).text.slice(0, 160) };
    }
    delete out.endpoint;
    if (u > 0.95) delete out.ip;
  }
  if (((h >>> 14) % 100) === 0) delete out.model;
  // a server writes the line when the answer ends; lines of very long answers are written by a watchdog at one minute
  return { at: ev.ts + Math.min(latency, 60_000) + lag, line: JSON.stringify({ id, ts, ...out }) };
}

export interface Written { exchanges: number; accounts: number; campaignAccounts: number; benignAccounts: number; seconds: number }

export async function generateWorld(spec: WorldSpec, dir: string, corpora: Corpora, progress?: (day: number, exchanges: number) => void): Promise<Written> {
  const t0 = Date.now();
  mkdirSync(dir, { recursive: true });
  const w: World = { start: Date.parse(`${spec.start}T00:00:00Z`), days: spec.days, corpora };
  const actors: Actor[] = [];
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  for (const u of benignUnits(w, spec.benignSeed, spec.benignScale)) {
    actors.push(...u.actors);
    accounts.push(...u.accounts);
    labels.push(...u.labels);
  }
  let campaignAccounts = 0;
  for (const c of campaigns(w, spec.campaignSeed, spec.benignSeed)) {
    actors.push(c.actor);
    accounts.push(...c.accounts);
    labels.push(...c.labels);
    campaignAccounts += c.accounts.length;
  }

  const gz = createGzip({ level: 6 });
  const file = createWriteStream(join(dir, 'logs.jsonl.gz'));
  gz.pipe(file);
  const end = w.start + w.days * DAY;
  let pending: { at: number; line: string }[] = [];
  let n = 0;
  const flush = async (before: number) => {
    pending.sort((a, b) => a.at - b.at);
    let i = 0;
    while (i < pending.length && pending[i]!.at < before) i++;
    if (i === 0) return;
    const chunk = pending.slice(0, i).map((p) => p.line).join('\n') + '\n';
    pending = pending.slice(i);
    n += i;
    if (!gz.write(chunk)) await once(gz, 'drain');
  };
  for (let d = 0; d < w.days; d++) {
    const evs: Ev[] = [];
    for (let t = w.start + d * DAY; t < w.start + (d + 1) * DAY; t += HOUR) for (const a of actors) a.hour(t, evs);
    // sessions that run past the world's end are cut there
    for (const e of evs) if (e.ts < end) pending.push(serve(e));
    await flush(w.start + (d + 1) * DAY);
    progress?.(d, n);
  }
  await flush(Infinity);
  gz.end();
  await once(file, 'finish');

  // the account table lists accounts in sign-up order, as a billing export would
  const byCreated = accounts.map((a, i) => ({ a, i })).sort((x, y) => (x.a.created_at ?? '').localeCompare(y.a.created_at ?? '') || x.i - y.i);
  writeFileSync(join(dir, 'accounts.jsonl'), byCreated.map((x) => JSON.stringify(x.a)).join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const personas: Record<string, number> = {};
  for (const l of labels) personas[l.persona] = (personas[l.persona] ?? 0) + 1;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: GENERATOR, spec, exchanges: n, accounts: accounts.length, campaignAccounts, personas }, null, 1) + '\n');
  return { exchanges: n, accounts: accounts.length, campaignAccounts, benignAccounts: accounts.length - campaignAccounts, seconds: (Date.now() - t0) / 1000 };
}
