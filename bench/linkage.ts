/**
 * Linkage sweep benchmark: a population of N accounts (default 100k) whose
 * bounded key sets add up to millions of (account, key) postings, with a few
 * campaigns planted. Prints observe throughput, sweep time per phase, state
 * memory, and two baselines measured in the same run: building the inverted
 * index alone, and the naive all-pairs comparison on a small sample
 * (extrapolated quadratically to N).
 *
 *   node --import tsx bench/linkage.ts [accounts=100000] [exchangesPerAccount=40]
 */
import type { Exchange } from '../src/contract/types.js';
import type { ExchangeFeatures } from '../src/features/types.js';
import { createLinkage } from '../src/linkage/index.js';
import { buildKeyIndex } from '../src/linkage/graph.js';
import { mulberry32 } from '../src/util/random.js';

const N = Number(process.argv[2] ?? 100_000);
const PER = Number(process.argv[3] ?? 40);
const CAMPAIGN_SHARE = 0.02;
const r = mulberry32(1);
const t0 = Date.parse('2026-11-02T00:00:00Z');
const days = 7;

const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MiB`;
const base = process.memoryUsage();

const L = createLinkage();
const nCampaign = Math.floor(N * CAMPAIGN_SHARE);
for (let i = 0; i < N; i++) {
  const camp = i < nCampaign;
  L.registerAccount({
    account_id: `a${i}`,
    payment_fingerprint: camp ? `pm_pool_${i % 40}` : `pm_${i}`,
    email_domain: r() < 0.8 ? 'gmail.com' : `d${Math.floor(r() * N)}.com`,
    created_at: new Date(t0 - Math.floor(r() * 400 * 86_400_000)).toISOString(),
    signup_ip: `${10 + Math.floor(r() * 200)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`,
  });
}

const feat = (camp: boolean, i: number, k: number): ExchangeFeatures => {
  const bands = new Uint32Array(8);
  // campaign: one template family; benign: a personal mix of prompt shapes (repeats some)
  const tpl = camp ? 7 + (k % 3) : (i * 31 + Math.floor(r() * 6)) >>> 0;
  for (let b = 0; b < 8; b++) bands[b] = (Math.imul(tpl + 1, 0x9e3779b1) ^ (b * 0x85ebca6b) ^ (camp ? 0 : Math.floor(r() * 3))) >>> 0;
  const harvest = camp ? 0.9 : r() < 0.05 ? 0.8 : 0;
  return {
    promptChars: 200, userTurns: camp ? 1 : 1 + Math.floor(r() * 3), toolTurns: 0, systemHash: 0,
    promptHash: Math.floor(r() * 4294967295) + 1, simHi: 0, simLo: 0,
    skeletonHash: tpl + 1, templateBands: bands, topic: Math.floor(r() * 64), lang: 'en',
    intent: { cot: harvest, reconstruct: 0, judge: 0, safetyRewrite: 0, agentic: 0, benchmark: camp ? 0.7 : 0, internals: 0, datagen: 0 },
    inputTokens: 100, outputTokens: 400, maxTokens: 0, hitCap: false, toolsOffered: 0, toolCalls: 0,
  };
};

const uas = ['Mozilla/5.0 Chrome/130', 'Mozilla/5.0 Safari/17', 'Mozilla/5.0 Firefox/131', 'openai-python/1.40.0', 'python-httpx/0.27.0'];
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// Exchanges and features are made in chunks outside the timed region, so the
// figure is observe() alone (CPU time: the machine is shared).
let obsMs = 0;
let obsCpu = 0;
let observed = 0;
const total = N * PER;
const CHUNK = 4096;
const exs: Exchange[] = [];
const fs: ExchangeFeatures[] = [];
for (let k0 = 0; k0 < total; k0 += CHUNK) {
  exs.length = 0;
  fs.length = 0;
  for (let k = k0; k < Math.min(total, k0 + CHUNK); k++) {
    const i = Math.floor(r() * N);
    const camp = i < nCampaign;
    const ts = t0 + Math.floor((k / total) * days * 86_400_000);
    // benign: a home IP and a handful of roaming ones; campaign: 50 proxy /24s
    const ip = camp
      ? `45.${i % 50}.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}`
      : r() < 0.6 ? `${(i >>> 16) + 20}.${(i >>> 8) & 255}.${i & 255}.7` : `${20 + Math.floor(r() * 200)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
    exs.push({ id: `x${k}`, ts: '', tsMs: ts, account_id: `a${i}`, ip, user_agent: camp ? uas[4] : uas[i % 4], api_key_id: camp ? `worker-${i}` : `sk-${i.toString(16)}abcdef`, model: 'm1' });
    fs.push(feat(camp, i, k));
  }
  const w0 = performance.now();
  const c0 = cpuMs();
  for (let j = 0; j < exs.length; j++) L.observe(exs[j], fs[j]);
  obsCpu += cpuMs() - c0;
  obsMs += performance.now() - w0;
  observed += exs.length;
}

// The sweep itself (twice: the second shows the steady cost).
let c = cpuMs();
const s1 = L.sweep(t0 + days * 86_400_000);
const s1Cpu = cpuMs() - c;
c = cpuMs();
const s2 = L.sweep(t0 + days * 86_400_000 + 1);
const s2Cpu = cpuMs() - c;
// A third sweep after a serve-sized batch: 5,000 more exchanges (~5% of the
// accounts, as one ingest batch before a settle); with incremental sweeps only
// the pairs those accounts and their keys reach are rebuilt.
const BATCH = 5000;
for (let k = 0; k < BATCH; k++) {
  const i = Math.floor(r() * N);
  const camp = i < nCampaign;
  const ts = t0 + days * 86_400_000 + 2 + k * 10;
  const ip = camp ? `45.${i % 50}.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}` : `${(i >>> 16) + 20}.${(i >>> 8) & 255}.${i & 255}.7`;
  L.observe({ id: `z${k}`, ts: '', tsMs: ts, account_id: `a${i}`, ip, user_agent: camp ? uas[4] : uas[i % 4], api_key_id: camp ? `worker-${i}` : `sk-${i.toString(16)}abcdef`, model: 'm1' }, feat(camp, i, k));
}
c = cpuMs();
const s3 = L.sweep(t0 + days * 86_400_000 + 2 + BATCH * 10);
const s3Cpu = cpuMs() - c;
// Baseline 1: the inverted index alone (what any key-based approach must at least do), over the keys the sweeps interned.
const impl = L as unknown as { accts: Parameters<typeof buildKeyIndex>[0]; keyTable: { size: number } };
const tIdx = performance.now();
const idx = buildKeyIndex(impl.accts, impl.keyTable.size, 2);
const idxMs = performance.now() - tIdx;

const mem = process.memoryUsage();

// Baseline 2: naive all-pairs key-set intersection on a sample, extrapolated to N.
const SAMPLE = 2000;
const sets = impl.accts.slice(0, SAMPLE).map((s) => new Set(Array.from(s.keysV.subarray(s.keysAt, s.keysAt + s.n))));
const tNaive = performance.now();
let links = 0;
for (let a = 0; a < sets.length; a++) {
  for (let b = a + 1; b < sets.length; b++) {
    let c = 0;
    for (const k of sets[a]) if (sets[b].has(k)) c++;
    if (c > 0) links++;
  }
}
const naiveMs = performance.now() - tNaive;
const naiveAtN = naiveMs * (N / SAMPLE) ** 2;

const flagged = new Set(s2.campaigns.flatMap((c) => c.accounts));
let hit = 0;
for (let i = 0; i < nCampaign; i++) if (flagged.has(`a${i}`)) hit++;
console.log(`accounts ${N}, exchanges observed ${observed}: observe ${((obsCpu * 1000) / observed).toFixed(2)} µs/ex CPU (${Math.round(observed / (obsCpu / 1000))}/s), wall ${(obsMs / 1000).toFixed(1)} s`);
console.log(`distinct linkage keys ${impl.keyTable.size}, (account,key) postings in the index ${idx.postings}`);
console.log(`baseline: inverted index alone ${idxMs.toFixed(0)} ms; naive all-pairs ${naiveMs.toFixed(0)} ms on ${SAMPLE} accounts (${links} linked pairs) -> ~${(naiveAtN / 1000 / 60).toFixed(0)} min at ${N}`);
for (const [name, s, cpu] of [['sweep 1', s1, s1Cpu], ['sweep 2 (nothing new)', s2, s2Cpu], [`sweep 3 (after ${BATCH} more exchanges)`, s3, s3Cpu]] as const) {
  console.log(`${name}: ${cpu.toFixed(0)} ms CPU, ${s.stats.ms.toFixed(0)} ms wall, edges ${s.stats.edges}, clusters ${s.stats.clusters}, phases ${JSON.stringify(Object.fromEntries(Object.entries(s.stats.phases).map(([k, v]) => [k, Math.round(v)])))}`);
}
console.log(`campaigns ${s2.campaigns.length}, planted campaign accounts found ${hit}/${nCampaign}, other accounts flagged ${flagged.size - hit}`);
console.log(`linkage state (estimate) ${mb(s2.stats.stateBytes)}; process heap ${mb(mem.heapUsed - base.heapUsed)} + array buffers ${mb(mem.arrayBuffers - base.arrayBuffers)}, rss ${mb(mem.rss)}`);

// Small world: the sweep's fixed cost. The engine sweeps every 30 event-time
// minutes; 200 accounts and 125k exchanges over ~3 days give ~150 sweeps, and
// each must cost little more than its share of the accounts.
{
  const NS = 200;
  const EXS = 125_000;
  const spanMs = 150 * 30 * 60_000;
  const Ls = createLinkage();
  const campS = 20;
  for (let i = 0; i < NS; i++) Ls.registerAccount({ account_id: `s${i}`, payment_fingerprint: i < campS ? `pm_pool_${i % 4}` : `pm_${i}` });
  let next = t0 + 30 * 60_000;
  let sweeps = 0;
  let sweepCpu = 0;
  let last: ReturnType<typeof Ls.sweep> | undefined;
  const phases: Record<string, number> = {};
  for (let k = 0; k < EXS; k++) {
    const ts = t0 + Math.floor((k / EXS) * spanMs);
    while (ts >= next) {
      const c0 = cpuMs();
      last = Ls.sweep(next);
      sweepCpu += cpuMs() - c0;
      for (const [ph, v] of Object.entries(last.stats.phases)) phases[ph] = (phases[ph] ?? 0) + v;
      sweeps++;
      next += 30 * 60_000;
    }
    const i = Math.floor(r() * NS);
    const camp = i < campS;
    const ip = camp ? `45.${i % 5}.1.${Math.floor(r() * 256)}` : `${20 + (i >>> 8)}.${i & 255}.3.7`;
    Ls.observe({ id: `y${k}`, ts: '', tsMs: ts, account_id: `s${i}`, ip, user_agent: camp ? uas[4] : uas[i % 4], api_key_id: camp ? `worker-${i}` : `sk-${i.toString(16)}abcdef`, model: 'm1' }, feat(camp, i, k));
  }
  const fl = new Set(last?.campaigns.flatMap((x) => x.accounts) ?? []);
  let hitS = 0;
  for (let i = 0; i < campS; i++) if (fl.has(`s${i}`)) hitS++;
  console.log(`small world: ${NS} accounts, ${EXS} exchanges, ${sweeps} sweeps, ${(sweepCpu / sweeps).toFixed(2)} ms CPU per sweep (${((sweepCpu * 1000) / sweeps / NS).toFixed(1)} µs per account per sweep); campaign found ${hitS}/${campS}, others flagged ${fl.size - hitS}; wall ms per sweep by phase ${JSON.stringify(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, +(v / sweeps).toFixed(2)])))}`);
}
