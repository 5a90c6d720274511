/**
 * The other generators' worlds the account model trains on (scripts/train-model.ts):
 * heldout/v1–v7 (bench/heldout … bench/heldout7), which the team has read and
 * no longer counts as unseen. For each generator one frozen x1 world (reused
 * from bench:generalise's cache when it holds the same spec) and one drawn here
 * with seeds of its own and fewer days. A generator written after v7 is never
 * imported here: it stays unseen until the team has measured and read it
 * (docs/model-card.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Corpora as C1 } from '../bench/heldout/corpora.js';
import { STRATEGIES as S1 } from '../bench/heldout/campaigns.js';
import { GENERATOR as G1, generateWorld as gen1 } from '../bench/heldout/world.js';
import { FROZEN as F1, type WorldSpec as W1 } from '../bench/heldout/worlds.js';
import { Corpora as C2 } from '../bench/heldout2/corpora.js';
import { STRATEGIES as S2 } from '../bench/heldout2/campaigns.js';
import { GENERATOR as G2, generateWorld as gen2 } from '../bench/heldout2/world.js';
import { FROZEN as F2, type WorldSpec as W2 } from '../bench/heldout2/worlds.js';
import { Corpora as C3 } from '../bench/heldout3/corpora.js';
import { GENERATOR as G3, generateWorld as gen3 } from '../bench/heldout3/world.js';
import { FROZEN as F3, type WorldSpec as W3 } from '../bench/heldout3/worlds.js';
import { Corpora as C4 } from '../bench/heldout4/corpora.js';
import { GENERATOR as G4, generateWorld as gen4 } from '../bench/heldout4/world.js';
import { FROZEN as F4, type WorldSpec as W4 } from '../bench/heldout4/worlds.js';
import { Corpora as C5 } from '../bench/heldout5/corpora.js';
import { GENERATOR as G5, generateWorld as gen5 } from '../bench/heldout5/world.js';
import { FROZEN as F5, type WorldSpec as W5 } from '../bench/heldout5/worlds.js';
import { Corpora as C6 } from '../bench/heldout6/corpora.js';
import { GENERATOR as G6, generateWorld as gen6 } from '../bench/heldout6/world.js';
import { FROZEN as F6, type WorldSpec as W6 } from '../bench/heldout6/worlds.js';
import { Corpora as C7 } from '../bench/heldout7/corpora.js';
import { GENERATOR as G7, generateWorld as gen7 } from '../bench/heldout7/world.js';
import { FROZEN as F7, type WorldSpec as W7 } from '../bench/heldout7/worlds.js';
import type { ExternalWorld } from '../src/model/training.js';

const frozen = <T extends { name: string }>(list: readonly T[], name: string): T => list.find((w) => w.name === name)!;

/** The external worlds, in training order. */
export function externalWorlds(corpusDir: string, cacheDirs: readonly string[] = ['/tmp/distillguard-heldout', '/tmp/dg-train-worlds']): ExternalWorld[] {
  let c1: C1 | undefined, c2: C2 | undefined, c3: C3 | undefined, c4: C4 | undefined, c5: C5 | undefined, c6: C6 | undefined, c7: C7 | undefined;
  // a world this generator already wrote from the same spec (bench:generalise's cache, or an earlier training run's)
  const cached = (generator: string, spec: { name: string }) => {
    for (const root of cacheDirs) {
      const dir = join(root, spec.name, 'world');
      const manifest = join(dir, 'manifest.json');
      if (!existsSync(manifest) || !existsSync(join(dir, 'labels.jsonl'))) continue;
      const m = JSON.parse(readFileSync(manifest, 'utf8'));
      if (m.generator === generator && JSON.stringify(m.spec) === JSON.stringify(spec)) return dir;
    }
    return undefined;
  };
  // a world drawn here is kept in the last cache directory, so the next training reads it back
  const keep = (name: string) => join(cacheDirs[cacheDirs.length - 1], name, 'world');
  const w1 = (spec: W1): ExternalWorld => ({ generator: 'v1', name: spec.name, cached: () => cached(G1, spec), keepIn: keep(spec.name), write: (dir) => gen1(spec, dir, (c1 ??= new C1(corpusDir))) });
  const w2 = (spec: W2): ExternalWorld => ({ generator: 'v2', name: spec.name, cached: () => cached(G2, spec), keepIn: keep(spec.name), write: (dir) => gen2(spec, dir, (c2 ??= new C2(corpusDir))) });
  const w3 = (spec: W3): ExternalWorld => ({ generator: 'v3', name: spec.name, cached: () => cached(G3, spec), keepIn: keep(spec.name), write: (dir) => gen3(spec, dir, (c3 ??= new C3(corpusDir))) });
  const w4 = (spec: W4): ExternalWorld => ({ generator: 'v4', name: spec.name, cached: () => cached(G4, spec), keepIn: keep(spec.name), write: (dir) => gen4(spec, dir, (c4 ??= new C4(corpusDir))) });
  const w5 = (spec: W5): ExternalWorld => ({ generator: 'v5', name: spec.name, cached: () => cached(G5, spec), keepIn: keep(spec.name), write: (dir) => gen5(spec, dir, (c5 ??= new C5(corpusDir))) });
  const w6 = (spec: W6): ExternalWorld => ({ generator: 'v6', name: spec.name, cached: () => cached(G6, spec), keepIn: keep(spec.name), write: (dir) => gen6(spec, dir, (c6 ??= new C6(corpusDir))) });
  const w7 = (spec: W7): ExternalWorld => ({ generator: 'v7', name: spec.name, cached: () => cached(G7, spec), keepIn: keep(spec.name), write: (dir) => gen7(spec, dir, (c7 ??= new C7(corpusDir))) });
  return [
    w1(frozen(F1, 'h2-all7-x1')),
    w1({ name: 'train-v1-b', summary: 'training draw', seed: 17_001, campaignSeed: 17_002, start: '2026-10-12T00:00:00Z', days: 6, benignScale: 0.6, strategies: [...S1] }),
    w2(frozen(F2, 'v2-a')),
    w2({ name: 'train-v2-b', summary: 'training draw', seed: 71_101, campaignSeed: 90_501, days: 6, start: '2026-10-05', benign: 600, strategies: [...S2] }),
    w3(frozen(F3, 'v3-x1')),
    w3({ name: 'train-v3-b', summary: 'training draw', days: 7, start: '2026-09-14T00:00:00.000Z', seed: 'v3-train-b', campaignSeed: 'v3-train-c', scale: 1 }),
    w4(frozen(F4, 'v4-x1')),
    w4({ name: 'train-v4-b', summary: 'training draw', start: '2026-08-03', days: 14, benignSeed: 'v4-train-b', campaignSeed: 'v4-train-c', benignScale: 1 }),
    w5(frozen(F5, 'v5-x1')),
    w5({ name: 'train-v5-b', summary: 'training draw', start: '2026-09-14T00:00:00Z', days: 10, benignSeed: 'v5-train-b', campaignSeed: 'v5-train-c', benignScale: 1 }),
    w6(frozen(F6, 'v6-x1')),
    w6({ name: 'train-v6-b', summary: 'training draw', start: '2026-09-07T00:00:00Z', days: 7, benignSeed: 'v6-train-b', campaignSeed: 'v6-train-c', benignScale: 1 }),
    w7(frozen(F7, 'v7-x1')),
    w7({ name: 'train-v7-b', summary: 'training draw', seed: 'v7-train-b', campaignSeed: 'v7-train-c', days: 6, start: '2026-09-21', benignScale: 1 }),
  ];
}
