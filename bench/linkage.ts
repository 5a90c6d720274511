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
import { rng32 } from '../src/linkage/numindex.js';

const N = Number(process.argv[2] ?? 100_000);
const PER = Number(process.argv[3] ?? 40);
const CAMPAIGN_SHARE = 0.02;
const r = rng32(1);
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
    intent: { cot: harvest, reconstruct: 0, judge: 0, safetyRewrite: 0, agentic: 0, benchmark: camp ? 0.7 : 0, internals: 0 },
    inputTokens: 100, outputTokens: 400, maxTokens: 0, hitCap: false, toolsOffered: 0, toolCalls: 0,
  };
};

const uas = ['Mozilla/5.0 Chrome/130', 'Mozilla/5.0 Safari/17', 'Mozilla/5.0 Firefox/131', 'openai-python/1.40.0', 'python-httpx/0.27.0'];
const tObs = performance.now();
let observed = 0;
const total = N * PER;
for (let k = 0; k < total; k++) {
  const i = Math.floor(r() * N);
  const camp = i < nCampaign;
  const ts = t0 + Math.floor((k / total) * days * 86_400_000);
  // benign: a home IP and a handful of roaming ones; campaign: 50 proxy /24s
  const ip = camp
    ? `45.${i % 50}.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}`
    : r() < 0.6 ? `${(i >>> 16) + 20}.${(i >>> 8) & 255}.${i & 255}.7` : `${20 + Math.floor(r() * 200)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
  const ex: Exchange = { id: `x${k}`, ts: '', tsMs: ts, account_id: `a${i}`, ip, user_agent: camp ? uas[4] : uas[i % 4], api_key_id: camp ? `worker-${i}` : `sk-${i.toString(16)}abcdef`, model: 'm1' };
  L.observe(ex, feat(camp, i, k));
  observed++;
}
const obsMs = performance.now() - tObs;

// Baseline 1: the inverted index alone (what any key-based approach must at least do).
const impl = L as unknown as { accts: Parameters<typeof buildKeyIndex>[0]; keyTable: { size: number } };
const tIdx = performance.now();
const idx = buildKeyIndex(impl.accts, impl.keyTable.size, 2);
const idxMs = performance.now() - tIdx;

// The sweep itself (twice: the second shows the steady cost).
const s1 = L.sweep(t0 + days * 86_400_000);
const s2 = L.sweep(t0 + days * 86_400_000 + 1);
const mem = process.memoryUsage();

// Baseline 2: naive all-pairs key-set intersection on a sample, extrapolated to N.
const SAMPLE = 2000;
const sets = impl.accts.slice(0, SAMPLE).map((s) => new Set(Array.from(s.keys.subarray(0, s.n))));
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
console.log(`accounts ${N}, exchanges observed ${observed} in ${(obsMs / 1000).toFixed(1)} s (${Math.round(observed / (obsMs / 1000))}/s)`);
console.log(`distinct linkage keys ${impl.keyTable.size}, (account,key) postings in the index ${idx.postings}`);
console.log(`baseline: inverted index alone ${idxMs.toFixed(0)} ms; naive all-pairs ${naiveMs.toFixed(0)} ms on ${SAMPLE} accounts (${links} linked pairs) -> ~${(naiveAtN / 1000 / 60).toFixed(0)} min at ${N}`);
for (const [name, s] of [['sweep 1', s1], ['sweep 2', s2]] as const) {
  console.log(`${name}: ${s.stats.ms.toFixed(0)} ms, edges ${s.stats.edges}, clusters ${s.stats.clusters}, phases ${JSON.stringify(Object.fromEntries(Object.entries(s.stats.phases).map(([k, v]) => [k, Math.round(v)])))}`);
}
console.log(`campaigns ${s2.campaigns.length}, planted campaign accounts found ${hit}/${nCampaign}, other accounts flagged ${flagged.size - hit}`);
console.log(`linkage state (estimate) ${mb(s2.stats.stateBytes)}; process heap ${mb(mem.heapUsed - base.heapUsed)} + array buffers ${mb(mem.arrayBuffers - base.arrayBuffers)}, rss ${mb(mem.rss)}`);
