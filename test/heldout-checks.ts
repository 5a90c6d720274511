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

/** The fields of a logged line the mess checks read. */
export interface Line { id: string; ts: string; account_id: string; ip?: string; endpoint?: string; request?: { logprobs?: boolean; seed?: number; tools?: unknown[] }; user_agent?: string; status?: number }
/** One promised kind of mess: what it is, how a line shows it, and the least share of lines that must. */
export type Mess = readonly [what: string, shows: (x: Line, raw: string) => boolean, minShare: number];

/** The kinds of mess the generators promise, to pick from with a share each. */
export const MESS = {
  noRequest: (share: number): Mess => ['without request', (x) => !x.request, share],
  noUserAgent: (share: number): Mess => ['without user agent', (x) => !x.user_agent, share],
  noEndpoint: (share: number): Mess => ['without endpoint', (x) => !x.endpoint, share],
  nonAscii: (share: number): Mess => ['with non-ASCII text', (_x, raw) => /[^\u0000-\u007f]/.test(raw), share],
  rateLimited: (share: number): Mess => ['rate limited', (x) => x.status === 429, share],
  logprobs: (share: number): Mess => ['asking for logprobs', (x) => !!x.request?.logprobs, share],
  seed: (share: number): Mess => ['with a seed', (x) => x.request?.seed !== undefined, share],
  tools: (share: number): Mess => ['offering tools', (x) => !!x.request?.tools, share],
  ipv6: (share: number): Mess => ['from IPv6', (x) => !!x.ip?.includes(':'), share],
  offset: (suffix: string, share: number): Mess => [`with ${suffix}`, (x) => x.ts.endsWith(suffix), share],
};

export interface WorldExpect {
  minLines: number;
  /** a few malformed lines are promised (then fewer than 0.1%), or none at all */
  malformed: boolean;
  /** least share of lines older than one before them (several servers' logs interleaved) */
  minOlder: number;
  mess: readonly Mess[];
  /** every strategy sends more than this many exchanges */
  strategies: readonly string[];
  minPerStrategy: number;
  /** every one of these personas sends more than 20 */
  personas: readonly string[];
}

/**
 * A world's lines and account rows are valid contract input (the project's own
 * parser, used here only to check), every account labelled, no line before its
 * account was created, no id twice, lines at most five minutes out of order,
 * and the promised mess. Returns the labels and the exchanges per persona.
 */
export function assertWorld(d: string, e: WorldExpect, parse: { exchange: (l: string) => { ok: boolean; reason?: string }; account: (l: string) => { ok: boolean } }): { labels: Map<string, Label>; perPersona: Map<string, number> } {
  const ls = worldLines(d);
  assert.ok(ls.length > e.minLines, `only ${ls.length} exchanges`);
  const labels = new Map(worldLabels(d).map((l) => [l.account_id, l]));
  const accounts = readFileSync(join(d, 'accounts.jsonl'), 'utf8').split('\n').filter(Boolean);
  for (const a of accounts) assert.ok(parse.account(a).ok, a);
  assert.equal(accounts.length, labels.size, 'one account row per label');
  const created = new Map(accounts.map((a) => JSON.parse(a) as { account_id: string; created_at?: string }).map((a) => [a.account_id, a.created_at ? Date.parse(a.created_at) : -Infinity]));
  const ids = new Set<string>();
  const perPersona = new Map<string, number>();
  const shown = e.mess.map(() => 0);
  let latest = 0, older = 0, worstLag = 0, bad = 0;
  for (const l of ls) {
    const r = parse.exchange(l);
    if (!r.ok) {
      assert.ok(e.malformed, `${r.reason}: ${l.slice(0, 200)}`);
      bad++;
      continue;
    }
    const x = JSON.parse(l) as Line;
    assert.ok(!ids.has(x.id), `duplicate id ${x.id}`);
    ids.add(x.id);
    const lab = labels.get(x.account_id);
    assert.ok(lab, `no label for ${x.account_id}`);
    const t = Date.parse(x.ts);
    assert.ok(t >= created.get(x.account_id)!, `${x.account_id} (${lab.persona}) sends before it was created`);
    perPersona.set(lab.persona, (perPersona.get(lab.persona) ?? 0) + 1);
    if (t < latest) { older++; worstLag = Math.max(worstLag, latest - t); }
    latest = Math.max(latest, t);
    e.mess.forEach(([, shows], i) => { if (shows(x, l)) shown[i]++; });
  }
  const n = ls.length;
  if (e.malformed) assert.ok(bad > 0 && bad / n < 0.001, `${bad} malformed lines of ${n}: a few are promised, no more`);
  assert.ok(older / n > e.minOlder, `only ${older} lines older than one before them`);
  assert.ok(worstLag < 5 * 60_000, `a line is ${worstLag / 1000} s older than one before it`);
  e.mess.forEach(([what, , lo], i) => assert.ok(shown[i] / n > lo, `${shown[i]} of ${n} lines ${what}`));
  for (const s of e.strategies) assert.ok((perPersona.get(s) ?? 0) > e.minPerStrategy, `strategy ${s}: ${perPersona.get(s) ?? 0} exchanges`);
  for (const p of e.personas) assert.ok((perPersona.get(p) ?? 0) > 20, `persona ${p}: ${perPersona.get(p) ?? 0} exchanges`);
  return { labels, perPersona };
}
