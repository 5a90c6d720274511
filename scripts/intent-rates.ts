// Prints, per corpus, the share of prompts on which each extraction intent fires (>= 0.5):
//   node --import tsx scripts/intent-rates.ts [corpus...]
import { readdirSync } from 'node:fs';
import { corporaDir, loadCorpus } from '../src/features/corpora.js';
import { extractFeatures } from '../src/features/index.js';
import { INTENT_NAMES } from '../src/features/types.js';

const dir = corporaDir();
if (!dir) { console.error('corpora not found'); process.exit(2); }
const names = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(dir).filter((d) => !d.includes('.'));
console.log(['corpus'.padEnd(28), ...INTENT_NAMES.map((n) => n.slice(0, 9).padStart(10)), '      any'].join(''));
for (const name of names) {
  const ps = loadCorpus(name, 1500);
  if (!ps.length) continue;
  const fired = new Array(INTENT_NAMES.length).fill(0);
  let any = 0;
  for (const p of ps) {
    const f = extractFeatures({ id: 'x', ts: '2026-01-01T00:00:00Z', tsMs: 0, account_id: 'a', request: { messages: [{ role: 'user', content: p.prompt }] } });
    let hit = false;
    INTENT_NAMES.forEach((n, i) => { if (f.intent[n] >= 0.5) { fired[i]++; hit = true; } });
    if (hit) any++;
  }
  console.log([name.padEnd(28), ...fired.map((c) => `${((100 * c) / ps.length).toFixed(0)}%`.padStart(10)), `${((100 * any) / ps.length).toFixed(0)}%`.padStart(9)].join(''));
}
