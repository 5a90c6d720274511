/** Shared helpers of the end-to-end tests: worlds from the simulator, scans, verdict files. */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { simulateWorld } from '../src/simulate/index.js';
import { corporaDir } from '../src/features/corpora.js';
import type { Label, Verdict } from '../src/contract/types.js';

export const ROOT = join(import.meta.dirname, '..');

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `dg-${prefix}-`));
}

/** Builds a world with real corpus text; undefined (test skipped) when the corpora are absent. */
export async function world(scenario: string, scale: number, seed: number, days: number): Promise<string | undefined> {
  const corpus = corporaDir();
  if (!corpus) return undefined;
  const out = tmp(`world-${scenario}`);
  await simulateWorld({ scenario, scale, seed, days, corpus, out });
  return out;
}

/** Runs the CLI from source in its own process. */
export function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'dev.ts'), ...args], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 26 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function readVerdicts(dir: string): Map<string, Verdict> {
  const m = new Map<string, Verdict>();
  for (const line of readFileSync(join(dir, 'verdicts.jsonl'), 'utf8').split('\n')) if (line) {
    const v = JSON.parse(line) as Verdict;
    m.set(v.account_id, v);
  }
  return m;
}

export function readLabels(worldDir: string): Label[] {
  return readFileSync(join(worldDir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
}

export function worldLines(worldDir: string): string[] {
  const gz = join(worldDir, 'logs.jsonl.gz');
  const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : readFileSync(join(worldDir, 'logs.jsonl'), 'utf8');
  return text.split('\n').filter(Boolean);
}

export interface Score { recall: number; fpr: number; flaggedBenign: Label[]; missed: Label[] }

export function score(labels: Label[], verdicts: Map<string, Verdict>): Score {
  const camp = labels.filter((l) => l.label === 'campaign');
  const benign = labels.filter((l) => l.label === 'benign' && verdicts.has(l.account_id));
  const flagged = (id: string) => { const v = verdicts.get(id); return !!v && v.verdict !== 'allow'; };
  const missed = camp.filter((l) => !flagged(l.account_id));
  const flaggedBenign = benign.filter((l) => flagged(l.account_id));
  return { recall: camp.length ? 1 - missed.length / camp.length : 1, fpr: benign.length ? flaggedBenign.length / benign.length : 0, flaggedBenign, missed };
}
