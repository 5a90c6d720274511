/**
 * heldout/v6 from the command line:
 *
 *   node --import tsx bench/heldout6/gen.ts --list
 *   node --import tsx bench/heldout6/gen.ts --world v6-x1 --out /tmp/v6-x1 [--days N] [--scale K]
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
const spec0 = FROZEN.find((w) => w.name === opt('world'));
const out = opt('out');
const dir = opt('corpus') ?? corporaDir();
if (!spec0 || !out || !dir) {
  console.error(`usage: gen.ts --world (${FROZEN.map((w) => w.name).join('|')}) --out DIR [--days N] [--scale K] [--corpus DIR]`);
  process.exit(2);
}
const spec = { ...spec0, ...(opt('days') ? { days: Number(opt('days')) } : {}), ...(opt('scale') ? { benignScale: Number(opt('scale')) } : {}) };
const t0 = Date.now();
const cpu0 = process.cpuUsage();
const r = await generateWorld(spec, out, new Corpora(dir));
const cpu = process.cpuUsage(cpu0);
console.log(`${spec.name}: ${r.exchanges} exchanges, ${r.accounts} accounts in ${((Date.now() - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, ${(process.memoryUsage().rss / 1e9).toFixed(2)} GB rss`);
for (const [p, n] of [...r.byPersona].sort((a, b) => b[1] - a[1])) console.log(`  ${p}\t${n}`);
