/**
 * The public shapes of the linkage module: what the engine hands in
 * (`AccountProfile`) and what a sweep hands back (`SweepResult`).
 */
import type { AccountRecord, Exchange, Reason } from '../contract/types.js';
import type { ExchangeFeatures, IntentScores } from '../features/types.js';

/**
 * What the campaign judge needs of one account's content and automation
 * profile. The engine fills it from per-account state; every field but
 * `exchanges` is optional, and linkage falls back on its own tallies for any
 * field left out (so a partial profile is fine).
 */
export interface AccountProfile {
  exchanges: number;
  firstSeenMs?: number;
  lastSeenMs?: number;
  /** share of exchanges whose strongest extraction intent is >= 0.5 */
  harvestShare?: number;
  /** mean intent scores over the account's exchanges */
  meanIntent?: Partial<IntentScores>;
  /** share of exchanges that are single-turn (no conversation before the new turn) */
  singleTurnShare?: number;
  /** distinct prompts / exchanges; 1 = never asks the same thing twice */
  distinctPromptShare?: number;
  /** distinct topic buckets seen (0..64) */
  distinctTopics?: number;
  /** coefficient of variation of inter-arrival gaps; below ~0.5 is machine-regular */
  interArrivalCv?: number;
  /** distinct hours of the day (UTC) with activity, 0..24 */
  activeHours?: number;
  /** share of exchanges sent by a client library or script rather than an app or browser */
  clientLibShare?: number;
  verified?: boolean;
  orgId?: string;
  /** the per-account detectors' score 0..1, when the engine has one */
  accountScore?: number;
  /** mean output tokens of the exchanges that report usage; absent when most do not */
  meanOutputTokens?: number;
}

export type EdgeKind =
  | 'infrastructure'
  | 'identity'
  | 'client'
  | 'content'
  | 'timing';

/** A drawing of a campaign's account graph (bounded: at most ~400 nodes and 2000 edges). */
export interface CampaignGraph {
  nodes: { id: string; score: number; core: boolean }[];
  edges: { source: string; target: string; kind: EdgeKind; weight: number }[];
}

/** One value at least two members of a campaign share (campaigns.json `shared`). */
export interface SharedValue {
  kind: 'ip' | 'ip_range' | 'client' | 'payment_sha256' | 'email_domain' | 'org' | 'signup_ip';
  /** the address, range (CIDR), User-Agent, domain or org id; a payment fingerprint's SHA-256 in hex */
  value: string;
  /** members holding it */
  accounts: number;
}

export interface CampaignResult {
  /** stable across sweeps while membership grows */
  campaignId: string;
  accounts: string[];
  /** 0..1, the cluster judged as a whole */
  score: number;
  /** signal ids that carried it, strongest first */
  signals: string[];
  /** one paragraph a person reads */
  summary: string;
  firstSeenMs: number;
  lastSeenMs: number;
  exchanges: number;
  /** member score: the campaign score times how firmly the account is attached */
  memberScores: Map<string, number>;
  /** per member: the campaign-membership reason first, then the links an analyst can check */
  memberReasons: Map<string, Reason[]>;
  /**
   * Members tied to the campaign by a decisive link: a key of infrastructure,
   * identity or templates held mostly inside the campaign, a retry hop, or the
   * campaign's synchronised activity. The engine acts on membership only for these.
   */
  memberDecisive: Set<string>;
  /** members sharing a prompt template with the campaign that is not overwhelmingly common outside it */
  memberTemplateTie: Set<string>;
  /** seats of an organisation in the campaign tied to members outside it only by content or timing: for review, not block */
  memberContentOnly: Set<string>;
  /** members tied to the campaign only by what they send (templates, a system prompt): for review, blocked only on their own evidence */
  memberContentTie: Set<string>;
  /** members tied only by what a crowd of honest people shares (an address, a range, a sign-up address, a system prompt, the same hours): for review, blocked only on their own evidence */
  memberCrowdTie: Set<string>;
  /** members whose sampled prompts are mostly what other accounts also send, in a campaign whose typical member's are not (`COMMON_ITEMS`): joined only by a fleet's own tie */
  memberCommonItems?: Set<string>;
  graph: CampaignGraph;
  /** sweep time (ms) at which the campaign was first reported */
  detectedAtMs: number;
  /** when at least 80% of the members belong to one organisation: its id and share */
  oneOrganisation?: { org: string; share: number };
  /**
   * Set when the members, re-read at this sweep, are a class or a team (see
   * `describe`): why. The campaign is kept for the accounts it already flagged
   * and acted on no further.
   */
  retracted?: string;
}

/** A tightly linked cluster that was looked at and judged not to be a campaign, with why. */
export interface ClearedCluster {
  accounts: number;
  sample: string[];
  score: number;
  why: string;
}

export interface SweepStats {
  accounts: number;
  keys: number;
  postings: number;
  edges: number;
  clusters: number;
  ms: number;
  /** milliseconds per phase of the sweep */
  phases: Record<string, number>;
  /** estimated bytes held by linkage state between sweeps */
  stateBytes: number;
  /** account pairs tied by retry hops */
  hopPairs: number;
  /** retry hops not kept because `retryHopPairs` pairs were already held (raise it, or these pairs go untied) */
  hopsDropped: number;
  /** 429s another account's send followed by chance: the refused account kept the prompt or many sent it */
  chanceHops: number;
}

export interface SweepResult {
  atMs: number;
  /** every campaign reported so far, with figures as of this sweep */
  campaigns: CampaignResult[];
  /** accounts that joined a campaign in this sweep: flag them now */
  joined: { accountId: string; campaignId: string }[];
  cleared: ClearedCluster[];
  stats: SweepStats;
}

export type ProfileLookup = (accountId: string) => AccountProfile | undefined;

/** Cross-account linkage: fed every exchange in event-time order, swept periodically. */
export interface Linkage {
  /**
   * Folds one exchange into its account's linkage state. Returns that state as
   * an opaque handle: pass it back with the account's next exchange (`slot`)
   * and the lookup by account id is skipped.
   */
  observe(ex: Exchange, f: ExchangeFeatures, acct?: AccountRecord, slot?: unknown): unknown;
  registerAccount(a: AccountRecord): void;
  sweep(nowMs: number, profiles?: ProfileLookup): SweepResult;
  /** what at least two of the accounts share: addresses, ranges, clients, hashed payment fingerprints (campaigns.json `shared`) */
  sharedValues(accountIds: readonly string[]): SharedValue[];
  /** the strongest key two accounts share, named (`{kind: "IP range", value: "198.51.100.0/24"}`), for a drawn link */
  sharedKey(a: string, b: string, group?: string): { kind: string; value: string } | null;
  /** the campaign an account belongs to, if any */
  campaignOf(accountId: string): string | undefined;
  /**
   * How many accounts use the account's busiest address (client IP), itself
   * included, as of the last sweep; 0 when unknown (no sweep yet, no address).
   */
  addressHolders(accountId: string): number;
  /** the account's prompt frames (`linkage.frame` keys) used at least `minRepeats` times, with their counts */
  framesOf(accountId: string, minRepeats: number): { key: number; count: number }[];
  /** estimated bytes held */
  stateBytes(): number;
}
