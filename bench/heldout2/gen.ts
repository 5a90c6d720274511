/**
 * Writes a held-out world of generator heldout/v2 in contract form.
 *
 *   node --import tsx bench/heldout2/gen.ts --list
 *   node --import tsx bench/heldout2/gen.ts --world v2-a --out /tmp/v2-a
 */
import { Corpora, defaultCorporaDir } from './corpora.js';
import { generateWorld } from './world.js';
import { FROZEN } from './worlds.js';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes('--list')) {
  for (const w of FROZEN) console.log(`${w.name}\t${w.days} days\t~${w.benign} benign\t${w.strategies.join(',')}\t${w.summary}`);
  process.exit(0);
}
const name = opt('world');
const out = opt('out');
const spec = FROZEN.find((w) => w.name === name);
if (!spec || !out) {
  console.error(`usage: gen.ts --world NAME --out DIR   (worlds: ${FROZEN.map((w) => w.name).join(', ')})`);
  process.exit(2);
}
const dir = opt('corpus') ?? defaultCorporaDir();
if (!dir) {
  console.error('the public corpora are not at ../shared/corpora; pass --corpus DIR');
  process.exit(2);
}
const t0 = Date.now();
const s = await generateWorld(spec, out, new Corpora(dir), (d, n) => process.stderr.write(`day ${d + 1}/${spec.days}: ${n} exchanges\n`));
console.log(`${spec.name}: ${s.exchanges} exchanges, ${s.accounts} accounts (${s.campaignAccounts} campaign), status ${JSON.stringify(s.status)}, ${((Date.now() - t0) / 1000).toFixed(0)} s -> ${out}`);
