/**
 * The thresholds of campaign signatures, as one schema parsed once (STYLE
 * habit 8). Each says why it has its value, what evades it and what it
 * falsely flags.
 */
import { z } from 'zod';

export const SignatureConfig = z
  .object({
    minMembers: z.coerce.number().int().min(2).default(4).describe(
      'flagged members a campaign needs before its shares mean anything (the linkage\'s own smallest campaign). Evaded by nothing: a smaller campaign is still caught by the sweep, a signature only speeds up the next account',
    ),
    minHolders: z.coerce.number().int().min(2).default(2).describe(
      'members that must hold a value for it to be the campaign\'s rather than one member\'s own: a card, range or template two accounts of a fleet share. Evaded by one card, range and template per account, which a fleet pays for in cards and proxies',
    ),
    minKindShare: z.coerce.number().min(0).max(1).default(0.5).describe(
      'share of the members a kind\'s values must cover together: a key the fleet uses on most accounts is one its next account will use. A fleet that varies a kind over accounts drops it from the signature (it still matches on the others); a kind held by a minority is left out rather than letting the minority define the fleet',
    ),
    maxBaseRate: z.coerce.number().min(0).max(1).default(0.01).describe(
      'highest share of the accounts outside campaigns that may hold a value, and all of a kind\'s values together: a campus NAT, a popular SDK user agent or a public benchmark\'s prompt is held by many ordinary accounts and never enters. Measured as a share, so it holds as the population grows. Falsely admits a key rare in this population that is common elsewhere (the gateway re-measures nothing: re-derive per population)',
    ),
    minLift: z.coerce.number().min(1).default(10).describe(
      'a value\'s share among the members must be this many times its base rate: a key one member in twenty holds and one ordinary account in a hundred does is no signature',
    ),
    baseRateSample: z.coerce.number().int().min(100).default(20000).describe(
      'accounts outside campaigns a base rate is measured on at most (every k-th account): a share near the 1% bar is measured within a tenth of a percent on 20,000 accounts, and derivation costs the same at a million accounts as at twenty thousand',
    ),
    maxValuesPerKind: z.coerce.number().int().min(1).default(64).describe(
      'values kept per kind, most-held first: bounds the index and the file; a fleet with more ranges or templates than this is matched on its most used ones',
    ),
    minKinds: z.coerce.number().int().min(2).default(2).describe(
      'independent groups of keys (content, request, client, network, identity, registration) an account must match before it is assigned: one shared fact is what a student behind a campaign\'s proxy range or a developer with its SDK has; two is a coincidence of two rare facts. Evaded by a fleet that changes all but one group per account',
    ),
    minMatched: z.coerce.number().int().min(1).default(2).describe(
      'exchanges that must match before an account is assigned: a single coincidence of two rare keys on one request is not enough, and it costs a new account of the fleet one exchange',
    ),
    minMatchedShare: z.coerce.number().min(0).max(1).default(0.5).describe(
      'share of the account\'s exchanges since its first match that must match: an ordinary account that touched a campaign key once among many requests is not its member; evaded by a fleet account that dilutes with as many unmarked requests',
    ),
    maxSignupAgeDays: z.coerce.number().min(0).default(7).describe(
      'an account whose account-table row says it was created more than this many days before the signature is not matched, even if its first exchange comes later: a signature is for a campaign\'s next throwaway, and an aged account (a product\'s seat active now and then) is the linkage\'s to judge. Evaded by a fleet that stockpiles accounts for more than a week before using them; without a created_at, only the first exchange counts',
    ),
  })
  .strict();

export type SignatureConfigInput = z.input<typeof SignatureConfig>;
export type SignatureConfigT = z.output<typeof SignatureConfig>;
