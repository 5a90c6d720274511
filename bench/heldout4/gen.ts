/**
 * Writes a heldout/v4 world.
 *
 *   node --import tsx bench/heldout4/gen.ts --list
 *   node --import tsx bench/heldout4/gen.ts --world v4-x1 --out /tmp/v4-x1 [--corpus DIR]
 */
import { Corpora, corporaDir } from './corpora.js';
import { generateWorld } from './world.js';
import { FROZEN } from './worlds.js';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes('--list')) {
  for (const w of FROZEN) console.log(`${w.name}\t${w.summary}`);
  process.exit(0);
}
const spec = FROZEN.find((w) => w.name === opt('world'));
const out = opt('out');
const dir = opt('corpus') ?? corporaDir();
if (!spec || !out) {
  console.error(`usage: gen.ts --world NAME --out DIR [--corpus DIR]; worlds: ${FROZEN.map((w) => w.name).join(', ')}`);
  process.exit(2);
}
if (!dir) {
  console.error('the public corpora are not at ../shared/corpora; pass --corpus DIR');
  process.exit(2);
}
const r = await generateWorld(spec, out, new Corpora(dir), (d, n) => process.stderr.write(`\rday ${d + 1}/${spec.days}: ${n.toLocaleString('en-US')} exchanges`));
process.stderr.write('\n');
console.log(JSON.stringify({ world: spec.name, ...r }));
