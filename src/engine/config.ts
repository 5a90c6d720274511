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
 *   "store": { "memoryLimitMb": 64 }
 * }
 * ```
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ScoringConfig } from '../scoring/score.js';
import { DETECTORS } from '../detectors/registry.js';
import { parseLinkageConfig, type LinkageConfigInput } from '../linkage/index.js';

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

/** Validates a parsed configuration object; throws ConfigError naming the bad field. */
export function parseScanConfig(raw: unknown, source = 'config'): ScanConfig {
  const top = FileSchema.safeParse(raw ?? {});
  if (!top.success) throw new ConfigError(`${source}: ${issues(top.error)}`);
  const c = top.data;
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
