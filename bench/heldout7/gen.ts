/**
 * heldout/v7 from the command line:
 *   node --import tsx bench/heldout7/gen.ts --list
 *   node --import tsx bench/heldout7/gen.ts --world v7-x1 --out /tmp/v7-x1 [--corpus DIR]
 */
import { Corpora, corporaDir } from './corpora.js';
import { generateWorld } from './world.js';
import { FROZEN } from './worlds.js';

const args = process.argv.slice(2);
const opt = (k: string) => { const i = args.indexOf(`--${k}`); return i >= 0 ? args[i + 1] : undefined; };
if (args.includes('--list')) {
  for (const w of FROZEN) console.log(`${w.name}\t${w.summary}`);
  process.exit(0);
}
const spec = FROZEN.find((w) => w.name === opt('world'));
const out = opt('out');
const dir = opt('corpus') ?? corporaDir();
if (!spec || !out || !dir) {
  console.error(`usage: gen.ts --world ${FROZEN.map((w) => w.name).join('|')} --out DIR [--corpus DIR] (the corpora default to ../shared/corpora)`);
  process.exit(2);
}
const t0 = Date.now();
const r = await generateWorld(spec, out, new Corpora(dir), (d, n) => process.stderr.write(`\rday ${d + 1}/${spec.days}: ${n} exchanges`));
process.stderr.write(`\n${spec.name}: ${r.exchanges} exchanges, ${r.malformed} malformed, ${r.accounts} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
