/**
 * Frame cohorts: accounts that send their prompts inside wrappers they share,
 * whatever the wrappers say.
 *
 * The content lexicon recognises extraction requests by their wording, and
 * an operator with wordings of its own goes past it (docs/detection.md, "How
 * much rests on wording": 1 to 4 of 15 unseen wrappers scored as harvest). What
 * a fleet cannot avoid is to reuse its wrappers: each account puts a handful
 * of them around an endless stream of items, and the accounts share them. A
 * prompt's frame is the hash of its first or of its last FRAME_TOKENS words
 * (`frameHead`, `frameTail`, src/features/extract.ts), so a wrapper in front
 * of or behind the item keeps one end fixed while the item varies.
 *
 * An account is a candidate when, over at least MIN_EXCHANGES exchanges, at
 * least MIN_FRAMED_SHARE of its prompts sit inside frames it used
 * MIN_REPEATS or more times, its prompts are distinct (items, not a batch
 * job repeating itself), it gets full answers (when the log has usage), it
 * has no fixed system prompt (an app), is not verified, and its busiest
 * address is not a crowd's (a campus class behind one NAT asks "can you
 * explain it step by step?" after every homework item; src/linkage/crowd.test.ts
 * caught 60 students grouped so before this rule). A frame belongs
 * to a cohort when MIN_HOLDERS or more candidates repeat it and candidates
 * are most of the accounts that repeat it (a phrase many people open with,
 * "write a python function that", is repeated by more who are not). Candidates
 * sharing such frames are one cohort; MIN_COHORT of them are listed as a
 * campaign, for review.
 *
 * Not done in the linkage graph: frame edges there reshaped groups the other
 * links form (the red team's app-facade fleet merged into its stealthy fleets,
 * and most facade accounts then failed the member rules), so the cohort is
 * built beside the graph, from accounts no campaign has taken.
 *
 * Evaded by wrappers written afresh per request or per account, by wrapping
 * less than MIN_FRAMED_SHARE of the traffic, or by short answers. Falsely
 * groups several unverified products that put one open-source prompt
 * template around their users' varied questions without a system prompt and
 * return long answers: for review, never blocked on this alone.
 */
import { UnionFind } from '../util/union-find.js';

/** Exchanges an account needs before its frames are read. */
export const MIN_EXCHANGES = 20;
/** Uses of one frame by one account before it is that account's wrapper. */
export const MIN_REPEATS = 3;
/** Share of an account's prompts inside its wrappers. */
export const MIN_FRAMED_SHARE = 0.3;
/** Share of distinct prompts below which the account repeats itself (a batch job, a test loop). */
export const MIN_DISTINCT = 0.8;
/** Candidates that must repeat a frame for it to be a cohort's. */
export const MIN_HOLDERS = 3;
/** Share of the accounts repeating a frame that must be candidates. */
export const MIN_CANDIDATE_SHARE = 0.5;
/** Accounts a cohort needs to be listed. */
export const MIN_COHORT = 5;

/** One candidate: its id and its repeated frames with their counts. */
export interface FrameCandidate {
  id: string;
  frames: { key: number; count: number }[];
}

/**
 * Groups `candidates` into cohorts by the frames they share; `repeaters` is,
 * per frame, how many accounts (candidates or not) repeat it. Returns the
 * cohorts of MIN_COHORT or more, each with its members (indices into
 * `candidates`) and its frames.
 */
export function frameCohortsOf(candidates: FrameCandidate[], repeaters: Map<number, number>): { members: number[]; frames: number[] }[] {
  const holders = new Map<number, number[]>();
  candidates.forEach((c, i) => {
    for (const f of c.frames) (holders.get(f.key) ?? holders.set(f.key, []).get(f.key)!).push(i);
  });
  const sets = new UnionFind(candidates.length);
  const shared: number[] = [];
  for (const [key, hs] of holders) {
    if (hs.length < MIN_HOLDERS || hs.length < MIN_CANDIDATE_SHARE * (repeaters.get(key) ?? hs.length)) continue;
    shared.push(key);
    for (let j = 1; j < hs.length; j++) sets.union(hs[j], hs[0]);
  }
  const groups = new Map<number, number[]>();
  const keep = new Set(shared);
  candidates.forEach((c, i) => {
    if (!c.frames.some((f) => keep.has(f.key))) return;
    const r = sets.find(i);
    (groups.get(r) ?? groups.set(r, []).get(r)!).push(i);
  });
  const out: { members: number[]; frames: number[] }[] = [];
  for (const members of groups.values()) {
    if (members.length < MIN_COHORT) continue;
    const mine = new Set(members);
    out.push({ members, frames: shared.filter((k) => holders.get(k)!.some((i) => mine.has(i))).sort((a, b) => a - b) });
  }
  return out;
}
