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
 * it; texts caught accounts send together are one script (union-find), so two
 * fleets with different lists make two cohorts.
 *
 * People share follow-ups too ("thanks", "go on"), and simulated people draw
 * theirs from common lists: that is why the script is learnt from accounts the
 * detector caught, never from everyone, and why a member needs
 * `MIN_MEMBER_TEXTS` different texts of it, nearly nothing else
 * (`MIN_MEMBER_SHARE`), mostly follow-ups, a client library, full answers and
 * no fixed system prompt; and why membership is for review only.
 *
 * Evaded by a fleet none of whose accounts is caught on its own (no script to
 * learn), by accounts that each draw from their own list, and by follow-ups
 * written afresh. Falsely sends to review a developer whose scripted test
 * conversations use exactly the fleet's stock texts (a shared open-source
 * simulator's default list, say) from a client library.
 */
import { scripted } from '../detectors/scripted/index.js';
import { UnionFind } from '../util/union-find.js';

/** Caught accounts a text must be sent by before it is part of a script. */
export const MIN_HOLDERS = 3;
/** Caught accounts needed before any script is learnt. */
export const MIN_ANCHORS = 5;
/** Different texts of the script an account not caught on its own must have sent. */
export const MIN_MEMBER_TEXTS = 8;
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
}

/** The member lines from the scripted-dialogue detector's settings (its defaults where unset). */
export function memberLines(detectorConfig?: Record<string, unknown>): MemberLines {
  const c = scripted.config.parse(detectorConfig?.[scripted.id] ?? {});
  return { followUpShare: c.minFollowUpShare, clientLib: c.minClientLib, answerTokens: c.minAnswerTokens };
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
  /** its remembered texts in all */
  of: number;
}

/** The stock texts of the caught accounts, grouped into scripts. */
export class ScriptBook {
  private constructor(
    /** text hash -> script index */
    private readonly scriptOf: Map<number, number>,
    /** text hash -> caught accounts that sent it */
    readonly holders: Map<number, number>,
    /** number of scripts */
    readonly scripts: number,
  ) {}

  /** The scripts of these caught accounts' texts (distinct per account), or undefined when there are too few accounts or no shared text. */
  static of(anchors: readonly Uint32Array[]): ScriptBook | undefined {
    if (anchors.length < MIN_ANCHORS) return undefined;
    const held = new Map<number, number>();
    for (const texts of anchors) for (let i = 0; i < texts.length; i++) held.set(texts[i], (held.get(texts[i]) ?? 0) + 1);
    const stock = new Map<number, number>();
    for (const [h, n] of held) if (n >= MIN_HOLDERS) stock.set(h, stock.size);
    if (stock.size === 0) return undefined;
    // union-find over stock texts: the texts one caught account sends are one script
    const sets = new UnionFind(stock.size);
    for (const texts of anchors) {
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
      holders.set(h, held.get(h)!);
    }
    return new ScriptBook(scriptOf, holders, index.size);
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
    return best < 0 ? undefined : { script: best, inScript: bestCount, of: n };
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

/** Whether an account not caught on its own sends the script: enough of its texts, and nearly nothing else. */
export function followsScript(m: ScriptMatch | undefined): m is ScriptMatch {
  return !!m && m.inScript >= MIN_MEMBER_TEXTS && m.inScript >= MIN_MEMBER_SHARE * m.of;
}
