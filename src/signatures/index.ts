/**
 * Campaign signatures: derived from each sweep's campaigns (derive.ts),
 * matched against every new exchange of an account no campaign holds, in
 * time proportional to the keys of that one exchange.
 *
 * An account that matches one signature on keys of `minKinds` independent
 * groups, on at least `minMatched` exchanges and on `minMatchedShare` of its
 * exchanges since its first match, is assigned to the signature's campaign
 * and flagged at that exchange (`signature.match`):
 * - **block** when the matched keys include a network or identity tie (an
 *   address range, card or e-mail domain of the fleet: its paid-for
 *   resources) *and* a content tie (its template, system prompt or prompt
 *   frame: its harvest), and the campaign itself blocks. Either alone is
 *   what an ordinary account can share by chance (a student behind the
 *   fleet's proxy range; a developer whose SDK and settings match); both at
 *   once, each rare among ordinary accounts, is the fleet's next account;
 * - **review** otherwise (client, request parameters, sign-up window with
 *   one other group), and always for a review-only campaign.
 * Verified accounts are never assigned by a signature: they are accountable
 * by contract and the linkage judges them. Nor is an account whose first
 * exchange came before the signature was first derived: the linkage has
 * judged it with the campaign in view and left it out, and a signature that
 * matched such accounts spread whatever a false campaign shared to the rest
 * of its crowd (on an independent generator's world, 16 agent-product seats
 * wrongly clustered became 57 through their shared system prompt and tools;
 * a campus cluster of 22 students took 8 more). Signatures are for the next
 * account of a found campaign; so an account whose account-table row
 * says it signed up long before (`maxSignupAgeDays`) is not matched either,
 * however late its first exchange.
 *
 * Evaded by a fleet whose new accounts change all but one group of what the
 * caught ones shared (new cards and ranges, and new wrappers), or dilute
 * every account with as many unmarked requests. Falsely flags an ordinary
 * account sharing two rare facts with a campaign at once; see derive.ts.
 */
import type { AccountRecord, Exchange, Reason, VerdictKind } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import { SignatureConfig, type SignatureConfigInput, type SignatureConfigT } from './config.js';
import { deriveSignatures, type AccountView, type Signature, type SignedCampaign } from './derive.js';
import { Holdings } from './holdings.js';
import { EXCHANGE_KEYS, exchangeKeys, groupOf, recordKeys, renderValue, SigGroup, SigKind, SIG_KINDS, sigKindOf } from './kinds.js';
import { SignatureIndex } from './lookup.js';

export { SignatureConfig, type SignatureConfigInput } from './config.js';
export type { Signature } from './derive.js';
export { SignatureIndex } from './lookup.js';
export { loadSignatures, parseSignatures, writeSignatures, toSignaturesFile, SignaturesFile, SIGNATURES_VERSION, type LoadResult } from './file.js';

/** What the matcher reads and sets on an account (AccountState has it). */
export interface MatchedAccount {
  readonly id: string;
  readonly n: number;
  /** event time of the account's first exchange */
  readonly firstMs: number;
  readonly record?: AccountRecord;
  readonly verdict: VerdictKind;
  campaignId: string | null;
  linkScore: number;
  linkReasons: readonly Reason[];
  campaignReviewOnly: boolean;
  signatureId: string | null;
  /** the account's place in the holdings, kept on the account to save a lookup per exchange (-1: none yet) */
  sigSlot: number;
}

/** A campaign as the engine holds it (src/engine CampaignFinding), as far as signatures need. */
export interface CampaignLike {
  campaignId: string;
  signals: string[];
  retracted?: string;
  contentOnly?: boolean;
  oneOrganisation?: unknown;
  script?: unknown;
  frames?: unknown;
  /** set on sibling organisations (src/engine/sibling-orgs.ts): no signature is drawn from them */
  siblings?: unknown;
}

/** One account's progress towards a signature. */
interface Tally {
  signature: string;
  /** the account's exchange count before the tally began */
  start: number;
  /** exchanges with a matching key */
  matched: number;
  /** groups (bit per SigGroup) and kinds (bit per SigKind) matched so far */
  groups: number;
  kinds: number;
}

/** Sweeps between re-derivations while no campaign's flagged members change. */
const REDERIVE_SWEEPS = 8;

/** Signatures an account is tallied against at once; a fourth pushes out the weakest. */
const TALLY_MAX = 3;

export interface Thresholds {
  reviewAt: number;
  blockAt: number;
}

/**
 * The engine's side of signatures: keeps the per-account key holdings,
 * re-derives signatures after a sweep, and matches exchanges.
 */
export class SignatureBook {
  readonly cfg: SignatureConfigT;
  private readonly holdings = new Holdings();
  private index = new SignatureIndex([]);
  private version = 1;
  private readonly tallies = new Map<string, Tally[]>();
  private readonly keys = new Float64Array(EXCHANGE_KEYS);
  private hitGroups = new Uint32Array(0);
  private hitKinds = new Uint32Array(0);
  private readonly touched: number[] = [];
  /** the campaigns and flagged member counts signatures were last derived from */
  private shape = '';
  private sinceDerive = 0;
  /** signatures from elsewhere, by source (see `carry`) */
  private readonly carried = new Map<string, Signature[]>();

  constructor(private readonly thresholds: Thresholds, cfg: SignatureConfigInput = {}) {
    this.cfg = SignatureConfig.parse(cfg);
  }

  signatures(): readonly Signature[] {
    return this.index.signatures;
  }

  /**
   * Signatures from outside this engine's own derivation, matched from now on
   * beside its own: those derived before a restart (`snapshot`,
   * src/gateway/snapshot.ts), of campaigns an engine rebuilt from a journal
   * tail may not find again; and those a gateway follows from a file
   * (`followed`, the service's signatures.json). Each source's list replaces
   * its previous one; one whose campaign this engine derives a signature for
   * gives way to it.
   */
  carry(signatures: readonly Signature[], source: 'snapshot' | 'followed' = 'snapshot'): void {
    const own = this.index.signatures.filter((s) => !this.isCarried(s));
    this.carried.set(source, [...signatures]);
    this.setIndex(this.withCarried(own));
  }

  private isCarried(s: Signature): boolean {
    for (const list of this.carried.values()) if (list.includes(s)) return true;
    return false;
  }

  private withCarried(next: Signature[]): Signature[] {
    if (!this.carried.size) return next;
    const have = new Set(next.map((s) => s.campaignId));
    const ids = new Set(next.map((s) => s.signatureId));
    for (const list of this.carried.values()) {
      for (const c of list) {
        if (have.has(c.campaignId) || ids.has(c.signatureId)) continue;
        ids.add(c.signatureId);
        next.push(c);
      }
    }
    return next;
  }

  private setIndex(next: Signature[]): void {
    this.index = new SignatureIndex(next);
    this.version++;
    this.hitGroups = new Uint32Array(next.length);
    this.hitKinds = new Uint32Array(next.length);
  }

  /** Which index the book matches against: it changes each time the signatures are re-derived or carried. */
  get indexVersion(): number {
    return this.version;
  }

  /**
   * Takes the signatures another book derived (a partitioned engine's
   * coordinator, src/engine/remote.ts) as this book's index, as its own
   * derivation would have set it; then drops the tallies of the accounts a
   * campaign now holds, as `derive` does.
   */
  adopt(signatures: readonly Signature[] | null, held: Iterable<{ id: string; campaignId: string | null }>): void {
    if (signatures) this.setIndex([...signatures]);
    if (this.tallies.size) for (const a of held) if (a.campaignId !== null) this.tallies.delete(a.id);
  }

  /** Notes one exchange of `s` in its holdings only (no matching): what `derive` reads. */
  note(s: MatchedAccount, ex: Exchange, f: ExchangeFeatures): void {
    const i = s.sigSlot >= 0 ? s.sigSlot : (s.sigSlot = this.holdings.slotOf(s.id));
    const n = exchangeKeys(ex, f, this.keys);
    this.holdings.note(i, this.keys, n);
  }

  /**
   * Notes one exchange of `s` and matches it against the signatures when no
   * campaign holds the account. Returns true when it assigned the account to
   * a campaign now (the caller then evaluates the account at this exchange).
   */
  observe(s: MatchedAccount, ex: Exchange, f: ExchangeFeatures): boolean {
    const i = s.sigSlot >= 0 ? s.sigSlot : (s.sigSlot = this.holdings.slotOf(s.id));
    const n = exchangeKeys(ex, f, this.keys);
    this.holdings.note(i, this.keys, n);
    if (this.index.size === 0 || s.campaignId !== null || s.record?.verified) return false;
    const touched = this.touched;
    touched.length = 0;
    for (let j = 0; j < n; j++) this.hit(this.keys[j], touched);
    if (!this.holdings.checkedAgainst(i, this.version)) this.holdings.forEachRecordKey(i, s.record, (k) => this.hit(k, touched));
    if (touched.length === 0) return false;
    let tallies = this.tallies.get(s.id);
    let crossed: Tally | undefined;
    for (let t = 0; t < touched.length; t++) {
      const sig = touched[t];
      const groups = this.hitGroups[sig];
      const kinds = this.hitKinds[sig];
      this.hitGroups[sig] = 0;
      this.hitKinds[sig] = 0;
      if (groups === 0) continue; // a signature touched twice in this exchange, already counted
      // only an account that appeared after the campaign was found: the linkage has judged every older one
      // with the campaign in view and left it out (a class or a product's seats beside a false campaign)
      if (!this.appearedAfter(s, this.index.signatures[sig].createdAtMs)) continue;
      const id = this.index.signatures[sig].signatureId;
      tallies ??= this.tallies.set(s.id, []).get(s.id)!;
      let tally = tallies.find((x) => x.signature === id);
      if (!tally) {
        tally = { signature: id, start: s.n - 1, matched: 0, groups: 0, kinds: 0 };
        if (tallies.length >= TALLY_MAX) {
          tallies.sort((a, b) => b.matched - a.matched);
          tallies.length = TALLY_MAX - 1;
        }
        tallies.push(tally);
      }
      // a hit among this exchange's own keys counts the exchange; one only from the account table does not
      if (hasExchangeKind(kinds)) tally.matched++;
      tally.groups |= groups;
      tally.kinds |= kinds;
      if (!crossed && this.crosses(s, tally, sig)) crossed = tally;
    }
    if (!crossed) return false;
    this.assign(s, crossed, ex, f);
    this.tallies.delete(s.id);
    return true;
  }

  /** Whether the account is new to a signature created at `createdAtMs` (first exchange after it, sign-up not long before). */
  private appearedAfter(s: MatchedAccount, createdAtMs: number): boolean {
    if (s.firstMs < createdAtMs) return false;
    const created = s.record?.created_at;
    if (!created) return true;
    const t = Date.parse(created);
    return !(t < createdAtMs - this.cfg.maxSignupAgeDays * 86_400_000);
  }

  /**
   * Re-derives the signatures from the campaigns as they stand after a sweep
   * and rebuilds the index. `accounts` is every account seen.
   */
  derive(nowMs: number, campaigns: Iterable<CampaignLike>, accounts: { values(): Iterable<AccountView & { verdict: VerdictKind }> }): void {
    const flagged = new Map<string, AccountView[]>();
    // A signature describes the fleet's next account, so it is drawn from the members a
    // campaign acts on by their own ties (blocked, or held by a card, a retry hop, its
    // own templates), when it has any: a member sent to review for what a crowd shares
    // (the venue's range, a framework's system prompt) would carry the crowd's keys into
    // the signature, and the rest of the crowd would match it. On a labelled population
    // four hackathon attendees in a tool-use fleet's campaign made its signature match,
    // and block, 76 of their 100 fellow attendees.
    const core = new Map<string, AccountView[]>();
    const blocks = new Set<string>();
    // Sibling organisations share no key by construction (what ties them is their harvest), so
    // no signature is drawn from them, and their growth is not a reason to re-derive the others'
    // (a re-derived signature starts its matches' tallies afresh)
    const list = [...campaigns];
    const unsigned = new Set<string>();
    for (const c of list) if (c.siblings !== undefined) unsigned.add(c.campaignId);
    for (const a of accounts.values()) {
      if (a.campaignId === null) continue;
      // an account a campaign now holds needs no tally
      if (this.tallies.size) this.tallies.delete(a.id);
      if (a.verdict === 'allow' || unsigned.has(a.campaignId)) continue;
      (flagged.get(a.campaignId) ?? flagged.set(a.campaignId, []).get(a.campaignId)!).push(a);
      if (a.verdict === 'block' || !a.campaignReviewOnly) (core.get(a.campaignId) ?? core.set(a.campaignId, []).get(a.campaignId)!).push(a);
      if (a.verdict === 'block') blocks.add(a.campaignId);
    }
    // the same campaigns with the same flagged members: base rates move slowly, so re-measure only now and then
    let shape = '';
    for (const [id, m] of flagged) shape += `${id}:${m.length}:${blocks.has(id) ? 1 : 0},`;
    if (shape === this.shape && ++this.sinceDerive < REDERIVE_SWEEPS) return;
    this.shape = shape;
    this.sinceDerive = 0;
    if (flagged.size === 0 && this.index.size === 0) return;
    const all: AccountView[] = [];
    for (const a of accounts.values()) all.push(a);
    const signed: SignedCampaign[] = [];
    for (const c of list) {
      if (c.retracted || c.oneOrganisation || c.siblings !== undefined) continue;
      const members = core.get(c.campaignId) ?? flagged.get(c.campaignId);
      if (!members) continue;
      const reviewOnly = !!(c.contentOnly || c.script || c.frames) || c.signals.includes('campaign.without_text') || !blocks.has(c.campaignId);
      signed.push({ campaignId: c.campaignId, members, action: reviewOnly ? 'review' : 'block' });
    }
    const prior = new Map(this.index.signatures.map((s) => [s.signatureId, s]));
    const next = this.withCarried(deriveSignatures(signed, all, this.holdings, this.cfg, nowMs, prior));
    if (next.length === 0 && this.index.size === 0) return;
    this.setIndex(next);
    // tallies name signatures by id, so they carry over; those of a signature gone are dropped when crossed or pushed out
  }

  /** bytes held per account and by the index, for the memory accounting */
  bytes(): number {
    return this.holdings.bytes() + this.tallies.size * 200;
  }

  private hit(key: number, touched: number[]): void {
    const sigs = this.index.lookup(key);
    if (!sigs) return;
    const kind = sigKindOf(key);
    for (const sig of sigs) {
      if (this.hitGroups[sig] === 0) touched.push(sig);
      this.hitGroups[sig] |= 1 << groupOf(kind);
      this.hitKinds[sig] |= 1 << kind;
    }
  }

  private crosses(s: MatchedAccount, t: Tally, sig: number): boolean {
    const signature = this.index.signatures[sig];
    if (popcount(independentGroups(t)) < signature.minKinds || t.matched < this.cfg.minMatched) return false;
    return t.matched >= this.cfg.minMatchedShare * (s.n - t.start);
  }

  private assign(s: MatchedAccount, t: Tally, ex: Exchange, f: ExchangeFeatures): void {
    const sig = this.index.signatures.find((x) => x.signatureId === t.signature)!;
    const tie = (1 << SigGroup.Network) | (1 << SigGroup.Identity);
    const block = sig.action === 'block' && (t.groups & tie) !== 0 && (t.groups & (1 << SigGroup.Content)) !== 0;
    const { reviewAt, blockAt } = this.thresholds;
    const weight = block ? blockAt : reviewAt;
    // the keys of this exchange and of the account table that the signature holds, by name
    const named: string[] = [];
    const n = exchangeKeys(ex, f, this.keys);
    const listed = new Set<number>();
    for (const k of [...this.keys.subarray(0, n), ...recordKeys(s.record)]) {
      if (listed.has(k) || !sig.keys.some((x) => x.key === k)) continue;
      listed.add(k);
      named.push(`${SIG_KINDS[sigKindOf(k)].name} ${renderValue(k)}`);
    }
    for (let kind = 0; kind < SIG_KINDS.length; kind++) {
      if (t.kinds & (1 << kind) && !named.some((x) => x.startsWith(`${SIG_KINDS[kind].name} `))) named.push(`${SIG_KINDS[kind].name} (earlier exchanges)`);
    }
    const since = s.n - t.start;
    s.campaignId = sig.campaignId;
    s.linkScore = Math.max(s.linkScore, weight);
    s.campaignReviewOnly = !block;
    s.signatureId = sig.signatureId;
    s.linkReasons = [{
      signal: 'signature.match',
      weight: round3(weight),
      detail:
        `matches ${sig.signatureId}, the signature of campaign ${sig.campaignId} (what its ${sig.members} flagged accounts share and ordinary accounts do not), ` +
        `on ${t.matched} of its ${since} exchange${since === 1 ? '' : 's'} since its first match: ${named.join(', ')}; ` +
        (block ? 'an address or identity tie and a content tie together: blocked' : 'for review: no address or identity tie together with a content tie'),
    }];
  }
}

/** The signature an account's campaign evidence rests on now, if that evidence is a signature match: what the gateway and `policy check` read. */
export function matchedSignature(s: Pick<MatchedAccount, 'linkReasons' | 'signatureId' | 'campaignId'>): { id: string; campaignId: string } | null {
  return s.linkReasons[0]?.signal === 'signature.match' && s.signatureId !== null && s.campaignId !== null ? { id: s.signatureId, campaignId: s.campaignId } : null;
}

const EXCHANGE_KIND_BITS = ((1 << 8) - 1); // SigKind 0..7 come from the exchange itself

function hasExchangeKind(kinds: number): boolean {
  return (kinds & EXCHANGE_KIND_BITS) !== 0;
}

/**
 * The groups a tally matched, counting a system prompt and a client as one
 * fact when the content matched is the system prompt alone: every project
 * started from one agent framework sends its default prompt from its client,
 * so the two together are one popular choice, not two rare coincidences. A
 * hackathon crowd on a framework a fleet also ran on matched the fleet's
 * signature on exactly these two, 12 of 25 attendees before the base rate
 * saw the crowd. Evaded by a fleet's next account that changes everything
 * but its system prompt and client: it must match a third group (a range, a
 * card, a template, its settings or sign-up burst).
 */
function independentGroups(t: Tally): number {
  const contentKinds = (1 << SigKind.Template) | (1 << SigKind.SystemPrompt) | (1 << SigKind.FrameHead) | (1 << SigKind.FrameTail);
  if ((t.kinds & contentKinds) === 1 << SigKind.SystemPrompt) return t.groups & ~(1 << SigGroup.Client);
  return t.groups;
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

