/**
 * A campaign's indicators as a STIX 2.1 bundle, and the other way: another
 * provider's bundle as watched signatures.
 *
 * What goes out is what the campaign's signature holds (src/signatures):
 * address ranges as `ipv4-addr` / `ipv6-addr` patterns, everything else
 * (template skeletons, system prompts, clients, payment fingerprints, e-mail
 * domains, request parameters, sign-up windows) as hashes or values under a
 * custom observable `x-distillguard-signature`, never prompt text. Each
 * indicator also carries its kind and value as custom properties
 * (`x_distillguard_kind`, `x_distillguard_value`) so an importer need not
 * parse patterns.
 *
 * No npm package ships the OASIS STIX 2.1 JSON schemas, and nothing is
 * fetched at run time, so `StixBundle` below checks the properties the
 * specification requires of a bundle and of the objects we write and read
 * (common properties, identity, indicator, campaign, relationship): part 2
 * (sections 2 and 4) and part 3 (section 3) of STIX 2.1.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Campaign } from '../contract/types.js';
import type { SignaturesFile } from '../signatures/index.js';
import { SIG_KINDS, SIG_GROUP_NAMES, groupOf, kindByName, parseValue } from '../signatures/kinds.js';

type SignatureJson = SignaturesFile['signatures'][number];

// STIX timestamps: RFC 3339 in UTC, "Z", optional fraction
const stixTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'a STIX timestamp (UTC, Z)');
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const stixId = (type: string) => z.string().regex(new RegExp(`^${type}--${uuid}$`), `a ${type}--UUID identifier`);
const anyId = z.string().regex(new RegExp(`^[a-z0-9-]+--${uuid}$`), 'a type--UUID identifier');
// custom properties: lower case, digits and _, 3 to 250 characters (part 11.1)
const customProps = z.record(z.unknown()).superRefine((o, ctx) => {
  for (const k of Object.keys(o)) if (!/^[a-z0-9_]{3,250}$/.test(k)) ctx.addIssue({ code: 'custom', message: `property name ${k} is not a valid STIX property name` });
});

const common = (type: string) => z.object({
  type: z.literal(type),
  spec_version: z.literal('2.1'),
  id: stixId(type),
  created: stixTime,
  modified: stixTime,
  created_by_ref: stixId('identity').optional(),
  labels: z.array(z.string()).optional(),
  confidence: z.number().int().min(0).max(100).optional(),
  external_references: z.array(z.object({ source_name: z.string() }).passthrough()).optional(),
  object_marking_refs: z.array(anyId).optional(),
});

export const StixIdentity = common('identity').extend({
  name: z.string().min(1),
  identity_class: z.string().optional(),
}).passthrough();

export const StixIndicator = common('indicator').extend({
  name: z.string().optional(),
  description: z.string().optional(),
  indicator_types: z.array(z.string()).optional(),
  pattern: z.string().min(1),
  pattern_type: z.string().min(1),
  pattern_version: z.string().optional(),
  valid_from: stixTime,
  valid_until: stixTime.optional(),
}).passthrough();

export const StixCampaign = common('campaign').extend({
  name: z.string().min(1),
  description: z.string().optional(),
  first_seen: stixTime.optional(),
  last_seen: stixTime.optional(),
}).passthrough();

export const StixRelationship = common('relationship').extend({
  relationship_type: z.string().regex(/^[a-z0-9-]+$/),
  source_ref: anyId,
  target_ref: anyId,
}).passthrough();

/** Any other object: the common properties only (an importer ignores what it does not use). */
const StixOther = z.object({ type: z.string().regex(/^[a-z0-9-]{3,250}$/), id: anyId, spec_version: z.string().optional() }).passthrough();

export const StixObject = z.union([StixIdentity, StixIndicator, StixCampaign, StixRelationship, StixOther]).superRefine((o, ctx) => {
  // an object whose type we know must pass that type's schema, not slip through as "other"
  const known: Record<string, z.ZodTypeAny> = { identity: StixIdentity, indicator: StixIndicator, campaign: StixCampaign, relationship: StixRelationship };
  const s = known[(o as { type: string }).type];
  if (s) {
    const r = s.safeParse(o);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ ...i, code: 'custom', message: i.message } as z.IssueData);
  }
  const custom = Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('x_')));
  const c = customProps.safeParse(custom);
  if (!c.success) for (const i of c.error.issues) ctx.addIssue({ code: 'custom', message: i.message });
});

export const StixBundle = z.object({
  type: z.literal('bundle'),
  id: stixId('bundle'),
  objects: z.array(StixObject),
}).strict();
export type StixBundle = z.infer<typeof StixBundle>;

/** UUIDv5 (RFC 9562) under our namespace: the same fact exported twice has the same id. */
const NAMESPACE = Buffer.from('6b1f8e3a5c2d4e7f9a0b1c2d3e4f5a6b', 'hex');
export function stableId(type: string, name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(`${type}:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${type}--${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function stixTimeOf(iso: string): string {
  return new Date(iso).toISOString();
}

function patternOf(kind: string, value: string): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (kind === 'net' || kind === 'signup_net') {
    const type = value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
    return `[${type}:value ISSUBSET ${q(value)}]`;
  }
  return `[x-distillguard-signature:kind = ${q(kind)} AND x-distillguard-signature:value = ${q(value)}]`;
}

export interface ExportInput {
  campaign: Campaign & { status: string };
  signatures: readonly SignatureJson[];
  /** who shares: the provider's name */
  provider: string;
  now?: Date;
}

/**
 * The bundle of one campaign: the provider's identity, the campaign, one
 * indicator per signature key, and `indicates` relationships. Confidence is
 * 85 for a confirmed campaign and 50 for one not yet decided.
 */
export function exportBundle(o: ExportInput): StixBundle {
  const now = (o.now ?? new Date()).toISOString();
  const identityId = stableId('identity', o.provider);
  const campaignId = stableId('campaign', `${o.provider}:${o.campaign.campaign_id}`);
  const confidence = o.campaign.status === 'confirmed' ? 85 : 50;
  const objects: Record<string, unknown>[] = [
    { type: 'identity', spec_version: '2.1', id: identityId, created: now, modified: now, name: o.provider, identity_class: 'organization' },
    {
      type: 'campaign', spec_version: '2.1', id: campaignId, created: now, modified: now, created_by_ref: identityId,
      name: o.campaign.campaign_id,
      description: `LLM API distillation campaign: ${o.campaign.accounts.length} accounts, ${o.campaign.exchanges} exchanges; signals ${o.campaign.signals.join(', ')}`,
      first_seen: stixTimeOf(o.campaign.first_seen), last_seen: stixTimeOf(o.campaign.last_seen), confidence,
      x_distillguard_status: o.campaign.status,
    },
  ];
  for (const s of o.signatures) {
    for (const k of s.keys) {
      const id = stableId('indicator', `${o.provider}:${s.signature_id}:${k.kind}:${k.value}`);
      objects.push({
        type: 'indicator', spec_version: '2.1', id, created: now, modified: now, created_by_ref: identityId,
        name: `${k.kind} shared by campaign ${o.campaign.campaign_id}`,
        indicator_types: ['malicious-activity'],
        pattern: patternOf(k.kind, k.value), pattern_type: 'stix', pattern_version: '2.1',
        valid_from: stixTimeOf(s.created_at), confidence,
        x_distillguard_kind: k.kind, x_distillguard_value: k.value,
        x_distillguard_campaign_share: k.campaign_share, x_distillguard_base_rate: k.base_rate,
        x_distillguard_signature: s.signature_id, x_distillguard_min_kinds: s.min_kinds,
      });
      objects.push({
        type: 'relationship', spec_version: '2.1', id: stableId('relationship', `${id}>${campaignId}`), created: now, modified: now,
        created_by_ref: identityId, relationship_type: 'indicates', source_ref: id, target_ref: campaignId,
      });
    }
  }
  return { type: 'bundle', id: stableId('bundle', `${o.provider}:${o.campaign.campaign_id}:${now}`), objects: objects as StixBundle['objects'] };
}

export type ImportResult = { ok: true; signatures: SignatureJson[] } | { ok: false; reason: string };

/** The kind and value of an indicator: from our custom properties, or from an address-range pattern. */
function keyOf(ind: Record<string, unknown>): { kind: string; value: string } | null {
  const kind = ind.x_distillguard_kind;
  const value = ind.x_distillguard_value;
  if (typeof kind === 'string' && typeof value === 'string' && kindByName(kind) !== undefined) return { kind, value };
  const m = /^\[(ipv4-addr|ipv6-addr):value\s*(?:=|ISSUBSET)\s*'([^']+)'\]$/.exec(String(ind.pattern ?? '').trim());
  if (m) return { kind: 'net', value: m[2] };
  return null;
}

/**
 * Another provider's bundle as watched signatures: one per campaign it
 * names (indicators with no `indicates` relationship form one signature of
 * their own). Keys our matcher cannot read (other pattern forms) are left
 * out; a bundle that fails the STIX checks is refused whole.
 */
export function importBundle(json: unknown, now: Date = new Date()): ImportResult {
  const r = StixBundle.safeParse(json);
  if (!r.success) return { ok: false, reason: r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(bundle)'}: ${i.message}`).join('; ') };
  const objects = r.data.objects as Record<string, unknown>[];
  const byId = new Map(objects.map((o) => [o.id as string, o]));
  const producer = objects.find((o) => o.type === 'identity');
  const source = typeof producer?.name === 'string' ? producer.name : 'unknown';
  const campaignOf = new Map<string, string>();
  for (const o of objects) {
    if (o.type !== 'relationship' || o.relationship_type !== 'indicates') continue;
    const target = byId.get(o.target_ref as string);
    if (target?.type === 'campaign') campaignOf.set(o.source_ref as string, (target.name as string) ?? (o.target_ref as string));
  }
  const groups = new Map<string, SignatureJson>();
  for (const o of objects) {
    if (o.type !== 'indicator') continue;
    const key = keyOf(o);
    if (!key) continue;
    const kind = kindByName(key.kind)!;
    if (!Number.isFinite(parseValue(kind, key.value))) continue;
    const campaign = campaignOf.get(o.id as string) ?? 'unattributed';
    const g = groups.get(campaign) ?? (() => {
      const sig: SignatureJson = {
        signature_id: 'ext-' + stableId('x-sig', `${source}:${campaign}`).slice(-12),
        campaign_id: `ext:${source}:${campaign}`,
        created_at: now.toISOString(),
        members: 0,
        kinds: [],
        keys: [],
        min_kinds: typeof o.x_distillguard_min_kinds === 'number' ? o.x_distillguard_min_kinds : 2,
        // another provider's finding sends accounts to an analyst, never blocks them here on its own
        action: 'review',
      };
      groups.set(campaign, sig);
      return sig;
    })();
    const share = typeof o.x_distillguard_campaign_share === 'number' ? o.x_distillguard_campaign_share : 1;
    const base = typeof o.x_distillguard_base_rate === 'number' ? o.x_distillguard_base_rate : 0;
    if (g.keys.some((k) => k.kind === key.kind && k.value === key.value)) continue;
    g.keys.push({ kind: key.kind as SignatureJson['keys'][number]['kind'], value: key.value, campaign_share: share, base_rate: base });
    if (!g.kinds.some((k) => k.kind === key.kind)) {
      g.kinds.push({ kind: key.kind as SignatureJson['kinds'][number]['kind'], group: SIG_GROUP_NAMES[groupOf(kind)], campaign_share: share, base_rate: base });
    }
  }
  // a signature needs keys of at least min_kinds kinds to ever match
  const out = [...groups.values()].filter((s) => s.kinds.length >= 1).map((s) => ({ ...s, min_kinds: Math.min(s.min_kinds, s.kinds.length) }));
  return { ok: true, signatures: out };
}

/** The kinds a bundle may carry (for docs and tests). */
export const EXPORTED_KINDS = SIG_KINDS.map((k) => k.name);
