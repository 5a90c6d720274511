import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import { createLinkage, MIN_TEMPLATE_CHARS, toContractCampaign, type SweepResult } from './index.js';
import { AcctState } from './accounts.js';
import { Kind } from './keys.js';
import { extractFeatures } from '../features/index.js';
import { localFeatures } from './testing/features.js';
import { buildPopulation, CORPORA_DIR, type Population } from './testing/population.js';

const SWEEP_MS = 30 * 60_000;

interface Run {
  pop: Population;
  final: SweepResult;
  sweeps: SweepResult[];
  flagged: Set<string>;
  flaggedAt: Map<string, number>;
}

/** Stream a population through linkage in event-time order, sweeping every `every` ms. */
function stream(pop: Population, every = SWEEP_MS, features: (ex: Exchange) => ExchangeFeatures = extractFeatures): Run {
  const L = createLinkage();
  for (const a of pop.accounts) L.registerAccount(a);
  let next = pop.startMs + every;
  const sweeps: SweepResult[] = [];
  const flaggedAt = new Map<string, number>();
  const sweep = (t: number): void => {
    const r = L.sweep(t);
    for (const j of r.joined) if (!flaggedAt.has(j.accountId)) flaggedAt.set(j.accountId, t);
    sweeps.push(r);
  };
  for (const ex of pop.exchanges) {
    while (ex.tsMs >= next) {
      sweep(next);
      next += every;
    }
    L.observe(ex, features(ex));
  }
  sweep(pop.endMs);
  const final = sweeps[sweeps.length - 1];
  return { pop, final, sweeps, flagged: new Set(final.campaigns.flatMap((c) => c.accounts)), flaggedAt };
}

function rate(run: Run, persona: string): { hit: number; of: number } {
  let hit = 0;
  let of = 0;
  for (const [id, l] of run.pop.labels) {
    if (l.persona !== persona) continue;
    of++;
    if (run.flagged.has(id)) hit++;
  }
  return { hit, of };
}

const pop = buildPopulation({ seed: 7, days: 2, benign: 260, campus: 30, company: 20, evaluators: 3, agentic: 10, hydra: 150, stealth: 50 });
const skip = pop ? false : `corpora not found at ${CORPORA_DIR}; linkage population tests skipped`;

describe('campaign detection on a labelled population built from the corpora', { skip }, () => {
  let run: Run;
  before(() => {
    run = stream(pop!, 2 * 3_600_000);
  });

  it('finds at least 95% of a hydra campaign that shares payment pools, proxy subnets and one template family', () => {
    const { hit, of } = rate(run, 'hydra');
    assert.ok(of > 0);
    assert.ok(hit / of >= 0.95, `hydra recall ${hit}/${of}`);
  });

  it('reports the hydra operation as one campaign rather than one per payment pool', () => {
    const ids = new Set<string>();
    for (const [id, l] of run.pop.labels) if (l.persona === 'hydra') for (const c of run.final.campaigns) if (c.accounts.includes(id)) ids.add(c.campaignId);
    assert.equal(ids.size, 1, `hydra spread over ${ids.size} campaigns`);
  });

  it('finds a stealth campaign with sticky residential IPs, paraphrased wrappers and camouflage chat better than half the time', () => {
    const { hit, of } = rate(run, 'stealth');
    assert.ok(hit / of >= 0.5, `stealth recall ${hit}/${of}`);
  });

  it('flags no campus student, company seat, evaluator or agentic-product account', () => {
    for (const persona of ['campus', 'company', 'evaluator', 'agentic']) {
      const { hit, of } = rate(run, persona);
      assert.ok(of > 0, persona);
      assert.equal(hit, 0, `${hit}/${of} ${persona} accounts flagged`);
    }
  });

  it('keeps the benign false-positive rate of individual users at or below 1%', () => {
    let hit = 0;
    let of = 0;
    for (const p of ['casual', 'developer']) {
      const r = rate(run, p);
      hit += r.hit;
      of += r.of;
    }
    assert.ok(hit / of <= 0.01, `benign individuals flagged ${hit}/${of}`);
  });

  it('says why the tightly linked benign groups were cleared', () => {
    const whys = run.final.cleared.map((c) => `${c.sample.join(',')}: ${c.why}`);
    const campus = whys.find((w) => w.includes('stu_'));
    const agentic = whys.find((w) => w.includes('agentco_'));
    assert.ok(campus && /content is use/.test(campus), `campus: ${campus}`);
    assert.ok(agentic && /verified organisation/.test(agentic), `agentic: ${agentic}`);
  });

  it('gives every member reasons an analyst can check, strongest link first after membership', () => {
    const hydra = run.final.campaigns.find((c) => c.accounts.some((a) => a.startsWith('h_')))!;
    for (const a of hydra.accounts.slice(0, 20)) {
      const rs = hydra.memberReasons.get(a)!;
      assert.equal(rs[0].signal, 'campaign.member');
      assert.ok(rs.length >= 2, `${a} has only the membership reason`);
      for (let i = 2; i < rs.length; i++) assert.ok(rs[i - 1].weight >= rs[i].weight);
    }
    const payment = [...hydra.memberReasons.values()].flat().find((r) => r.signal === 'linkage.payment');
    assert.ok(payment && /pm_pool_\d/.test(payment.detail) && /other accounts of campaign c_/.test(payment.detail), payment?.detail);
  });

  it('writes a summary and a contract-shaped campaign', () => {
    const c = run.final.campaigns[0];
    const k = toContractCampaign(c);
    assert.equal(k.accounts.length, c.accounts.length);
    assert.ok(!Number.isNaN(Date.parse(k.first_seen)) && !Number.isNaN(Date.parse(k.last_seen)));
    assert.match(c.summary, /^\d+ accounts, [\d.]+[kM]? exchanges since \d{4}-\d\d-\d\d, harvesting /);
    assert.ok(c.graph.nodes.length > 0 && c.graph.edges.length > 0);
  });

  it('keeps a campaign id stable across sweeps while its membership grows, and never drops a member', () => {
    const seen = new Map<string, string>();
    for (const s of run.sweeps) {
      for (const c of s.campaigns) {
        for (const a of c.accounts) {
          const prev = seen.get(a);
          if (prev) assert.equal(prev, c.campaignId, `${a} moved from ${prev} to ${c.campaignId}`);
          seen.set(a, c.campaignId);
        }
      }
      for (const a of seen.keys()) assert.ok(s.campaigns.some((c) => c.accounts.includes(a)), `${a} dropped`);
    }
    const hydraId = seen.get([...run.pop.labels].find(([, l]) => l.persona === 'hydra')![0]);
    const sizes = run.sweeps.map((s) => s.campaigns.find((c) => c.campaignId === hydraId)?.accounts.length ?? 0);
    assert.ok(sizes.some((n, i) => i > 0 && n > sizes[i - 1] && sizes[i - 1] > 0) || sizes.filter((n) => n > 0).length >= 1);
  });

  it('flags hydra accounts within the first day of a two-day run', () => {
    const ids = [...run.pop.labels].filter(([, l]) => l.persona === 'hydra').map(([id]) => id);
    const early = ids.filter((id) => (run.flaggedAt.get(id) ?? Infinity) <= run.pop.startMs + 86_400_000).length;
    assert.ok(early / ids.length >= 0.9, `${early}/${ids.length} flagged on day one`);
  });
});

describe('linkage with little or bad input', () => {
  it('sweeps an empty linkage without campaigns', () => {
    const r = createLinkage().sweep(Date.parse('2026-11-02T00:00:00Z'));
    assert.equal(r.campaigns.length, 0);
    assert.equal(r.joined.length, 0);
  });

  it('ignores unusable exchanges and account rows instead of throwing', () => {
    const L = createLinkage();
    const f = localFeatures({ id: 'a', ts: '', tsMs: 0, account_id: 'x' });
    assert.doesNotThrow(() => {
      L.observe({ id: 'a', ts: 'bad', tsMs: NaN, account_id: 'x' }, f);
      L.observe({ id: 'b', ts: '', tsMs: 1, account_id: '' }, f);
      L.observe(null as unknown as Exchange, f);
      L.observe({ id: 'c', ts: '', tsMs: 1, account_id: 'y', ip: 'not-an-ip', user_agent: ' ' }, { ...f, templateBands: undefined as unknown as Uint32Array, intent: undefined as unknown as ExchangeFeatures['intent'] });
      L.registerAccount({ account_id: '' });
      L.registerAccount(null as unknown as { account_id: string });
      L.registerAccount({ account_id: 'z', created_at: 'yesterday', signup_ip: '::1', email_domain: 'GMAIL.com' });
      L.sweep(NaN);
      L.sweep(5, () => {
        throw new Error('profile store down');
      });
    });
  });

  it('rejects a bad config with a message naming the field', () => {
    assert.throws(() => createLinkage({ campaignThreshold: 3 } as never), /campaignThreshold/);
  });

  it('keys a prompt\'s template only when the prompt is long enough to have one (a follow-up "why?" is no template)', () => {
    const L = createLinkage();
    const t0 = Date.parse('2026-11-02T00:00:00Z');
    const kinds = (content: string, i: number): number[] => {
      const ex: Exchange = { id: `t${i}`, ts: '', tsMs: t0 + i * 1000, account_id: `u${i}`, request: { messages: [{ role: 'user', content }] } };
      const s = L.observe(ex, extractFeatures(ex)) as AcctState;
      return Array.from({ length: s.n }, (_, j) => s.kindOf(j));
    };
    for (const [i, short] of ['why?', 'thanks, and the second one?', 'go on'].entries()) {
      const k = kinds(short, i);
      assert.ok(!k.includes(Kind.Skeleton) && !k.includes(Kind.TemplateBand), `"${short}" gave a template key`);
    }
    const wrapped = kinds(`Solve the following problem step by step and show your reasoning: what is ${MIN_TEMPLATE_CHARS} + 2?`, 9);
    assert.ok(wrapped.includes(Kind.Skeleton) && wrapped.includes(Kind.TemplateBand), 'a wrapped item keys its template');
  });

  it('reads a retry hop on a prompt long enough to be an item, not on a follow-up anyone types', () => {
    const t0 = Date.parse('2026-11-02T00:00:00Z');
    const pairs = (content: string): number => {
      const L = createLinkage();
      const send = (account_id: string, dt: number, status?: number): void => {
        const ex: Exchange = { id: `${account_id}${dt}`, ts: '', tsMs: t0 + dt, account_id, status, request: { messages: [{ role: 'user', content }] } };
        L.observe(ex, extractFeatures(ex));
      };
      send('a', 0, 429);
      send('b', 2_000);
      return L.sweep(t0 + 600_000).stats.hopPairs;
    };
    assert.equal(pairs('Can you give an example?'), 0);
    assert.equal(pairs(`Solve the following problem step by step and show your reasoning: what is ${MIN_TEMPLATE_CHARS} + 2?`), 1);
  });

  it('never calls a single account a campaign, however it harvests', () => {
    const L = createLinkage();
    const t0 = Date.parse('2026-11-02T00:00:00Z');
    for (let i = 0; i < 300; i++) {
      const ex: Exchange = { id: `e${i}`, ts: '', tsMs: t0 + i * 10_000, account_id: 'solo', ip: '10.0.0.1', request: { messages: [{ role: 'user', content: `Solve step by step: what is ${i} times ${i + 1}? Show your work.` }] } };
      L.observe(ex, localFeatures(ex));
    }
    assert.equal(L.sweep(t0 + 3_600_000).campaigns.length, 0);
  });
});
