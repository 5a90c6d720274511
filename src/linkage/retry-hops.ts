/**
 * Retry hops: a prompt refused with a 429 on one account and sent, within
 * seconds, by another, as a fleet's client does when it moves a refused
 * request to the next account of its rotation.
 *
 * ```ts
 * const hops = new RetryHops({ windowMs: 60_000, memory: 50_000, maxPairs: 200_000 }, (a, b) => false);
 * hops.observe(0, promptHash, t, 429);   // account 0 is refused
 * hops.observe(7, promptHash, t + 2_000, 200); // account 7 sends it 2 s later
 * hops.settle(t + 120_000);              // the window is over: the pair (0, 7) is a hop
 * ```
 *
 * A hop is read when the window closes, from everything sent in it, because
 * what tells a moved request from a chance one only shows afterwards:
 *
 * - **The refused account keeps the prompt.** A person's client retries a 429
 *   on the same key (SDKs do it by default, with a back-off of seconds) and a
 *   person re-runs what failed; a fleet moves the request and the refused
 *   account goes on to its next item. A refusal whose account sends the prompt
 *   again within the window is its own retry, and whoever else sent the prompt
 *   meanwhile did so by chance.
 * - **One other account picks it up.** A fleet asks each item once, so the
 *   refused prompt goes to one account. When two or more other accounts send
 *   it within the window (or another account was refused on it just before),
 *   the prompt is one many people send at once (a workshop's pasted tutorial
 *   step, a framework's quickstart task), and a pick-up is chance: chance
 *   pick-ups grow with the square of the number of people sending a prompt.
 *
 * Why not the prompt's popularity over the whole log: a fleet re-asks its
 * items across its own accounts (the simulator's hydra fleets' retried items
 * were sent by a median 19 accounts, all the fleet's), so a global count calls
 * the fleet's items popular; what separates a crowd from a fleet is how many
 * accounts send the prompt *at the time of the refusal*.
 *
 * Evaded by a fleet that also retries on the refused account (it pays twice),
 * by one that waits out the limit or re-phrases the retried prompt, and by a
 * fleet whose retries fall among many senders of the same prompt (it must then
 * ask what the crowd asks, which harvests nothing of its own). Still falsely
 * links two people who send the same prompt within the window of a 429 when
 * the refused one gives up on it and nobody else sends it: rare, and one hop
 * ties a pair, not a crowd.
 *
 * Memory is fixed: at most `memory` open refusals (the oldest is settled on
 * what it has seen when a newer one needs its place) and `maxPairs` hop pairs;
 * hops between pairs beyond that are counted in `dropped`, never silently lost.
 */

/** Pair ids are lower * PAIR + higher account index. */
export const PAIR = 67108864; // 2^26 accounts at most

/** What a refusal has seen so far. */
interface Refusal {
  acct: number;
  ts: number;
  /** the first other account to send the prompt in the window, -1 while none has */
  hopper: number;
  /** the refused account kept the prompt, or more than one other account sent it */
  chance: boolean;
  /** the refusal this one's account picked the prompt up from, watched until its own window closes */
  prev: Refusal | undefined;
}

export interface RetryHopOptions {
  /** the same prompt on another account this soon after a 429 may be a hop */
  windowMs: number;
  /** open refusals remembered at most */
  memory: number;
  /** hop pairs kept at most */
  maxPairs: number;
}

export class RetryHops {
  /** hop pair id → hops between the pair */
  readonly pairs = new Map<number, number>();
  /** hops not kept because `pairs` was full */
  dropped = 0;
  /** refusals settled as chance (the refused account kept the prompt, or many sent it) */
  chance = 0;
  /** prompt hash → its latest refusal, oldest refusal first */
  private readonly open = new Map<number, Refusal>();
  /** when the oldest open refusal's window closes */
  private dueAt = Infinity;

  constructor(
    private readonly o: RetryHopOptions,
    /** accounts of one organisation: its client rotating its own keys is no fleet's hop */
    private readonly siblings: (a: number, b: number) => boolean,
  ) {}

  /** Folds one exchange: account index, prompt hash (0: none), event time, HTTP status. */
  observe(acct: number, prompt: number, ts: number, status: number | undefined): void {
    if (ts > this.dueAt) this.settle(ts);
    if (!prompt) return;
    const open = this.open;
    const rl = open.get(prompt);
    const live = rl !== undefined && ts >= rl.ts && ts - rl.ts <= this.o.windowMs;
    if (live) {
      this.see(rl, acct);
      // a refusal the prompt moved on from is watched, until its own window closes, for its
      // account keeping the prompt (others sending it now follow the later refusal)
      for (let p = rl.prev; p; p = p.prev) {
        if (ts - p.ts > this.o.windowMs) break;
        if (p.acct === acct) p.chance = true;
      }
    }
    if (status !== 429) return;
    // the refused account retrying on itself: already marked above
    if (live && rl.acct === acct) return;
    // another account refused on a prompt already open: unless it is the one the prompt moved
    // to (a fleet's retry refused again), more than one account was sending it
    const crowd = live && (rl.chance || rl.hopper !== acct);
    // the account the prompt moved to was refused too: the earlier refusal stays watched
    const chain = live && !crowd;
    if (chain) {
      // refusals further back whose windows are over are read now, so a chain stays short
      for (let p: Refusal = rl; p.prev; p = p.prev) {
        if (ts - p.prev.ts > this.o.windowMs) {
          this.close(p.prev);
          p.prev = undefined;
          break;
        }
      }
    }
    if (rl) {
      open.delete(prompt);
      if (!chain) this.close(rl);
    }
    open.set(prompt, { acct, ts, hopper: -1, chance: crowd, prev: chain ? rl : undefined });
    if (open.size === 1) this.dueAt = ts + this.o.windowMs;
    if (open.size > this.o.memory) {
      const first = open.entries().next().value;
      if (first) {
        open.delete(first[0]);
        this.close(first[1]);
      }
      this.refreshDue();
    }
  }

  /** Settles every refusal whose window closed before `nowMs`. */
  settle(nowMs: number): void {
    const open = this.open;
    for (const [prompt, rl] of open) {
      if (rl.ts + this.o.windowMs >= nowMs) break;
      open.delete(prompt);
      this.close(rl);
    }
    this.refreshDue();
  }

  /** Open refusals (for memory accounting). */
  get openCount(): number {
    return this.open.size;
  }

  private refreshDue(): void {
    const first = this.open.values().next().value;
    this.dueAt = first ? first.ts + this.o.windowMs : Infinity;
  }

  private see(rl: Refusal, acct: number): void {
    if (rl.acct === acct) rl.chance = true;
    else if (!this.siblings(rl.acct, acct)) {
      if (rl.hopper < 0) rl.hopper = acct;
      else if (rl.hopper !== acct) rl.chance = true;
    }
  }

  /** Reads a refusal whose window is over (and the refusals it moved on from) as a hop or not. */
  private close(first: Refusal): void {
    for (let rl: Refusal | undefined = first; rl; rl = rl.prev) this.closeOne(rl);
  }

  private closeOne(rl: Refusal): void {
    if (rl.hopper < 0) return;
    if (rl.chance) {
      this.chance++;
      return;
    }
    const pair = Math.min(rl.acct, rl.hopper) * PAIR + Math.max(rl.acct, rl.hopper);
    const c = this.pairs.get(pair);
    if (c !== undefined) this.pairs.set(pair, c + 1);
    else if (this.pairs.size < this.o.maxPairs) this.pairs.set(pair, 1);
    else this.dropped++;
  }
}
