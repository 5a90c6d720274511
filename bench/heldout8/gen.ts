/**
 * Writes heldout/v8 worlds.
 *
 *   node --import tsx bench/heldout8/gen.ts --list
 *   node --import tsx bench/heldout8/gen.ts --world v8-x1 --out /tmp/v8-x1 [--days N] [--corpus DIR]
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
  console.error('usage: gen.ts --world NAME --out DIR [--days N] [--corpus DIR]   (--list for the names; the corpora must be at ../shared/corpora or --corpus)');
  process.exit(2);
}
const days = opt('days') ? Number(opt('days')) : spec.days;
const t0 = Date.now();
const r = await generateWorld({ ...spec, days }, out, new Corpora(dir), (d, n) => process.stderr.write(`\rday ${d + 1}/${days}: ${n.toLocaleString('en-US')} exchanges`));
process.stderr.write(`\n${spec.name}: ${r.exchanges.toLocaleString('en-US')} exchanges, ${r.malformed} malformed, ${r.accounts} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
