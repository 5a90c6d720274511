/**
 * Sign-up records: e-mail domains, payment instruments, tiers and API keys.
 */
import type { Rng } from './rng.js';
import { DAY, type AccountRow, type World } from './world.js';

export const CONSUMER_DOMAINS: Record<string, string[]> = {
  default: ['gmail.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'yahoo.com', 'proton.me'],
  JP: ['gmail.com', 'yahoo.co.jp', 'icloud.com', 'docomo.ne.jp'],
  KR: ['naver.com', 'gmail.com', 'daum.net'],
  CN: ['qq.com', '163.com', 'outlook.com', '126.com'],
  TW: ['gmail.com', 'yahoo.com.tw', 'hotmail.com'],
  RU: ['mail.ru', 'yandex.ru', 'gmail.com'],
  BR: ['gmail.com', 'hotmail.com', 'uol.com.br'],
  IN: ['gmail.com', 'rediffmail.com', 'outlook.com', 'yahoo.in'],
};

export function consumerDomain(rng: Rng, country: string): string {
  return rng.pick(CONSUMER_DOMAINS[country] ?? CONSUMER_DOMAINS.default!);
}

const SYL = ['ka', 'ro', 'vel', 'tin', 'mar', 'lo', 'quen', 'sta', 'bri', 'dor', 'fen', 'ix', 'nu', 'pal', 'zen', 'cor', 'lum', 'tra', 'vio', 'ha'];
export function brand(rng: Rng): string {
  return Array.from({ length: rng.int(2, 3) }, () => rng.pick(SYL)).join('');
}

export function companyDomain(rng: Rng): string {
  return `${brand(rng)}${rng.pick(['.com', '.io', '.ai', '.co', '.de', '.com.br', '.co.jp', '.in', '.tech'])}`;
}

export function uniDomain(rng: Rng, country: string): string {
  const b = brand(rng);
  const tld: Record<string, string> = { JP: '.ac.jp', KR: '.ac.kr', CN: '.edu.cn', TW: '.edu.tw', IN: '.ac.in', BR: '.edu.br', AU: '.edu.au', ZA: '.ac.za', RU: '.ru', SG: '.edu.sg' };
  return `${rng.pick(['u', 'uni', 'st', ''])}${b}${tld[country] ?? '.edu'}`;
}

export const card = (rng: Rng): string => `pf_${rng.hex(20)}`;

export function keys(w: World, rng: Rng, n: number): string[] {
  return Array.from({ length: n }, () => w.newId(rng, 'key_', 18));
}

export interface AccountOpts {
  createdAt: number;
  country: string;
  email: string;
  payment: string;
  signupIp: string;
  tier: string;
  verified?: boolean;
  org?: string;
  nKeys?: number;
}

export function makeAccount(w: World, rng: Rng, o: AccountOpts): AccountRow {
  return {
    account_id: w.newId(rng, 'acct_', 12),
    created_at: new Date(Math.round(o.createdAt)).toISOString(),
    ...(o.org ? { org_id: o.org } : {}),
    email_domain: o.email,
    payment_fingerprint: o.payment,
    signup_ip: o.signupIp,
    country: o.country,
    tier: o.tier,
    verified: o.verified ?? false,
    api_keys: keys(w, rng, o.nKeys ?? 1),
  };
}

/** A creation time `ageDays` (lognormal around `median`) before the world starts. */
export function agedCreation(w: World, rng: Rng, median: number, sigma = 1): number {
  return w.t0 - Math.max(0.3, rng.lognormal(median, sigma)) * DAY - rng.int(0, DAY);
}
