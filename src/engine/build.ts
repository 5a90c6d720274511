/**
 * One way to build the engine, for every entry point that runs it: `scan`
 * (a replay of files), the gateway and the service (live). The same options
 * give the same engine, so a log replayed through the gateway is judged as
 * `scan` judges it.
 */
import type { Exchange } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import { extractFeatures, evidenceExcerpt } from '../features/index.js';
import { createLinkage } from '../linkage/index.js';
import { AccountModel, ModelError } from '../model/account-model.js';
import { Engine, type EngineOptions, type ExchangeSink } from './engine.js';
import type { PartitionOptions } from './partition.js';
import type { RemoteSide } from './remote.js';
import type { DetectorSpec } from '../detectors/detector.js';
import { DETECTORS } from '../detectors/registry.js';
import { FamilyError, withoutFamilies } from './families.js';
import type { ScanConfig } from './config.js';
import { accountProfile } from './profile.js';

export interface EngineBuild {
  /** configuration (src/engine/config.ts) */
  config?: ScanConfig;
  /** signal families to turn off (src/engine/families.ts) */
  disable?: string[];
  /** opt-in families to turn on (`model`) */
  enable?: string[];
  /** the fitted model's file (default the shipped one, src/model/account-model.ts SHIPPED_MODEL) */
  modelFile?: string;
  /** reorder window in minutes; `scan` default 5, the gateway 0 (requests arrive in time order) */
  reorderMinutes?: number;
  /** event-time minutes between cross-account sweeps (default 30) */
  sweepMinutes?: number;
  sinks?: ExchangeSink[];
  /** features computed elsewhere (a worker pool) can skip this; default in-process extraction */
  extract?: (ex: Exchange) => ExchangeFeatures;
  /** called at every evaluation with what the model reads (the model's training records its rows here) */
  onEvaluate?: EngineOptions['onEvaluate'];
}

/** Thrown for options that cannot make an engine (unknown family, missing model file): a usage error. */
export class EngineBuildError extends Error {}

/**
 * What an account partition of a partitioned scan builds its side from
 * (src/engine/partition-worker.ts): the same detectors, scoring and model as
 * `buildEngine(o)` gives its engine, and whether that engine sweeps and
 * matches signatures.
 */
export function partitionOptions(o: EngineBuild): PartitionOptions & { sweeping: boolean; signatures: boolean } {
  const { ablation, model } = ablationOf(o);
  return {
    extract: o.extract ?? extractFeatures,
    excerpt: (ex) => evidenceExcerpt(ex),
    scoring: o.config?.scoring,
    detectorConfig: o.config?.detectors,
    detectors: ablation.detectors,
    model,
    sweeping: !!ablation.linkage,
    signatures: !!ablation.linkage && ablation.signatures !== false,
  };
}

function ablationOf(o: EngineBuild): { ablation: ReturnType<typeof withoutFamilies>; model?: AccountModel } {
  let ablation;
  try {
    ablation = withoutFamilies(o.disable ?? [], o.enable ?? []);
  } catch (e) {
    if (e instanceof FamilyError) throw new EngineBuildError(e.message);
    throw e;
  }
  let model: AccountModel | undefined;
  try {
    model = ablation.model ? AccountModel.load(o.modelFile, { clear: ablation.modelClears }) : undefined;
  } catch (e) {
    if (e instanceof ModelError) throw new EngineBuildError(`${e.message} (the model is on by default; --disable model turns it off)`);
    throw e;
  }
  return { ablation, model };
}

export function buildEngine(o: EngineBuild, remote?: (scoring: EngineOptions['scoring'], detectors: readonly DetectorSpec[]) => RemoteSide): Engine {
  const { ablation, model } = ablationOf(o);
  const cfg = o.config;
  const sweepMinutes = o.sweepMinutes ?? cfg?.engine.sweepMinutes ?? 30;
  const linkCfg = cfg?.linkage ?? {};
  return new Engine({
    sinks: o.sinks,
    extract: o.extract ?? extractFeatures,
    excerpt: (ex) => evidenceExcerpt(ex),
    reorderMs: (o.reorderMinutes ?? cfg?.engine.reorderMinutes ?? 5) * 60_000,
    sweepMinutes,
    sweepMinNewPerAccount: cfg?.engine.sweepMinNewPerAccount,
    sweepMaxGapMinutes: cfg?.engine.sweepMaxGapMinutes,
    scoring: cfg?.scoring,
    detectorConfig: cfg?.detectors,
    detectors: ablation.detectors,
    linkage: ablation.linkage ? createLinkage({ ...linkCfg, sweepEveryMinutes: sweepMinutes, weights: { ...(linkCfg.weights ?? {}), ...ablation.weights } }) : undefined,
    profile: accountProfile,
    campaignMinScore: 0,
    resemblance: ablation.resemblance,
    scriptCohorts: ablation.scriptCohorts,
    frameCohorts: ablation.frameCohorts,
    siblingOrgs: ablation.siblingOrgs,
    signatures: ablation.signatures,
    model,
    onEvaluate: o.onEvaluate,
    remote: remote?.(cfg?.scoring, ablation.detectors ?? DETECTORS),
  });
}
