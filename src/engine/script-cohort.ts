/**
 * Script cohorts: the accounts of one self-chat fleet, grouped by the stock
 * follow-ups they share.
 *
 * The scripted-dialogue detector (src/detectors/scripted) finds a user
 * simulator account by account: its follow-ups repeat its own earlier texts,
 * around the clock. That takes a day or two of each account's traffic, and it
 * leaves an analyst with one review per account and nothing that says they are
 * one operation. But a fleet runs one simulator: its accounts send the same
 * stock texts. Once a few accounts are caught on their own traffic, their
 * shared texts are the fleet's script, and
 *
 * - the caught accounts that send it are listed together as one campaign, and
 * - an account not caught yet whose follow-ups are (nearly) all texts of that
 *   script, from a client library, is sent to review as a member, after a
 *   handful of conversations instead of a full day around the clock. A fleet
 *   whose list is too long for each account to repeat itself soon (24 texts and
 *   more) is found this way too, as long as some of its accounts are caught.
 *
 * A text belongs to a script when at least `MIN_HOLDERS` caught accounts sent
 * it and it is surprising against the base rate: the caught accounts send it
 * at least `MIN_LIFT` times as often as the other accounts that follow up
 * (those with `FOLLOW_WARMUP` follow-ups or more that keep people's hours,
 * `MemberLines.quietHours`; their remembered texts are counted at each
 * sweep). Texts caught accounts send together are one script
 * (union-find), so two fleets with different lists make two cohorts.
 *
 * People share follow-ups too ("why?", "ok thanks, give me an example"), and
 * the detector catches a few ordinary accounts (a key a team shares around
 * the clock); their share of the population is a rate, so the more ordinary
 * accounts there are, the more such caught accounts, and counting "caught
 * accounts that sent it" alone made the everyday vocabulary a script and swept
 * in a quarter of a world's chat users. A text ordinary accounts send at a
 * comparable rate carries no evidence; a member's evidence is the surprisal of
 * the script texts it sent (how rarely the other accounts send each), summed:
 * `MIN_MEMBER_BITS`, nearly nothing else (`MIN_MEMBER_SHARE`), mostly
 * follow-ups, a client library, full answers and no fixed system prompt; and
 * membership is for review only. All of it rates, so the share of ordinary
 * accounts that join by chance does not grow with their number
 * (src/engine/population-fpr.test.ts).
 *
 * An account whose follow-ups follow the answers (the pause before each grows
 * with the answer's length, src/state/pacing.ts) does not join: an app's
 * quick-reply buttons are a stock list its students press after reading.
 *
 * Evaded by a fleet none of whose accounts is caught on its own (no script to
 * learn), by a simulator that pauses in proportion to each answer's length, by accounts that each draw from their own list, by follow-ups
 * written afresh, and by a stock list drawn from the everyday vocabulary. A
 * fleet's accounts in their first day, before a quiet night can be told from
 * none, count among people and raise the base rate of its own texts: members
 * join once the fleet has run a day. Falsely sends to review a developer
 * whose scripted test conversations use exactly the fleet's stock texts (a
 * shared open-source simulator's default list, say) from a client library.
 */
import { scripted } from '../detectors/scripted/index.js';
import { UnionFind } from '../util/union-find.js';

/** Caught accounts a text must be sent by before it is part of a script. */
export const MIN_HOLDERS = 3;
/** Caught accounts needed before any script is learnt. */
export const MIN_ANCHORS = 5;
/**
 * How many times more often the caught accounts send a text than the other
 * accounts that follow up: below it the text is ordinary phrasing the caught
 * accounts happen to use ("why?", "ok thanks, give me an example"), however
 * many of them send it. A fleet's own list is sent by nearly all its caught
 * accounts and by few others (its share of the accounts that follow up), so it
 * clears this many times over; people's vocabulary, sent by most caught and
 * most ordinary accounts alike, stays near 1. Evaded by a fleet whose stock
 * list is the everyday vocabulary itself (then its texts say nothing).
 * Falsely makes a script of a phrasing that people rarely use and that the
 * ordinary accounts the detector catches share (a test suite's default
 * follow-ups): its members still need MIN_MEMBER_BITS.
 */
export const MIN_LIFT = 4;
/**
 * Surprisal (bits: -log2 of the share of the other accounts that follow up
 * and sent the text) that the script texts an account sent must add up to
 * before it joins: eight texts each sent by one in eight ordinary accounts, or
 * four each sent by one in a hundred. A rate, not a count: the share of
 * ordinary accounts that reach it by chance does not grow with their number.
 * Evaded by a member that mixes in texts of its own (MIN_MEMBER_SHARE then
 * fails) or sends few of the list; falsely joins an account whose follow-ups
 * are nearly all rare texts the caught accounts also send.
 */
export const MIN_MEMBER_BITS = 24;
/**
 * Surprisal one text adds at most: a text nobody else sent is not told apart
 * from one sent by one in a hundred in a world of a few hundred accounts that
 * follow up, and one very rare text must not carry an account on its own.
 */
export const MAX_TEXT_BITS = Math.log2(100);
/** Different texts of the script an account not caught on its own must have sent, however rare. */
export const MIN_MEMBER_TEXTS = 4;
/** Share of its remembered follow-up texts that must belong to the script. */
export const MIN_MEMBER_SHARE = 0.85;
/**
 * What an account not caught on its own must also show to join: follow-ups at
 * least half its traffic, a client library, full answers (when the log has
 * usage). The scripted-dialogue detector's lines as configured
 * (`detectors."conversation.scripted"`), without its clock and volume, which
 * the shared script stands in for.
 */
export interface MemberLines {
  followUpShare: number;
  clientLib: number;
  answerTokens: number;
  /**
   * The longest quiet spell in the day a machine leaves (the detector's clock
   * line). The base rate of a text is measured among the accounts with a longer
   * one, that keep people's hours: a fleet runs around the clock, so its
   * accounts not caught yet do not make its own texts look ordinary.
   */
  quietHours: number;
}

/** The member lines from the scripted-dialogue detector's settings (its defaults where unset). */
export function memberLines(detectorConfig?: Record<string, unknown>): MemberLines {
  const c = scripted.config.parse(detectorConfig?.[scripted.id] ?? {});
  return { followUpShare: c.minFollowUpShare, clientLib: c.minClientLib, answerTokens: c.minAnswerTokens, quietHours: c.maxQuietHours };
}

/** Script texts a caught account must hold to be listed with the script's cohort. */
export const MIN_ANCHOR_TEXTS = 3;
/** Caught accounts a cohort needs: fewer is not yet a fleet. */
export const MIN_CAUGHT = 3;
/** Accounts (caught and joined) a cohort needs to be listed as a campaign. */
export const MIN_COHORT = 5;

/** How an account's follow-up texts match the scripts. */
export interface ScriptMatch {
  /** index of the script most of its texts belong to */
  script: number;
  /** its texts in that script */
  inScript: number;
  /** summed surprisal of those texts (bits, each at most MAX_TEXT_BITS) */
  bits: number;
  /** share of the other accounts that follow up that sent the commonest of those texts */
  commonest: number;
  /** its remembered texts in all */
  of: number;
}

/**
 * The caught accounts' shared texts, before the base rate is known: each is
 * then counted among the other accounts that follow up (`observe`), and
 * `book()` keeps the ones the caught accounts send far more often than they
 * do. Memory: one entry per text shared by caught accounts, whatever the
 * number of accounts observed.
 *
 * @example
 *   const draft = ScriptDraft.of(caughtTexts);
 *   for (const texts of otherAccountsTexts) draft?.observe(texts);
 *   const book = draft?.book();
 */
export class ScriptDraft {
  /** accounts observed */
  private others = 0;
  private constructor(
    private readonly anchors: readonly Uint32Array[],
    /** text hash -> [caught accounts that sent it, other accounts that sent it] */
    private readonly counts: Map<number, [number, number]>,
  ) {}

  /** The texts at least MIN_HOLDERS of these caught accounts sent (distinct per account), or undefined when there are too few accounts or no shared text. */
  static of(anchors: readonly Uint32Array[]): ScriptDraft | undefined {
    if (anchors.length < MIN_ANCHORS) return undefined;
    const held = new Map<number, number>();
    for (const texts of anchors) for (let i = 0; i < texts.length; i++) held.set(texts[i], (held.get(texts[i]) ?? 0) + 1);
    const counts = new Map<number, [number, number]>();
    for (const [h, n] of held) if (n >= MIN_HOLDERS) counts.set(h, [n, 0]);
    return counts.size === 0 ? undefined : new ScriptDraft(anchors, counts);
  }

  /** Counts the distinct follow-up texts of one account outside the caught ones that follows up (at least FOLLOW_WARMUP follow-ups, people's hours). */
  observe(texts: Uint32Array, n = texts.length): void {
    this.others++;
    for (let i = 0; i < n; i++) {
      const c = this.counts.get(texts[i]);
      if (c) c[1]++;
    }
  }

  /** The scripts: the shared texts surprising against the base rate, grouped by the caught accounts that send them together. */
  book(): ScriptBook | undefined {
    const caught = this.anchors.length;
    const stock = new Map<number, number>();
    const share = new Map<number, number>();
    for (const [h, [a, b]] of this.counts) {
      // one pseudo-account that sent it and one that did not: a text no other account sent is not certainly absent elsewhere
      const base = (b + 1) / (this.others + 2);
      if (a / caught < MIN_LIFT * base) continue;
      stock.set(h, stock.size);
      share.set(h, base);
    }
    if (stock.size === 0) return undefined;
    // union-find over stock texts: the texts one caught account sends are one script
    const sets = new UnionFind(stock.size);
    for (const texts of this.anchors) {
      let first = -1;
      for (let i = 0; i < texts.length; i++) {
        const k = stock.get(texts[i]);
        if (k === undefined) continue;
        if (first < 0) first = k;
        else sets.union(k, first);
      }
    }
    const index = new Map<number, number>();
    const scriptOf = new Map<number, number>();
    const holders = new Map<number, number>();
    for (const [h, k] of stock) {
      const root = sets.find(k);
      let s = index.get(root);
      if (s === undefined) index.set(root, (s = index.size));
      scriptOf.set(h, s);
      holders.set(h, this.counts.get(h)![0]);
    }
    return new ScriptBook(scriptOf, holders, share, this.others, index.size);
  }
}

/** The stock texts of the caught accounts that are rare elsewhere, grouped into scripts. */
export class ScriptBook {
  constructor(
    /** text hash -> script index */
    private readonly scriptOf: Map<number, number>,
    /** text hash -> caught accounts that sent it */
    readonly holders: Map<number, number>,
    /** text hash -> share of the other accounts that follow up that sent it (smoothed) */
    readonly share: Map<number, number>,
    /** other accounts that follow up, the base rate's population */
    readonly others: number,
    /** number of scripts */
    readonly scripts: number,
  ) {}

  /** The scripts of these caught accounts' texts, judged against the texts of `others` (accounts outside them that follow up). */
  static of(anchors: readonly Uint32Array[], others: Iterable<Uint32Array>): ScriptBook | undefined {
    const draft = ScriptDraft.of(anchors);
    if (!draft) return undefined;
    for (const t of others) draft.observe(t);
    return draft.book();
  }

  /** The script most of `texts` belong to, or undefined when none does. */
  match(texts: Uint32Array, n = texts.length): ScriptMatch | undefined {
    let best = -1;
    let bestCount = 0;
    // few scripts and at most 32 texts: count per script in a small map
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const s = this.scriptOf.get(texts[i]);
      if (s === undefined) continue;
      const c = (counts.get(s) ?? 0) + 1;
      counts.set(s, c);
      if (c > bestCount || (c === bestCount && s < best)) {
        best = s;
        bestCount = c;
      }
    }
    if (best < 0) return undefined;
    let bits = 0;
    let commonest = 0;
    for (let i = 0; i < n; i++) {
      if (this.scriptOf.get(texts[i]) !== best) continue;
      const p = this.share.get(texts[i])!;
      bits += Math.min(MAX_TEXT_BITS, -Math.log2(p));
      if (p > commonest) commonest = p;
    }
    return { script: best, inScript: bestCount, bits, commonest, of: n };
  }

  /** The script a text hash belongs to, if any. */
  scriptFor(h: number): number | undefined {
    return this.scriptOf.get(h);
  }

  /** The text of script `script` sent by the most caught accounts (ties: the smaller hash): a stable name for it. */
  signature(script: number): number {
    let best = -1;
    let bestHeld = -1;
    for (const [h, s] of this.scriptOf) {
      if (s !== script) continue;
      const n = this.holders.get(h)!;
      if (n > bestHeld || (n === bestHeld && h < best)) {
        best = h;
        bestHeld = n;
      }
    }
    return best;
  }

  /** Texts in script `script`. */
  size(script: number): number {
    let n = 0;
    for (const s of this.scriptOf.values()) if (s === script) n++;
    return n;
  }
}

/** Whether an account not caught on its own sends the script: texts rare enough elsewhere to add up to MIN_MEMBER_BITS, and nearly nothing else. */
export function followsScript(m: ScriptMatch | undefined): m is ScriptMatch {
  return !!m && m.inScript >= MIN_MEMBER_TEXTS && m.bits >= MIN_MEMBER_BITS && m.inScript >= MIN_MEMBER_SHARE * m.of;
}
