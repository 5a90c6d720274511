/**
 * `signatures.json` (contract §3): the signatures a scan derived, in the
 * form a gateway loads and matches on new traffic. Its fields are described
 * in docs/signatures.md; the schema below is the reference.
 *
 * Values are hashes (hex, as src/signatures/kinds.ts computes them), address
 * ranges, sign-up windows and request parameters: never prompt text.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Signature } from './derive.js';
import { SigKind, SIG_KINDS, kindByName, parseValue, renderValue, sigKey, SIG_GROUP_NAMES, groupOf } from './kinds.js';
import { SignatureIndex } from './lookup.js';

export const SIGNATURES_VERSION = 1;

const KIND_NAMES = SIG_KINDS.map((k) => k.name) as [string, ...string[]];

export const SignatureKeyJson = z.object({
  kind: z.enum(KIND_NAMES),
  value: z.string().min(1),
  campaign_share: z.number().min(0).max(1),
  base_rate: z.number().min(0).max(1),
});

export const SignatureJson = z.object({
  signature_id: z.string().min(1),
  campaign_id: z.string().min(1),
  created_at: z.string().datetime(),
  members: z.number().int().min(0),
  kinds: z.array(z.object({
    kind: z.enum(KIND_NAMES),
    group: z.enum(SIG_GROUP_NAMES),
    campaign_share: z.number().min(0).max(1),
    base_rate: z.number().min(0).max(1),
  })),
  keys: z.array(SignatureKeyJson),
  min_kinds: z.number().int().min(1),
  action: z.enum(['review', 'block']),
});

export const SignaturesFile = z.object({
  version: z.literal(SIGNATURES_VERSION),
  generated_at: z.string().datetime().nullable(),
  signatures: z.array(SignatureJson),
});
export type SignaturesFile = z.infer<typeof SignaturesFile>;

/** The file's form of `signatures`; `generatedAtMs` is the event time they hold as of (NaN: none). */
export function toSignaturesFile(signatures: readonly Signature[], generatedAtMs: number): SignaturesFile {
  return {
    version: SIGNATURES_VERSION,
    generated_at: Number.isFinite(generatedAtMs) ? new Date(generatedAtMs).toISOString() : null,
    signatures: signatures.map((s) => ({
      signature_id: s.signatureId,
      campaign_id: s.campaignId,
      created_at: new Date(s.createdAtMs).toISOString(),
      members: s.members,
      kinds: s.kinds.map((k) => ({ kind: SIG_KINDS[k.kind].name, group: SIG_GROUP_NAMES[groupOf(k.kind)], campaign_share: k.share, base_rate: k.baseRate })),
      keys: s.keys.map((k) => ({ kind: SIG_KINDS[k.kind].name, value: renderValue(k.key), campaign_share: k.share, base_rate: k.baseRate })),
      min_kinds: s.minKinds,
      action: s.action,
    })),
  };
}

export async function writeSignatures(path: string, signatures: readonly Signature[], generatedAtMs: number): Promise<void> {
  await writeFile(path, JSON.stringify(toSignaturesFile(signatures, generatedAtMs), null, 2) + '\n');
}

export type LoadResult = { ok: true; index: SignatureIndex; file: SignaturesFile } | { ok: false; reason: string };

/**
 * Reads a signatures.json and builds the index a gateway matches with.
 * Expected failures (missing file, bad JSON, wrong version or field) come
 * back as `{ ok: false, reason }`, never thrown.
 *
 * @example
 *   const r = await loadSignatures('out/signatures.json');
 *   if (r.ok) r.index.lookup(key);
 */
export async function loadSignatures(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { ok: false, reason: `cannot read ${path}: ${(e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `${path} is not JSON: ${(e as Error).message}` };
  }
  return parseSignatures(json);
}

/** As `loadSignatures`, from parsed JSON. */
export function parseSignatures(json: unknown): LoadResult {
  const r = SignaturesFile.safeParse(json);
  if (!r.success) return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  const signatures: Signature[] = [];
  for (const s of r.data.signatures) {
    const keys = [];
    for (const k of s.keys) {
      const kind = kindByName(k.kind) as SigKind;
      const v = parseValue(kind, k.value);
      if (!Number.isFinite(v)) return { ok: false, reason: `${s.signature_id}: value "${k.value}" is not a ${k.kind}` };
      keys.push({ key: sigKey(kind, v), kind, share: k.campaign_share, baseRate: k.base_rate });
    }
    signatures.push({
      signatureId: s.signature_id,
      campaignId: s.campaign_id,
      createdAtMs: Date.parse(s.created_at),
      members: s.members,
      keys,
      kinds: s.kinds.map((k) => ({ kind: kindByName(k.kind) as SigKind, share: k.campaign_share, baseRate: k.base_rate })),
      minKinds: s.min_kinds,
      action: s.action,
    });
  }
  return { ok: true, index: new SignatureIndex(signatures), file: r.data };
}
