/**
 * Who chooses the follow-ups: the pause between an answer and the turn that
 * answers it, against the answer's length.
 *
 * A user simulator and an app with quick-reply buttons both repeat a small
 * set of follow-ups, so the wording cannot tell them apart. What differs is
 * who chooses them and when: a person reads the answer first, so the pause
 * after it grows with its length and varies from turn to turn; a script sends
 * its next stock turn as soon as the answer has arrived, or after a delay it
 * draws without reading. Measured here on the follow-ups whose previous turn
 * the account sent itself (matched by `threadBefore` / `threadAfter`,
 * src/features/extract.ts), with the answer's end taken from `latency_ms`:
 * without it a machine's pause is the answer's own generation time, which
 * grows with its length too, so nothing is counted.
 *
 * Memory: THREAD_SLOTS conversations per account (the newest), and six
 * running sums; allocated on an account's first follow-up.
 *
 * @example
 *   const p = new Pacing();
 *   p.answered(threadAfter, endMs, outTokens);   // each exchange
 *   p.followUp(threadBefore, tsMs);              // each follow-up, before
 *   p.followsAnswers();                          // a person reading
 */

/** Conversations in progress remembered per account: an app relays many students at once. */
export const THREAD_SLOTS = 16;
/**
 * Matched follow-ups before the pacing is read: the correlation of twenty
 * pairs of a script's independent delays passes PACED_T by chance about one
 * time in a thousand.
 */
export const MIN_PACED = 20;
/**
 * t statistic of the correlation between log pause and log answer length
 * that says the pause follows the answer (one-sided, ~0.1% by chance for
 * independent delays). Why: people's pauses grow with what they read; a
 * script's do not. Evaded by a simulator that sleeps in proportion to the
 * answer's length before its next stock turn (it then pays human time per
 * turn: a tenth of the harvest per account-hour, or ten times the accounts).
 * Falsely fails a person whose answers are all of one length (then nothing
 * is read from the pacing and the other evidence decides).
 */
export const PACED_T = 3;
/**
 * Median pause after an answer, seconds, below which the chooser is a
 * machine whatever the correlation: reading a few hundred tokens takes a
 * person longer. Evaded by the same sleeping simulator.
 */
export const MIN_PAUSE_S = 3;

export class Pacing {
  private readonly keys = new Uint32Array(THREAD_SLOTS);
  private readonly ends = new Float64Array(THREAD_SLOTS);
  private readonly tokens = new Float64Array(THREAD_SLOTS);
  /** 1 where the remembered turn was harvest-shaped */
  private readonly harvest = new Uint8Array(THREAD_SLOTS);
  /** matched follow-ups whose previous turn was harvest-shaped: harvest a person read and answered */
  readHarvest = 0;
  private next = 0;
  /** matched follow-ups and running sums of x = log10 answer tokens, y = log10 pause seconds */
  n = 0;
  private mx = 0;
  private my = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;

  /** Notes an answered turn: its conversation hash after the turn, when the answer ended, its length, whether it was harvest-shaped. */
  answered(threadAfter: number, endMs: number, outTokens: number, harvest = false): void {
    if (!threadAfter || !(outTokens > 0) || !Number.isFinite(endMs)) return;
    const i = this.next;
    this.keys[i] = threadAfter >>> 0;
    this.ends[i] = endMs;
    this.tokens[i] = outTokens;
    this.harvest[i] = harvest ? 1 : 0;
    this.next = (i + 1) % THREAD_SLOTS;
  }

  /** Counts a follow-up sent at `tsMs` to the conversation `threadBefore`, when its previous answer is remembered. */
  followUp(threadBefore: number, tsMs: number): void {
    if (!threadBefore) return;
    const k = threadBefore >>> 0;
    for (let j = 0; j < THREAD_SLOTS; j++) {
      // newest first: a stock turn may recur in two conversations
      const i = (this.next - 1 - j + THREAD_SLOTS) % THREAD_SLOTS;
      if (this.keys[i] !== k) continue;
      const pause = (tsMs - this.ends[i]) / 1000;
      this.add(Math.log10(this.tokens[i]), Math.log10(Math.max(0.1, pause)));
      if (this.harvest[i]) this.readHarvest++;
      this.keys[i] = 0;
      return;
    }
  }

  private add(x: number, y: number): void {
    this.n++;
    const dx = x - this.mx;
    this.mx += dx / this.n;
    const dy = y - this.my;
    this.my += dy / this.n;
    this.sxx += dx * (x - this.mx);
    this.syy += dy * (y - this.my);
    this.sxy += dx * (y - this.my);
  }

  /** Correlation of log pause with log answer length over the matched follow-ups (NaN below 3 or without spread). */
  correlation(): number {
    if (this.n < 3 || this.sxx <= 0 || this.syy <= 0) return NaN;
    return this.sxy / Math.sqrt(this.sxx * this.syy);
  }

  /** Geometric mean pause after an answer, seconds (NaN when none matched). */
  meanPauseS(): number {
    return this.n ? 10 ** this.my : NaN;
  }

  /** The follow-ups are chosen after reading the answers: enough of them, pauses of a reader, growing with the answer's length. */
  followsAnswers(): boolean {
    if (this.n < MIN_PACED) return false;
    const r = this.correlation();
    if (!(r > 0)) return false;
    const t = r >= 1 ? Infinity : r * Math.sqrt((this.n - 2) / (1 - r * r));
    return t >= PACED_T && this.meanPauseS() >= MIN_PAUSE_S;
  }
}
