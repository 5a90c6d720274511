/**
 * The infrastructure actors sit on: IP ranges, client user agents, e-mail
 * domains, payment instruments, countries and time zones, activity profiles.
 * Everything is drawn from shared vocabularies, so a campaign's user agent or IP
 * range is never a tell of the strategy that made it: only how it is *used*.
 */
import type { Rng } from './rng.js';

// First octets of ranges typical of each kind of network. Not real allocations,
// just plausible neighbourhoods so that /16 and /24 structure is realistic.
const RESIDENTIAL_A = [24, 47, 50, 67, 68, 71, 73, 75, 76, 98, 99, 108, 174, 2, 5, 31, 37, 46, 62, 77, 78, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 92, 93, 94, 95, 109, 151, 176, 177, 179, 186, 187, 189, 190, 191, 200, 201, 14, 27, 36, 39, 42, 49, 58, 59, 60, 61, 101, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 121, 122, 123, 124, 125, 180, 182, 183, 220, 221, 222];
const CLOUD_A = [3, 13, 18, 20, 34, 35, 40, 44, 52, 54, 104, 130, 137, 146, 157, 168];
const HOSTING_A = [45, 64, 66, 91, 103, 107, 136, 138, 139, 141, 142, 144, 149, 154, 155, 158, 159, 162, 165, 167, 172, 178, 185, 188, 192, 193, 194, 195, 198, 199, 209, 212, 213, 217];

export type NetKind = 'residential' | 'cloud' | 'hosting' | 'mobile';

/** A /16 of the given kind, as [a, b]. */
export function net16(rng: Rng, kind: NetKind): [number, number] {
  const a = rng.pick(kind === 'cloud' ? CLOUD_A : kind === 'hosting' ? HOSTING_A : RESIDENTIAL_A);
  return [a, rng.int(256)];
}

/** A host in a random /24 of the /16. */
export function ipIn16(rng: Rng, n16: [number, number]): string {
  return `${n16[0]}.${n16[1]}.${rng.int(256)}.${1 + rng.int(254)}`;
}

/** A host in a fixed /24 ("a.b.c"). */
export function ipIn24(rng: Rng, n24: string): string {
  return `${n24}.${1 + rng.int(254)}`;
}

/** A random IPv6 address in a residential or mobile /32-ish prefix. */
export function ipv6(rng: Rng, prefix?: string): string {
  const p = prefix ?? `${rng.pick(['2a02', '2a01', '2600', '2601', '2603', '2405', '2409', '2806', '2001'])}:${rng.hex(4)}`;
  return `${p}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}`.replace(/:0{1,3}/g, ':');
}

/** One address of the given kind anywhere. */
export function anyIp(rng: Rng, kind: NetKind): string {
  if (kind === 'mobile') return rng.chance(0.6) ? ipv6(rng) : ipIn16(rng, net16(rng, 'residential'));
  return ipIn16(rng, net16(rng, kind));
}

/**
 * A proxy pool: `size` exit IPs over `subnets` /24s of the given kinds, the way
 * proxy resellers sell them (many subnets, several neighbours in each).
 */
export function proxyPool(rng: Rng, size: number, subnets: number, kinds: NetKind[]): string[] {
  const nets: string[] = [];
  for (let i = 0; i < Math.max(1, subnets); i++) {
    const n = net16(rng, rng.pick(kinds));
    nets.push(`${n[0]}.${n[1]}.${rng.int(256)}`);
  }
  const out: string[] = [];
  for (let i = 0; i < Math.max(1, size); i++) out.push(ipIn24(rng, rng.pick(nets)));
  return out;
}

// ---- user agents: SDKs, HTTP libraries and browsers, with versions drawn per actor

/** One SDK or HTTP-library user agent with a plausible version. */
export function sdkUserAgent(rng: Rng): string {
  const k = rng.weighted([30, 18, 10, 8, 8, 5, 5, 4, 4, 3, 3, 2]);
  const v = (a: number, b: number) => `${a}.${rng.between(0, b)}`;
  switch (k) {
    case 0: return `OpenAI/Python ${v(1, 60)}.${rng.int(10)}`;
    case 1: return `Anthropic/Python ${v(0, 45)}.${rng.int(6)}`;
    case 2: return `OpenAI/JS ${v(4, 80)}.${rng.int(8)}`;
    case 3: return `python-requests/2.${rng.between(25, 32)}.${rng.int(4)}`;
    case 4: return `python-httpx/0.${rng.between(23, 28)}.${rng.int(3)}`;
    case 5: return `Anthropic/JS ${v(0, 40)}.${rng.int(5)}`;
    case 6: return `Python/3.${rng.between(9, 13)} aiohttp/3.${rng.between(8, 11)}.${rng.int(6)}`;
    case 7: return `axios/1.${rng.between(4, 8)}.${rng.int(8)}`;
    case 8: return `curl/8.${rng.between(0, 11)}.${rng.int(2)}`;
    case 9: return 'Go-http-client/2.0';
    case 10: return `okhttp/4.${rng.between(9, 12)}.0`;
    default: return `langchain-openai/0.${rng.between(1, 3)}.${rng.int(20)} OpenAI/Python ${v(1, 60)}.${rng.int(10)}`;
  }
}

/** A browser user agent (playgrounds, chat front ends calling the API from the page). */
export function browserUserAgent(rng: Rng): string {
  const k = rng.weighted([45, 20, 15, 10, 10]);
  const chrome = rng.between(118, 133);
  switch (k) {
    case 0: return `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`;
    case 1: return `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`;
    case 2: return `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${rng.between(16, 18)}.${rng.int(6)} Safari/605.1.15`;
    case 3: return `Mozilla/5.0 (X11; Linux x86_64; rv:${rng.between(115, 134)}.0) Gecko/20100101 Firefox/${rng.between(115, 134)}.0`;
    default: return `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${rng.int(7)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${rng.int(6)} Mobile/15E148 Safari/604.1`;
  }
}

// ---- identity

const FREEMAIL = ['gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'proton.me', 'icloud.com', 'qq.com', '163.com', 'mail.ru', 'yandex.ru', 'gmx.de', 'web.de', 'naver.com', 'yahoo.co.jp', 'protonmail.com', 'aol.com'];
const SYL = ['bright', 'north', 'lake', 'stone', 'data', 'cloud', 'quant', 'nova', 'blue', 'peak', 'river', 'pixel', 'forge', 'lumen', 'vector', 'orbit', 'harbor', 'maple', 'iron', 'sage', 'swift', 'delta', 'echo', 'arc', 'pine', 'atlas', 'kin', 'mosaic'];
const TLD = ['com', 'io', 'ai', 'co', 'dev', 'de', 'co.uk', 'fr', 'net', 'app', 'tech', 'jp', 'com.br', 'in'];
const UNI = ['state', 'tech', 'poly', 'city', 'national', 'central', 'western', 'eastern', 'royal', 'metropolitan'];
const UNI_TLD = ['edu', 'edu', 'ac.uk', 'edu.au', 'ac.jp', 'de', 'edu.cn', 'ac.in', 'edu.br', 'ca'];

export function freemailDomain(rng: Rng): string {
  return rng.pick(FREEMAIL);
}

export function companyDomain(rng: Rng): string {
  return `${rng.pick(SYL)}${rng.pick(SYL)}${rng.chance(0.2) ? '-labs' : ''}.${rng.pick(TLD)}`;
}

export function campusDomain(rng: Rng): string {
  return `${rng.chance(0.5) ? rng.pick(['cs.', 'student.', 'mail.', 'stud.']) : ''}${rng.pick(SYL)}${rng.pick(UNI)}.${rng.pick(UNI_TLD)}`;
}

export function paymentFingerprint(rng: Rng): string {
  return `pm_${rng.hex(16)}`;
}

export function accountId(rng: Rng): string {
  return `acct_${rng.b32(14)}`;
}

export function orgId(rng: Rng): string {
  return `org_${rng.b32(12)}`;
}

export function keyId(rng: Rng): string {
  return `key_${rng.b32(10)}`;
}

/** Country with its (rounded) UTC offset in hours; weights roughly follow API usage. */
export const COUNTRIES: ReadonlyArray<[string, number, number]> = [
  ['US', -5, 22], ['US', -8, 12], ['US', -6, 6], ['GB', 0, 6], ['DE', 1, 5], ['FR', 1, 4], ['IN', 5.5, 8], ['BR', -3, 4], ['CA', -5, 3], ['JP', 9, 4],
  ['KR', 9, 3], ['CN', 8, 3], ['SG', 8, 2], ['AU', 10, 2], ['ES', 1, 2], ['NL', 1, 2], ['PL', 1, 2], ['RU', 3, 2], ['TR', 3, 1], ['MX', -6, 2],
  ['ID', 7, 2], ['VN', 7, 1], ['NG', 1, 1], ['IL', 2, 1], ['SE', 1, 1], ['IT', 1, 2], ['UA', 2, 1], ['AR', -3, 1], ['ZA', 2, 1], ['PH', 8, 1],
];
const COUNTRY_W = COUNTRIES.map((c) => c[2]);

/** A country and its UTC offset in hours. */
export function country(rng: Rng): { country: string; tz: number } {
  const c = COUNTRIES[rng.weighted(COUNTRY_W)];
  return { country: c[0], tz: c[1] };
}

// ---- activity profiles: relative intensity per local hour (max 1)

export const PROFILE = {
  /** people at home: light at lunch, peak in the evening */
  evening: [0.15, 0.08, 0.04, 0.02, 0.02, 0.03, 0.08, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.45, 0.45, 0.5, 0.55, 0.6, 0.7, 0.85, 1, 1, 0.8, 0.45],
  /** office hours with a lunch dip */
  work: [0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.6, 0.95, 1, 0.95, 0.6, 0.8, 1, 0.95, 0.85, 0.6, 0.3, 0.15, 0.1, 0.08, 0.05, 0.02],
  /** a consumer app's users: never zero, follows the day of its main market */
  app: [0.35, 0.25, 0.2, 0.18, 0.18, 0.22, 0.35, 0.5, 0.65, 0.75, 0.8, 0.85, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.95, 1, 1, 0.9, 0.7, 0.5],
  /** waking hours of one person, spread out (9 to 23) */
  waking: [0.05, 0.02, 0.01, 0.01, 0.01, 0.01, 0.03, 0.15, 0.4, 0.7, 0.8, 0.8, 0.7, 0.8, 0.85, 0.85, 0.8, 0.75, 0.8, 0.9, 1, 0.9, 0.6, 0.25],
  /** around the clock, nearly flat */
  flat: [0.92, 0.9, 0.9, 0.9, 0.92, 0.95, 0.97, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.98, 0.96, 0.95, 0.93],
} as const;

/** When an actor is active: hour-of-day weights in its own time zone, and how weekends compare. */
export interface Activity {
  hours: readonly number[];
  /** UTC offset in hours */
  tz: number;
  /** weekend intensity relative to weekdays (0 = never, 1 = same, >1 = more) */
  weekend: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

function weight(a: Activity, t: number, wkScale: number): number {
  const local = t + a.tz * HOUR;
  const h = Math.floor((local % DAY) / HOUR);
  const dow = Math.floor(local / DAY + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const wk = dow === 0 || dow === 6 ? a.weekend : 1;
  return a.hours[h] * wk * wkScale;
}

function meanWeight(a: Activity): number {
  let s = 0;
  for (const w of a.hours) s += w;
  return ((s / 24) * (5 + 2 * a.weekend)) / 7;
}

/**
 * Next event time after `t` of a Poisson process averaging `perDay` events a day
 * shaped by the activity profile (Lewis–Shedler thinning). Infinity when the
 * profile never allows activity.
 */
export function nextActive(rng: Rng, t: number, perDay: number, a: Activity): number {
  if (perDay <= 0) return Infinity;
  const wkScale = 1 / Math.max(1, a.weekend);
  const mean = meanWeight(a) * wkScale;
  if (mean <= 0) return Infinity;
  const peakPerMs = perDay / DAY / mean;
  for (let i = 0; i < 100_000; i++) {
    t += rng.exp(1 / peakPerMs);
    if (rng.next() < weight(a, t, wkScale)) return t;
  }
  return Infinity;
}

export { HOUR, DAY };
