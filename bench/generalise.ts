/**
 * bench/generalise: detection on the frozen held-out worlds of eight independent
 * generators (bench/heldout, heldout/v1; bench/heldout2, heldout/v2;
 * bench/heldout3, heldout/v3; bench/heldout4, heldout/v4; bench/heldout5, heldout/v5; bench/heldout6, heldout/v6;
 * bench/heldout7, heldout/v7; bench/heldout8, heldout/v8; and bench/heldout9, heldout/v9), which nobody tuned against. Each world is generated
 * into a cache, scanned by the built CLI exactly as contract §3 says, scored by
 * `distillguard eval`, and reported per world, per campaign strategy and per
 * benign persona.
 *
 *   npm run build && npm run bench:generalise
 *   npm run bench:generalise -- --worlds h2-all7-x1,h3-all7-redraw --out /tmp/heldout --json figures.json
 *   npm run bench:generalise -- --generator v7        (v1 … v9 or all; default v1)
 *   npm run bench:generalise -- --worlds v2-a,h2-all7-x1
 *   npm run bench:generalise -- --generator v6 --disable model     (scan options passed on: --enable / --disable FAMILIES)
 *
 * Our own training and tuning use only `distillguard simulate`; these worlds are
 * for measuring, never for tuning (bench/heldout/FROZEN.md, bench/heldout2/FROZEN.md,
 * bench/heldout3/FROZEN.md, bench/heldout4/FROZEN.md, bench/heldout5/FROZEN.md, bench/heldout6/FROZEN.md,
 * bench/heldout7/FROZEN.md, bench/heldout8/FROZEN.md, bench/heldout9/FROZEN.md).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Corpora, defaultCorporaDir } from './heldout/corpora.js';
import { GENERATOR, generateWorld } from './heldout/world.js';
import { FROZEN, type WorldSpec as V1Spec } from './heldout/worlds.js';
import { Corpora as Corpora2 } from './heldout2/corpora.js';
import { GENERATOR as GENERATOR2, generateWorld as generateWorld2 } from './heldout2/world.js';
import { FROZEN as FROZEN2, type WorldSpec as V2Spec } from './heldout2/worlds.js';
import { Corpora as Corpora3 } from './heldout3/corpora.js';
import { GENERATOR as GENERATOR3, generateWorld as generateWorld3 } from './heldout3/world.js';
import { FROZEN as FROZEN3, type WorldSpec as V3Spec } from './heldout3/worlds.js';
import { Corpora as Corpora4 } from './heldout4/corpora.js';
import { GENERATOR as GENERATOR4, generateWorld as generateWorld4 } from './heldout4/world.js';
import { FROZEN as FROZEN4, type WorldSpec as V4Spec } from './heldout4/worlds.js';
import { Corpora as Corpora5 } from './heldout5/corpora.js';
import { GENERATOR as GENERATOR5, generateWorld as generateWorld5 } from './heldout5/world.js';
import { FROZEN as FROZEN5, type WorldSpec as V5Spec } from './heldout5/worlds.js';
import { Corpora as Corpora6 } from './heldout6/corpora.js';
import { GENERATOR as GENERATOR6, generateWorld as generateWorld6 } from './heldout6/world.js';
import { FROZEN as FROZEN6, type WorldSpec as V6Spec } from './heldout6/worlds.js';
import { Corpora as Corpora7 } from './heldout7/corpora.js';
import { GENERATOR as GENERATOR7, generateWorld as generateWorld7 } from './heldout7/world.js';
import { FROZEN as FROZEN7, type WorldSpec as V7Spec } from './heldout7/worlds.js';
import { Corpora as Corpora8 } from './heldout8/corpora.js';
import { GENERATOR as GENERATOR8, generateWorld as generateWorld8 } from './heldout8/world.js';
import { FROZEN as FROZEN8, type WorldSpec as V8Spec } from './heldout8/worlds.js';
import { Corpora as Corpora9 } from './heldout9/corpora.js';
import { GENERATOR as GENERATOR9, generateWorld as generateWorld9 } from './heldout9/world.js';
import { FROZEN as FROZEN9, type WorldSpec as V9Spec } from './heldout9/worlds.js';

const args = process.argv.slice(2);
const opt = (k: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = resolve(import.meta.dirname, '..');
const cache = resolve(opt('out') ?? '/tmp/distillguard-heldout');
const jsonOut = opt('json');
const corpusDir = opt('corpus') ?? defaultCorporaDir();
/** signal families the scan turns on or off (`distillguard scan --enable / --disable`); each set scans into its own folder */
const scanFamilies = [...(opt('enable') ? ['--enable', opt('enable')!] : []), ...(opt('disable') ? ['--disable', opt('disable')!] : [])];
const scanFolder = ['scan', ...(opt('enable') ? [`on-${opt('enable')}`] : []), ...(opt('disable') ? [`off-${opt('disable')}`] : [])].join('-').replace(/[^a-z0-9_-]/gi, '_');

/** A frozen generator: its world list and how to write one of its worlds. */
interface Generator {
  id: string;
  folder: string;
  frozen: string;
  worlds: readonly WorldSpec[];
  generate(spec: WorldSpec, dir: string, progress: (day: number, exchanges: number) => void): Promise<{ exchanges: number }>;
}
type WorldSpec = V1Spec | V2Spec | V3Spec | V4Spec | V5Spec | V6Spec | V7Spec | V8Spec | V9Spec;
type GeneratorId = 'v1' | 'v2' | 'v3' | 'v4' | 'v5' | 'v6' | 'v7' | 'v8' | 'v9';
let corpora1: Corpora | undefined;
let corpora2: Corpora2 | undefined;
let corpora3: Corpora3 | undefined;
let corpora4: Corpora4 | undefined;
let corpora5: Corpora5 | undefined;
let corpora6: Corpora6 | undefined;
let corpora7: Corpora7 | undefined;
let corpora8: Corpora8 | undefined;
let corpora9: Corpora9 | undefined;
const GENERATORS: Record<GeneratorId, Generator> = {
  v1: { id: GENERATOR, folder: 'bench/heldout', frozen: '2026-12-07', worlds: FROZEN, generate: (spec, dir, p) => generateWorld(spec as V1Spec, dir, (corpora1 ??= new Corpora(corpusDir!)), p) },
  v2: { id: GENERATOR2, folder: 'bench/heldout2', frozen: '2026-12-07', worlds: FROZEN2, generate: (spec, dir, p) => generateWorld2(spec as V2Spec, dir, (corpora2 ??= new Corpora2(corpusDir!)), p) },
  v3: { id: GENERATOR3, folder: 'bench/heldout3', frozen: '2026-12-07', worlds: FROZEN3, generate: (spec, dir, p) => generateWorld3(spec as V3Spec, dir, (corpora3 ??= new Corpora3(corpusDir!)), p) },
  v4: { id: GENERATOR4, folder: 'bench/heldout4', frozen: '2026-12-07', worlds: FROZEN4, generate: (spec, dir, p) => generateWorld4(spec as V4Spec, dir, (corpora4 ??= new Corpora4(corpusDir!)), p) },
  v5: { id: GENERATOR5, folder: 'bench/heldout5', frozen: '2026-12-07', worlds: FROZEN5, generate: (spec, dir, p) => generateWorld5(spec as V5Spec, dir, (corpora5 ??= new Corpora5(corpusDir!)), p) },
  v6: { id: GENERATOR6, folder: 'bench/heldout6', frozen: '2026-12-07', worlds: FROZEN6, generate: (spec, dir, p) => generateWorld6(spec as V6Spec, dir, (corpora6 ??= new Corpora6(corpusDir!)), p) },
  v7: { id: GENERATOR7, folder: 'bench/heldout7', frozen: '2026-12-07', worlds: FROZEN7, generate: (spec, dir, p) => generateWorld7(spec as V7Spec, dir, (corpora7 ??= new Corpora7(corpusDir!)), p) },
  v8: { id: GENERATOR8, folder: 'bench/heldout8', frozen: '2026-12-08', worlds: FROZEN8, generate: (spec, dir, p) => generateWorld8(spec as V8Spec, dir, (corpora8 ??= new Corpora8(corpusDir!)), p) },
  v9: { id: GENERATOR9, folder: 'bench/heldout9', frozen: '2026-12-08', worlds: FROZEN9, generate: (spec, dir, p) => generateWorld9(spec as V9Spec, dir, (corpora9 ??= new Corpora9(corpusDir!)), p) },
};
const generatorOf = (spec: WorldSpec): Generator => Object.values(GENERATORS).find((g) => g.worlds.includes(spec))!;
const allWorlds = Object.values(GENERATORS).flatMap((g) => g.worlds);
const genArg = opt('generator') ?? 'v1';
if (!['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'all'].includes(genArg)) fail(`unknown generator "${genArg}" (v1, v2, v3, v4, v5, v6, v7, v8, v9 or all)`);
const picked = opt('worlds')?.split(',').map((s) => s.trim()).filter(Boolean);
const worlds: WorldSpec[] = picked
  ? picked.map((n) => allWorlds.find((w) => w.name === n) ?? fail(`unknown world "${n}" (frozen: ${allWorlds.map((w) => w.name).join(', ')})`))
  : genArg === 'all' ? [...allWorlds] : [...GENERATORS[genArg as GeneratorId].worlds];

function fail(msg: string): never {
  console.error(`bench/generalise: ${msg}`);
  process.exit(2);
}
if (!corpusDir) fail('the public corpora are not at ../shared/corpora; pass --corpus DIR');
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('build first (npm run build): the scan runs from dist/');

const log = (s: string) => process.stderr.write(`${s}\n`);
const git = (a: string[]) => spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout.trim();
const commit = git(['rev-parse', '--short', 'HEAD']);
const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';

interface Label { account_id: string; label: 'benign' | 'campaign'; campaign_id: string | null; persona: string }
interface Verdict { account_id: string; verdict: 'allow' | 'review' | 'block'; flagged_at: string | null }
interface PersonaFigure { label: string; accounts: number; flagged: number; flaggedRate: number | null; leakage: number | null }
interface EvalJson {
  accountRecall: number | null; benignFPR: number | null; leakage: number | null;
  campaignAccounts: number; flaggedCampaignAccounts: number; benignAccounts: number; flaggedBenignAccounts: number;
  campaigns: number; campaignsFound: number; exchanges: number; problems: string[];
  perPersona: Record<string, PersonaFigure>;
}

const readJsonl = <T>(f: string): T[] => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

/** Reuses a cached world only when it was written by this generator from the same spec. */
async function ensureWorld(spec: WorldSpec, dir: string): Promise<void> {
  const manifest = join(dir, 'manifest.json');
  const gen = generatorOf(spec);
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    if (m.generator === gen.id && JSON.stringify(m.spec) === JSON.stringify(spec) && existsSync(join(dir, 'labels.jsonl'))) {
      log(`${spec.name}: cached world ${dir}`);
      return;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const t0 = Date.now();
  const s = await gen.generate(spec, dir, (d, n) => { if (process.stderr.isTTY) process.stderr.write(`\r${spec.name}: generating day ${d + 1}/${spec.days}, ${n.toLocaleString('en-US')} exchanges`); });
  if (process.stderr.isTTY) process.stderr.write('\n');
  log(`${spec.name}: generated ${s.exchanges.toLocaleString('en-US')} exchanges in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function cli(argv: string[]): { seconds: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'distillguard.js'), ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) fail(`distillguard ${argv[0]} exited ${r.status}:\n${r.stderr}`);
  return { seconds: (Date.now() - t0) / 1000 };
}

interface WorldFigures {
  world: string; generator: string; summary: string; days: number; exchanges: number; scanSeconds: number;
  campaignAccounts: number; flaggedCampaignAccounts: number; accountRecall: number | null;
  campaigns: number; campaignsFound: number; leakage: number | null;
  benignAccounts: number; flaggedBenign: number; benignFPR: number | null; benignBlocked: number;
  perStrategy: Record<string, { accounts: number; flagged: number; recall: number | null; leakage: number | null }>;
  perPersona: Record<string, { accounts: number; flagged: number; blocked: number; fpr: number | null }>;
  evalProblems: string[];
}

async function measure(spec: WorldSpec): Promise<WorldFigures> {
  const worldDir = join(cache, spec.name, 'world');
  const scanDir = join(cache, spec.name, scanFolder);
  await ensureWorld(spec, worldDir);
  rmSync(scanDir, { recursive: true, force: true });
  mkdirSync(scanDir, { recursive: true });
  log(`${spec.name}: scanning`);
  const scan = cli(['scan', join(worldDir, 'logs.jsonl.gz'), '--accounts', join(worldDir, 'accounts.jsonl'), '--out', scanDir, '--quiet', ...scanFamilies]);
  log(`${spec.name}: scanned in ${scan.seconds.toFixed(0)} s; evaluating`);
  cli(['eval', '--world', worldDir, '--verdicts', scanDir, '--no-baselines', '--quiet']);
  const ev = JSON.parse(readFileSync(join(scanDir, 'eval.json'), 'utf8')) as EvalJson;

  // eval.json has no count of blocked benign accounts, and its benign rate counts
  // accounts that sent nothing (the account table lists dormant accounts too):
  // benign figures here are over benign accounts seen in the logs (those with a
  // verdict). Campaign recall is eval's, recounted as a check.
  const labels = readJsonl<Label>(join(worldDir, 'labels.jsonl'));
  const verdicts = new Map(readJsonl<Verdict>(join(scanDir, 'verdicts.jsonl')).map((v) => [v.account_id, v]));
  const flagged = (id: string) => { const v = verdicts.get(id)?.verdict; return v === 'review' || v === 'block'; };
  const perPersona: WorldFigures['perPersona'] = {};
  let benignBlocked = 0;
  let benignSeen = 0;
  let benignFlagged = 0;
  let campFlagged = 0;
  for (const l of labels) {
    if (l.label === 'campaign') { if (flagged(l.account_id)) campFlagged++; continue; }
    if (!verdicts.has(l.account_id)) continue;
    const p = (perPersona[l.persona] ??= { accounts: 0, flagged: 0, blocked: 0, fpr: null });
    p.accounts++;
    benignSeen++;
    if (flagged(l.account_id)) { p.flagged++; benignFlagged++; }
    if (verdicts.get(l.account_id)?.verdict === 'block') { p.blocked++; benignBlocked++; }
  }
  for (const p of Object.values(perPersona)) p.fpr = p.accounts ? p.flagged / p.accounts : null;
  if (campFlagged !== ev.flaggedCampaignAccounts) log(`${spec.name}: warning: eval.json counts ${ev.flaggedCampaignAccounts} flagged campaign accounts, the verdicts ${campFlagged}`);
  if (benignFlagged !== ev.flaggedBenignAccounts) log(`${spec.name}: warning: eval.json counts ${ev.flaggedBenignAccounts} flagged benign accounts, the verdicts ${benignFlagged}`);
  const perStrategy: WorldFigures['perStrategy'] = {};
  for (const [name, p] of Object.entries(ev.perPersona)) {
    if (p.label !== 'campaign') continue;
    perStrategy[name] = { accounts: p.accounts, flagged: p.flagged, recall: p.flaggedRate, leakage: p.leakage };
  }
  return {
    world: spec.name, generator: generatorOf(spec).id, summary: spec.summary, days: spec.days, exchanges: ev.exchanges, scanSeconds: scan.seconds,
    campaignAccounts: ev.campaignAccounts, flaggedCampaignAccounts: ev.flaggedCampaignAccounts, accountRecall: ev.accountRecall,
    campaigns: ev.campaigns, campaignsFound: ev.campaignsFound, leakage: ev.leakage,
    benignAccounts: benignSeen, flaggedBenign: benignFlagged, benignFPR: benignSeen ? benignFlagged / benignSeen : null, benignBlocked,
    perStrategy, perPersona, evalProblems: ev.problems,
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const int = (n: number) => n.toLocaleString('en-US');

function report(figs: WorldFigures[]): string {
  const out: string[] = [];
  const gens = [...new Set(worlds.map(generatorOf))];
  const named = gens.map((g) => `${g.id} (${g.folder}, frozen ${g.frozen}: ${worlds.filter((w) => generatorOf(w) === g).map((w) => w.name).join(', ')})`).join('; ');
  out.push(`Held-out worlds, generator ${named}, measured on commit ${commit}${dirty ? ' (with uncommitted changes)' : ''}${scanFamilies.length ? `, scan ${scanFamilies.join(' ')}` : ''}.`);
  out.push('Our training and tuning used only `distillguard simulate`; no rule was tuned on these worlds.');
  out.push('Benign figures count the benign accounts seen in the logs; recall and leakage count every campaign account.');
  out.push('');
  out.push('| world | exchanges | campaign account recall | campaigns found (≥90% flagged) | leakage | benign FPR | benign blocked | scan s |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of figs) {
    out.push(`| ${f.world} | ${int(f.exchanges)} | ${pct(f.accountRecall)} (${int(f.flaggedCampaignAccounts)}/${int(f.campaignAccounts)}) | ${f.campaignsFound}/${f.campaigns} | ${pct(f.leakage)} | ${pct(f.benignFPR)} (${int(f.flaggedBenign)}/${int(f.benignAccounts)}) | ${int(f.benignBlocked)} | ${f.scanSeconds.toFixed(0)} |`);
  }
  const strategies = [...new Set(figs.flatMap((f) => Object.keys(f.perStrategy)))].sort();
  out.push('');
  out.push('Per strategy: account recall / leakage');
  out.push('');
  out.push(`| strategy | ${figs.map((f) => f.world).join(' | ')} |`);
  out.push(`|---|${figs.map(() => '---:').join('|')}|`);
  for (const s of strategies) {
    out.push(`| ${s} | ${figs.map((f) => { const x = f.perStrategy[s]; return x ? `${pct(x.recall)} (${x.flagged}/${x.accounts}) / ${pct(x.leakage)}` : ''; }).join(' | ')} |`);
  }
  const personas = [...new Set(figs.flatMap((f) => Object.keys(f.perPersona)))].sort();
  out.push('');
  out.push('Per benign persona: false-positive rate (flagged/accounts, blocked)');
  out.push('');
  out.push(`| persona | ${figs.map((f) => f.world).join(' | ')} |`);
  out.push(`|---|${figs.map(() => '---:').join('|')}|`);
  for (const p of personas) {
    out.push(`| ${p} | ${figs.map((f) => { const x = f.perPersona[p]; return x ? `${pct(x.fpr)} (${x.flagged}/${x.accounts}, ${x.blocked})` : ''; }).join(' | ')} |`);
  }
  return out.join('\n');
}

const figs: WorldFigures[] = [];
for (const w of worlds) figs.push(await measure(w));
process.stdout.write(report(figs) + '\n');
for (const f of figs) if (f.evalProblems.length) log(`${f.world}: eval noted: ${f.evalProblems.slice(0, 3).join('; ')}`);
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify({ generator: [...new Set(figs.map((f) => f.generator))].join(', '), commit, dirty, tunedOn: 'distillguard simulate only', worlds: figs }, null, 1) + '\n');
  log(`wrote ${jsonOut}`);
}
