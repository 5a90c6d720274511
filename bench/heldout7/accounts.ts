/** Account rows and identities for heldout/v7 (contract §2), and the models on offer. */
import type { Rng } from './rng.js';
import type { Account } from './model.js';

export const MODELS = { large: 'm-large-2', small: 'm-small-2', reason: 'm-reason-2', next: 'm-large-3' } as const;
/** The day (from the world's start) the provider releases `MODELS.next`. */
export const RELEASE_DAY = 7;

export const MAIL = {
  en: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com'],
  ja: ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp'],
  zh: ['qq.com', '163.com', 'gmail.com', 'outlook.com'],
  ru: ['mail.ru', 'yandex.ru', 'gmail.com'],
  ko: ['naver.com', 'gmail.com', 'daum.net'],
  es: ['gmail.com', 'hotmail.es', 'outlook.com'],
} as Record<string, string[]>;
export const mailFor = (rng: Rng, lang: string): string => rng.pick(MAIL[lang] ?? MAIL.en!);

const SYL = ['ka', 'lo', 'ven', 'tar', 'mi', 'sol', 'bri', 'on', 'dex', 'ra', 'quo', 'nel', 'fi', 'zu', 'mar', 'pel', 'tis', 'gor', 'ha', 'wen'];
/** A made-up but pronounceable name for an organisation, product or school. */
export const coinage = (rng: Rng, parts = 2): string => Array.from({ length: parts }, () => rng.pick(SYL)).join('');

export interface NewAccount {
  persona: string; created_at: number; label?: 'benign' | 'campaign'; campaign_id?: string | null;
  org_id?: string; email_domain?: string; payment_fingerprint?: string; signup_ip?: string; country?: string;
  tier?: string; verified?: boolean; keys?: number;
}
export function account(rng: Rng, a: NewAccount): Account {
  const id = `acc_${rng.hex(14)}`;
  // ages given in whole days get a time of day (earlier, so never after a first request)
  const created = a.created_at % 86_400_000 === 0 ? a.created_at - Math.floor(rng.next() * 86_400_000) : a.created_at;
  return {
    account_id: id, org_id: a.org_id, created_at: created, email_domain: a.email_domain,
    payment_fingerprint: a.payment_fingerprint ?? `pm_${rng.hex(16)}`, signup_ip: a.signup_ip, country: a.country,
    tier: a.tier ?? 'tier-1', verified: a.verified ?? false,
    api_keys: Array.from({ length: a.keys ?? 1 }, () => `key_${rng.hex(12)}`),
    label: a.label ?? 'benign', campaign_id: a.campaign_id ?? null, persona: a.persona,
  };
}
export const card = (rng: Rng): string => `pm_${rng.hex(16)}`;
export const orgId = (rng: Rng): string => `org_${rng.hex(10)}`;
