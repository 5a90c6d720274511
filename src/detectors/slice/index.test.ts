/**
 * The harvest-slice detector on labelled populations: reseller accounts
 * (end users' conversations and a harvest on the same accounts) from our
 * simulator, beside its benign look-alikes (benchmark evaluators, app back
 * ends, batch jobs, company seats, agent products, developers, classes), with
 * the simulator's built-in text and, when the shared corpora are there, with
 * public prompt text (whose everyday prompts carry a natural share of
 * benchmark-like questions). Each account is judged on its own traffic, as
 * the per-account score does before any linkage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAccountLine, parseExchangeLine } from '../../contract/parse.js';
import type { AccountRecord, Exchange, Label } from '../../contract/types.js';
import type { ExchangeFeatures } from '../../features/types.js';
import { extractFeatures } from '../../features/index.js';
import { ABSENT_MESSAGE, corporaDir } from '../../features/corpora.js';
import { simulateWorld } from '../../simulate/index.js';
import { AccountState } from '../../state/account.js';
import { isFlagged, scoreAccount, ScoringConfig, verdictFor } from '../../scoring/score.js';
import { DETECTORS } from '../registry.js';
import type { DetectorSpec, Signal } from '../detector.js';
import { harvestSlice, kl } from './index.js';

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Judged {
  persona: string;
  campaign: boolean;
  flagged: boolean;
  slice?: Signal;
}

interface World {
  labels: Map<string, Label>;
  records: AccountRecord[];
  items: { ex: Exchange; f: ExchangeFeatures }[];
}

const worlds = new Map<string, Promise<World>>();

/** Simulates a world once and extracts its features once (judged with and without the detector). */
function world(scenario: string, scale: number, seed: number, days: number, corpus: string | undefined): Promise<World> {
  const key = `${scenario}/${scale}/${seed}/${days}/${corpus ?? ''}`;
  let w = worlds.get(key);
  if (!w) {
    w = (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dg-slice-'));
      dirs.push(dir);
      await simulateWorld({ scenario, scale, seed, days, out: dir, corpus });
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
      exchanges.sort((a, b) => a.tsMs - b.tsMs);
      return { labels, records, items: exchanges.map((ex) => ({ ex, f: extractFeatures(ex) })) };
    })();
    worlds.set(key, w);
  }
  return w;
}

/** Judges every account of a world on its own traffic with `detectors`, as the per-account score does. */
function judge(w: World, detectors: readonly DetectorSpec[]): Judged[] {
  const states = new Map<string, AccountState>();
  for (const r of w.records) states.set(r.account_id, Object.assign(new AccountState(r.account_id), { record: r }));
  const ds = detectors.map((spec) => spec.create(spec.config.parse({})));
  for (const { ex, f } of w.items) {
    const s = states.get(ex.account_id)!;
    s.update(ex, f);
    for (const d of ds) d.observe?.(s, ex, f);
  }
  const cfg = ScoringConfig.parse({});
  const out: Judged[] = [];
  for (const s of states.values()) {
    if (s.n === 0) continue;
    const signals = ds.flatMap((d) => d.evaluate(s));
    const l = w.labels.get(s.id)!;
    out.push({ persona: l.persona, campaign: l.label === 'campaign', flagged: isFlagged(verdictFor(scoreAccount(s, signals, cfg).score, cfg)), slice: signals.find((x) => x.signal === 'mixed.harvest_slice') });
  }
  return out;
}

/** Resellers from three seeds and the look-alike world, with the built-in text or the corpora. */
async function population(corpus: string | undefined, detectors: readonly DetectorSpec[]): Promise<Judged[]> {
  const out: Judged[] = [];
  for (const seed of [1, 2, 3]) out.push(...judge(await world('reseller_mix', 0.1, seed, 5, corpus), detectors));
  out.push(...judge(await world('lookalikes', 0.15, 4, 7, corpus), detectors));
  return out;
}

function rates(all: Judged[]): { recall: number; resellers: number; fpr: number; benign: number; sliceOnBenign: Judged[] } {
  const resellers = all.filter((j) => j.campaign);
  const benign = all.filter((j) => !j.campaign);
  return {
    recall: resellers.filter((j) => j.flagged).length / resellers.length,
    resellers: resellers.length,
    fpr: benign.filter((j) => j.flagged).length / benign.length,
    benign: benign.length,
    sliceOnBenign: benign.filter((j) => j.slice),
  };
}

const without = DETECTORS.filter((d) => d.id !== harvestSlice.id);
const corpus = corporaDir();

for (const [name, dir] of [['built-in text', undefined], ['public prompt corpora', corpus]] as const) {
  const skip = name === 'public prompt corpora' && !dir ? ABSENT_MESSAGE : false;

  test(`with ${name}: reseller accounts go to review on their own traffic, and no benign account gains a flag (evaluators included)`, { skip }, async () => {
    const withIt = rates(await population(dir, DETECTORS));
    const before = rates(await population(dir, without));
    console.log(`${name}: reseller recall ${withIt.recall.toFixed(2)} of ${withIt.resellers} (without the detector ${before.recall.toFixed(2)}), benign FPR ${withIt.fpr.toFixed(4)} of ${withIt.benign} (without ${before.fpr.toFixed(4)})`);
    assert.ok(withIt.resellers >= 9, `resellers in the population: ${withIt.resellers}`);
    assert.ok(withIt.recall >= 0.9, `reseller recall ${withIt.recall} (without the detector ${before.recall})`);
    assert.ok(before.recall < 0.5, `the resellers were already flagged without the detector (${before.recall}): the population no longer tests it`);
    assert.deepEqual(withIt.sliceOnBenign.map((j) => `${j.persona}: ${j.slice!.detail}`), [], 'the slice signal fired on benign accounts');
    assert.ok(withIt.fpr <= before.fpr, `benign FPR ${withIt.fpr} with the detector, ${before.fpr} without`);
    assert.ok(withIt.benign >= 200 && withIt.fpr <= 0.02, `benign FPR ${withIt.fpr} over ${withIt.benign}`);
  });
}

test('the reasons name the slice: share, count, key, range and addresses, hours', async () => {
  const all = judge(await world('reseller_mix', 0.1, 1, 5, undefined), DETECTORS);
  const sig = all.find((j) => j.campaign && j.slice)?.slice;
  assert.ok(sig, 'no reseller account raised the signal');
  assert.match(sig.detail, /\d+% of its [\d,]+ exchanges are harvest-shaped \([\d,]+; [\d,]+ a day beyond the benign 10%, on \d+ of its \d+ active days\)/);
  assert.match(sig.detail, /of them on key \S+/);
  assert.match(sig.detail, /of them in \d+\.\d+\.0\.0\/16 from \d+ address/);
  assert.match(sig.detail, /around the clock|between \d\d:00 and \d\d:00 UTC/);
  assert.ok(sig.score > 0.6 && sig.score < 0.85, `score ${sig.score} sits between the review and block lines`);
});

test('the binomial surprisal grows with the count at a share, and is nil at or below the base rate', () => {
  assert.equal(kl(0.05, 0.1), 0);
  assert.equal(kl(0.1, 0.1), 0);
  // 30 of 100 is far less surprising than 300 of 1,000 at the same share
  assert.ok(1000 * kl(0.3, 0.1) > 9 * 100 * kl(0.3, 0.1));
  // all harvest is finite
  assert.ok(Number.isFinite(kl(1, 0.1)) && kl(1, 0.1) > 2);
});
