/**
 * heldout/v6's own address plan, countries and clients. Addresses are drawn
 * from invented-but-plausible blocks per country and network kind; IPv6 sites
 * hand out privacy addresses inside one /64.
 */
import { Rng } from './rng.js';

export interface Country { cc: string; tz: number; langs: string[]; v4: number[]; mob: number[]; v6: string }

/** fixed UTC offsets (hours): no daylight saving inside the worlds' weeks */
export const COUNTRIES: readonly Country[] = [
  { cc: 'US', tz: -6, langs: ['en'], v4: [24, 67, 73, 98], mob: [172, 174], v6: '2600:1700' },
  { cc: 'CA', tz: -5, langs: ['en'], v4: [70, 142], mob: [184], v6: '2607:fea8' },
  { cc: 'GB', tz: 0, langs: ['en'], v4: [81, 86], mob: [92], v6: '2a00:23c7' },
  { cc: 'DE', tz: 1, langs: ['en', 'de'], v4: [79, 84, 91], mob: [109], v6: '2003:e6' },
  { cc: 'FR', tz: 1, langs: ['en', 'fr'], v4: [82, 90], mob: [37], v6: '2a01:cb1d' },
  { cc: 'ES', tz: 1, langs: ['es'], v4: [83, 88], mob: [213], v6: '2a0c:5a80' },
  { cc: 'IN', tz: 5.5, langs: ['en'], v4: [49, 106, 117], mob: [157, 223], v6: '2409:40e3' },
  { cc: 'CN', tz: 8, langs: ['zh'], v4: [36, 58, 114], mob: [39, 223], v6: '240e:3b7' },
  { cc: 'JP', tz: 9, langs: ['ja', 'en'], v4: [60, 126], mob: [49], v6: '2400:4051' },
  { cc: 'KR', tz: 9, langs: ['ko', 'en'], v4: [121, 175], mob: [223], v6: '2001:2d8' },
  { cc: 'BR', tz: -3, langs: ['pt', 'en'], v4: [177, 189], mob: [191], v6: '2804:14c' },
  { cc: 'RU', tz: 3, langs: ['ru'], v4: [95, 178], mob: [176], v6: '2a00:1fa0' },
  { cc: 'SG', tz: 8, langs: ['en', 'zh'], v4: [116, 118], mob: [111], v6: '2406:3003' },
  { cc: 'NG', tz: 1, langs: ['en'], v4: [102, 105], mob: [197], v6: '2c0f:f5c0' },
  { cc: 'MX', tz: -6, langs: ['es'], v4: [187, 201], mob: [189], v6: '2806:2f0' },
  { cc: 'VN', tz: 7, langs: ['vi', 'en'], v4: [113, 171], mob: [27], v6: '2402:800' },
  { cc: 'AU', tz: 10, langs: ['en'], v4: [101, 124], mob: [1], v6: '2001:8003' },
];
export const country = (cc: string): Country => COUNTRIES.find((c) => c.cc === cc)!;
/** individuals' countries, weighted roughly by API user counts */
export const PEOPLE_MIX: readonly (readonly [string, number])[] = [
  ['US', 26], ['IN', 10], ['GB', 6], ['DE', 6], ['CA', 4], ['FR', 4], ['BR', 5], ['JP', 4], ['KR', 3], ['CN', 4],
  ['ES', 3], ['RU', 3], ['SG', 2], ['NG', 3], ['MX', 3], ['VN', 3], ['AU', 3],
];

const oct = (r: Rng) => r.int(1, 254);
export function homeV4(r: Rng, c: Country): string { return `${r.pick(c.v4)}.${oct(r)}.${oct(r)}.${oct(r)}`; }
export function mobileV4(r: Rng, c: Country): string { return `${r.pick(c.mob)}.${r.int(0, 255)}.${oct(r)}.${oct(r)}`; }
export function v6Prefix(r: Rng, c: Country): string { return `${c.v6}:${r.hex(4)}:${r.hex(4)}`; }
export function v6In(r: Rng, prefix: string): string { return `${prefix}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}`.replace(/:0+([0-9a-f])/g, ':$1'); }

/** cloud and hosting blocks (first two octets) */
export const CLOUDS: Record<string, string[]> = {
  aws: ['3.91', '18.204', '52.14', '54.172'],
  gcp: ['34.118', '35.203'],
  azure: ['20.62', '40.83', '52.226'],
  hetzner: ['65.108', '116.203'],
  ovh: ['51.75', '141.94'],
  alicloud: ['47.243', '8.219'],
  vultr: ['45.76', '149.28'],
};
export function cloudV4(r: Rng, cloud: string): string { return `${r.pick(CLOUDS[cloud]!)}.${r.int(0, 255)}.${oct(r)}`; }

/** proxy providers: datacenter pools, residential and mobile exits per country */
export interface ProxyNet { name: string; kind: 'datacenter' | 'residential' | 'mobile'; exit(r: Rng, cc: string): string }
export const PROXIES: readonly ProxyNet[] = [
  { name: 'dc-pool-1', kind: 'datacenter', exit: (r) => `${r.pick(['193.233', '185.199', '45.137'])}.${r.int(0, 255)}.${oct(r)}` },
  { name: 'dc-pool-2', kind: 'datacenter', exit: (r) => `${r.pick(['91.243', '194.87'])}.${r.int(0, 255)}.${oct(r)}` },
  { name: 'resi-net', kind: 'residential', exit: (r, cc) => homeV4(r, country(cc)) },
  { name: 'resi-pro', kind: 'residential', exit: (r, cc) => homeV4(r, country(cc)) },
  { name: 'mob-4g', kind: 'mobile', exit: (r, cc) => mobileV4(r, country(cc)) },
];

export interface Client { ua: string; sdk: 'openai' | 'anthropic' | 'http'; stream: number }
export const PY_OPENAI = (r: Rng): Client => ({ ua: `OpenAI/Python ${r.pick(['1.99.9', '2.3.0', '2.6.1', '2.8.0'])}`, sdk: 'openai', stream: 0.2 });
export const JS_OPENAI = (r: Rng): Client => ({ ua: `OpenAI/JS ${r.pick(['5.12.2', '6.1.0', '6.7.0'])}`, sdk: 'openai', stream: 0.6 });
export const PY_ANTHROPIC = (r: Rng): Client => ({ ua: `Anthropic/Python ${r.pick(['0.64.0', '0.69.0', '0.72.0'])}`, sdk: 'anthropic', stream: 0.3 });
export const TS_ANTHROPIC = (r: Rng): Client => ({ ua: `Anthropic/JS ${r.pick(['0.60.0', '0.65.0', '0.68.0'])}`, sdk: 'anthropic', stream: 0.7 });
export const BROWSER = (r: Rng): Client => {
  const v = r.int(128, 142);
  const ua = r.weighted([
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`, 5],
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.${r.int(0, 6)} Safari/605.1.15`, 3],
    [`Mozilla/5.0 (X11; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`, 1],
    [`Mozilla/5.0 (iPhone; CPU iPhone OS 18_${r.int(0, 6)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148`, 2],
  ] as const);
  return { ua, sdk: 'http', stream: 0.95 };
};
export const CURL = (r: Rng): Client => ({ ua: `curl/8.${r.int(4, 14)}.${r.int(0, 1)}`, sdk: 'http', stream: 0 });
export const OTHER_HTTP = (r: Rng): Client => ({ ua: r.pick(['python-httpx/0.28.1', 'Go-http-client/2.0', 'axios/1.12.2', 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'okhttp/4.12.0', 'reqwest/0.12.23', 'aiohttp/3.12.15']), sdk: 'openai', stream: 0.1 });
export const ANY_DEV = (r: Rng): Client => r.pick([PY_OPENAI, JS_OPENAI, PY_ANTHROPIC, TS_ANTHROPIC, OTHER_HTTP, CURL])(r);

export const MAIL_FREE = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'qq.com', '163.com', 'yandex.ru', 'naver.com', 'gmx.de'];
export const MAIL_THROWAWAY = ['tmpmail.cc', 'inboxkitten.dev', 'mailsac.io', 'dropmail.me', 'burnermail.io'];
