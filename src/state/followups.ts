/**
 * Follow-up turns and how many of them repeat the account's own stock texts,
 * kept in a small run of a Uint32Array that the caller owns (the account's
 * slab): four counters, then the last FOLLOW_SLOTS follow-up text hashes, first
 * in first out. O(1) per account whatever its traffic.
 *
 * Why: a user simulator (how self-chat dialogue data is made) drives each
 * conversation on with follow-ups drawn from a short stock list ("Go on.",
 * "Give me a concrete example."), so after a few conversations nearly every
 * follow-up is one the account has sent before. The caller passes the text's
 * template skeleton (normalised, punctuation dropped, numbers masked), so
 * noise added to a stock text does not make it new. A person reacts
 * to the answer; even simulated people who draw from stock lists repeat a third
 * to two thirds of theirs.
 *
 * @example
 *   const run = new Uint32Array(FOLLOW_WORDS);
 *   noteFollowUp(run, 0, hashOf('Go on.'));
 *   followUpCount(run, 0, FollowUp.All); // 1
 */

/** Follow-up texts (template skeletons) remembered: a stock list of a dozen, each also seen with a number added, fits. */
export const FOLLOW_SLOTS = 32;
/**
 * Follow-ups an account sends before its repeats are counted: the first use of
 * each stock text cannot be a repeat, so counting from the first turn held a
 * stock list of eight under 0.8 for most of a red-team world.
 */
export const FOLLOW_WARMUP = 8;

/** The counters at the start of the run. */
export const FollowUp = {
  /** follow-up turns */
  All: 0,
  /** follow-up turns after the first FOLLOW_WARMUP */
  Later: 1,
  /** of those, the ones whose text (as the caller hashes it) the account sent before */
  Stock: 2,
  /** texts remembered so far (the next overwrites slot Seen % FOLLOW_SLOTS) */
  Seen: 3,
} as const;
export type FollowUpCounter = (typeof FollowUp)[keyof typeof FollowUp];
/** Words of the run: the counters, then the text hashes. */
export const FOLLOW_WORDS = 4 + FOLLOW_SLOTS;

/** Counts one follow-up turn with text hash `h`; true when the account sent that text before. */
export function noteFollowUp(run: Uint32Array, at: number, h: number): boolean {
  const counted = ++run[at + FollowUp.All] > FOLLOW_WARMUP;
  if (counted) run[at + FollowUp.Later]++;
  const seen = run[at + FollowUp.Seen];
  const slots = at + 4;
  const n = seen < FOLLOW_SLOTS ? seen : FOLLOW_SLOTS;
  for (let i = 0; i < n; i++) {
    if (run[slots + i] === h) {
      if (counted) run[at + FollowUp.Stock]++;
      return true;
    }
  }
  run[slots + (seen % FOLLOW_SLOTS)] = h;
  run[at + FollowUp.Seen] = seen + 1;
  return false;
}

export function followUpCount(run: Uint32Array, at: number, which: FollowUpCounter): number {
  return run[at + which];
}

/** Share of the counted follow-ups (after the warm-up) that repeat an earlier text; 0 when none is counted. */
export function stockShare(run: Uint32Array, at: number): number {
  const later = run[at + FollowUp.Later];
  return later > 0 ? run[at + FollowUp.Stock] / later : 0;
}

/** Copies the remembered follow-up text hashes (distinct, at most FOLLOW_SLOTS) into `out`; returns how many. */
export function followUpTexts(run: Uint32Array, at: number, out: Uint32Array): number {
  const seen = run[at + FollowUp.Seen];
  const n = seen < FOLLOW_SLOTS ? seen : FOLLOW_SLOTS;
  for (let i = 0; i < n; i++) out[i] = run[at + 4 + i];
  return n;
}

/** Whether an exchange's new user turn is a follow-up: the user speaks again after an answer (tool loops feed tool results, not this). */
export function isFollowUp(userTurns: number, toolTurns: number): boolean {
  return userTurns >= 2 && toolTurns === 0;
}
