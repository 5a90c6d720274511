/**
 * Checks shared by the held-out generator tests: a world folder's labels and
 * lines, same-seed determinism, and that a larger benign scale keeps the same
 * campaigns byte for byte and multiplies every benign persona exactly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Label { account_id: string; label: string; campaign_id: string | null; persona: string }
export type Make<S> = (spec: S, dir: string) => Promise<unknown>;

export const worldLines = (d: string): string[] => gunzipSync(readFileSync(join(d, 'logs.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
export const worldLabels = (d: string): Label[] => readFileSync(join(d, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);

/** Writes a world into a fresh temporary folder, runs `check` on it, and removes it. */
export async function withWorld<S>(make: Make<S>, spec: S, check: (dir: string) => void | Promise<void>): Promise<void> {
  const d = mkdtempSync(join(tmpdir(), 'dg-heldout-'));
  try {
    await make(spec, d);
    await check(d);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

/** The same spec writes the same bytes; `other` (a changed seed) writes different lines. */
export async function assertDeterministic<S>(make: Make<S>, spec: S, other: S, files = ['logs.jsonl.gz', 'accounts.jsonl', 'labels.jsonl']): Promise<void> {
  await withWorld(make, spec, (a) => withWorld(make, spec, async (b) => {
    for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between two runs of one spec`);
    await withWorld(make, other, (c) => assert.notDeepEqual(worldLines(c), worldLines(a), 'another seed writes the same world'));
  }));
}

const countBy = (ls: Label[], label: string) => {
  const m = new Map<string, number>();
  for (const l of ls) if (l.label === label) m.set(l.persona, (m.get(l.persona) ?? 0) + 1);
  return m;
};

/**
 * Worlds at benign scale 1 and `k`: every benign persona ×k exactly (and ×1 as
 * `base` says), the campaign accounts and their lines identical, the larger
 * world holding every account of the smaller, benign lines growing about ×k.
 */
export async function assertScales<S>(make: Make<S>, one: S, many: S, k: number, base: readonly { persona: string; accounts: number }[], campaignSizes: Record<string, number>): Promise<void> {
  await withWorld(make, one, (d1) => withWorld(make, many, (dk) => {
    const l1 = worldLabels(d1);
    const lk = worldLabels(dk);
    const b1 = countBy(l1, 'benign');
    const bk = countBy(lk, 'benign');
    assert.equal(b1.size, base.length, 'benign personas at ×1');
    for (const u of base) assert.equal(b1.get(u.persona), u.accounts, `persona ${u.persona} at ×1`);
    for (const [p, n] of b1) assert.equal(bk.get(p), k * n, `persona ${p} at ×${k}`);
    const c1 = countBy(l1, 'campaign');
    assert.deepEqual(countBy(lk, 'campaign'), c1, 'campaign accounts per strategy');
    for (const [s, n] of Object.entries(campaignSizes)) assert.equal(c1.get(s), n, `strategy ${s}`);
    const inK = new Set(lk.map((l) => l.account_id));
    for (const l of l1) assert.ok(inK.has(l.account_id), `${l.account_id} of ×1 missing at ×${k}`);
    const campaign = new Set(l1.filter((l) => l.label === 'campaign').map((l) => l.account_id));
    const acctOf = (x: string) => /"account_id":"([^"]+)"/.exec(x)?.[1] ?? '';
    const all1 = worldLines(d1);
    const allK = worldLines(dk);
    const cl1 = all1.filter((x) => campaign.has(acctOf(x))).sort();
    assert.ok(cl1.length > 1000, `only ${cl1.length} campaign exchanges`);
    assert.deepEqual(allK.filter((x) => campaign.has(acctOf(x))).sort(), cl1, `campaign lines differ between ×1 and ×${k}`);
    const ben1 = all1.length - cl1.length;
    const benK = allK.length - cl1.length;
    assert.ok(benK > 0.75 * k * ben1 && benK < 1.25 * k * ben1, `benign lines ${ben1} at ×1, ${benK} at ×${k}`);
  }));
}
