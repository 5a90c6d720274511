/** What every unit (benign or campaign) shares: the sink, the corpora, the account table and the labels. */
import type { Corpora, Item } from './corpora.js';
import { type Account, type Req, Sink, DAY } from './model.js';
import { Rng, tag } from './rng.js';

export interface Row { account_id: string; created_at?: string; org_id?: string; email_domain?: string; payment_fingerprint?: string; signup_ip?: string; country?: string; tier?: string; verified?: boolean; api_keys?: string[] }
export interface Label { account_id: string; label: 'benign' | 'campaign'; campaign_id: string | null; persona: string }

export const TIERS = {
  free: { tpm: 12_000, rpm: 4 },
  plus: { tpm: 40_000, rpm: 20 },
  edu: { tpm: 20_000, rpm: 6 },
  build1: { tpm: 60_000, rpm: 60 },
  build2: { tpm: 250_000, rpm: 300 },
  build3: { tpm: 900_000, rpm: 1500 },
  enterprise: { tpm: 3_000_000, rpm: 4000 },
} as const;
export type Tier = keyof typeof TIERS;

export class Ctx {
  readonly rows: Row[] = [];
  readonly labels: Label[] = [];
  constructor(readonly sink: Sink, readonly corpora: Corpora, readonly start: number, readonly days: number) {}
  get end(): number { return this.start + this.days * DAY; }
  /** registers an account: its table row (some fields missing, as real tables are) and its label */
  account(o: { stream: string; r: Rng; persona: string; campaign: string | null; created: number; country: string; tz: number; tier: Tier; org?: string; email?: string; card?: string; signupIp?: string; verified?: boolean; keys?: number; zeroRetention?: boolean }): Account {
    const id = `acct_${tag(`${o.stream}|id`, 14)}`;
    const keys = Array.from({ length: o.keys ?? 1 }, (_, i) => `key_${tag(`${o.stream}|key|${i}`, 10)}`);
    const row: Row = { account_id: id, created_at: new Date(Math.floor(o.created / 1000) * 1000).toISOString().replace('.000Z', 'Z') };
    if (o.org) row.org_id = o.org;
    if (o.email) row.email_domain = o.email;
    if (o.card) row.payment_fingerprint = o.card;
    const mess = o.r.next();
    if (o.signupIp && mess > 0.06) row.signup_ip = o.signupIp;
    if (mess < 0.03 || mess > 0.05) row.country = o.country;
    if (mess < 0.08 || mess > 0.1) row.tier = o.tier;
    if (o.verified !== undefined) row.verified = o.verified;
    row.api_keys = keys;
    this.rows.push(row);
    this.labels.push({ account_id: id, label: o.campaign ? 'campaign' : 'benign', campaign_id: o.campaign, persona: o.persona });
    return { id, org: o.org, keys, country: o.country, tz: o.tz, created: Date.parse(row.created_at!), tpm: TIERS[o.tier].tpm, rpm: TIERS[o.tier].rpm, zeroRetention: o.zeroRetention };
  }
}

export const card = (s: string): string => `pm_${tag(`card|${s}`, 16)}`;
export const org = (s: string): string => `org_${tag(`org|${s}`, 10)}`;
export const item = (xs: readonly Item[], i: number): Item => xs[((i % xs.length) + xs.length) % xs.length]!;
export type { Req };
