/**
 * A labelled population for the signature tests, built from keys alone: a
 * fleet (its accounts share a pool of templates, a card pool, proxy ranges,
 * a custom client and fixed settings) among ordinary accounts that share
 * common facts with it (a campus NAT range some of the fleet's proxies sit
 * in, a popular SDK user agent, a public benchmark's prompt template).
 */
import type { AccountRecord, Exchange, Reason, VerdictKind } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import type { MatchedAccount } from './index.js';

export const CAMPUS = '192.0.2';
export const SDK_UA = 'python-requests/2.31.0';
export const BENCHMARK_SKELETON = 0xbe7c0001;
export const FLEET_UA = 'harvest-kit/0.3 (+internal)';
export const FLEET_TEMPLATES = [0xf1ee7001, 0xf1ee7002, 0xf1ee7003];
export const FLEET_NETS = ['203.0.113', '198.51.100'];
export const FLEET_CARDS = ['pm_pool_a', 'pm_pool_b', 'pm_pool_c'];

export class FakeAccount implements MatchedAccount {
  n = 0;
  /** first exchange: after any signature unless a test sets it */
  firstMs = Infinity;
  verdict: VerdictKind = 'allow';
  campaignId: string | null = null;
  linkScore = 0;
  linkReasons: readonly Reason[] = [];
  campaignReviewOnly = false;
  signatureId: string | null = null;
  sigSlot = -1;
  constructor(readonly id: string, readonly record?: AccountRecord) {}
}

let seq = 0;
/** One exchange and its features, with only what signatures read. */
export function exchange(account: string, o: { ip?: string; ua?: string; skeleton?: number; maxTokens?: number; temperature?: number; system?: number }): { ex: Exchange; f: ExchangeFeatures } {
  const ex = {
    id: `x${seq++}`, ts: '2026-10-01T00:00:00.000Z', tsMs: Date.parse('2026-10-01T00:00:00.000Z'), account_id: account,
    ip: o.ip, user_agent: o.ua, request: { max_tokens: o.maxTokens, temperature: o.temperature },
  } as Exchange;
  const f = { skeletonHash: o.skeleton ?? 0, systemHash: o.system ?? 0, maxTokens: o.maxTokens ?? 0 } as unknown as ExchangeFeatures;
  return { ex, f };
}

/** A small deterministic generator (LCG). */
export function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

export const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)];

/** An exchange of a fleet account: one of the pool's templates (a tenth the benchmark's), a proxy in the fleet's ranges (a fifth on the campus range), its client or the SDK's. */
export function fleetExchange(r: () => number, id: string): { ex: Exchange; f: ExchangeFeatures } {
  const net = r() < 0.2 ? CAMPUS : pick(r, FLEET_NETS);
  const skeleton = r() < 0.1 ? BENCHMARK_SKELETON : pick(r, FLEET_TEMPLATES);
  return exchange(id, { ip: `${net}.${1 + Math.floor(r() * 250)}`, ua: r() < 0.5 ? FLEET_UA : SDK_UA, skeleton, maxTokens: 4096, temperature: 0.7 });
}

export function fleetRecord(r: () => number, id: string): AccountRecord {
  return { account_id: id, payment_fingerprint: pick(r, FLEET_CARDS), email_domain: 'gmail.com' };
}

/**
 * An exchange of an ordinary account of one of three kinds: a student on the
 * campus range, a developer with the SDK's user agent and its defaults, an
 * evaluator sending the benchmark's template; each otherwise its own.
 */
export function ordinaryExchange(r: () => number, id: string, kind: number): { ex: Exchange; f: ExchangeFeatures } {
  const own = 0x10000 + Math.floor(r() * 0xffffff);
  if (kind === 0) return exchange(id, { ip: `${CAMPUS}.${1 + Math.floor(r() * 250)}`, ua: 'Mozilla/5.0 (Macintosh) Safari/605.1', skeleton: own });
  if (kind === 1) return exchange(id, { ip: `100.64.${Math.floor(r() * 250)}.${1 + Math.floor(r() * 250)}`, ua: SDK_UA, skeleton: own, maxTokens: 1024 });
  return exchange(id, { ip: `172.16.${Math.floor(r() * 250)}.${1 + Math.floor(r() * 250)}`, ua: 'python-httpx/0.27.0', skeleton: r() < 0.8 ? BENCHMARK_SKELETON : own, temperature: 0 });
}
