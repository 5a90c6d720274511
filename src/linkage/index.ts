/**
 * Cross-account linkage and campaign detection.
 *
 * ```ts
 * const linkage = createLinkage({ sweepEveryMinutes: 30 });
 * for (const a of accountTable) linkage.registerAccount(a);
 * for (const ex of exchangesInEventTimeOrder) {
 *   linkage.observe(ex, extractFeatures(ex));
 *   if (dueForSweep(ex.tsMs)) {
 *     const r = linkage.sweep(ex.tsMs, (id) => profileOf(id));
 *     for (const j of r.joined) flag(j.accountId, j.campaignId, ex.ts);
 *   }
 * }
 * ```
 *
 * `observe` keeps bounded linkage keys and tallies per account; `sweep` builds
 * the key index and weighted graph, clusters it, judges every cluster as a
 * whole and keeps campaign ids stable as membership grows. Membership is
 * monotone: an account flagged by a sweep stays in its campaign, so
 * `flagged_at` never moves.
 */
import type { AccountRecord, Exchange, Reason } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import { INTENT_NAMES, carriesContent } from '../features/types.js';
import { AcctState, BUCKET_MS, RING_BUCKETS } from './accounts.js';
import { adjacency, clusterGraph, mergeGroups, splitAtBridges, type Adjacency, type Cluster } from './cluster.js';
import { parseLinkageConfig, type LinkageConfigInput, type LinkageConfigT } from './config.js';
import {
  CONTENT_KIND, EdgeScratch, IndexScratch, buildEdges, buildKeyIndex, contentNeed, harvesters, idf, kindWeights, type EdgeSet, type KeyIndex,
} from './graph.js';
import { CROSS_REPEAT_USE, HARVEST_FLOOR, repeatsAreUse, TEXT_KNOWN, effectiveHarvest, machineShare, clusterFacts, harvestPhrase, judge, memberView, type ClusterFacts, type LinkEvidence } from './judge.js';
import {
  GROUP_COUNT, GROUP_NAMES, Group, KINDS, Kind, KIND_COUNT, ipv4String, ipv6Prefix48, isClientLibrary, isFreeMail,
  keyOf, keyPattern, kindOf, normUa, parseIpv4, strKey, valueOf,
} from './keys.js';
import { NumIndex } from './numindex.js';
import { PAIR, RetryHops } from './retry-hops.js';
import { splitOwnHarvest } from './own-harvest.js';
import { UnionFind } from '../util/union-find.js';
import { fnv1a } from '../util/hash.js';
import { createHash } from 'node:crypto';
import type {
  AccountProfile, CampaignGraph, CampaignResult, ClearedCluster, EdgeKind, Linkage, ProfileLookup, SharedValue, SweepResult,
} from './types.js';

export type { AccountProfile, CampaignResult, ClearedCluster, Linkage, ProfileLookup, SharedValue, SweepResult } from './types.js';
export { parseLinkageConfig, type LinkageConfigInput } from './config.js';

/**
 * Key kinds that can tie an account to a campaign on their own (when the key is
 * mostly held inside it). User agents, API-key styles, model switches and
 * harvest focus are what unrelated people running the same task with the same
 * tools share, so they support membership but never decide it.
 */
const DECISIVE_KIND: readonly boolean[] = (() => {
  const t = new Array<boolean>(KIND_COUNT).fill(false);
  // (a shared sign-up window is left out: in a large population two strangers often share one)
  for (const k of [Kind.Ip, Kind.Net, Kind.Payment, Kind.EmailDomain, Kind.Org, Kind.SignupIp, Kind.Skeleton, Kind.TemplateBand, Kind.SystemPrompt]) t[k] = true;
  return t;
})();

/**
 * Key kinds that tie an account to a fleet and not to a crowd: a payment
 * instrument held mostly inside the campaign. (Retry hops, turn-taking and the
 * templates of its own prompts count too; see `describe`.) Everything else
 * that decides membership (an address, a range, a sign-up address, an e-mail
 * domain, an organisation, a system prompt, the same hours) is what a
 * hackathon, a class or an office shares: it sends a member to review, and
 * only the account's own traffic or one of these blocks it. What a card costs
 * a crowd: attendees and students pay for themselves; a lab paying for its
 * students with one card is tied by it and judged as a fleet would be.
 */
const FLEET_TIES: readonly boolean[] = (() => {
  const t = new Array<boolean>(KIND_COUNT).fill(false);
  t[Kind.Payment] = true;
  return t;
})();

/** Kinds whose shared values a campaign lists (see `sharedValues`), by the name campaigns.json gives them. */
const SHARED_KINDS: Partial<Record<Kind, SharedValue['kind']>> = {
  [Kind.Ip]: 'ip', [Kind.Net]: 'ip_range', [Kind.UserAgent]: 'client', [Kind.Payment]: 'payment_sha256',
  [Kind.EmailDomain]: 'email_domain', [Kind.Org]: 'org', [Kind.SignupIp]: 'signup_ip',
};
/** Most values listed per kind: a fleet on a thousand proxy addresses is read from its ranges, not a thousand lines. */
const SHARED_PER_KIND = 20;
const MAX_DISPLAY = 500_000;
/** share of a campaign's members in one organisation from which it is reported as that organisation (see the engine) */
const ONE_ORGANISATION = 0.8;
/** Share of sampled prompts shared across a campaign's members from which it is re-read as a class (see `describe`). */
const RETRACT_REPEAT = 2 * CROSS_REPEAT_USE;
/** Accounts on one address from which it is a crowd (a campus or office NAT; see `describe`). */
const CROWD_ADDRESS = 10;
/**
 * Share of a member's sampled prompts (its first `PROMPT_SAMPLE` distinct ones)
 * that other accounts also sent, from which it asks what others ask: public
 * benchmark items from their first one, a shared problem set, a tutorial's
 * steps (see `describe`, `memberCommonItems`).
 */
export const COMMON_ITEMS = 0.5;
/** Sampled prompts a member needs before its share of common items is read. */
const COMMON_ITEMS_MIN_SAMPLE = 8;
/** Prompt hashes whose holders are counted (about 50 bytes each); beyond it a new hash counts as held by nobody else. */
const PROMPT_HOLDERS_CAP = 1 << 22;
/**
 * Characters a prompt needs before its skeleton and template bands are keys.
 * A template is fixed wording around a variable part; a prompt of a few words
 * ("why?", "thanks!", "go on") is what anyone types, so its skeleton linked
 * unrelated people: in a fresh red-team world the follow-up "why?" tied two
 * campus classes to a fleet of app facades, and 26 students were blocked.
 * Evaded by a campaign whose prompts are all this short (then it harvests
 * little per exchange, and its other links remain).
 */
export const MIN_TEMPLATE_CHARS = 40;
/** distinct user-agent and model strings shared between accounts */
const MAX_INTERNED = 65_536;
const GRAPH_NODES = 400;
const GRAPH_EDGES = 2000;
const NO_LINKS: LinkEvidence[] = [];
const NO_COVERAGE: number[] = [0, 0, 0, 0, 0];

interface CampaignState {
  id: string;
  members: number[];
  detectedAtMs: number;
  score: number;
  signals: string[];
  result?: CampaignResult;
}

/** Create a linkage instance; `cfg` is validated once (throws a readable error on bad config). */
export function createLinkage(cfgIn: LinkageConfigInput = {}): Linkage {
  const cfg = parseLinkageConfig(cfgIn);
  return new LinkageImpl(cfg);
}

class LinkageImpl implements Linkage {
  private readonly byId = new Map<string, AcctState>();
  private readonly accts: AcctState[] = [];
  private keyTable = new NumIndex(1 << 14);
  private keyNums = new Float64Array(1 << 14);
  private keyKinds = new Uint8Array(1 << 14);
  private display = new Map<number, string>();
  /** 429s watched for where their prompt goes next, and the retry hops read from them */
  private readonly retry: RetryHops;
  /** accounts observed (or registered) since the last sweep */
  private readonly dirtyAccts: number[] = [];
  private evictedSinceCompact = 0;
  private firstBucket = -1;
  private readonly campaigns = new Map<string, CampaignState>();
  private readonly campaignOfAcct = new Map<number, string>();
  /** accounts judged a campaign with other harvesters apart from their crowd (`splitOwnHarvest`), by index */
  private readonly ownGroup = new Set<number>();
  /** accounts holding each prompt hash among their sampled prompts (`COMMON_ITEMS`), up to `PROMPT_HOLDERS_CAP` hashes */
  private readonly promptHolders = new Map<number, number>();
  private readonly kw: Float64Array;
  /** per key, members of the cluster being described that hold it (zero between uses) */
  private shared = new Int32Array(1 << 14);
  /** per key, holders inside the organisation whose seats are being judged (see describe) */
  private inOrg = new Int32Array(1 << 14);
  /** per account, its position among the members of the campaign being described (-1 between uses) */
  private pos = new Int32Array(0);
  /** user-agent and model strings shared between accounts (see oneCopy) */
  private readonly interned = new Map<string, string>();
  /** buffers reused by every sweep's index and edge build */
  private readonly indexScratch = new IndexScratch();
  private readonly edgeScratch = new EdgeScratch();
  /** per account, the holders of its busiest address at the last sweep (see addressHolders) */
  private addrHolders: Uint32Array = new Uint32Array(0);
  /** exchanges ignored for unusable input (no account id, no time) */
  rejected = 0;

  constructor(private readonly cfg: LinkageConfigT) {
    this.kw = kindWeights(cfg);
    this.retry = new RetryHops({ windowMs: cfg.retryHopWindowMs, memory: cfg.retryMemory, maxPairs: cfg.retryHopPairs }, (a, b) => {
      const org = this.accts[a]?.org;
      return !!org && this.accts[b]?.org === org;
    });
  }

  registerAccount(a: AccountRecord): void {
    if (!a || typeof a.account_id !== 'string' || a.account_id.length === 0) {
      this.rejected++;
      return;
    }
    this.register(this.acct(a.account_id), a);
  }

  private register(s: AcctState, a: AccountRecord): void {
    if (s.registered) return;
    s.registered = true;
    this.markDirty(s);
    s.verified = a.verified === true;
    if (typeof a.org_id === 'string' && a.org_id) {
      s.org = a.org_id;
      this.addStr(s, Kind.Org, a.org_id);
    }
    if (typeof a.payment_fingerprint === 'string' && a.payment_fingerprint) this.addStr(s, Kind.Payment, a.payment_fingerprint);
    if (typeof a.email_domain === 'string' && a.email_domain && !isFreeMail(a.email_domain)) {
      this.addStr(s, Kind.EmailDomain, a.email_domain.trim().toLowerCase());
    }
    if (typeof a.signup_ip === 'string' && a.signup_ip) {
      const v4 = parseIpv4(a.signup_ip);
      if (v4 >= 0) s.addKey(keyOf(Kind.SignupIp, v4), Kind.SignupIp);
      else this.addStr(s, Kind.SignupIp, a.signup_ip.toLowerCase());
    }
    const created = typeof a.createdMs === 'number' ? a.createdMs : a.created_at ? Date.parse(a.created_at) : NaN;
    if (Number.isFinite(created)) {
      s.createdMs = created;
      // Two phase-shifted 10-minute buckets, so a burst straddling a boundary still shares one.
      s.addKey(keyOf(Kind.SignupBurst, Math.floor(created / 600_000) * 2), Kind.SignupBurst);
      s.addKey(keyOf(Kind.SignupBurst, Math.floor((created + 300_000) / 600_000) * 2 + 1), Kind.SignupBurst);
    }
  }

  observe(ex: Exchange, f: ExchangeFeatures, acctRec?: AccountRecord, slot?: unknown): AcctState | undefined {
    if (!ex || typeof ex.account_id !== 'string' || !ex.account_id || !Number.isFinite(ex.tsMs) || !f) {
      this.rejected++;
      return undefined;
    }
    // the handle returned for this account's last exchange, if the caller kept it
    const s = slot instanceof AcctState && this.accts[slot.idx] === slot && slot.id === ex.account_id ? slot : this.acct(ex.account_id);
    if (!s.registered && acctRec && acctRec.account_id === ex.account_id) this.register(s, acctRec);
    if (!s.dirty) this.markDirty(s);
    const ts = ex.tsMs;
    s.exchanges++;
    if (ts < s.firstMs) s.firstMs = ts;
    if (s.lastMs > -Infinity && ts >= s.lastMs) {
      const gap = (ts - s.lastMs) / 1000;
      s.gapN++;
      s.gapSum += gap;
      s.gapSq += gap * gap;
    }
    if (ts > s.lastMs) s.lastMs = ts;
    s.touch(ts);
    const b = Math.floor(ts / BUCKET_MS);
    if (this.firstBucket < 0 || b < this.firstBucket) this.firstBucket = b;
    s.hourMask |= 1 << (Math.floor(ts / 3_600_000) % 24);
    if ((f.userTurns ?? 1) <= 1) s.singleTurn++;
    if (carriesContent(f)) s.withText++;
    let top = 0;
    let topI = 0;
    const intent = f.intent;
    if (intent) {
      // named reads, not intent[INTENT_NAMES[i]]: keyed loads cost on the hot path
      const v0 = intent.cot;
      const v1 = intent.reconstruct;
      const v2 = intent.judge;
      const v3 = intent.safetyRewrite;
      const v4 = intent.agentic;
      const v5 = intent.benchmark;
      const v6 = intent.internals;
      const v7 = intent.datagen;
      const sum = s.intentV;
      const so = s.intentAt;
      if (v0 > 0) { sum[so + 0] += v0 < 1 ? v0 : 1; if (v0 > top) { top = v0; topI = 0; } }
      if (v1 > 0) { sum[so + 1] += v1 < 1 ? v1 : 1; if (v1 > top) { top = v1; topI = 1; } }
      if (v2 > 0) { sum[so + 2] += v2 < 1 ? v2 : 1; if (v2 > top) { top = v2; topI = 2; } }
      if (v3 > 0) { sum[so + 3] += v3 < 1 ? v3 : 1; if (v3 > top) { top = v3; topI = 3; } }
      if (v4 > 0) { sum[so + 4] += v4 < 1 ? v4 : 1; if (v4 > top) { top = v4; topI = 4; } }
      if (v5 > 0) { sum[so + 5] += v5 < 1 ? v5 : 1; if (v5 > top) { top = v5; topI = 5; } }
      if (v6 > 0) { sum[so + 6] += v6 < 1 ? v6 : 1; if (v6 > top) { top = v6; topI = 6; } }
      if (v7 > 0) { sum[so + 7] += v7 < 1 ? v7 : 1; if (v7 > top) { top = v7; topI = 7; } }
    }
    if (top >= 0.5) s.harvest++;
    const topic = (f.topic | 0) & 63;
    if (topic < 32) s.topicLo |= 1 << topic;
    else s.topicHi |= 1 << (topic - 32);
    const ph = f.promptHash >>> 0;
    if (ph && s.notePrompt(ph)) {
      const held = this.promptHolders.get(ph);
      if (held !== undefined) this.promptHolders.set(ph, held + 1);
      else if (this.promptHolders.size < PROMPT_HOLDERS_CAP) this.promptHolders.set(ph, 1);
    }

    // infrastructure: a value equal to the account's previous one reuses its raw keys
    const ip = ex.ip;
    if (typeof ip === 'string' && ip) {
      if (ip !== s.lastIp) {
        const v4 = parseIpv4(ip);
        if (v4 >= 0) {
          s.lastIpRaw = keyOf(Kind.Ip, v4);
          s.lastNetRaw = keyOf(Kind.Net, Math.floor(v4 / 256));
        } else {
          const lower = ip.toLowerCase();
          const p48 = ipv6Prefix48(ip);
          s.lastIpRaw = strKey(Kind.Ip, lower);
          this.noteDisplay(s.lastIpRaw, lower);
          s.lastNetRaw = p48 >= 0 ? keyOf(Kind.Net, p48) : -1;
        }
        s.lastIp = ip;
      }
      s.addKey(s.lastIpRaw, Kind.Ip);
      if (s.lastNetRaw >= 0) s.addKey(s.lastNetRaw, Kind.Net);
    }
    // client
    const uaIn = ex.user_agent;
    if (typeof uaIn === 'string' && uaIn) {
      if (uaIn !== s.lastUa) {
        const ua = normUa(uaIn);
        s.lastUa = this.oneCopy(uaIn);
        s.lastUaRaw = ua ? strKey(Kind.UserAgent, ua) : -1;
        if (ua) this.noteDisplay(s.lastUaRaw, ua);
        s.lastUaLib = ua ? isClientLibrary(ua) : false;
      }
      if (s.lastUaRaw >= 0) s.addKey(s.lastUaRaw, Kind.UserAgent);
      if (s.lastUaLib) s.clientLib++;
    }
    const apiKey = ex.api_key_id;
    if (typeof apiKey === 'string' && apiKey) {
      if (apiKey !== s.lastApiKey) {
        const p = keyPattern(apiKey);
        s.lastApiKey = apiKey;
        s.lastApiKeyRaw = p ? strKey(Kind.KeyPattern, p) : -1;
        if (p) this.noteDisplay(s.lastApiKeyRaw, p);
      }
      if (s.lastApiKeyRaw >= 0) s.addKey(s.lastApiKeyRaw, Kind.KeyPattern);
    }
    const model = ex.model;
    if (typeof model === 'string' && model && model !== s.lastModel) {
      const name = model.slice(0, 60);
      if (s.lastModel) this.addStr(s, Kind.ModelSwitch, `${s.lastModelName} → ${name}`);
      s.lastModel = this.oneCopy(model);
      s.lastModelName = name === model ? s.lastModel : name;
    }
    if (typeof ex.org_id === 'string' && ex.org_id && !s.org) {
      s.org = ex.org_id;
      this.addStr(s, Kind.Org, ex.org_id);
    }
    // content. A public evaluation harness's text (src/features/harness.ts) is
    // sent by every evaluator who runs it, so it ties no one to anyone: three
    // unrelated researchers were tied by one public math-eval system prompt.
    // Nor does the harvest focus of its requests (reasoning on competition maths
    // is what every evaluator of that benchmark asks for): three researchers were
    // blocked as one campaign, tied by focus, a shared client and a retry hop.
    const harness = f.evalHarness === true;
    const templated = f.promptChars >= MIN_TEMPLATE_CHARS && !harness;
    if (f.skeletonHash && templated) s.addKey(keyOf(Kind.Skeleton, f.skeletonHash >>> 0), Kind.Skeleton);
    const bands = f.templateBands;
    if (templated && bands && typeof bands.length === 'number') {
      const nb = Math.min(bands.length, 16);
      for (let i = 0; i < nb; i++) s.addKey(keyOf(Kind.TemplateBand, i * 4294967296 + (bands[i] >>> 0)), Kind.TemplateBand);
    }
    if (f.systemHash && !harness) s.addKey(keyOf(Kind.SystemPrompt, f.systemHash >>> 0), Kind.SystemPrompt);
    // A prompt's two ends, told apart by the top bit (a frame at the start is not one at the end).
    // Kept for frame cohorts (src/engine/frame-cohort.ts); they make edges only when given a weight.
    if (!harness) {
      if (f.frameHead) s.addKey(keyOf(Kind.Frame, f.frameHead >>> 0), Kind.Frame);
      if (f.frameTail) s.addKey(keyOf(Kind.Frame, 4294967296 + (f.frameTail >>> 0)), Kind.Frame);
    }
    if (top >= 0.5 && !harness) s.addKey(keyOf(Kind.HarvestProfile, topI * 64 + topic), Kind.HarvestProfile);

    // Retry hopping: the same prompt on another account within seconds of a 429, read
    // when the window closes (see retry-hops.ts: the refused account must let the prompt
    // go and one other account pick it up). A hop between two accounts of one organisation
    // is its client rotating its own keys (a CI pipeline's eval jobs retrying a 429 or 5xx
    // on a sibling key), not a fleet's load balancing across accounts it hides are one:
    // the organisation already says they are one customer, and its accounts stay tied by
    // it (Kind.Org). Evaded by a fleet that registers every account under one
    // organisation: then it is one accountable customer, tied by the organisation and its
    // card, and judged on its harvest. A prompt of a few words ("why?", "can you give an
    // example?") is what anyone types, so two people send it within a minute of a 429 by
    // chance: it is not watched (see MIN_TEMPLATE_CHARS; a fleet whose items are that short
    // harvests little per request).
    this.retry.observe(s.idx, f.promptChars >= MIN_TEMPLATE_CHARS ? ph : 0, ts, ex.status);
    return s;
  }

  framesOf(accountId: string, minRepeats: number): { key: number; count: number }[] {
    const s = this.byId.get(accountId);
    const out: { key: number; count: number }[] = [];
    if (!s) return out;
    for (let i = 0; i < s.n; i++) if (s.kindOf(i) === Kind.Frame && s.count(i) >= minRepeats) out.push({ key: s.rawKey(i), count: s.count(i) });
    return out;
  }

  /** The account's sampled prompt hashes (the first distinct ones seen) and its organisation as the log or the account table gives it. */
  promptSample(accountId: string): { org: string; prompts: number[] } | undefined {
    const s = this.byId.get(accountId);
    if (!s) return undefined;
    const prompts: number[] = [];
    for (let i = 0; i < s.nSample; i++) prompts.push(s.sampledPrompt(i));
    return { org: s.org, prompts };
  }

  addressHolders(accountId: string): number {
    const s = this.byId.get(accountId);
    return s && s.idx < this.addrHolders.length ? this.addrHolders[s.idx] : 0;
  }

  campaignOf(accountId: string): string | undefined {
    const s = this.byId.get(accountId);
    return s ? this.campaignOfAcct.get(s.idx) : undefined;
  }

  stateBytes(): number {
    let b = 0;
    for (const s of this.accts) b += s.bytes();
    b += this.keyTable.bytes() + this.keyNums.byteLength + this.keyKinds.byteLength;
    b += this.display.size * 80 + this.retry.pairs.size * 40 + this.retry.openCount * 100;
    return b;
  }

  sweep(nowMs: number, profiles?: ProfileLookup): SweepResult {
    const t0 = performance.now();
    const cfg = this.cfg;
    const nowBucket = Math.floor((Number.isFinite(nowMs) ? nowMs : 0) / BUCKET_MS);
    for (const s of this.accts) s.advance(nowBucket);
    this.retry.settle(nowMs);
    this.internDirty();
    this.compactKeys();
    const ringSpan = this.firstBucket < 0 ? 0 : Math.min(RING_BUCKETS, nowBucket - this.firstBucket + 1);
    const accts = this.accts;
    const nA = accts.length;
    const population = nA;
    const tAdv = performance.now();
    const index = buildKeyIndex(accts, this.keyTable.size, cfg.minContentRepeats, this.indexScratch);
    this.addrHolders = busiestAddress(nA, index, this.indexScratch, this.keyKinds, this.addrHolders);
    const tIdx = performance.now();
    const edges = buildEdges({ accts, keyKinds: this.keyKinds, index, population, hops: this.retry.pairs, nowBucket, ringSpan, harvester: harvesters(accts)}, cfg, this.edgeScratch);
    const tEdges = performance.now();
    const adj = adjacency(nA, edges);
    const { clusters, component } = clusterGraph(nA, edges, adj, {
      minSize: cfg.minCampaignAccounts,
      resolution: cfg.louvainResolution,
      seed: cfg.seed,
      smallComponent: 24,
    });

    const tClu = performance.now();
    const clusterOf = new Int32Array(nA).fill(-1);
    clusters.forEach((c, ci) => {
      for (const x of c.members) clusterOf[x] = ci;
    });
    const groupMask = edgeGroupsWithinClusters(edges, clusterOf, nA);
    const hopPartners = this.hopPartners();
    const lookup = (s: AcctState): AccountProfile | undefined => {
      if (!profiles) return undefined;
      try {
        return profiles(s.id);
      } catch {
        return undefined;
      }
    };

    const joined: { accountId: string; campaignId: string }[] = [];
    const cleared: ClearedCluster[] = [];
    const judgedCampaigns: { c: Cluster; score: number; signals: string[] }[] = [];
    // each cluster is judged in the parts that weak bridges join (`splitAtBridges`);
    // parts of one cluster that are each judged a campaign are reported as one again
    // and a part that is a crowd of use with harvesters inside is judged apart from them
    // (`splitOwnHarvest`): each group they form by their own ties is a part of its own,
    // with an origin of its own, so that it is never reported as one with its crowd
    const parts: Cluster[] = [];
    const origin: number[] = [];
    const ownPart: boolean[] = [];
    let ownOrigin = clusters.length;
    clusters.forEach((c, ci) => {
      for (const p of splitAtBridges(c, edges, adj, cfg.minCampaignAccounts)) {
        const own = this.ownHarvest(p, index, lookup);
        if (!own) {
          parts.push(p);
          origin.push(ci);
          ownPart.push(false);
          continue;
        }
        for (const g of own.groups) {
          parts.push(subCluster(p, g));
          origin.push(ownOrigin++);
          ownPart.push(true);
        }
        parts.push(subCluster(p, own.rest));
        origin.push(ci);
        ownPart.push(false);
      }
    });
    const judgedOrigin: number[] = [];
    for (let ci = 0; ci < parts.length; ci++) {
      const c = parts[ci];
      const members = c.members.map((x) => accts[x]);
      const views = members.map((s) => memberView(s, lookup(s)));
      // A cluster whose content is use (harvest below the judge's floor) scores 0 whatever
      // links it: it is cleared on its cheap facts, without counting its shared keys.
      let facts = clusterFacts(members, views, NO_LINKS, NO_COVERAGE, ringSpan);
      if (effectiveHarvest(facts) >= HARVEST_FLOOR || facts.textShare < TEXT_KNOWN) {
        const links = this.linkEvidence(c.members);
        this.clearShared(c.members);
        facts = clusterFacts(members, views, links, groupShare(c.members, groupMask), ringSpan);
      }
      const j = judge(facts, cfg.minCampaignAccounts, cfg.campaignThreshold);
      if (!j.campaign) {
        cleared.push({ accounts: members.length, sample: members.slice(0, 5).map((s) => s.id), score: round3(j.score), why: j.why });
        continue;
      }
      // Member gate: an account that harvests nothing itself and is tied to the cluster only by
      // content similarity (a shared popular template) does not inherit the campaign's verdict.
      const kept = c.members.filter((x, i) => views[i].harvest >= 0.05 || (groupMask[x] & ~(1 << Group.Content)) !== 0);
      if (kept.length < cfg.minCampaignAccounts) continue;
      if (ownPart[ci]) for (const x of kept) this.ownGroup.add(x);
      judgedCampaigns.push({ c: kept.length === c.members.length ? c : { ...c, members: kept }, score: j.score, signals: campaignSignals(facts) });
      judgedOrigin.push(origin[ci]);
    }
    // One operation split by Louvain along its pools is reported as one campaign.
    const merged = mergeGroups(judgedCampaigns.map((x) => x.c), edges, component, nA, 0.15);
    const together = new UnionFind(judgedCampaigns.length);
    const firstOf = new Map<string, number>();
    for (let i = 0; i < judgedCampaigns.length; i++) {
      for (const key of [`g${merged[i]}`, `o${judgedOrigin[i]}`]) {
        const f = firstOf.get(key);
        if (f === undefined) firstOf.set(key, i);
        else together.union(i, f);
      }
    }
    const group = judgedCampaigns.map((_, i) => together.find(i));
    const byGroup = new Map<number, number[]>();
    group.forEach((g, i) => (byGroup.get(g) ?? byGroup.set(g, []).get(g)!).push(i));
    for (const parts of byGroup.values()) {
      const members = parts.flatMap((i) => judgedCampaigns[i].c.members);
      const size = parts.reduce((a, i) => a + judgedCampaigns[i].c.members.length, 0);
      const score = parts.reduce((a, i) => a + judgedCampaigns[i].score * judgedCampaigns[i].c.members.length, 0) / size;
      const biggest = parts.reduce((a, i) => (judgedCampaigns[i].c.members.length > judgedCampaigns[a].c.members.length ? i : a), parts[0]);
      const target = this.assign(members, nowMs, joined);
      target.score = Math.max(score, target.score * 0.9);
      target.signals = judgedCampaigns[biggest].signals;
    }
    const tJudge = performance.now();
    const campaigns: CampaignResult[] = [];
    for (const st of this.campaigns.values()) {
      st.result = this.describe(st, index, edges, adj, lookup, ringSpan, hopPartners);
      campaigns.push(st.result);
    }
    campaigns.sort((a, b) => b.score - a.score || b.accounts.length - a.accounts.length);
    return {
      atMs: nowMs,
      campaigns,
      joined,
      cleared,
      stats: {
        accounts: nA,
        keys: this.keyTable.size,
        postings: index.postings,
        edges: edges.n,
        clusters: clusters.length,
        ms: performance.now() - t0,
        phases: {
          advance: tAdv - t0,
          index: tIdx - tAdv,
          edges: tEdges - tIdx,
          cluster: tClu - tEdges,
          judge: tJudge - tClu,
          describe: performance.now() - tJudge,
        },
        stateBytes: this.stateBytes(),
        hopPairs: this.retry.pairs.size,
        hopsDropped: this.retry.dropped,
        chanceHops: this.retry.chance,
      },
    };
  }

  // ---- internals ----

  /**
   * One copy of a client or model string for every account that sends it: each
   * account kept the copy its exchange arrived with, two heap objects per
   * account where a world has a few hundred distinct values. Capped, so a
   * stream of unique user agents only stops being shared.
   */
  private oneCopy(v: string): string {
    const had = this.interned.get(v);
    if (had !== undefined) return had;
    if (this.interned.size < MAX_INTERNED) this.interned.set(v, v);
    return v;
  }

  private acct(id: string): AcctState {
    let s = this.byId.get(id);
    if (!s) {
      s = new AcctState(id, this.accts.length);
      this.byId.set(id, s);
      this.accts.push(s);
    }
    return s;
  }

  private markDirty(s: AcctState): void {
    s.dirty = true;
    this.dirtyAccts.push(s.idx);
  }

  private noteDisplay(raw: number, v: string): void {
    if (this.display.size < MAX_DISPLAY && !this.display.has(raw)) this.display.set(raw, v.length > 80 ? `${v.slice(0, 77)}...` : v);
  }

  /** A string-valued key: hashed, and its text kept for reasons (the readable kinds only, capped overall). */
  private addStr(s: AcctState, kind: Kind, v: string): void {
    const raw = strKey(kind, v);
    this.noteDisplay(raw, v);
    s.addKey(raw, kind);
  }

  /**
   * Give a key-table index to every slot that counts as evidence in the accounts
   * observed since the last sweep (the others cannot have changed).
   */
  private internDirty(): void {
    const minRep = this.cfg.minContentRepeats;
    // (the table grows as it goes: counting the new keys first cost a second pass
    // over every dirty account's slots, a third of this function's time)
    for (const x of this.dirtyAccts) {
      const s = this.accts[x];
      s.dirty = false;
      this.evictedSinceCompact += s.evictedInterned;
      s.evictedInterned = 0;
      const need = contentNeed(s, minRep);
      for (let i = 0; i < s.n; i++) {
        if (s.key(i) >= 0 || (CONTENT_KIND[s.kindOf(i)] === 1 && s.count(i) < need)) continue;
        const raw = s.rawKey(i);
        const k = this.keyTable.intern(raw);
        if (k >= this.keyNums.length) {
          const n = new Float64Array(this.keyNums.length * 2);
          n.set(this.keyNums);
          this.keyNums = n;
          const d = new Uint8Array(this.keyKinds.length * 2);
          d.set(this.keyKinds);
          this.keyKinds = d;
        }
        this.keyNums[k] = raw;
        this.keyKinds[k] = s.kindOf(i);
        s.setKey(i, k);
      }
    }
    this.dirtyAccts.length = 0;
  }

  /**
   * Keys evicted from every account (roaming IPs, one-off prompt shapes) would
   * otherwise pile up in the key table for ever: when fewer than half of the
   * interned keys are still held, rebuild the table with the live ones. This keeps
   * memory proportional to accounts × caps, not to exchanges.
   */
  private compactKeys(): void {
    const size = this.keyTable.size;
    if (size < 1 << 16 || this.evictedSinceCompact * 2 < size) return;
    this.evictedSinceCompact = 0;
    const live = new Uint8Array(size);
    let nLive = 0;
    for (const s of this.accts) {
      for (let i = 0; i < s.n; i++) {
        const k = s.key(i);
        if (k >= 0 && !live[k]) {
          live[k] = 1;
          nLive++;
        }
      }
    }
    if (nLive * 2 > size) return;
    const map = new Int32Array(size).fill(-1);
    const table = new NumIndex(nLive * 2);
    const nums = new Float64Array(Math.max(1 << 14, nLive * 2));
    const kinds = new Uint8Array(nums.length);
    for (let k = 0; k < size; k++) {
      if (!live[k]) continue;
      const nk = table.intern(this.keyNums[k]);
      map[k] = nk;
      nums[nk] = this.keyNums[k];
      kinds[nk] = this.keyKinds[k];
    }
    for (const s of this.accts) s.remap(map);
    // display texts of keys no account holds any more go too
    const display = new Map<number, string>();
    for (const s of this.accts) {
      for (let i = 0; i < s.n; i++) {
        const d = this.display.get(s.rawKey(i));
        if (d !== undefined) display.set(s.rawKey(i), d);
      }
    }
    this.keyTable = table;
    this.keyNums = nums;
    this.keyKinds = kinds;
    this.display = display;
  }

  /**
   * The harvesting groups inside a part that is a crowd of use (see
   * `splitOwnHarvest`), or null. A member's own ties are the keys it holds as
   * evidence that can decide membership or tie a fleet: not its client (a
   * framework's users share one), nor a key kind the graph gives no weight.
   */
  private ownHarvest(p: Cluster, index: KeyIndex, lookup: (s: AcctState) => AccountProfile | undefined): ReturnType<typeof splitOwnHarvest> {
    const minSize = this.cfg.minCampaignAccounts;
    if (p.members.length < minSize + 2) return null;
    const accts = this.accts;
    const views = p.members.map((x) => {
      const s = accts[x];
      const v = memberView(s, lookup(s));
      const hours = Math.max(1, (v.lastMs - v.firstMs) / 3_600_000);
      return { harvest: v.harvest, exchanges: v.exchanges, rate: v.exchanges / hours, ownScore: v.accountScore };
    });
    const minRep = this.cfg.minContentRepeats;
    const kw = this.kw;
    const keyKinds = this.keyKinds;
    return splitOwnHarvest({
      members: p.members,
      views,
      minSize,
      crowdFloor: HARVEST_FLOOR,
      holders: (k) => index.off[k + 1] - index.off[k],
      *keysOf(i) {
        const s = accts[p.members[i]];
        const need = contentNeed(s, minRep);
        for (let j = 0; j < s.n; j++) {
          const k = s.key(j);
          if (k < 0) continue;
          const kd = keyKinds[k];
          if (!DECISIVE_KIND[kd] || kw[kd] <= 0 || (CONTENT_KIND[kd] === 1 && s.count(j) < need)) continue;
          yield k;
        }
      },
    });
  }

  /** Put a judged cluster into a campaign: the one most of its members already belong to, or a new one. */
  private assign(members: number[], nowMs: number, joined: { accountId: string; campaignId: string }[]): CampaignState {
    const votes = new Map<string, number>();
    for (const x of members) {
      const id = this.campaignOfAcct.get(x);
      if (id) votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    let target: CampaignState | undefined;
    let best = 0;
    for (const [id, v] of votes) if (v > best) [target, best] = [this.campaigns.get(id), v];
    if (!target) {
      const ids = members.map((x) => this.accts[x].id).sort();
      let id = `c_${fnv1a(ids.slice(0, 3).join('\n')).toString(16).padStart(8, '0')}`;
      while (this.campaigns.has(id)) id = `${id}x`;
      target = { id, members: [], detectedAtMs: nowMs, score: 0, signals: [] };
      this.campaigns.set(id, target);
    }
    for (const x of members) {
      if (this.campaignOfAcct.has(x)) continue;
      this.campaignOfAcct.set(x, target.id);
      target.members.push(x);
      joined.push({ accountId: this.accts[x].id, campaignId: target.id });
    }
    return target;
  }

  /**
   * For each key held by members: how many members hold it as evidence, counted
   * from the members' own slots into `this.shared` (an account holds a key in at
   * most one slot, so this equals the members found in the key's posting list,
   * without scanning postings of popular keys once per cluster). The counts stay
   * in `this.shared` for the caller, who must `clearShared(members)` after.
   */
  private linkEvidence(members: number[]): LinkEvidence[] {
    const minRep = this.cfg.minContentRepeats;
    if (this.shared.length < this.keyTable.size) this.shared = new Int32Array(Math.max(this.keyTable.size, this.shared.length * 2));
    const shared = this.shared;
    const keysPerKind = new Array<number>(KIND_COUNT).fill(0);
    const membersPerKind = new Array<number>(KIND_COUNT).fill(0);
    for (const x of members) {
      const s = this.accts[x];
      const need = contentNeed(s, minRep);
      for (let i = 0; i < s.n; i++) {
        // a kind the graph gives no weight (prompt frames by default, a family turned off) is no link
        if ((CONTENT_KIND[s.kindOf(i)] === 1 && s.count(i) < need) || this.kw[s.kindOf(i)] <= 0) continue;
        // the second holder makes the key shared
        const k = s.key(i);
        if (++shared[k] === 2) keysPerKind[this.keyKinds[k]]++;
      }
    }
    const hit = new Uint8Array(KIND_COUNT);
    for (const x of members) {
      const s = this.accts[x];
      hit.fill(0);
      for (let i = 0; i < s.n; i++) {
        const k = s.key(i);
        if (k >= 0 && shared[k] >= 2) hit[s.kindOf(i)] = 1;
      }
      for (let kd = 0; kd < KIND_COUNT; kd++) membersPerKind[kd] += hit[kd];
    }
    const links: LinkEvidence[] = [];
    for (let kd = 0; kd < KIND_COUNT; kd++) if (keysPerKind[kd] > 0) links.push({ kind: kd, keys: keysPerKind[kd], members: membersPerKind[kd] });
    return links;
  }

  /** Reset the counts `linkEvidence(members)` left in `this.shared`. */
  private clearShared(members: number[]): void {
    const shared = this.shared;
    for (const x of members) {
      const s = this.accts[x];
      for (let i = 0; i < s.n; i++) if (s.key(i) >= 0) shared[s.key(i)] = 0;
    }
  }

  private hopPartners(): Map<number, number[]> {
    const m = new Map<number, number[]>();
    for (const pair of this.retry.pairs.keys()) {
      const a = Math.floor(pair / PAIR);
      const b = pair % PAIR;
      (m.get(a) ?? m.set(a, []).get(a)!).push(b);
      (m.get(b) ?? m.set(b, []).get(b)!).push(a);
    }
    return m;
  }

  /** Whether account `x` has an edge carrying timing evidence to a member (pos >= 0) outside organisation `org`. */
  private timedWithOutside(x: number, org: string | undefined, edges: EdgeSet, adj: Adjacency, pos: Int32Array): boolean {
    for (let q = adj.off[x]; q < adj.off[x + 1]; q++) {
      const y = adj.nbr[q];
      if (pos[y] < 0 || this.accts[y].org === org) continue;
      if (edges.g[adj.eid[q] * GROUP_COUNT + Group.Time] > 0) return true;
    }
    return false;
  }

  /** Figures, summary, member reasons and drawing of a campaign over its whole membership. */
  private describe(
    st: CampaignState,
    index: KeyIndex,
    edges: EdgeSet,
    adj: Adjacency,
    lookup: (s: AcctState) => AccountProfile | undefined,
    ringSpan: number,
    hopPartners: Map<number, number[]>,
  ): CampaignResult {
    const idxs = st.members;
    const members = idxs.map((x) => this.accts[x]);
    const views = members.map((s) => memberView(s, lookup(s)));
    const links = this.linkEvidence(idxs);
    const shared = this.shared;
    // Attachment: weighted degree into the campaign, relative to the median member;
    // per member by its position in `idxs` (`pos` maps an account to it, -1 outside:
    // typed arrays where Maps cost most of this function on a dense world).
    if (this.pos.length < this.accts.length) this.pos = new Int32Array(Math.max(this.accts.length, this.pos.length * 2)).fill(-1);
    const pos = this.pos;
    for (let i = 0; i < idxs.length; i++) pos[idxs[i]] = i;
    const deg = new Float64Array(idxs.length);
    /** 1 for a member with at least one edge inside (only those count for the median) */
    const linked = new Uint8Array(idxs.length);
    const drawn: CampaignGraph['edges'] = [];
    const coverMask = new Uint8Array(idxs.length);
    // The edges inside the campaign, from its members' adjacency, in edge-set order
    // (the order the degree sums and the drawing have always had).
    const found: number[] = [];
    for (const x of idxs) {
      for (let p = adj.off[x]; p < adj.off[x + 1]; p++) if (adj.nbr[p] > x && pos[adj.nbr[p]] >= 0) found.push(adj.eid[p]);
    }
    // a typed array sorts numbers natively (a comparator sort was a fifth of describe on a dense world)
    const inside = Int32Array.from(found).sort();
    for (const i of inside) {
      const pa = pos[edges.a[i]];
      const pb = pos[edges.b[i]];
      deg[pa] += edges.w[i];
      deg[pb] += edges.w[i];
      linked[pa] = 1;
      linked[pb] = 1;
      let bestG = 0;
      for (let g = 0; g < GROUP_COUNT; g++) {
        const v = edges.g[i * GROUP_COUNT + g];
        if (v > 0.05) {
          coverMask[pa] |= 1 << g;
          coverMask[pb] |= 1 << g;
        }
        if (v > edges.g[i * GROUP_COUNT + bestG]) bestG = g;
      }
      // the drawing keeps the first GRAPH_NODES members
      if (drawn.length < GRAPH_EDGES && pa < GRAPH_NODES && pb < GRAPH_NODES) {
        drawn.push({ source: this.accts[edges.a[i]].id, target: this.accts[edges.b[i]].id, kind: GROUP_NAMES[bestG] as EdgeKind, weight: round3(edges.w[i]) });
      }
    }
    const groupCoverage = new Array<number>(GROUP_COUNT).fill(0);
    for (let i = 0; i < idxs.length; i++) for (let g = 0; g < GROUP_COUNT; g++) if (coverMask[i] & (1 << g)) groupCoverage[g]++;
    for (let g = 0; g < GROUP_COUNT; g++) groupCoverage[g] /= Math.max(1, idxs.length);
    const facts = clusterFacts(members, views, links, groupCoverage, ringSpan);
    // A campaign's members are re-read at every sweep. When they now ask the same
    // items again and again across accounts, the judge's mark of a class or a team,
    // the campaign was judged on too little of their traffic: its score falls to what
    // the judge gives such a group, so the engine acts on it no further (an account it
    // already flagged stays flagged: verdicts only escalate). Undoing a finding takes
    // twice the share that prevents one (`RETRACT_REPEAT`): a stealthy red-team fleet
    // drawing items at random from one pool reached 26% and was cut back at 25%,
    // while a class doing its homework shares 60–80%. A class behind one NAT with a
    // shared sign-up address was judged a campaign on 54 exchanges over 34 students,
    // 7% of their prompts shared; eight hours later, doing the week's homework, they
    // shared 63%, and 62 of 70 students were flagged. A quarter is enough when the
    // repeats come in waves, three or more members sending one prompt, which draws
    // from a pool only give when most prompts are duplicates (`repeatsAreUse`):
    // classes whose shares sat between the two lines (29–49%) stayed campaigns.
    // Evaded by an operation that pays for the same items from many accounts.
    let retracted = '';
    if (repeatsAreUse(facts.crossRepeat, facts.waveRepeat, RETRACT_REPEAT) && idxs.length >= this.cfg.minCampaignAccounts) {
      const j = judge(facts, this.cfg.minCampaignAccounts, this.cfg.campaignThreshold);
      if (!j.campaign) {
        st.score = Math.min(st.score, j.score);
        retracted = `re-read since: ${j.why}`;
      }
    }
    let nLinked = 0;
    for (let i = 0; i < idxs.length; i++) nLinked += linked[i];
    const degs = new Float64Array(nLinked);
    for (let i = 0, j = 0; i < idxs.length; i++) if (linked[i]) degs[j++] = deg[i];
    degs.sort();
    const median = degs[degs.length >> 1] || 1;

    const memberScores = new Map<string, number>();
    const memberReasons = new Map<string, Reason[]>();
    const memberDecisive = new Set<string>();
    const memberTemplateTie = new Set<string>();
    const memberContentOnly = new Set<string>();
    const memberContentTie = new Set<string>();
    const memberCrowdTie = new Set<string>();
    // Members that ask what other accounts ask. A distiller pays for answers it does not
    // have, each item once (the burner fleet of heldout/v8 sent no prompt another account
    // sent); researchers running the first items of public benchmarks, students on one
    // problem set and attendees pasting a tutorial's steps send the same prompts as many
    // others. A member whose sampled prompts (its first PROMPT_SAMPLE distinct ones) were
    // sent by another account too, for COMMON_ITEMS of them or more, in a campaign whose
    // typical member asks under CROSS_REPEAT_USE of such items, is not doing what the
    // campaign does: its ties are what a crowd around public items shares (a campus, a
    // harness's system prompt and layout, the items' templates), and the engine joins it
    // only by a fleet's own tie (a card, a retry hop, turn-taking), as it does an
    // evaluation re-run (src/engine/coordinator.ts `attach`). The share is a rate over the
    // member's own prompts and the holders are counted over the whole population, so a
    // larger population can only make an item common, never make a member suspicious.
    // Evaded by a fleet whose accounts first ask what the public asks (the heads of
    // public benchmarks, a course's problems) and harvest after: its first prompts then
    // buy nothing new, and its members' own traffic still flags them. Falsely releases a
    // fleet account that re-sends items others of the fleet sent when most of the fleet
    // does not (it paid twice for them).
    const common = new Float64Array(idxs.length).fill(NaN);
    const shares: number[] = [];
    for (let i = 0; i < idxs.length; i++) {
      const s = members[i];
      if (s.nSample < COMMON_ITEMS_MIN_SAMPLE) continue;
      let c = 0;
      for (let j = 0; j < s.nSample; j++) if ((this.promptHolders.get(s.sampledPrompt(j)) ?? 0) >= 2) c++;
      common[i] = c / s.nSample;
      shares.push(common[i]);
    }
    shares.sort((a, b) => a - b);
    const typicalCommon = shares.length ? shares[shares.length >> 1] : 0;
    const memberCommonItems = new Set<string>();
    const isCommon = new Uint8Array(idxs.length);
    if (typicalCommon < CROSS_REPEAT_USE) for (let i = 0; i < idxs.length; i++) if (common[i] >= COMMON_ITEMS) isCommon[i] = 1;
    // An organisation's own accounts share its payment instrument, domain, office
    // address and templates: those keys tie a seat to its organisation, not to the
    // campaign around it. For the seats of an organisation that is part of the
    // campaign (under 80% of it), only members outside the organisation count as
    // holders of a key (`inOrg` holds the organisation's own holders of each key
    // while its seats are judged). An organisation that is 80% or more of the
    // campaign is the campaign, and its seats go to review (`oneOrganisation`).
    // Until the fifth session the line was half: a 50-seat company drawn into a
    // fleet by one common template was then judged as the fleet and blocked
    // (22 and 24 seats in two of seven fresh red-team worlds without the account
    // table; 12 and 4 since). Evaded by a campaign spread over many small
    // organisations each with its own card and domain, which must then be tied
    // by what they share across organisations (addresses, templates, timing).
    const orgSeats = partOrgs(members);
    const total = Math.max(this.accts.length, this.cfg.idfFloorAccounts);
    const phrase = facts.textShare < TEXT_KNOWN ? 'judged without prompt text, on its ties, automation and answer length' : `harvesting ${harvestPhrase(facts.intent)}`;
    const isSeat = new Uint8Array(idxs.length);
    for (const seats of orgSeats.values()) for (const i of seats) isSeat[i] = 1;
    const seatTie = orgSeats.size
      ? orgSeatTies(members, orgSeats.values(), shared, this.orgHolders(), (k) => index.off[k + 1] - index.off[k], this.cfg.minContentRepeats)
      : null;
    // Small payers joined by what a crowd shares. A fleet's own ties (a card, a retry hop, the
    // templates of its prompts held mostly inside the campaign) are what let membership block;
    // grouped by those ties and the addresses, ranges and domains held mostly inside the
    // campaign, a fleet's members make groups of a campaign's size (a wave of burners hopping
    // on one another's 429s, a card pool, ten agent accounts on one proxy). Households (three
    // accounts on one home line and card, the homework re-sent from a parent's account after a
    // 429) and pairs of classmates (one problem set's wording, a 429 moved to a neighbour's key)
    // make groups of two or three, and the clustering joined several of them into one
    // "campaign" over a busy ISP range, a course domain or a harvest focus: 7 household
    // accounts and 5 students blocked in heldout/v8 at ×30, none at ×1. A member whose group
    // under those ties is smaller than the campaign minimum (when the members do not take
    // turns) is bound by them to its own household, pair or team, not to the campaign:
    // membership sends it to review, and only its own traffic blocks it
    // (`campaign.small_payers`). It reads how the campaign's own ties spread over its members,
    // whatever the population around it. Evaded, in the sense of an automatic block, by a
    // fleet that gives each card, address, template and retry path to fewer than
    // `minCampaignAccounts` accounts: each member waits for a person (heldout/v7's tool_trace
    // fleet: 2 blocked members went to review, still flagged).
    const payerGroup = new Int32Array(idxs.length).fill(idxs.length);
    if (!facts.turnTaking && idxs.length >= this.cfg.minCampaignAccounts) {
      const uf = new UnionFind(idxs.length);
      const firstHolder = new Map<number, number>();
      for (let i = 0; i < idxs.length; i++) {
        const s = members[i];
        for (let j = 0; j < s.n; j++) {
          const k = s.key(j);
          if (k < 0 || shared[k] < 2) continue;
          const kd = s.kindOf(j);
          const outside = index.off[k + 1] - index.off[k] - shared[k];
          // a card, an address, range, domain or sign-up address held mostly inside the campaign
          // (a fleet's proxy or pool: it binds a fleet's members; a household's line or a pair's
          // dorm binds two or three), or a template of its prompts not common outside it
          const tie = (DECISIVE_KIND[kd] && CONTENT_KIND[kd] !== 1 && outside <= shared[k]) || ((kd === Kind.Skeleton || kd === Kind.TemplateBand) && outside <= 3 * shared[k]);
          if (!tie) continue;
          const f = firstHolder.get(k);
          if (f === undefined) firstHolder.set(k, i);
          else uf.union(i, f);
        }
        for (const y of hopPartners.get(idxs[i]) ?? []) if (pos[y] >= 0) uf.union(i, pos[y]);
      }
      const size = new Int32Array(idxs.length);
      for (let i = 0; i < idxs.length; i++) size[uf.find(i)]++;
      for (let i = 0; i < idxs.length; i++) payerGroup[i] = size[uf.find(i)];
    }
    for (let i = 0; i < idxs.length; i++) {
      const x = idxs[i];
      const s = members[i];
      const seat = isSeat[i] === 1;
      const attach = Math.min(1, 0.6 + 0.4 * Math.min(1, deg[i] / median));
      const score = round3(st.score * attach);
      memberScores.set(s.id, score);
      const reasons: Reason[] = [
        {
          signal: 'campaign.member',
          weight: score,
          detail: `member of campaign ${st.id} (${idxs.length} accounts, score ${round2(st.score)}): ${phrase}`,
        },
      ];
      // The best shared key of each kind, as a checkable sentence.
      const bestByKind = new Map<number, { k: number; c: number }>();
      let decisive = false;
      // tied by something that costs the operator (not only by what it sends)
      let costly = false;
      // tied by an instrument a crowd of honest people does not share (see `FLEET_TIES`)
      let fleetTie = false;
      // A campaign that is a small slice of the crowd at a member's busiest address
      // (a campus or office NAT) was carved out of that crowd by the clustering: the
      // crowd keeps one lecture's or office's hours and uses one course's phrasing, so
      // neither synchrony nor a shared template ties the member to the slice; it needs
      // a key held mostly inside the campaign or a retry hop. Four students of a
      // 70-account campus NAT, tied by a phrase three of them used and by their
      // lecture's hours, were blocked as a campaign. Another address two members
      // share (a dorm, a phone carrier) is the crowd's too: it is how one of them was tied.
      // Evaded by a small fleet hiding behind a busy shared address, which then needs
      // an identity key (card, domain, sign-up address) or a retry hop.
      const crowd = this.addrHolders[x] ?? 0;
      const slice = crowd >= CROWD_ADDRESS && 3 * idxs.length <= crowd;
      for (let j = 0; j < s.n; j++) {
        const k = s.key(j);
        if (k < 0) continue;
        const c = shared[k];
        if (c < 2) continue;
        const kd = s.kindOf(j);
        const cur = bestByKind.get(kd);
        // (a reason names only what the graph weighs: see linkEvidence)
        if ((!cur || c > cur.c) && this.kw[kd] > 0) bestByKind.set(kd, { k, c });
        if (DECISIVE_KIND[kd] || kd === Kind.Skeleton || kd === Kind.TemplateBand) {
          // A key mostly held inside the campaign ties the account to it; one mostly
          // held outside (a common phrasing, a busy range) is a coincidence of use.
          const outside = index.off[k + 1] - index.off[k] - c;
          if (seat) continue; // judged over holders outside its organisation (seatTie)
          // in a slice of a crowd, an address or a phrase two or three members share (a dorm,
          // a phone carrier, the course's wording) is the crowd's
          const crowdKey = slice && (kd === Kind.Ip || kd === Kind.Net || kd === Kind.Skeleton || kd === Kind.TemplateBand);
          if (DECISIVE_KIND[kd] && (kd === Kind.Payment || outside <= c) && !crowdKey) {
            decisive = true;
            if (CONTENT_KIND[kd] !== 1) costly = true;
            if (FLEET_TIES[kd]) fleetTie = true;
          }
          // a template shared with the campaign, not overwhelmingly common outside it
          if ((kd === Kind.Skeleton || kd === Kind.TemplateBand) && outside <= 3 * c && !slice) memberTemplateTie.add(s.id);
        }
      }
      for (const [kd, { k, c }] of bestByKind) {
        const n = index.off[k + 1] - index.off[k];
        const w = this.kw[kd] * idf(n, total) * Math.min(1, 0.5 + (c - 1) / 10);
        const others = c - 1;
        const outside = n - c;
        reasons.push({
          signal: KINDS[kd].signal,
          weight: round3(w),
          detail: `shares ${KINDS[kd].noun} ${this.describeKey(k)} with ${others} other account${others === 1 ? '' : 's'} of campaign ${st.id}${outside > 0 ? ` (and ${outside} outside it)` : ''}`,
        });
      }
      const hp = (hopPartners.get(x) ?? []).filter((y) => pos[y] >= 0);
      if (seat && seatTie) {
        if (seatTie[i] & 1) decisive = true;
        if (seatTie[i] & 2) memberTemplateTie.add(s.id);
      }
      // A seat's retry hops and the cluster's synchrony tie it only through members outside its
      // organisation: an office's seats hop between each other's keys and keep the same hours,
      // so a seat counts as synchronised only with a timing edge of its own to such a member.
      const hops = seat ? hp.filter((y) => members[pos[y]].org !== s.org).length : hp.length;
      if (hops > 0 || (facts.synchronized && !slice && (!seat || this.timedWithOutside(x, s.org, edges, adj, pos)))) decisive = costly = true;
      if (hops > 0 || facts.turnTaking || memberTemplateTie.has(s.id)) fleetTie = true;
      // A harvester judged apart from its crowd (`splitOwnHarvest`) whose ties to the group
      // are all the crowd's (the venue, its sign-up hour, the framework's prompt) is a member
      // on its own evidence (its harvest, its volume against its crowd's, its own flags):
      // for review, blocked only when its own traffic blocks it.
      const ownOnly = !seat && !decisive && this.ownGroup.has(x);
      if (ownOnly) {
        decisive = true;
        reasons.push({
          signal: 'campaign.own_harvest',
          weight: 0,
          detail: `harvests on its own account inside a crowd (an event's or campus's shared address, sign-up hour or system prompt) with the other members of campaign ${st.id}, apart from the crowd's members who do not: for review unless its own traffic blocks it`,
        });
      }
      if (decisive) memberDecisive.add(s.id);
      if (isCommon[i]) {
        memberCommonItems.add(s.id);
        reasons.push({
          signal: 'campaign.common_items',
          weight: 0,
          detail: `${Math.round(100 * common[i])}% of its first ${s.nSample} distinct prompts were sent by other accounts too (public items, a shared problem set), against ${Math.round(100 * typicalCommon)}% for the typical member of campaign ${st.id}: it asks what others ask, and joins the campaign only by a card, a retry hop or turn-taking`,
        });
      }
      // A member tied to the campaign only by what it sends (a template, a template
      // family, a system prompt) shares what independent users of one public harness
      // or layout share: membership sends it to review, and it is blocked only when its
      // own traffic blocks it (the engine, as for resemblance). Researchers running
      // benchmarks in a published layout that a proxy fleet also copied were blocked as
      // its members: per account, a researcher's heavy benchmark traffic reaches the
      // review line itself, so no lower bar tells the two apart. Evaded, in the sense of
      // an automatic block, by a fleet that shares nothing but its wording: it waits for
      // a person, each member still flagged.
      if (!seat && !ownOnly && !costly && (decisive || memberTemplateTie.has(s.id))) {
        memberContentTie.add(s.id);
        reasons.push({
          signal: 'campaign.content_tie',
          weight: 0,
          detail: `tied to campaign ${st.id} only by what it sends (templates, a system prompt), not by an address, card, domain, sign-up, retry hop or timing: for review unless its own traffic blocks it`,
        });
      }
      // Block only on an account's own harvest. A member tied to the campaign only by what
      // a crowd of honest people shares (the venue's or campus's address and range, a
      // sign-up address and hour, a popular framework's system prompt, the same hours) and
      // by no instrument of a fleet (`FLEET_TIES`: a card, a retry hop, turn-taking, the
      // templates of its own prompts) is sent to review by membership and blocked only
      // when its own traffic blocks it. A hackathon's attendees (one venue address, sign-ups
      // within an hour, one framework's system prompt) were joined to an agent-trace
      // campaign on that prompt and blocked. Evaded, in the sense of an automatic block, by
      // a fleet on shared proxies with a card and a template per account and no retries:
      // each member waits for a person unless its own traffic blocks it.
      if (!seat && decisive && payerGroup[i] < this.cfg.minCampaignAccounts && !ownOnly && fleetTie && !memberContentTie.has(s.id)) {
        memberCrowdTie.add(s.id);
        reasons.push({
          signal: 'campaign.small_payers',
          weight: 0,
          detail: `its card, retry hops and templates tie it to ${payerGroup[i] - 1} other account${payerGroup[i] === 2 ? '' : 's'} of campaign ${st.id} (a household, a pair of classmates, a team), fewer than a campaign, and the rest only by what a crowd shares: for review unless its own traffic blocks it`,
        });
      } else if (!seat && decisive && (ownOnly || (costly && !fleetTie)) && !memberContentTie.has(s.id)) {
        memberCrowdTie.add(s.id);
        reasons.push({
          signal: 'campaign.crowd_tie',
          weight: 0,
          detail: `tied to campaign ${st.id} only by what a crowd shares (an address, range, sign-up address or window, system prompt or the same hours), not by a card, retry hop, turn-taking or its own templates: for review unless its own traffic blocks it`,
        });
      }
      // A seat tied to members outside its organisation only by what it sends (templates, a
      // system prompt) or by keeping the same hours, with no address, card or domain and no
      // retry hop in common, is its organisation's product looking like the campaign's
      // traffic (an app back end answering homework next to an app-facade fleet): for review.
      if (seat && decisive && seatTie && (seatTie[i] & 4) === 0 && hops === 0) {
        memberContentOnly.add(s.id);
        reasons.push({
          signal: 'campaign.org_seat',
          weight: 0,
          detail: `one of ${orgSeats.get(s.org!)?.length ?? 2} accounts of organisation ${s.org} in campaign ${st.id}, tied to the members outside it only by content or timing: for review, not blocked on this`,
        });
      }
      if (hp.length > 0) {
        reasons.push({
          signal: 'linkage.retry_hop',
          weight: round3(this.cfg.weights.retryHop),
          detail: `the same prompt moved between this account and ${hp.length} campaign account${hp.length === 1 ? '' : 's'} (e.g. ${this.accts[hp[0]].id}) within ${Math.round(this.cfg.retryHopWindowMs / 1000)} s of a 429: the refused account let it go and no third account sent it meanwhile`,
        });
      }
      if (facts.turnTaking) {
        reasons.push({ signal: 'linkage.turn_taking', weight: 0.3, detail: `takes turns with the other ${idxs.length - 1} accounts of campaign ${st.id}: they are active in the same 5-minute slots ${round2(facts.coactivity)}× as often as chance (round-robin load balancing)` });
      } else if (facts.synchronized) {
        reasons.push({ signal: 'linkage.sync', weight: 0.3, detail: `active in the same 5-minute slots as the other accounts of campaign ${st.id}, ${round2(facts.coactivity)}× as often as chance (synchronised)` });
      }
      reasons.sort((p, q) => (p.signal === 'campaign.member' ? -1 : q.signal === 'campaign.member' ? 1 : q.weight - p.weight));
      memberReasons.set(s.id, reasons);
    }
    this.clearShared(idxs);
    for (const x of idxs) pos[x] = -1;
    const nodes = idxs.slice(0, GRAPH_NODES).map((x, i) => ({ id: this.accts[x].id, score: memberScores.get(this.accts[x].id) ?? 0, core: deg[i] >= 0.5 * median }));
    return {
      campaignId: st.id,
      accounts: members.map((s) => s.id),
      score: round3(st.score),
      signals: st.signals,
      summary: summarize(facts, st.score, (kd, n) => `${n} ${plural(KINDS[kd].noun, n)}`) + (retracted ? ` ${retracted[0]!.toUpperCase()}${retracted.slice(1)}; no longer acted on.` : ''),
      firstSeenMs: facts.firstMs,
      lastSeenMs: facts.lastMs,
      exchanges: facts.exchanges,
      memberScores,
      memberReasons,
      memberDecisive,
      memberTemplateTie,
      memberContentOnly,
      memberContentTie,
      memberCrowdTie,
      memberCommonItems,
      graph: { nodes, edges: drawn },
      detectedAtMs: st.detectedAtMs,
      ...(facts.topOrg && facts.topOrgShare >= ONE_ORGANISATION ? { oneOrganisation: { org: facts.topOrg, share: round3(facts.topOrgShare) } } : {}),
      ...(retracted ? { retracted } : {}),
    };
  }

  /** A zeroed per-key count array for `orgSeatTies` (reused between campaigns). */
  private orgHolders(): Int32Array {
    if (this.inOrg.length < this.keyTable.size) this.inOrg = new Int32Array(Math.max(this.keyTable.size, this.inOrg.length * 2));
    return this.inOrg;
  }

  /**
   * The values behind a campaign's links that can be acted on elsewhere (a
   * block list, a firewall, another provider): the addresses, ranges,
   * clients, e-mail domains, organisations and sign-up addresses that at
   * least two of `accountIds` share, most shared first. A payment fingerprint
   * is given as its SHA-256, never as itself. Counted on demand over the
   * accounts given (a campaign as listed, after the engine's own changes to
   * its membership), from the keys the linkage holds now.
   */
  sharedValues(accountIds: readonly string[]): SharedValue[] {
    const counts = new Map<number, number>();
    for (const id of accountIds) {
      const s = this.byId.get(id);
      if (!s) continue;
      for (let i = 0; i < s.n; i++) {
        const k = s.key(i);
        if (k < 0 || !SHARED_KINDS[s.kindOf(i) as Kind]) continue;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    const byKind = new Map<string, SharedValue[]>();
    for (const [k, n] of counts) {
      if (n < 2) continue;
      const num = this.keyNums[k];
      const name = SHARED_KINDS[kindOf(num)]!;
      const d = this.display.get(num);
      let value: string;
      if (name === 'payment_sha256') {
        if (d === undefined) continue;
        value = createHash('sha256').update(d).digest('hex');
      } else value = d ?? this.describeKey(k);
      let list = byKind.get(name);
      if (!list) byKind.set(name, (list = []));
      list.push({ kind: name, value, accounts: n });
    }
    const out: SharedValue[] = [];
    for (const name of Object.values(SHARED_KINDS)) {
      const list = byKind.get(name!);
      if (list) out.push(...list.sort((a, b) => b.accounts - a.accounts || (a.value < b.value ? -1 : 1)).slice(0, SHARED_PER_KIND));
    }
    return out;
  }

  /**
   * The strongest key two accounts share, named as a reason names it (its
   * kind's noun and value; a payment fingerprint as the start of its SHA-256),
   * for a drawn link to say what it is; with `group` (`infrastructure`,
   * `identity`, ...), the strongest of that group. Null when they share none.
   */
  sharedKey(a: string, b: string, group?: string): { kind: string; value: string } | null {
    const x = this.byId.get(a);
    const y = this.byId.get(b);
    if (!x || !y) return null;
    const mine = new Set<number>();
    for (let i = 0; i < x.n; i++) if (x.key(i) >= 0) mine.add(x.key(i));
    let best = -1;
    let bestW = 0;
    for (let j = 0; j < y.n; j++) {
      const k = y.key(j);
      if (k < 0 || !mine.has(k)) continue;
      const kd = y.kindOf(j);
      // the strongest key of the group the link is drawn in, when it says
      if (group !== undefined && GROUP_NAMES[KINDS[kd].group] !== group) continue;
      const w = this.kw[kd];
      if (w > bestW) {
        best = k;
        bestW = w;
      }
    }
    if (best < 0) return null;
    const num = this.keyNums[best];
    const kind = kindOf(num);
    const d = this.display.get(num);
    const value = kind === Kind.Payment && d !== undefined ? `sha256:${createHash('sha256').update(d).digest('hex').slice(0, 12)}…` : d ?? this.describeKey(best);
    return { kind: KINDS[kind].noun, value };
  }

  private describeKey(k: number): string {
    const num = this.keyNums[k];
    const d = this.display.get(num);
    const kind = kindOf(num);
    const v = valueOf(num);
    if (d !== undefined) return kind === Kind.Payment ? `"${d.length > 14 ? `${d.slice(0, 12)}…` : d}"` : `"${d}"`;
    switch (kind) {
      case Kind.Ip:
      case Kind.SignupIp:
        return v < 4294967296 ? ipv4String(v) : `#${v.toString(16)}`;
      case Kind.Net:
        return v < 16777216 ? `${ipv4String(v * 256)}/24` : `${hex4(Math.floor(v / 4294967296))}:${hex4(Math.floor(v / 65536) % 65536)}:${hex4(v % 65536)}::/48`;
      case Kind.SignupBurst:
        return `starting ${new Date(Math.floor(v / 2) * 600_000 + (v % 2 ? -300_000 : 0)).toISOString().slice(0, 16)}Z`;
      case Kind.HarvestProfile:
        return `${INTENT_NAMES[Math.floor(v / 64)] ?? '?'} on topic ${v % 64}`;
      case Kind.TemplateBand:
        return `band ${Math.floor(v / 4294967296)}:${(v % 4294967296).toString(16).padStart(8, '0')}`;
      default:
        return `#${(v % 4294967296).toString(16).padStart(8, '0')}`;
    }
  }
}

/**
 * Per account (by idx), the most holders of any of its client addresses in
 * `index`, read from the flat (key, account) postings `buildKeyIndex` left in
 * `postings` (one sequential pass, not one per account's slots); reuses
 * `into` when large enough.
 */
export function busiestAddress(nA: number, index: KeyIndex, postings: IndexScratch, keyKinds: Uint8Array, into: Uint32Array): Uint32Array {
  const out = into.length >= nA ? into : new Uint32Array(nA + (nA >> 2));
  out.fill(0, 0, nA);
  const off = index.off;
  const fk = postings.keys;
  const fa = postings.accts;
  const ip = Kind.Ip;
  for (let q = 0; q < index.postings; q++) {
    const k = fk[q];
    if (keyKinds[k] !== ip) continue;
    const h = off[k + 1] - off[k];
    const a = fa[q];
    if (h > out[a]) out[a] = h;
  }
  return out;
}

/**
 * Organisations with at least two seats among a campaign's members but fewer
 * than `ONE_ORGANISATION` (80%) of them: organisation id -> the seats'
 * positions in `members`. At 80% or more the campaign is one organisation's
 * (see `oneOrganisation`); below, the organisation is one part of it.
 */
export function partOrgs(members: readonly AcctState[]): Map<string, number[]> {
  const byOrg = new Map<string, number[]>();
  for (let i = 0; i < members.length; i++) {
    const org = members[i].org;
    if (org) (byOrg.get(org) ?? byOrg.set(org, []).get(org)!).push(i);
  }
  for (const [org, seats] of byOrg) if (seats.length < 2 || seats.length >= ONE_ORGANISATION * members.length) byOrg.delete(org);
  return byOrg;
}

/**
 * Per member position: for the seats of each organisation in `orgs`, 1 when a
 * decisive key ties the seat to members outside its organisation (and 4 as
 * well when that key is not content: an address, card, domain or sign-up
 * address), 2 when a template does (as `describe` judges every other member, but counting only
 * holders outside the organisation). `shared[k]` is how many members hold key
 * k as evidence and `holders(k)` how many accounts hold it at all; `inOrg` is a
 * zeroed scratch array as long as `shared`, and is zeroed again on return.
 */
export function orgSeatTies(
  members: readonly AcctState[],
  orgs: Iterable<number[]>,
  shared: Int32Array,
  inOrg: Int32Array,
  holders: (k: number) => number,
  minRepeats: number,
): Uint8Array {
  const tie = new Uint8Array(members.length);
  const count = (seats: number[], delta: number): void => {
    for (const i of seats) {
      const s = members[i];
      const need = contentNeed(s, minRepeats);
      for (let j = 0; j < s.n; j++) {
        if (CONTENT_KIND[s.kindOf(j)] === 1 && s.count(j) < need) continue;
        const k = s.key(j);
        if (k >= 0) inOrg[k] += delta;
      }
    }
  };
  for (const seats of orgs) {
    count(seats, 1);
    for (const i of seats) {
      const s = members[i];
      for (let j = 0; j < s.n; j++) {
        const k = s.key(j);
        if (k < 0) continue;
        const kd = s.kindOf(j);
        const template = kd === Kind.Skeleton || kd === Kind.TemplateBand;
        const c = shared[k];
        // members holding the key outside the organisation: the only ones that tie a seat to the campaign
        const cOut = c - inOrg[k];
        if (cOut <= 0 || !(DECISIVE_KIND[kd] || template)) continue;
        const outside = holders(k) - c;
        if (DECISIVE_KIND[kd] && (kd === Kind.Payment || outside <= cOut)) tie[i] |= CONTENT_KIND[kd] === 1 ? 1 : 5;
        if (template && outside <= 3 * cOut) tie[i] |= 2;
      }
    }
    count(seats, -1);
  }
  return tie;
}

/** For each account, a bitmask of evidence groups it is linked by to another member of its own cluster. */
function edgeGroupsWithinClusters(e: EdgeSet, clusterOf: Int32Array, nA: number): Uint8Array {
  const mask = new Uint8Array(nA);
  for (let i = 0; i < e.n; i++) {
    const a = e.a[i];
    const b = e.b[i];
    if (clusterOf[a] < 0 || clusterOf[a] !== clusterOf[b]) continue;
    for (let g = 0; g < GROUP_COUNT; g++) {
      if (e.g[i * GROUP_COUNT + g] > 0.05) {
        mask[a] |= 1 << g;
        mask[b] |= 1 << g;
      }
    }
  }
  return mask;
}

/** A part of `c` holding only `members` (its attachments kept for them). */
function subCluster(c: Cluster, members: number[]): Cluster {
  const keep = new Set(members);
  return { members, attach: new Map([...c.attach].filter(([x]) => keep.has(x))), density: c.density };
}

function groupShare(members: number[], mask: Uint8Array): number[] {
  const out = new Array<number>(GROUP_COUNT).fill(0);
  for (const x of members) for (let g = 0; g < GROUP_COUNT; g++) if (mask[x] & (1 << g)) out[g]++;
  return out.map((c) => c / Math.max(1, members.length));
}

function campaignSignals(f: ClusterFacts): string[] {
  const noText = f.textShare < TEXT_KNOWN;
  // judged without prompts (judgeWithoutText): harvest and coverage were not read
  const out: { s: string; w: number }[] = [noText ? { s: 'campaign.without_text', w: 1 } : { s: 'campaign.harvest', w: f.harvest }];
  for (const l of f.links) out.push({ s: KINDS[l.kind].signal, w: l.members / f.n });
  if (f.turnTaking) out.push({ s: 'linkage.turn_taking', w: 0.5 });
  if (f.synchronized) out.push({ s: 'linkage.sync', w: 0.5 });
  if (f.automation >= 0.5) out.push({ s: 'campaign.automation', w: f.automation });
  if (!noText && f.crossRepeat < 0.2 && f.distinct > 0.7) out.push({ s: 'campaign.coverage', w: f.distinct });
  return out.sort((a, b) => b.w - a.w).map((x) => x.s);
}

/** One paragraph a person reads: size, volume, what is harvested, what links the accounts, why it scores. */
export function summarize(f: ClusterFacts, score: number, count: (kind: number, n: number) => string): string {
  const since = Number.isFinite(f.firstMs) ? new Date(f.firstMs).toISOString().slice(0, 10) : 'an unknown date';
  const parts = f.links
    .filter((l) => l.members >= Math.max(2, f.n * 0.1))
    .sort((a, b) => groupRank(a.kind) - groupRank(b.kind) || b.members - a.members)
    .slice(0, 4)
    .map((l) => count(l.kind, l.keys));
  if (f.turnTaking) parts.push('round-robin timing');
  else if (f.synchronized) parts.push('synchronised activity');
  const linked = parts.length ? `; linked by ${joinList(parts)}` : '';
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  if (f.textShare < TEXT_KNOWN) {
    const tokens = Number.isFinite(f.outTokens) ? `${Math.round(f.outTokens)} output tokens an answer on average` : 'no usage reported';
    return (
      `${f.n} accounts, ${fmtCount(f.exchanges)} exchanges since ${since}, judged without their prompts (the logs carry prompt text for ${pct(f.textShare)} of them)` +
      `${linked}. Driven by machines (automation ${pct(machineShare(f))}), ${tokens}; campaign score ${round2(score)}. ` +
      'Without the prompts nothing shows what was asked: for review, not block.'
    );
  }
  return (
    `${f.n} accounts, ${fmtCount(f.exchanges)} exchanges since ${since}, harvesting ${harvestPhrase(f.intent)} across ${f.topics} topic buckets` +
    `${linked}. ${pct(f.harvest)} of exchanges harvest, ${pct(f.singleTurn)} single-turn, ${pct(f.crossRepeat)} of sampled prompts repeated across accounts; campaign score ${round2(score)}.`
  );
}

function groupRank(kind: number): number {
  return [Group.Identity, Group.Infra, Group.Content, Group.Time, Group.Client].indexOf(KINDS[kind].group);
}

function joinList(xs: string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function plural(noun: string, n: number): string {
  if (n === 1) return noun;
  if (noun.endsWith('address') || noun.endsWith('focus')) return `${noun}es`;
  if (noun.endsWith('family')) return `${noun.slice(0, -1)}ies`;
  if (noun.endsWith(')')) return noun.replace(/ \(/, 's (');
  return `${noun}s`;
}

function fmtCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

function hex4(n: number): string {
  return n.toString(16);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The contract §3 shape of a campaign. */
export function toContractCampaign(c: CampaignResult): import('../contract/types.js').Campaign {
  const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString());
  return {
    campaign_id: c.campaignId,
    accounts: [...c.accounts],
    exchanges: c.exchanges,
    first_seen: iso(c.firstSeenMs),
    last_seen: iso(c.lastSeenMs),
    score: c.score,
    signals: [...c.signals],
    summary: c.summary,
  };
}
