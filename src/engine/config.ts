/**
 * The scan's configuration file (`distillguard scan --config FILE`): one JSON
 * object with a section per subsystem, each validated by that subsystem's own
 * schema, once, before any log is read.
 *
 * ```json
 * {
 *   "scoring": { "reviewAt": 0.6, "blockAt": 0.85, "verifiedFactor": 0.65 },
 *   "detectors": { "coverage.sweep": { "minExchanges": 40 } },
 *   "linkage": { "minCampaignAccounts": 5, "weights": { "userAgent": 0.1 } },
 *   "engine": { "reorderMinutes": 5, "sweepMinutes": 30, "sweepMinNewPerAccount": 2 },
 *   "store": { "memoryLimitMb": 64, "exchanges": "flagged", "sampleOneIn": 32 }
 * }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ScoringConfig } from '../scoring/score.js';
import { DETECTORS } from '../detectors/registry.js';
import { parseLinkageConfig, type LinkageConfigInput } from '../linkage/index.js';
import { LinkageConfig } from '../linkage/config.js';

const EngineSection = z.object({
  reorderMinutes: z.number().positive().optional(),
  sweepMinutes: z.number().positive().optional(),
  sweepMinNewPerAccount: z.number().min(0).optional(),
  sweepMaxGapMinutes: z.number().positive().optional(),
}).strict();

/** The embedded store (see StoreOptions in src/store/store.ts, which checks the values). */
const StoreSection = z.object({
  memoryLimitMb: z.number().int().min(64).max(1_048_576).optional(),
  threads: z.number().int().min(0).max(1024).optional(),
  /** which exchanges the scan writes (src/store/policy/policy.ts): 'flagged' (default) or 'all' */
  exchanges: z.enum(['flagged', 'all']).optional(),
  /** one unflagged account in this many is written whole (default 32; 0 for none) */
  sampleOneIn: z.number().int().min(0).optional(),
  /** bytes of recent rows held per unflagged account until it is flagged (default 1024) */
  recentBytes: z.number().int().min(256).max(65_536).optional(),
}).strict();

const FileSchema = z.object({
  scoring: z.record(z.unknown()).optional(),
  detectors: z.record(z.unknown()).optional(),
  linkage: z.record(z.unknown()).optional(),
  engine: EngineSection.optional(),
  store: StoreSection.optional(),
}).strict();

export interface ScanConfig {
  scoring: Partial<ScoringConfig>;
  detectors: Record<string, unknown>;
  linkage: LinkageConfigInput;
  engine: z.infer<typeof EngineSection>;
  store: z.infer<typeof StoreSection>;
}

export class ConfigError extends Error {}

function issues(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** The object schema inside defaults, optionals and refinements, if there is one. */
function objectShape(t: z.ZodTypeAny): Record<string, z.ZodTypeAny> | null {
  for (;;) {
    if (t instanceof z.ZodObject) return t.shape as Record<string, z.ZodTypeAny>;
    if (t instanceof z.ZodDefault) t = t._def.innerType;
    else if (t instanceof z.ZodOptional || t instanceof z.ZodNullable) t = t.unwrap();
    else if (t instanceof z.ZodEffects) t = t.innerType();
    else return null;
  }
}

/**
 * The first key of `value` that `schema` does not know, as a dotted path.
 * Subsystems' schemas strip unknown keys (zod's default), so a misspelt
 * setting would silently keep its default; a configuration file is checked
 * against every schema's shape first, whether or not that schema is strict.
 */
export function unknownKey(schema: z.ZodTypeAny, value: unknown, path: string): string | null {
  const shape = objectShape(schema);
  if (!shape || typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const child = shape[k];
    if (!child) return `${path}${k}`;
    const deeper = unknownKey(child, v, `${path}${k}.`);
    if (deeper) return deeper;
  }
  return null;
}

function unknownKeyError(source: string, key: string, schema: z.ZodTypeAny, at: string): ConfigError {
  const known = Object.keys(objectShape(schema) ?? {});
  return new ConfigError(`${source}: unknown key "${key}"${known.length ? `; known in ${at || 'the file'}: ${known.join(', ')}` : ''}`);
}

/** Validates a parsed configuration object; throws ConfigError naming the bad field. */
export function parseScanConfig(raw: unknown, source = 'config'): ScanConfig {
  const top = FileSchema.safeParse(raw ?? {});
  if (!top.success) throw new ConfigError(`${source}: ${issues(top.error)}`);
  const c = top.data;
  const sections: [string, z.ZodTypeAny, unknown][] = [['scoring', ScoringConfig, c.scoring], ['linkage', LinkageConfig, c.linkage]];
  for (const [id, cfg] of Object.entries(c.detectors ?? {})) {
    const spec = DETECTORS.find((d) => d.id === id);
    if (spec) sections.push([`detectors.${id}`, spec.config as z.ZodTypeAny, cfg]);
  }
  for (const [at, schema, value] of sections) {
    const bad = unknownKey(schema, value, `${at}.`);
    if (bad) {
      const parent = bad.slice(0, bad.lastIndexOf('.'));
      let sub: z.ZodTypeAny = schema;
      for (const part of parent.split('.').slice(at.split('.').length)) sub = objectShape(sub)?.[part] ?? sub;
      throw unknownKeyError(source, bad, sub, parent);
    }
  }
  const scoring = ScoringConfig.safeParse(c.scoring ?? {});
  if (!scoring.success) throw new ConfigError(`${source}: scoring.${issues(scoring.error)}`);
  const detectors: Record<string, unknown> = {};
  for (const [id, cfg] of Object.entries(c.detectors ?? {})) {
    const spec = DETECTORS.find((d) => d.id === id);
    if (!spec) throw new ConfigError(`${source}: unknown detector "${id}"; known: ${DETECTORS.map((d) => d.id).join(', ')}`);
    const r = spec.config.safeParse(cfg);
    if (!r.success) throw new ConfigError(`${source}: detectors.${id}.${issues(r.error)}`);
    detectors[id] = r.data;
  }
  try {
    parseLinkageConfig(c.linkage ?? {});
  } catch (e) {
    throw new ConfigError(`${source}: ${(e as Error).message}`);
  }
  return { scoring: c.scoring as Partial<ScoringConfig> ?? {}, detectors, linkage: (c.linkage ?? {}) as LinkageConfigInput, engine: c.engine ?? {}, store: c.store ?? {} };
}

/** Reads and validates a configuration file. */
export async function loadScanConfig(path: string): Promise<ScanConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`cannot read config file ${path}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseScanConfig(raw, path);
}
