/** Writes one frozen heldout/v9 world: node --import tsx bench/heldout9/gen.ts --world v9-x1 --out DIR (or --list). */
import { Corpora, corporaDir } from './corpora.js';
import { generateWorld } from './world.js';
import { FROZEN } from './worlds.js';

const args = process.argv.slice(2);
const opt = (k: string) => { const i = args.indexOf(`--${k}`); return i >= 0 ? args[i + 1] : undefined; };
if (args.includes('--list')) { for (const w of FROZEN) console.log(`${w.name}\t${w.summary}`); process.exit(0); }
const spec = FROZEN.find((w) => w.name === opt('world'));
const out = opt('out');
const dir = opt('corpus') ?? corporaDir();
if (!spec || !out || !dir) { console.error('usage: gen.ts --world NAME --out DIR [--corpus DIR] | --list'); process.exit(2); }
const days = opt('days');
const t0 = Date.now();
const r = await generateWorld(days ? { ...spec, days: Number(days) } : spec, out, new Corpora(dir));
console.log(JSON.stringify({ ...r, seconds: (Date.now() - t0) / 1000, cpu: process.cpuUsage().user / 1e6, rssMB: Math.round(process.memoryUsage().rss / 1e6) }));
