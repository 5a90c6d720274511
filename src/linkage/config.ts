/**
 * Configuration of the linkage subsystem: one zod schema, parsed once in
 * `createLinkage` (STYLE habit 8). Every number has a default and says why.
 */
import { z } from 'zod';

const weights = z
  .object({
    ip: z.number().min(0).default(0.5).describe('exact shared IP'),
    net: z.number().min(0).default(0.3).describe('shared /24 or /48'),
    payment: z.number().min(0).default(1.0).describe('shared payment instrument'),
    emailDomain: z.number().min(0).default(0.5).describe('shared own e-mail domain'),
    org: z.number().min(0).default(0.8).describe('same org_id'),
    signupIp: z.number().min(0).default(0.6).describe('same sign-up IP'),
    signupBurst: z.number().min(0).default(0.3).describe('signed up in the same 10 minutes'),
    userAgent: z.number().min(0).default(0.15).describe('same exact User-Agent'),
    keyPattern: z.number().min(0).default(0.35).describe('same API-key naming pattern'),
    modelSwitch: z.number().min(0).default(0.1).describe('same model transition'),
    skeleton: z.number().min(0).default(0.45).describe('same template skeleton'),
    templateBand: z.number().min(0).default(0.08).describe('per shared LSH band of the template'),
    systemPrompt: z.number().min(0).default(0.4).describe('same system prompt'),
    harvestProfile: z.number().min(0).default(0.12).describe('per shared (intent, topic) harvest focus'),
    frame: z.number().min(0).default(0).describe('same first or last words of long prompts (a wrapper); 0: frames form cohorts (src/engine/frame-cohort.ts) but no edges, which reshaped groups the other links form'),
    retryHop: z.number().min(0).default(0.8).describe('same prompt moved to this account seconds after a 429'),
    sync: z.number().min(0).default(0.35).describe('active in the same 5-minute buckets far above chance'),
  })
  .default({});

export const LinkageConfig = z
  .object({
    sweepEveryMinutes: z.coerce.number().positive().default(30).describe('event-time minutes between sweeps (the engine schedules them)'),
    minCampaignAccounts: z.coerce.number().int().min(2).default(4).describe('a campaign needs at least this many accounts: fewer is an account problem, not a campaign'),
    campaignThreshold: z.coerce.number().min(0).max(1).default(0.5).describe('cluster score from which it is reported as a campaign'),
    minEdgeWeight: z.coerce.number().min(0).default(0.4).describe('pairs linked more weakly than this are not edges: one popular UA or a busy ISP range never links on its own'),
    groupCliqueMax: z.coerce.number().int().min(2).default(48).describe('accounts sharing one key are linked pairwise up to this size; larger groups are linked by a sparse ring lattice (never all pairs)'),
    ringNeighbours: z.coerce.number().int().min(1).default(6).describe('lattice neighbours on each side in a large key group'),
    maxKeyShare: z.coerce.number().min(0).max(1).default(0.5).describe('a key held by more than this share of all accounts is background, not evidence'),
    idfFloorAccounts: z.coerce.number().int().min(2).default(1000).describe('population assumed at least this large for IDF, so a small test world does not over-discount'),
    minContentRepeats: z.coerce.number().int().min(1).default(2).describe('a content key counts only once the account used it this often'),
    retryHopWindowMs: z.coerce.number().int().positive().default(60_000).describe('the same prompt on another account this soon after a 429 is a retry hop'),
    retryMemory: z.coerce.number().int().positive().default(50_000).describe('429-ed prompts watched at once for where they go next; beyond it the oldest is read early, on what it has seen (memory: about 100 bytes each)'),
    retryHopPairs: z.coerce.number().int().positive().default(200_000).describe('account pairs tied by retry hops held at most (about 40 bytes each); hops beyond it are counted in the sweep stats (hopsDropped), not kept'),
    louvainResolution: z.coerce.number().positive().default(1).describe('Louvain resolution; above 1 splits more'),
    seed: z.coerce.number().int().default(42).describe('seed for Louvain and sampling, so sweeps are reproducible'),
    weights,
  })
  .strict();

export type LinkageConfigInput = z.input<typeof LinkageConfig>;
export type LinkageConfigT = z.output<typeof LinkageConfig>;

/** Parse linkage config; throws a readable error naming the bad field. */
export function parseLinkageConfig(input: unknown = {}): LinkageConfigT {
  const r = LinkageConfig.safeParse(input ?? {});
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid linkage config: ${msg}`);
  }
  return r.data;
}
