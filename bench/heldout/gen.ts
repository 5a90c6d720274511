/**
 * Writes one held-out world:
 *
 *   node --import tsx bench/heldout/gen.ts --world h2-all7-x1 --out /tmp/w [--corpus ../shared/corpora]
 *   node --import tsx bench/heldout/gen.ts --list
 */
import { Corpora, defaultCorporaDir } from './corpora.js';
import { generateWorld } from './world.js';
import { FROZEN, frozenWorld } from './worlds.js';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes('--list')) {
  for (const w of FROZEN) console.log(`${w.name.padEnd(16)} ${w.days} days, benign x${w.benignScale}, ${w.strategies.length} strategies: ${w.summary}`);
  process.exit(0);
}
const spec = frozenWorld(opt('world') ?? '');
const out = opt('out');
const corpus = opt('corpus') ?? defaultCorporaDir();
if (!spec || !out || !corpus) {
  console.error(`usage: gen.ts --world NAME --out DIR [--corpus DIR]   (worlds: ${FROZEN.map((w) => w.name).join(', ')}; corpora: ${corpus ?? 'not found'})`);
  process.exit(2);
}
const t0 = Date.now();
const s = await generateWorld(spec, out, new Corpora(corpus), (d, n) => process.stderr.write(`\r${spec.name}: day ${d + 1}/${spec.days}, ${n.toLocaleString('en-US')} exchanges`));
process.stderr.write(`\n${spec.name}: ${s.exchanges.toLocaleString('en-US')} exchanges, ${s.benign} benign and ${s.campaign} campaign accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${out}\n`);
