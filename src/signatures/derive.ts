/**
 * Signatures from campaigns: what a campaign's flagged members share that
 * ordinary accounts do not.
 *
 * For each active campaign, every key its members hold (templates, request
 * parameters, client, address ranges, card, e-mail domain, sign-up range and
 * window) is counted among the members and among all accounts no campaign
 * holds. A value enters when at least `minHolders` members hold it, at most
 * `maxBaseRate` of the outside accounts do, and its share among the members
 * is `minLift` times that; a kind enters when its values together cover
 * `minKindShare` of the members and are held together by at most
 * `maxBaseRate` of the outside accounts. A signature needs kinds of
 * `minKinds` groups.
 *
 * The base rate is a share, never a count: a key that a campus class behind
 * one NAT, the users of a popular SDK or the evaluators of a public
 * benchmark hold is held by a share of the population that does not shrink
 * as the population grows, so it never enters.
 *
 * Evades it: a fleet that gives each account its own card, range, client and
 * wording (then it shares nothing to sign), or changes them after it is
 * caught. Falsely flags: an ordinary account that shares two rare facts with
 * a campaign at once (its proxy range and its harness's template: a
 * contractor of the operator); accounts of the fleet not yet caught raise the
 * base rate of its keys in a small population, which can keep a key out.
 */
import type { AccountRecord } from '../contract/types.js';
import type { SignatureConfigT } from './config.js';
import type { Holdings } from './holdings.js';
import { groupOf, recordKeys, SigKind, sigKindOf, SIG_KIND_COUNT } from './kinds.js';

/** What derivation needs of an account (AccountState has it). */
export interface AccountView {
  readonly id: string;
  readonly campaignId: string | null;
  readonly record?: AccountRecord;
  /** membership that sends the account to review only (tied by content, by what a crowd shares, by resemblance) */
  readonly campaignReviewOnly?: boolean;
}

/** A campaign to sign: its id, the members it acts on, and whether it may block. */
export interface SignedCampaign {
  campaignId: string;
  members: readonly AccountView[];
  /** 'review' for a campaign whose own members go to review only */
  action: 'block' | 'review';
}

export interface SignatureKey {
  key: number;
  kind: SigKind;
  /** share of the campaign's members holding it */
  share: number;
  /** share of the accounts outside campaigns holding it */
  baseRate: number;
}

export interface SignatureKind {
  kind: SigKind;
  share: number;
  baseRate: number;
}

export interface Signature {
  signatureId: string;
  campaignId: string;
  createdAtMs: number;
  members: number;
  keys: SignatureKey[];
  kinds: SignatureKind[];
  minKinds: number;
  action: 'block' | 'review';
}

/**
 * The signatures of `campaigns`, measured against `accounts` (every account
 * seen). `prior` gives a signature's first derivation time, kept across sweeps.
 */
export function deriveSignatures(
  campaigns: Iterable<SignedCampaign>,
  accounts: readonly AccountView[],
  holdings: Holdings,
  cfg: SignatureConfigT,
  nowMs: number,
  prior?: ReadonlyMap<string, Signature>,
): Signature[] {
  const keysOf = (a: AccountView, fn: (key: number) => void): void => {
    const i = holdings.find(a.id);
    if (i === undefined) {
      for (const k of recordKeys(a.record)) fn(k);
      return;
    }
    holdings.forEachKey(i, fn);
    holdings.forEachRecordKey(i, a.record, fn);
  };

  // 1. per campaign, every value its members hold with how many hold it
  interface Draft { c: SignedCampaign; n: number; inside: Map<number, number>; members: readonly AccountView[] }
  const drafts: Draft[] = [];
  for (const c of campaigns) {
    const members = c.members;
    if (members.length < cfg.minMembers) continue;
    const inside = new Map<number, number>();
    for (const a of members) {
      const seen = new Set<number>();
      keysOf(a, (k) => {
        if (seen.has(k)) return;
        seen.add(k);
        inside.set(k, (inside.get(k) ?? 0) + 1);
      });
    }
    for (const [k, n] of inside) if (n < cfg.minHolders) inside.delete(k);
    if (inside.size > 0) drafts.push({ c, n: members.length, inside, members });
  }
  if (drafts.length === 0) return [];

  // 2. how many accounts outside campaigns hold each candidate value. An account a
  // campaign holds for review only (a signature's review match, a crowd's or a wording's
  // tie, resemblance) counts as outside unless it signs a campaign here: otherwise the
  // accounts a signature matched leave the base rate the moment they match, and a key a
  // whole crowd turns out to share (a popular framework's system prompt and client, seen
  // before the crowd arrived) stays "rare" however many of the crowd it pulls in.
  const outside = new Map<number, number>();
  for (const d of drafts) for (const k of d.inside.keys()) outside.set(k, 0);
  const signing = new Set<string>();
  for (const d of drafts) for (const a of d.members) signing.add(a.id);
  const isOutside = (a: AccountView): boolean => (a.campaignId === null || a.campaignReviewOnly === true) && !signing.has(a.id);
  // a base rate is a share, measured on every k-th account
  const stride = Math.max(1, Math.floor(accounts.length / cfg.baseRateSample));
  let population = 0;
  for (let ai = 0; ai < accounts.length; ai += stride) {
    const a = accounts[ai];
    if (!isOutside(a)) continue;
    population++;
    keysOf(a, (k) => {
      const n = outside.get(k);
      if (n !== undefined) outside.set(k, n + 1);
    });
  }
  const base = (k: number): number => (population === 0 ? 0 : (outside.get(k) ?? 0) / population);

  // 3. values that pass, most-held first, capped per kind
  const kept = drafts.map((d) => {
    const perKind: number[][] = Array.from({ length: SIG_KIND_COUNT }, () => []);
    for (const [k, n] of d.inside) {
      const share = n / d.n;
      const b = base(k);
      if (b > cfg.maxBaseRate || share < cfg.minLift * b) continue;
      perKind[sigKindOf(k)].push(k);
    }
    for (const list of perKind) {
      list.sort((x, y) => d.inside.get(y)! - d.inside.get(x)! || x - y);
      list.length = Math.min(list.length, cfg.maxValuesPerKind);
    }
    return perKind.map((l) => new Set(l));
  });

  // 4. per kind, the share of members and of outside accounts holding any kept value
  const kindOwner = new Map<number, number[]>(); // key -> draft*KINDS + kind
  kept.forEach((perKind, di) => perKind.forEach((set, kind) => {
    for (const k of set) (kindOwner.get(k) ?? kindOwner.set(k, []).get(k)!).push(di * SIG_KIND_COUNT + kind);
  }));
  const outsideKind = new Float64Array(drafts.length * SIG_KIND_COUNT);
  const stamp = new Int32Array(drafts.length * SIG_KIND_COUNT).fill(-1);
  let ordinal = 0;
  for (let ai = 0; ai < accounts.length; ai += stride) {
    const a = accounts[ai];
    if (!isOutside(a)) continue;
    const me = ordinal++;
    keysOf(a, (k) => {
      const owners = kindOwner.get(k);
      if (!owners) return;
      for (const o of owners) if (stamp[o] !== me) {
        stamp[o] = me;
        outsideKind[o]++;
      }
    });
  }

  const out: Signature[] = [];
  drafts.forEach((d, di) => {
    const insideKind = new Float64Array(SIG_KIND_COUNT);
    for (const a of d.members) {
      const hit = new Uint8Array(SIG_KIND_COUNT);
      keysOf(a, (k) => {
        const kind = sigKindOf(k);
        if (kept[di][kind].has(k)) hit[kind] = 1;
      });
      for (let k = 0; k < SIG_KIND_COUNT; k++) insideKind[k] += hit[k];
    }
    const kinds: SignatureKind[] = [];
    const groups = new Set<number>();
    for (let kind = 0; kind < SIG_KIND_COUNT; kind++) {
      if (kept[di][kind].size === 0) continue;
      const share = insideKind[kind] / d.n;
      const baseRate = population === 0 ? 0 : outsideKind[di * SIG_KIND_COUNT + kind] / population;
      if (share < cfg.minKindShare || baseRate > cfg.maxBaseRate) continue;
      kinds.push({ kind: kind as SigKind, share: round4(share), baseRate: round4(baseRate) });
      groups.add(groupOf(kind as SigKind));
    }
    if (groups.size < cfg.minKinds) return;
    const keys: SignatureKey[] = [];
    for (const { kind } of kinds) {
      for (const k of kept[di][kind]) keys.push({ key: k, kind, share: round4(d.inside.get(k)! / d.n), baseRate: round4(base(k)) });
    }
    const signatureId = `sig_${d.c.campaignId}`;
    out.push({
      signatureId,
      campaignId: d.c.campaignId,
      createdAtMs: prior?.get(signatureId)?.createdAtMs ?? nowMs,
      members: d.n,
      keys,
      kinds,
      minKinds: cfg.minKinds,
      action: d.c.action,
    });
  });
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
