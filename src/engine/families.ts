/**
 * Signal families, for turning parts of the engine off: the ablation study
 * (docs/detection.md) and operators who do not trust a family on their
 * traffic. A family is a set of per-account detectors and of linkage weights.
 */
import type { DetectorSpec } from '../detectors/detector.js';
import { DETECTORS } from '../detectors/registry.js';
import type { LinkageConfigInput } from '../linkage/index.js';

type WeightName = keyof NonNullable<LinkageConfigInput['weights']>;

export interface Family {
  summary: string;
  detectors?: string[];
  weights?: WeightName[];
  /** the whole cross-account linkage */
  linkage?: boolean;
  /** attaching accounts by resemblance to a campaign (src/engine/resemblance.ts) */
  resemblance?: boolean;
  /** grouping self-chat accounts by their shared stock follow-ups (src/engine/script-cohort.ts) */
  scriptCohorts?: boolean;
  /** grouping accounts by the wrappers they share around their prompts (src/engine/frame-cohort.ts) */
  frameCohorts?: boolean;
  /** grouping organisations whose seats run one sweep (src/engine/sibling-orgs.ts) */
  siblingOrgs?: boolean;
  /** campaign signatures matched on new accounts' exchanges (src/signatures) */
  signatures?: boolean;
  /** the fitted per-account model (src/model), which can raise verdicts */
  model?: boolean;
  /** the fitted model clearing the rules' review on an account's own evidence (AccountModel.clears) */
  modelClears?: boolean;
  /** off unless named with `--enable`: not yet measured well enough to act by default */
  optIn?: true;
}

export const FAMILIES: Record<string, Family> = {
  content: { summary: 'per-account content intent (what is asked)', detectors: ['content.harvest_intent'] },
  automation: { summary: 'per-account timing and client automation', detectors: ['automation.timing'] },
  coverage: { summary: 'per-account topic sweep with few returns', detectors: ['coverage.sweep'] },
  tokens: { summary: 'per-account token economics', detectors: ['tokens.long_outputs'] },
  dialogues: { summary: 'per-account scripted dialogues (follow-ups from a stock list, by machine)', detectors: ['conversation.scripted'] },
  slices: { summary: 'per-account harvest slice inside traffic that carries others\' conversations (by key, address range, hour)', detectors: ['mixed.harvest_slice'] },
  sustained: { summary: 'per-account harvest answered at length, dozens a day on most active days, without conversation', detectors: ['volume.sustained_harvest'] },
  logit: { summary: 'per-account logit probing: many distinct prompts answered with a token or a few, the answers many different words (logprobs fields when logged)', detectors: ['probe.logit_harvest'] },
  reasoning: { summary: 'per-account multi-turn reasoning extraction: nearly every conversation pulled to the third turn, over dozens of conversations', detectors: ['conversation.reasoning_probe'] },
  infrastructure: { summary: 'linkage by shared IPs, subnets and sign-up IPs', weights: ['ip', 'net', 'signupIp'] },
  identity: { summary: 'linkage by payment, e-mail domain, organisation and sign-up bursts', weights: ['payment', 'emailDomain', 'org', 'signupBurst'] },
  client: { summary: 'linkage by user agent, API-key pattern and model switches', weights: ['userAgent', 'keyPattern', 'modelSwitch'] },
  templates: { summary: 'linkage by shared prompt templates, system prompts and harvest focus', weights: ['skeleton', 'templateBand', 'systemPrompt', 'harvestProfile'] },
  timing: { summary: 'linkage by synchronized activity and retry hopping', weights: ['sync', 'retryHop'] },
  resemblance: { summary: 'accounts that behave like a campaign\'s flagged members without sharing a key with it', resemblance: true },
  scripts: { summary: 'self-chat accounts grouped by the stock follow-ups they share, and accounts sending only those (script cohorts)', scriptCohorts: true },
  frames: { summary: 'accounts grouped by the wrappers they share around ever-different prompts, whatever the wording (frame cohorts)', frameCohorts: true },
  siblings: { summary: 'organisations grouped as one harvest when all their seats run one plain sweep over a topic mix far closer to each other\'s than to the population\'s, never asking each other\'s items (sibling organisations)', siblingOrgs: true },
  signatures: { summary: 'campaign signatures: new accounts matching what a found campaign\'s accounts share', signatures: true },
  linkage: { summary: 'all cross-account linkage', linkage: true },
  // On by default since account-v2; account-v3 is fitted on eight generators, and with each held out in
  // turn it raised benign flags at most 0.3 points above the rules' own while raising recall (docs/model-card.md).
  model: { summary: 'the fitted per-account model (models/account-v3.json): it can raise a verdict to review, never block, and clear the rules\' review on an account\'s own evidence', model: true },
  // Acts only when the model file says its leave-one-generator-out rule held (thresholds.clear.acts).
  clearing: { summary: 'the fitted model clearing the rules\' review on an account\'s own evidence alone when its probability is low (off with the model)', modelClears: true },
};

export class FamilyError extends Error {}

/** Families that are off unless enabled. */
export function optInNames(): string[] {
  return Object.entries(FAMILIES).filter(([, f]) => f.optIn).map(([name]) => name);
}

export interface Ablation {
  detectors: readonly DetectorSpec[];
  linkage: boolean;
  resemblance: boolean;
  scriptCohorts: boolean;
  frameCohorts: boolean;
  siblingOrgs: boolean;
  signatures: boolean;
  model: boolean;
  modelClears: boolean;
  weights: Partial<Record<WeightName, number>>;
}

/**
 * Which detectors and linkage weights remain with the named families turned
 * off and the opt-in families named in `enabled` turned on (a family both
 * disabled and enabled stays off). Enabling a family that is already on by
 * default changes nothing: scripts written when the model was opt-in
 * (`--enable model`) keep working.
 */
export function withoutFamilies(disabled: readonly string[], enabled: readonly string[] = []): Ablation {
  const off = new Set<string>();
  const weights: Partial<Record<WeightName, number>> = {};
  let linkage = true;
  let resemblance = true;
  let scriptCohorts = true;
  let frameCohorts = true;
  let siblingOrgs = true;
  let signatures = true;
  let model = true;
  let modelClears = true;
  for (const name of enabled) {
    const fam = FAMILIES[name];
    if (!fam) throw new FamilyError(`unknown signal family "${name}"; known: ${Object.keys(FAMILIES).join(', ')}`);
  }
  const on = new Set(enabled);
  for (const [name, fam] of Object.entries(FAMILIES)) if (fam.optIn && !on.has(name)) disabled = [...disabled, name];
  for (const name of disabled) {
    const fam = FAMILIES[name];
    if (!fam) throw new FamilyError(`unknown signal family "${name}"; known: ${Object.keys(FAMILIES).join(', ')}`);
    for (const d of fam.detectors ?? []) off.add(d);
    for (const w of fam.weights ?? []) weights[w] = 0;
    if (fam.linkage) linkage = false;
    if (fam.resemblance) resemblance = false;
    if (fam.scriptCohorts) scriptCohorts = false;
    if (fam.frameCohorts) frameCohorts = false;
    if (fam.siblingOrgs) siblingOrgs = false;
    if (fam.signatures) signatures = false;
    if (fam.model) model = false;
    if (fam.modelClears) modelClears = false;
  }
  return { detectors: DETECTORS.filter((d) => !off.has(d.id)), linkage, resemblance, scriptCohorts, frameCohorts, siblingOrgs, signatures, model, modelClears: model && modelClears, weights };
}
