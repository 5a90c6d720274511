/**
 * Writes one heldout/v6 world: logs.jsonl.gz, accounts.jsonl (contract §2),
 * labels.jsonl (§4) and manifest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_UNITS, type Ctx } from './benign.js';
import { runCampaigns } from './campaigns.js';
import type { Corpora } from './corpora.js';
import { DAY, Log, type Acct } from './model.js';
import type { WorldSpec } from './worlds.js';

export const GENERATOR = 'heldout/v6';

export async function generateWorld(spec: WorldSpec, dir: string, corpora: Corpora, progress?: (day: number, exchanges: number) => void): Promise<{ exchanges: number; accounts: number; byPersona: Map<string, number> }> {
  mkdirSync(dir, { recursive: true });
  const from = Date.parse(spec.start);
  const to = from + spec.days * DAY;
  const log = new Log(from, to);
  const accts: Acct[] = [];
  for (let copy = 0; copy < spec.benignScale; copy++) {
    const x: Ctx = { seed: spec.benignSeed, copy, from, to, log, corpora, accts };
    for (const u of BASE_UNITS) u.run(x);
    progress?.(spec.days - 1, log.exchanges);
  }
  runCampaigns({ seed: spec.campaignSeed, benignSeed: spec.benignSeed, from, to, log, corpora, accts });
  const ids = new Set<string>();
  for (const a of accts) {
    if (ids.has(a.id)) throw new Error(`heldout/v6: account id ${a.id} drawn twice`);
    ids.add(a.id);
  }
  const exchanges = log.exchanges;
  const byPersona = log.byPersona;
  await log.writeGzip(join(dir, 'logs.jsonl.gz'));
  const rows = [...accts].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  writeFileSync(join(dir, 'accounts.jsonl'), rows.map((a) => JSON.stringify(a.row)).join('\n') + '\n');
  writeFileSync(join(dir, 'labels.jsonl'), rows.map((a) => JSON.stringify({ account_id: a.id, label: a.campaign ? 'campaign' : 'benign', campaign_id: a.campaign, persona: a.persona })).join('\n') + '\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: GENERATOR, scenario: `heldout-v6:${spec.name}`, spec }, null, 1) + '\n');
  progress?.(spec.days, exchanges);
  return { exchanges, accounts: accts.length, byPersona };
}
