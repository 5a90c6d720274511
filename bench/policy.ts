/**
 * Cost of one `Policy.decide` on the request path, in the shapes the gateway
 * meets: an unseen account, a clean one passing every rule, one caught by an
 * early block, one metered by a throttle with per-account and per-campaign
 * buckets, and an IP-range rule. Times tsc's output (dist/, `npm run build`
 * first), which is what production runs.
 * Run: npm run build && node bench/policy.ts   (Node 20 runs it through tsx: node --import tsx bench/policy.ts)
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as PolicyModule from '../src/policy/index.js';

const dist = new URL('../dist/policy/index.js', import.meta.url);
if (!existsSync(fileURLToPath(dist))) {
  console.error('bench/policy: run `npm run build` first (it times dist/)');
  process.exit(2);
}
const { createPolicy } = (await import(dist.href)) as typeof PolicyModule;

const policy = createPolicy({
  exemptions: { orgs: ['univ'], tiers: ['enterprise'], accounts: [] },
  rules: [
    { id: 'partner-allow', when: { org: ['partner-a', 'partner-b'] }, action: 'allow' },
    { id: 'bad-ranges', when: { ip: ['203.0.113.0/24', '2001:db8::/32'] }, action: 'block', mode: 'enforce' },
    { id: 'block-verdict', when: { verdict: 'block' }, action: 'block', mode: 'enforce' },
    { id: 'signature', when: { signature: true }, action: 'block' },
    { id: 'campaign-throttle', when: { verdict: 'review', campaign: true }, action: 'throttle', mode: 'enforce', throttle: { account: { per_minute: 2, burst: 10 }, campaign: { per_minute: 30, burst: 60 } } },
    { id: 'harvest-degrade', when: { verdict: 'review', signal: ['coverage.', 'mixed.harvest_slice'] }, action: 'degrade', mode: 'enforce', degrade: { max_tokens: 2048, drop_reasoning: true } },
    { id: 'review-shadow', when: { verdict: 'review' }, action: 'throttle', throttle: { account: { per_minute: 10, burst: 20 } } },
  ],
});

const N_ACCOUNTS = 10_000;
const ids = Array.from({ length: N_ACCOUNTS }, (_, i) => `acct-${i}`);
const reasons = [{ signal: 'coverage.sweep', weight: 0.7, detail: '' }, { signal: 'volume', weight: 0.2, detail: '' }];
const clean = { verdict: 'allow' as const, score: 0.1, flaggedAt: null, campaignId: null, reasons: [], signature: null };
const blocked = { verdict: 'block' as const, score: 0.95, flaggedAt: 'x', campaignId: 'camp-1', reasons, signature: null };
const inCampaign = { verdict: 'review' as const, score: 0.7, flaggedAt: 'x', campaignId: 'camp-2', reasons, signature: null };

const cases: { name: string; run: (i: number, t: number) => unknown }[] = [
  { name: 'unseen account, no rule matches', run: (i, t) => policy.decide({ account_id: ids[i % N_ACCOUNTS], ip: '198.51.100.7' }, undefined, t) },
  { name: 'clean account, every rule asked', run: (i, t) => policy.decide({ account_id: ids[i % N_ACCOUNTS], ip: '198.51.100.7', org_id: 'o' }, clean, t) },
  { name: 'block verdict (third rule)', run: (i, t) => policy.decide({ account_id: ids[i % N_ACCOUNTS], ip: '198.51.100.7' }, blocked, t) },
  { name: 'campaign throttle, two buckets', run: (i, t) => policy.decide({ account_id: ids[i % N_ACCOUNTS], ip: '2001:db9::1' }, inCampaign, t) },
  { name: 'IPv6 range hit', run: (i, t) => policy.decide({ account_id: ids[i % N_ACCOUNTS], ip: '2001:db8::5' }, clean, t) },
];

const N = 1_000_000;
const T0 = Date.UTC(2026, 10, 2);
console.log(`policy.decide, ${N.toLocaleString('en')} calls per case over ${N_ACCOUNTS.toLocaleString('en')} accounts, Node ${process.version}`);
for (const c of cases) {
  for (let i = 0; i < 100_000; i++) c.run(i, T0 + i); // warm up
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < N; i++) if (c.run(i, T0 + i * 5) !== undefined) sink++;
  const ns = Number(process.hrtime.bigint() - t0) / N;
  console.log(`  ${c.name.padEnd(36)} ${(ns / 1000).toFixed(3)} us/decision  (${Math.round(1e9 / ns).toLocaleString('en')}/s)${sink === N ? '' : ' !'}`);
}
