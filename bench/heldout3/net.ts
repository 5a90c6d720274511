/**
 * heldout/v3's address plan, time zones, e-mail domains and daily activity
 * curves. The prefixes are plausible public ranges chosen for this generator;
 * nothing is looked up.
 */
import type { Rng } from './rng.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MIN = 60_000;

/** Residential /16s per country, and the country's fixed UTC offset in hours (no daylight saving here). */
export const COUNTRIES: Record<string, { isp: string[]; tz: number; v6?: string }> = {
  US: { isp: ['73.12', '98.207', '174.62', '24.130', '71.185'], tz: -5, v6: '2601:1c2' },
  CA: { isp: ['99.245', '142.112'], tz: -5 },
  MX: { isp: ['187.190', '201.141'], tz: -6 },
  BR: { isp: ['177.92', '189.6', '179.108'], tz: -3 },
  GB: { isp: ['86.150', '81.106', '92.40'], tz: 0, v6: '2a00:23c6' },
  DE: { isp: ['91.64', '79.246', '93.220'], tz: 1, v6: '2003:e4' },
  FR: { isp: ['90.45', '82.64'], tz: 1 },
  ES: { isp: ['83.45', '88.27'], tz: 1 },
  PL: { isp: ['83.24', '89.64'], tz: 1 },
  NG: { isp: ['105.112', '197.210'], tz: 1 },
  RU: { isp: ['95.24', '178.66', '46.138'], tz: 3 },
  KE: { isp: ['41.90', '105.160'], tz: 3 },
  IN: { isp: ['49.36', '117.199', '103.21'], tz: 5.5, v6: '2409:4050' },
  VN: { isp: ['113.161', '14.169'], tz: 7 },
  ID: { isp: ['36.72', '110.137'], tz: 7 },
  CN: { isp: ['113.88', '223.104', '117.136'], tz: 8 },
  SG: { isp: ['116.86', '118.200'], tz: 8 },
  KR: { isp: ['211.36', '121.134'], tz: 9 },
  JP: { isp: ['126.33', '60.117', '153.206'], tz: 9, v6: '240b:10' },
  AU: { isp: ['101.182', '120.159'], tz: 10 },
};

export const PEOPLE_COUNTRIES: (readonly [string, number])[] = [
  ['US', 28], ['IN', 12], ['GB', 7], ['DE', 6], ['BR', 6], ['CA', 3], ['FR', 4], ['ES', 3], ['JP', 4], ['KR', 3], ['CN', 4], ['RU', 4],
  ['PL', 2], ['NG', 2], ['KE', 1], ['VN', 2], ['ID', 2], ['SG', 1], ['AU', 2], ['MX', 2],
];

export const CLOUDS: Record<string, string[]> = {
  aws: ['3.89', '18.204', '52.14', '54.163', '44.210'],
  gcp: ['34.118', '35.226', '34.91'],
  azure: ['20.81', '40.112', '52.191'],
  hetzner: ['65.108', '95.216', '135.181'],
  ovh: ['51.75', '137.74', '57.128'],
  digitalocean: ['159.89', '167.99', '164.92'],
};

export const FREE_MAIL = ['gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com'];
export const LOCAL_MAIL: Record<string, string[]> = {
  CN: ['qq.com', '163.com'], RU: ['yandex.ru', 'mail.ru'], KR: ['naver.com'], DE: ['gmx.de', 'web.de'], JP: ['yahoo.co.jp'], FR: ['orange.fr'], BR: ['uol.com.br'],
};

export function octet(rng: Rng, lo = 1, hi = 254): number {
  return rng.int(lo, hi);
}

export function residentialIp(rng: Rng, country: string): string {
  const c = COUNTRIES[country] ?? COUNTRIES.US;
  return `${rng.pick(c.isp)}.${octet(rng)}.${octet(rng)}`;
}

export function cloudIp(rng: Rng, cloud?: string): string {
  const name = cloud ?? rng.pick(Object.keys(CLOUDS));
  return `${rng.pick(CLOUDS[name])}.${octet(rng)}.${octet(rng)}`;
}

/** An IPv6 household: a fixed /64 and an interface id that rotates (privacy addresses). */
export function v6Household(rng: Rng, country: string): string {
  const c = COUNTRIES[country];
  const p = c?.v6 ?? '2a02:8108';
  return `${p}:${rng.hex(4)}:${rng.hex(4)}`;
}
export function v6Address(prefix64: string, rng: Rng): string {
  return `${prefix64}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}`.replace(/:0+([0-9a-f])/g, ':$1');
}

export function personEmail(rng: Rng, country: string): string {
  const local = LOCAL_MAIL[country];
  return local && rng.chance(0.6) ? rng.pick(local) : rng.pick(FREE_MAIL);
}

/** Relative activity by local hour for each rhythm. */
export const CURVES: Record<string, number[]> = {
  // ordinary people: a little at lunch, most in the evening, some late
  human: [2, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5, 6, 5, 5, 5, 5, 6, 7, 8, 9, 9, 7, 4],
  office: [0, 0, 0, 0, 0, 0, 0, 0.5, 4, 9, 10, 9, 6, 8, 10, 9, 8, 5, 2, 1, 0.5, 0.5, 0, 0],
  student: [4, 3, 2, 1, 0.3, 0.2, 0.3, 1, 2, 4, 5, 5, 4, 5, 6, 6, 6, 6, 7, 8, 9, 10, 9, 7],
  night: [6, 10, 10, 8, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3],
  flat: Array.from({ length: 24 }, () => 1),
  app: [3, 2, 1.5, 1, 1, 1.5, 3, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 8, 9, 9, 9, 8, 6, 4],
};
const CURVE_PAIRS: Record<string, (readonly [number, number])[]> = Object.fromEntries(Object.entries(CURVES).map(([k, v]) => [k, v.map((w, h) => [h, w] as const)]));

/**
 * A UTC instant on day `d` (ms from the world start) whose local hour follows
 * `curve`; wrapped into the same UTC day so every actor stays in its day batch.
 */
export function timeOnDay(rng: Rng, d: number, tz: number, curve: string): number {
  const h = rng.weighted(CURVE_PAIRS[curve]);
  let utcMs = (h - tz) * HOUR + rng.next() * HOUR;
  utcMs = ((utcMs % DAY) + DAY) % DAY;
  return d * DAY + utcMs;
}

/** Local hour of an instant (ms from the world start, which is a UTC midnight). */
export function localHour(t: number, tz: number): number {
  return ((((t / HOUR + tz) % 24) + 24) % 24);
}
