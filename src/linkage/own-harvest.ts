/**
 * Own harvest inside a crowd. A hackathon, a workshop or a lab shares what a
 * fleet shares at sign-up (the venue's address, one sign-up hour, one
 * framework's system prompt and client); a small operation that signs up
 * inside it shares all of that too, and judged with the crowd it is diluted
 * into the crowd's use: the part reads as a crowd and is cleared, and the
 * operation with it. So inside a part that is mostly a crowd of use, the
 * members that harvest on their own account are judged apart from it, in the
 * groups that their own ties make: keys they hold mostly among themselves (a
 * card, an address or range of their own, the templates of their own prompts,
 * a harvest focus) and, for members whose own detectors already flag them,
 * the fact that they do. Each such group of campaign size is judged as a
 * part of its own (reported apart from the crowd, never merged with it); a
 * harvester with no such tie is judged on its own traffic only; and the crowd
 * is judged without them.
 *
 * Evaded by an operation in a crowd whose accounts harvest no more than an
 * attendee (below `OWN_HARVEST` of their traffic), or that share no
 * instrument and no wording among themselves and stay below the review line
 * one by one. Falsely groups attendees whose own projects read as harvest and
 * who are each flagged on their own traffic (a group of accounts already
 * flagged, for review: what crowd keys alone tie is never blocked on them),
 * or who share a card or a range of their own (a team paying with one card).
 */
import { UnionFind } from '../util/union-find.js';

/**
 * Share of its own exchanges that must read as harvest for a crowd member to
 * be judged apart from its crowd. Why a half: attendees of our simulated
 * events read 0–5% at the median member and rarely above 0.5 (an agent
 * project whose tasks look like items; 0.74 the highest seen), the operations
 * hiding among them 100%; a reseller-like operation diluting its harvest
 * with ordinary use sits at 25–70%. Evaded by an operation that dilutes each
 * account below half with crowd-like use; falsely separates the few attendees
 * whose projects read as harvest, who then form a group only on ties of
 * their own or on their own flags.
 */
export const OWN_HARVEST = 0.5;

/**
 * Harvest exchanges a member must have sent before its share counts (one or
 * two questions are no share: a first benchmark-like question reads 100%).
 * Evaded by throwaway accounts of two harvest exchanges each (little to
 * distil); falsely counts an attendee whose first three tasks read as items.
 */
export const OWN_HARVEST_MIN = 3;

/**
 * Own-detector score from which a member counts as speaking for itself (the
 * scoring's default review line): members that each reach it are one group,
 * whatever else ties them, since each is flagged on its own traffic anyway.
 * Evaded by accounts each kept under the review line (then volume or a key of
 * their own must tie them); falsely groups attendees flagged on their own,
 * who were flagged already.
 */
export const OWN_SPEAKS = 0.6;

/**
 * How many times its crowd's median member's rate (exchanges per hour between
 * its first and last) or volume (exchanges so far) a harvester's own must be
 * to speak by volume. Both, because an operation that goes on for days after
 * its event has a crowd's rate over a longer span but many times the volume,
 * and one caught early has sent no more than anyone but faster. Why three:
 * one crowd's members spread their rates log-normally (a simulated event's attendees at
 * sigma 0.7), so three times the median is its top 6% and, with half of its
 * traffic harvest as well, about one attendee in four hundred; an operation
 * that joined the crowd to harvest runs at many times an attendee's rate.
 * Evaded by an operation at an attendee's rate (then only a card, an address
 * or wording of its own ties it); falsely groups heavy attendees whose own
 * projects read as harvest, for review only (see `describe`).
 */
export const LOUD_OVER_CROWD = 3;

/**
 * Holders among the crowd (the rest of the part) from which a key is the
 * crowd's: the venue's address, its sign-up address, the framework's system
 * prompt. Two, because one attendee sharing a key with harvesters is how a
 * harvester's own key looks too (the card of the one attendee it borrowed).
 * Evaded by an operation whose card or range two attendees also hold;
 * falsely leaves as the harvesters' own a key one honest attendee shares with
 * them (a team mate's card).
 */
export const CROWD_KEY_HOLDERS = 2;

/** What the split needs to know about a part's member. */
export interface OwnView {
  /** share of its exchanges that read as harvest */
  harvest: number;
  exchanges: number;
  /** exchanges per hour between its first and last (an hour at least) */
  rate: number;
  /** its own detectors' score (NaN when unknown) */
  ownScore: number;
}

export interface OwnHarvestInput {
  /** the part's members (account indices) */
  members: readonly number[];
  views: readonly OwnView[];
  /** the keys member `i` (by position) holds as evidence, of the kinds that can decide membership */
  keysOf(i: number): Iterable<number>;
  /** accounts holding key `k` across the whole population */
  holders(k: number): number;
  minSize: number;
  /**
   * Exchange-weighted harvest share of the rest of the part below which it is
   * a crowd of use, not a campaign diluting itself (the caller passes the
   * judge's own floor, `HARVEST_FLOOR`). A part whose remaining members still
   * harvest above it is judged whole: a fleet whose accounts all harvest is
   * never split, only a crowd from the harvesters inside it.
   */
  crowdFloor: number;
}

export interface OwnHarvestSplit {
  /** groups of harvesters tied by their own keys or speaking for themselves, each of `minSize` or more */
  groups: number[][];
  /** harvesters in no such group: judged on their own traffic only */
  alone: number[];
  /** the rest of the part, the crowd */
  rest: number[];
}

/**
 * Splits a part into the harvesting groups inside it and the crowd around
 * them, or returns null when it is not a crowd with harvesters inside (fewer
 * than two harvesters, a rest smaller than a campaign, or a rest that itself
 * harvests above `crowdFloor`).
 */
export function splitOwnHarvest(p: OwnHarvestInput): OwnHarvestSplit | null {
  const { members, views, minSize } = p;
  if (members.length < minSize + 2) return null;
  const h: number[] = [];
  const restRates: number[] = [];
  const restVolumes: number[] = [];
  let restEx = 0;
  let restHarvest = 0;
  for (let i = 0; i < members.length; i++) {
    const v = views[i];
    if (v.harvest >= OWN_HARVEST && v.harvest * v.exchanges >= OWN_HARVEST_MIN) h.push(i);
    else {
      if (v.exchanges > 0) {
        restRates.push(v.rate);
        restVolumes.push(v.exchanges);
      }
      restEx += v.exchanges;
      restHarvest += v.harvest * v.exchanges;
    }
  }
  const restN = members.length - h.length;
  if (h.length < 2 || restN < minSize || restHarvest >= p.crowdFloor * Math.max(1, restEx)) return null;
  const crowdRate = median(restRates);
  const crowdVolume = median(restVolumes);
  const inH = new Uint8Array(members.length);
  for (const i of h) inH[i] = 1;
  // what the crowd shares: keys two or more of the rest hold
  const inRest = new Map<number, number>();
  for (let i = 0; i < members.length; i++) if (!inH[i]) for (const k of p.keysOf(i)) inRest.set(k, (inRest.get(k) ?? 0) + 1);
  // keys the harvesters hold among themselves, the crowd does not share, and few hold elsewhere
  const uf = new UnionFind(h.length);
  const firstHolder = new Map<number, number>();
  const inside = new Map<number, number>();
  for (let j = 0; j < h.length; j++) {
    for (const k of p.keysOf(h[j])) {
      inside.set(k, (inside.get(k) ?? 0) + 1);
      if (!firstHolder.has(k)) firstHolder.set(k, j);
    }
  }
  for (let j = 0; j < h.length; j++) {
    for (const k of p.keysOf(h[j])) {
      const c = inside.get(k)!;
      if (c < 2 || (inRest.get(k) ?? 0) >= CROWD_KEY_HOLDERS || p.holders(k) - c > c) continue;
      const f = firstHolder.get(k)!;
      uf.union(j, f);
    }
  }
  // members that speak for themselves (their own score, or their volume against their crowd's) are one group
  let speaker = -1;
  for (let j = 0; j < h.length; j++) {
    const v = views[h[j]];
    const loud = (crowdRate > 0 && v.rate >= LOUD_OVER_CROWD * crowdRate) || (crowdVolume > 0 && v.exchanges >= LOUD_OVER_CROWD * crowdVolume);
    if (!(v.ownScore >= OWN_SPEAKS) && !loud) continue;
    if (speaker < 0) speaker = j;
    else uf.union(j, speaker);
  }
  const byRoot = new Map<number, number[]>();
  for (let j = 0; j < h.length; j++) {
    const r = uf.find(j);
    (byRoot.get(r) ?? byRoot.set(r, []).get(r)!).push(j);
  }
  const groups: number[][] = [];
  const alone: number[] = [];
  for (const g of byRoot.values()) {
    if (g.length < minSize) {
      for (const j of g) alone.push(members[h[j]]);
      continue;
    }
    groups.push(g.map((j) => members[h[j]]));
  }
  return { groups, alone, rest: members.filter((_, i) => !inH[i]) };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}
