/** Every per-account detector, by id. Add a detector here and it runs in every scan. */
import type { DetectorSpec } from './detector.js';
import { contentIntent } from './content/index.js';
import { automation } from './automation/index.js';
import { coverage } from './coverage/index.js';
import { tokens } from './tokens/index.js';
import { scripted } from './scripted/index.js';
import { harvestSlice } from './slice/index.js';
import { sustainedHarvest } from './sustained/index.js';
import { logitProbe } from './logit/index.js';
import { reasoningProbe } from './reasoning/index.js';

export const DETECTORS: readonly DetectorSpec[] = [contentIntent, automation, coverage, tokens, scripted, harvestSlice, sustainedHarvest, logitProbe, reasoningProbe];

export function detectorById(id: string): DetectorSpec | undefined {
  return DETECTORS.find((d) => d.id === id);
}
