/**
 * Writes a frozen heldout/v3 world.
 *
 *   node --import tsx bench/heldout3/gen.ts --list
 *   node --import tsx bench/heldout3/gen.ts --world v3-x1 --out /tmp/v3-x1 [--corpus DIR]
 */
import { Corpora, corporaBesideCheckout } from './corpora.js';
import { generateWorld } from './world.js';
import { FROZEN } from './worlds.js';

const args = process.argv.slice(2);
const opt = (k: string) => { const i = args.indexOf(`--${k}`); return i >= 0 ? args[i + 1] : undefined; };
if (args.includes('--list')) {
  for (const w of FROZEN) console.log(`${w.name}\t${w.days} days\tbenign ×${w.scale}\t${w.summary}`);
  process.exit(0);
}
const spec = FROZEN.find((w) => w.name === opt('world'));
const out = opt('out');
const corpus = opt('corpus') ?? corporaBesideCheckout();
if (!spec || !out || !corpus) {
  console.error(`usage: gen.ts --world NAME --out DIR [--corpus DIR]  (worlds: ${FROZEN.map((w) => w.name).join(', ')}${corpus ? '' : '; no corpora found beside the checkout'})`);
  process.exit(2);
}
const t0 = Date.now();
const s = await generateWorld(spec, out, new Corpora(corpus), (d, n) => process.stderr.write(`\rday ${d + 1}/${spec.days}: ${n.toLocaleString('en-US')} exchanges`));
process.stderr.write('\n');
console.log(`${spec.name}: ${s.exchanges} exchanges, ${s.accounts} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${out}`);
