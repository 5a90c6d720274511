/**
 * A deterministic `ReportData` of any size, for the report's tests and for
 * rendering a sample to look at. Evidence excerpts come from the public prompt
 * corpora in ../shared/corpora when they are there (read by path, never
 * copied), and from generated text otherwise: the report's assertions do not
 * depend on which.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VerdictKind } from '../contract/types.js';
import type { ReportAccount, ReportCampaign, ReportData, ReportEdge, ReportNode } from './types.js';
import { scoreHistogram } from './html.js';
import { mulberry32 } from '../util/random.js';

/** The corpora folder, `../shared/corpora` from the repository root. */
export const CORPORA_DIR = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));

/**
 * Up to `perFile` prompts from each named corpus file, or null when the corpora
 * are not on this machine. Reads only the first `maxBytes` of each file.
 */
export function loadCorpusPrompts(names: string[], perFile = 200, maxBytes = 400_000): string[] | null {
  if (!existsSync(CORPORA_DIR)) return null;
  const out: string[] = [];
  for (const name of names) {
    const path = `${CORPORA_DIR}${name}/prompts.jsonl`;
    if (!existsSync(path)) continue;
    const text = readFileSync(path).subarray(0, maxBytes).toString('utf8');
    let n = 0;
    for (const line of text.split('\n')) {
      if (n >= perFile) break;
      try {
        const rec = JSON.parse(line) as { prompt?: unknown };
        if (typeof rec.prompt === 'string' && rec.prompt.length > 0) { out.push(rec.prompt); n++; }
      } catch { /* the cut last line, or a bad one: skip */ }
    }
  }
  return out.length ? out : null;
}

export interface FixtureOptions {
  accounts: number;
  campaigns: number;
  /** accounts per campaign (default: 6% of accounts spread over the campaigns, at least 8) */
  campaignSize?: number;
  seed?: number;
  /** text for evidence excerpts of campaign accounts / benign accounts */
  harvestPrompts?: string[];
  benignPrompts?: string[];
}

const HOUR = 3_600_000;
const START = Date.parse('2026-04-24T00:00:00Z');
const DAYS = 7;

const TEMPLATES = [
  'Solve the following problem. Think step by step and show every intermediate step before the final answer.\n\n',
  'You are an expert grader. Score the answer below from 1 to 10 against the rubric and explain your reasoning.\n\n',
  'Here is a question and its correct answer. Write out the full reasoning that leads to this answer.\n\n',
];

/**
 * Builds a labelled-looking scan: `campaigns` campaigns whose members are
 * linked by payment, IP, template and timing edges and mostly flagged, plus
 * benign accounts that are mostly allowed (a few reach review).
 */
export function makeReportData(opts: FixtureOptions): ReportData {
  const rnd = mulberry32(opts.seed ?? 7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const harvest = opts.harvestPrompts ?? Array.from({ length: 50 }, (_, i) => `What is ${i} + ${i * 3}? Item ${i} of the sweep.`);
  const benign = opts.benignPrompts ?? Array.from({ length: 50 }, (_, i) => `Can you help me write an email to my landlord about issue ${i}?`);
  const size = Math.max(2, opts.campaignSize ?? Math.max(8, Math.floor((opts.accounts * 0.06) / Math.max(1, opts.campaigns))));
  const hours = DAYS * 24;
  const iso = (ms: number) => new Date(ms).toISOString();

  const accounts: ReportAccount[] = [];
  const campaigns: ReportCampaign[] = [];
  let next = 0;
  const scores: number[] = [];

  const series = (perHour: number, roundTheClock: boolean) => {
    const counts = new Array<number>(hours).fill(0);
    for (let i = 0; i < hours; i++) {
      const hod = i % 24;
      const awake = roundTheClock || (hod >= 8 && hod <= 22);
      counts[i] = awake ? Math.round(perHour * (0.5 + rnd())) : 0;
    }
    return counts;
  };
  const hourOfDay = (counts: number[]) => {
    const hd = new Array<number>(24).fill(0);
    counts.forEach((c, i) => { hd[i % 24] += c; });
    return hd;
  };

  for (let c = 0; c < opts.campaigns && next < opts.accounts; c++) {
    const id = `c_${String(c + 1).padStart(3, '0')}`;
    const members: string[] = [];
    const nodes: ReportNode[] = [];
    const edges: ReportEdge[] = [];
    const template = TEMPLATES[c % TEMPLATES.length]!;
    const campStart = START + Math.floor(rnd() * 48) * HOUR;
    const campCounts = new Array<number>(hours).fill(0);
    let exchanges = 0;
    for (let k = 0; k < size && next < opts.accounts; k++, next++) {
      const accountId = `acct_${String(next).padStart(6, '0')}`;
      members.push(accountId);
      const score = Math.min(1, 0.62 + rnd() * 0.38);
      const verdict: VerdictKind = score >= 0.8 ? 'block' : score >= 0.5 ? 'review' : 'allow';
      scores.push(score);
      nodes.push({ id: accountId, verdict, score });
      const counts = series(1 + rnd() * 2, true);
      for (let i = 0; i < (campStart - START) / HOUR; i++) counts[i] = 0;
      counts.forEach((x, i) => { campCounts[i] += x; });
      const n = counts.reduce((a, b) => a + b, 0);
      exchanges += n;
      const flaggedAt = campStart + Math.floor((2 + rnd() * 20) * HOUR);
      accounts.push({
        verdict: {
          account_id: accountId,
          verdict,
          score,
          flagged_at: iso(flaggedAt),
          campaign_id: id,
          reasons: [
            { signal: 'linkage.payment', weight: 0.34, detail: `shares payment instrument pm_${(c * 31 + (k >> 3)).toString(16)} with ${Math.min(size - 1, 7)} flagged accounts` },
            { signal: 'campaign.member', weight: 0.28, detail: `same prompt template as ${size - 1} accounts of campaign ${id}` },
            { signal: 'content.cot_harvest', weight: 0.21, detail: `${Math.round(60 + rnd() * 35)}% of prompts ask for step-by-step reasoning to be written out` },
            { signal: 'automation.regular_timing', weight: 0.1, detail: 'inter-arrival times have a coefficient of variation of 0.08; people are near 1' },
            { signal: 'coverage.sweep', weight: 0.07, detail: `${Math.round(200 + rnd() * 300)} distinct items, 2% repeats` },
          ],
        },
        exchanges: n,
        firstSeen: iso(campStart),
        lastSeen: iso(START + hours * HOUR - 1),
        evidence: [0, 1, 2].map((j) => ({
          ts: iso(campStart + j * 977_000),
          id: `req_${next}_${j}`,
          excerpt: template + pick(harvest),
          intents: { cot: 0.7 + rnd() * 0.3, benchmark: rnd(), judge: c % 3 === 1 ? 0.9 : 0 },
          topic: pick(['math', 'code', 'reasoning', 'science']),
        })),
        activity: { startMs: START, bucketMs: HOUR, counts },
        hourOfDay: hourOfDay(counts),
        linkage: [{ key: 'payment', value: `pm_${(c * 31 + (k >> 3)).toString(16)}` }, { key: 'subnet', value: `203.0.${(c * 7 + (k >> 4)) % 256}.0/24` }],
      });
      // Links: payment within groups of 8, subnet within groups of 16, template and timing to a few others.
      if (k % 8 !== 0) edges.push({ source: accountId, target: members[k - (k % 8)]!, kind: 'payment', weight: 3 });
      if (k % 16 !== 0) edges.push({ source: accountId, target: members[k - (k % 16)]!, kind: 'ip', weight: 1.5 });
      // Template variants are shared by blocks of 32 accounts.
      const block0 = k - (k % 32);
      for (let t = 0; t < 2 && k > block0; t++) edges.push({ source: accountId, target: members[block0 + Math.floor(rnd() * (k - block0))]!, kind: 'template', weight: 1 });
      if (k > 0 && rnd() < 0.5) edges.push({ source: accountId, target: members[Math.floor(rnd() * k)]!, kind: 'timing', weight: 0.8 });
    }
    campaigns.push({
      campaign: {
        campaign_id: id,
        accounts: members,
        exchanges,
        first_seen: iso(campStart),
        last_seen: iso(START + hours * HOUR - 1),
        score: 0.8 + rnd() * 0.2,
        signals: ['linkage.payment', 'linkage.template', 'content.cot_harvest', 'automation.round_the_clock'],
        summary: `${members.length} accounts, ${exchanges.toLocaleString('en-US')} exchanges since ${iso(campStart).slice(0, 10)}, harvesting step-by-step reasoning on math and code; linked by ${Math.ceil(members.length / 8)} payment instruments, ${Math.ceil(members.length / 16)} subnets and round-robin timing.`,
      },
      graph: { nodes, edges },
      activity: { startMs: START, bucketMs: HOUR, counts: campCounts },
    });
  }

  for (; next < opts.accounts; next++) {
    const accountId = `acct_${String(next).padStart(6, '0')}`;
    const fp = rnd() < 0.004;
    const score = fp ? 0.5 + rnd() * 0.1 : rnd() * rnd() * 0.45;
    scores.push(score);
    const counts = series(rnd() * 1.5, false);
    accounts.push({
      verdict: {
        account_id: accountId,
        verdict: fp ? 'review' : 'allow',
        score,
        flagged_at: fp ? iso(START + Math.floor(rnd() * hours) * HOUR) : null,
        campaign_id: null,
        reasons: fp ? [{ signal: 'tokens.long_outputs', weight: 0.3, detail: 'median output is 14× the input' }] : [],
      },
      exchanges: counts.reduce((a, b) => a + b, 0),
      evidence: fp ? [{ ts: iso(START + 5 * HOUR), excerpt: pick(benign), intents: { cot: 0.2 } }] : undefined,
      activity: { startMs: START, bucketMs: HOUR, counts },
      hourOfDay: hourOfDay(counts),
    });
  }

  const review = accounts.filter((a) => a.verdict.verdict === 'review').length;
  const block = accounts.filter((a) => a.verdict.verdict === 'block').length;
  const exchanges = accounts.reduce((s, a) => s + (a.exchanges ?? 0), 0);
  const total = new Array<number>(hours).fill(0);
  for (const a of accounts) for (let i = 0; i < hours; i++) total[i] += (a.activity!.counts[i] ?? 0);
  return {
    generatedAt: '2026-05-01T09:30:00Z',
    tool: 'distillguard 0.1.0',
    scan: {
      inputs: ['logs/'],
      firstTs: iso(START),
      lastTs: iso(START + hours * HOUR - 1),
      exchanges,
      accounts: accounts.length,
      review,
      block,
      quarantined: 17,
      quarantinePath: 'report/quarantine.jsonl',
      lateLines: 3,
      elapsedMs: 4_200 + exchanges / 60,
      peakMemoryBytes: 310 * 1024 * 1024,
      outputs: ['verdicts.jsonl', 'campaigns.json', 'report.html', 'quarantine.jsonl'],
    },
    thresholds: { review: 0.5, block: 0.8 },
    campaigns,
    accounts,
    scoreHistogram: scoreHistogram(scores),
    activity: { startMs: START, bucketMs: HOUR, counts: total },
    detectors: [
      { id: 'content-intent', summary: 'Share of prompts that harvest reasoning, grades or traces.', evadedBy: 'Harvesting through ordinary-looking tasks, one item at a time.', falselyFlags: 'Tutoring apps that ask for worked solutions; kept in check by coverage and linkage.' },
      { id: 'timing', summary: 'Regularity of inter-arrival times and activity around the clock.', evadedBy: 'Human-like jitter and sleep hours.', falselyFlags: 'Batch jobs; kept in check by content.' },
    ],
  };
}
