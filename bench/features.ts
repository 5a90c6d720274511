/**
 * Throughput of extractFeatures on realistic exchanges (1-2 KB JSON lines,
 * prompts from ../shared/corpora), against JSON.parse of the same lines in the
 * same run, and without the fitted text model (src/features/intent-model) to
 * give its cost. Run: node --import tsx bench/features.ts [exchanges]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCorpus, corporaDir, ABSENT_MESSAGE } from '../src/features/corpora.js';
import type { Exchange } from '../src/contract/types.js';
import type { ExchangeFeatures } from '../src/features/types.js';
import { lcg } from '../src/util/random.js';

// Production runs tsc's output (dist/), and code run through tsx's on-the-fly
// transform measured several times slower here, so the benchmark compiles
// src/features with tsc into a temporary directory and times that. Pass
// --tsx to time the tsx-transformed source instead.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
interface FeaturesModule {
  extractFeatures: (ex: Exchange) => ExchangeFeatures;
  setIntentModel: (m: unknown) => void;
  loadIntentModel: (path: string) => unknown;
}
async function load(): Promise<{ mod: FeaturesModule; how: string }> {
  if (!process.argv.includes('--tsx')) {
    const out = mkdtempSync(join(tmpdir(), 'dg-bench-features-'));
    try {
      execFileSync(join(root, 'node_modules', '.bin', 'tsc'), [
        '--outDir', out, '--rootDir', root, '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022',
        '--strict', '--skipLibCheck', '--esModuleInterop', join(root, 'src', 'features', 'index.ts'),
      ], { stdio: 'pipe' });
      writeFileSync(join(out, 'package.json'), '{"type":"module"}');
      symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
      process.on('exit', () => rmSync(out, { recursive: true, force: true }));
      const m = await import(pathToFileURL(join(out, 'src', 'features', 'index.js')).href);
      return { mod: m as FeaturesModule, how: 'tsc-compiled' };
    } catch (e) {
      console.log(`could not compile with tsc (${(e as Error).message.split('\n')[0]}); timing the tsx-transformed source`);
    }
  }
  const m = await import('../src/features/index.js');
  return { mod: m as unknown as FeaturesModule, how: 'tsx-transformed' };
}
const { mod, how } = await load();
const { extractFeatures } = mod;
// the compiled copy lives away from models/: hand it the shipped text model
const intentModel = mod.loadIntentModel(join(root, 'models', 'intent-v1.json'));
mod.setIntentModel(intentModel);

const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200_000);
if (!corporaDir()) {
  console.log(ABSENT_MESSAGE);
  process.exit(0);
}
const names = [
  'gsm8k', 'math-competition', 'mmlu-redux', 'bbh', 'code-benchmarks', 'llm-judge-prompts', 'tool-use-agentic',
  'nq-open-queries', 'webquestions', 'sharegpt-sample', 'oasst-prompts', 'alpaca-eval', 'arena-hard', 'multilingual-chat',
  'wildchat-hard-ru', 'instruction-sweeps', 'codealpaca',
];
const prompts = names.flatMap((n) => loadCorpus(n, 1500));
const systems = ['', '', 'You are a helpful assistant.', 'You are an expert tutor. Think step by step and explain your reasoning.'];
const filler = prompts.map((p) => p.prompt).join(' ');

const rnd = lcg(7);
const lines: string[] = [];
for (let i = 0; i < 5000; i++) {
  const p = prompts[Math.floor(rnd() * prompts.length)];
  const sys = systems[i % systems.length];
  const target = 1000 + Math.floor(rnd() * 1000);
  const base = {
    id: `req_${i}`, ts: '2026-11-02T14:03:22.123Z', account_id: `acct_${i % 997}`, ip: '203.0.113.7',
    user_agent: 'python-httpx/0.27', model: 'big-model-1', endpoint: 'messages',
    request: { ...(sys ? { system: sys } : {}), messages: [{ role: 'user', content: p.prompt.slice(0, 1500) }], max_tokens: 4096,
      ...(Array.isArray(p.meta?.tools) ? { tools: p.meta.tools } : {}) },
    response: { text: '', stop_reason: 'end_turn', tool_calls: 0 },
    usage: { input_tokens: 300, output_tokens: 900 }, status: 200, latency_ms: 1234,
  };
  const have = JSON.stringify(base).length;
  const start = Math.floor(rnd() * (filler.length - 2000));
  base.response.text = filler.slice(start, start + Math.max(0, target - have));
  lines.push(JSON.stringify(base));
}
const avg = lines.reduce((a, l) => a + l.length, 0) / lines.length;
const parsed: Exchange[] = lines.map((l) => ({ ...(JSON.parse(l) as Exchange), tsMs: 0 }));

function run(label: string, f: (i: number) => number): number {
  // warm up, then time
  let sink = 0;
  for (let i = 0; i < 20000; i++) sink += f(i % lines.length);
  // CPU time of this process, not wall time: the machine is shared, and wall
  // time would charge other processes' work to us
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) sink += f(i % lines.length);
  const c = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const s = (c.user + c.system) / 1e6;
  const rate = N / s;
  console.log(`${label.padEnd(36)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} exchanges per CPU-second  (${((s / N) * 1e6).toFixed(2)} µs CPU each; wall ${Math.round(N / wall).toLocaleString('en-US')}/s)${sink === -1 ? '' : ''}`);
  return rate;
}

console.log(`${how} features; ${lines.length} distinct exchanges, ${Math.round(avg)} bytes per line on average, ${N} iterations each, node ${process.version}`);
const parse = run('baseline: JSON.parse', (i) => (JSON.parse(lines[i]) as Exchange).id.length);
const feat = run('extractFeatures (pre-parsed)', (i) => extractFeatures(parsed[i]).promptChars);
const both = run('JSON.parse + extractFeatures', (i) => extractFeatures({ ...(JSON.parse(lines[i]) as Exchange), tsMs: 0 }).promptChars);
mod.setIntentModel(null);
const noModel = run('extractFeatures without the text model', (i) => extractFeatures(parsed[i]).promptChars);
mod.setIntentModel(intentModel);
console.log(`the text model (src/features/intent-model) adds ${((1 / feat - 1 / noModel) * 1e6).toFixed(2)} µs CPU per exchange`);
console.log(`extractFeatures costs ${(parse / feat).toFixed(2)}x a JSON.parse of the line; target 150,000/s: ${feat >= 150_000 ? 'met' : 'not met'}`);
void both;
