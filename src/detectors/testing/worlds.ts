/**
 * Labelled populations for detector tests: a simulated world's accounts,
 * labels and exchanges with their features, and each account judged on its
 * own traffic (detectors, then the per-account score), as the engine does
 * before any linkage.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAccountLine, parseExchangeLine } from '../../contract/parse.js';
import type { AccountRecord, Exchange, Label } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { extractFeatures } from '../../features/index.js';
import { simulateWorld } from '../../simulate/index.js';
import { AccountState } from '../../state/account.js';
import { isFlagged, scoreAccount, ScoringConfig, verdictFor } from '../../scoring/score.js';
import type { DetectorSpec, Signal } from '../detector.js';

export interface World {
  labels: Map<string, Label>;
  records: AccountRecord[];
  items: { ex: Exchange; f: ExchangeFeatures }[];
}

export interface Judged {
  id: string;
  persona: string;
  campaign: boolean;
  flagged: boolean;
  /** the signal the test is about, when it fired */
  signal?: Signal;
}

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Simulates a world and extracts its features once; `edit` may change each
 * exchange first (say, drop fields a logger would not keep).
 */
export async function world(o: { scenario: string; scale: number; seed: number; days: number; corpus?: string; edit?: (ex: Exchange) => void }): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-detworld-'));
  dirs.push(dir);
  await simulateWorld({ scenario: o.scenario, scale: o.scale, seed: o.seed, days: o.days, out: dir, corpus: o.corpus });
  const labels = new Map<string, Label>();
  for (const l of readFileSync(join(dir, 'labels.jsonl'), 'utf8').trim().split('\n')) {
    const x = JSON.parse(l) as Label;
    labels.set(x.account_id, x);
  }
  const records: AccountRecord[] = [];
  for (const l of readFileSync(join(dir, 'accounts.jsonl'), 'utf8').trim().split('\n')) {
    const r = parseAccountLine(l);
    if (r.ok) records.push(r.value);
  }
  const exchanges: Exchange[] = [];
  for (const l of gunzipSync(readFileSync(join(dir, 'logs.jsonl.gz'))).toString('utf8').split('\n')) {
    const r = l ? parseExchangeLine(l) : null;
    if (r?.ok) exchanges.push(r.value);
  }
  rmSync(dir, { recursive: true, force: true });
  exchanges.sort((a, b) => a.tsMs - b.tsMs);
  if (o.edit) for (const ex of exchanges) o.edit(ex);
  return { labels, records, items: exchanges.map((ex) => ({ ex, f: extractFeatures(ex) })) };
}

/** Judges every account of `w` on its own traffic with `detectors`; `signal` names the signal reported per account. */
export function judge(w: World, detectors: readonly DetectorSpec[], signal: string): Judged[] {
  const states = new Map<string, AccountState>();
  for (const r of w.records) states.set(r.account_id, Object.assign(new AccountState(r.account_id), { record: r }));
  const ds = detectors.map((spec) => spec.create(spec.config.parse({})));
  for (const { ex, f } of w.items) {
    let s = states.get(ex.account_id);
    if (!s) states.set(ex.account_id, (s = new AccountState(ex.account_id)));
    s.update(ex, f);
    for (const d of ds) d.observe?.(s, ex, f);
  }
  const cfg = ScoringConfig.parse({});
  const out: Judged[] = [];
  for (const s of states.values()) {
    const l = w.labels.get(s.id);
    if (s.n === 0 || !l) continue;
    const signals = ds.flatMap((d) => d.evaluate(s));
    out.push({
      id: s.id, persona: l.persona, campaign: l.label === 'campaign',
      flagged: isFlagged(verdictFor(scoreAccount(s, signals, cfg).score, cfg)),
      signal: signals.find((x) => x.signal === signal),
    });
  }
  return out;
}

/** Flagged share of `js` (0 when empty). */
export function flaggedShare(js: readonly Judged[]): number {
  return js.length ? js.filter((j) => j.flagged).length / js.length : 0;
}
