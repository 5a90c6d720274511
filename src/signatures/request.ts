/**
 * Campaign signatures matched on a request before it is answered: the
 * gateway follows a `signatures.json` (the one `distillguard serve` keeps
 * current, or one `scan` wrote) and decides a new account's first request
 * on it, before the engine has seen one exchange of the account.
 *
 * What a request alone shows of a signature's kinds: its client
 * (`user_agent`), its address range (`net`), its request parameters
 * (`params`, `toolset`) and its content (`template` skeleton, `system_prompt`,
 * `frame_head` / `frame_tail`), computed by the same feature extraction the
 * engine runs (on the request only: one extraction per request of an account
 * the engine has not seen yet); and the account table's row (`payment`,
 * `email_domain`, `signup_net`, `signup_burst`). A request matches a
 * signature when its keys cover the signature's `min_kinds` groups, the
 * engine's rule for an account, on this one request rather than on
 * `minMatched` exchanges: it is the fleet's next account at its first
 * request. As in the engine (src/signatures/index.ts), it is `block` only
 * when the signature blocks and the keys matched include both an address or
 * identity tie and a content tie; otherwise `review`. An account whose
 * account-table row says it signed up long before the signature
 * (`maxSignupAgeDays`) is not matched, nor a verified one.
 *
 * Evaded by a fleet whose next accounts change all but one group (new
 * ranges and new wrappers); a fleet sending a first request with none of its
 * marks, then harvesting, is left to the engine. Falsely matches an ordinary
 * new account that shares two rare facts with the campaign in one request (a
 * student on the fleet's proxy range who pastes the fleet's wrapper), which
 * the signature's base rates make rare; the policy decides what a match does
 * (a `signature:` rule in shadow first).
 */
import { followJsonFile } from '../util/follow.js';
import type { AccountRecord, Exchange, Reason } from '../contract/types.js';
import { extractFeatures } from '../features/extract.js';
import type { Standing } from '../policy/types.js';
import { SignatureConfig } from './config.js';
import { EXCHANGE_KEYS, exchangeKeys, groupOf, recordKeys, renderValue, SigGroup, SIG_KINDS, sigKindOf } from './kinds.js';
import { parseSignatures } from './file.js';
import { SignatureIndex } from './lookup.js';

/** a verdict's score as the engine's default scoring gives it (src/scoring) */
const REVIEW_AT = 0.6;
const BLOCK_AT = 0.85;
const TIE = (1 << SigGroup.Network) | (1 << SigGroup.Identity);
const CONTENT = 1 << SigGroup.Content;

export class RequestSignatures {
  private index = new SignatureIndex([]);
  private readonly maxSignupAgeMs = SignatureConfig.parse({}).maxSignupAgeDays * 86_400_000;
  private readonly keys = new Float64Array(EXCHANGE_KEYS);
  /** called with the signature ids of each list loaded, and the file as read */
  onLoad?: (ids: ReadonlySet<string>, file: unknown) => void;
  private last: unknown = null;

  /** the file last loaded (signatures.json form), null before one */
  get file(): unknown {
    return this.last;
  }

  get size(): number {
    return this.index.size;
  }

  /**
   * Follows a signatures file: read now and within `intervalMs` of every
   * change (the service replaces it whole through a rename). A missing or
   * damaged file leaves the last good signatures in force and is reported
   * through `onProblem`. Returns a function that stops following.
   */
  follow(path: string, onProblem: (message: string) => void, intervalMs = 500): () => void {
    return followJsonFile(path, {
      what: 'signatures',
      parse: (json) => {
        const r = parseSignatures(json);
        return r.ok ? { ok: true, value: r.index } : { ok: false, reason: r.reason };
      },
      apply: (index, json) => {
        this.index = index;
        this.last = json;
        this.onLoad?.(new Set(index.signatures.map((s) => s.signatureId)), json);
      },
      onProblem,
      intervalMs,
    });
  }

  /**
   * The standing a request gives an account the engine has not judged: a
   * signature match (review or block, in the signature's campaign), or null.
   * `ex` is the request as the gateway records it (no answer yet).
   */
  match(ex: Exchange, record: AccountRecord | undefined, nowMs: number): Standing | null {
    if (this.index.size === 0 || record?.verified) return null;
    const n = exchangeKeys(ex, extractFeatures(ex), this.keys);
    const all = [...this.keys.subarray(0, n), ...recordKeys(record)];
    const groups = new Map<number, number>();
    const hit = new Map<number, number[]>();
    for (const k of all) {
      for (const i of this.index.lookup(k) ?? []) {
        groups.set(i, (groups.get(i) ?? 0) | (1 << groupOf(sigKindOf(k))));
        (hit.get(i) ?? hit.set(i, []).get(i)!).push(k);
      }
    }
    const created = record?.created_at ? Date.parse(record.created_at) : NaN;
    let best: { i: number; g: number; block: boolean } | null = null;
    for (const [i, g] of groups) {
      const sig = this.index.signatures[i];
      if (popcount(g) < sig.minKinds) continue;
      // for the campaign's next accounts: a request before the signature existed, or an account that signed up long before it, is the engine's to judge
      if (nowMs < sig.createdAtMs || created < sig.createdAtMs - this.maxSignupAgeMs) continue;
      const block = sig.action === 'block' && (g & TIE) !== 0 && (g & CONTENT) !== 0;
      if (!best || (block && !best.block) || (block === best.block && popcount(g) > popcount(best.g))) best = { i, g, block };
    }
    if (!best) return null;
    const sig = this.index.signatures[best.i];
    const named = [...new Set(hit.get(best.i)!)].map((k) => `${SIG_KINDS[sigKindOf(k)].name} ${renderValue(k)}`);
    const weight = best.block ? BLOCK_AT : REVIEW_AT;
    const reason: Reason = {
      signal: 'signature.match',
      weight,
      detail:
        `first request matches ${sig.signatureId}, the signature of campaign ${sig.campaignId} (what its ${sig.members} flagged accounts share and ordinary accounts do not): ${named.join(', ')}; ` +
        (best.block ? 'an address or identity tie and a content tie together: blocked' : 'for review: no address or identity tie together with a content tie'),
    };
    return { verdict: best.block ? 'block' : 'review', score: weight, flaggedAt: ex.ts, campaignId: sig.campaignId, reasons: [reason], signature: { id: sig.signatureId, campaignId: sig.campaignId } };
  }
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
