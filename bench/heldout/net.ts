/**
 * Who sends traffic and from where: countries with their UTC offsets, address
 * ranges (residential, cloud, campus, office, IPv6), real client User-Agent
 * strings, sign-up e-mail domains and model names.
 */
import type { Rng } from './rng.js';

export interface Country {
  code: string;
  /** UTC offset in hours, standard time (daylight saving ignored) */
  tz: number;
  /** first octets of consumer ISP ranges in that country */
  resV4: string[];
  /** consumer IPv6 prefixes (two or three hextets) */
  resV6: string[];
  mail: string[];
  lang: string;
}

export const COUNTRIES: Country[] = [
  { code: 'US', tz: -5, resV4: ['73', '24', '98', '71', '174', '67', '108'], resV6: ['2600:1700', '2601:14', '2603:8000'], mail: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'aol.com'], lang: 'en' },
  { code: 'US', tz: -8, resV4: ['76', '99', '107', '172', '47'], resV6: ['2601:646', '2600:387'], mail: ['gmail.com', 'icloud.com', 'outlook.com', 'proton.me'], lang: 'en' },
  { code: 'CA', tz: -5, resV4: ['142', '174', '99', '70'], resV6: ['2607:fea8'], mail: ['gmail.com', 'hotmail.com', 'outlook.com'], lang: 'en' },
  { code: 'GB', tz: 0, resV4: ['86', '81', '90', '92', '31'], resV6: ['2a00:23c5', '2a02:c7c'], mail: ['gmail.com', 'outlook.com', 'btinternet.com', 'yahoo.co.uk'], lang: 'en' },
  { code: 'DE', tz: 1, resV4: ['91', '84', '79', '93', '87'], resV6: ['2003:e5', '2a02:810d', '2a01:c23'], mail: ['gmail.com', 'web.de', 'gmx.de', 't-online.de'], lang: 'de' },
  { code: 'FR', tz: 1, resV4: ['90', '86', '82', '92', '109'], resV6: ['2a01:cb00', '2a01:e0a'], mail: ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net'], lang: 'fr' },
  { code: 'ES', tz: 1, resV4: ['83', '88', '79', '95'], resV6: ['2a0c:5a80'], mail: ['gmail.com', 'hotmail.es', 'yahoo.es'], lang: 'es' },
  { code: 'BR', tz: -3, resV4: ['177', '179', '187', '189', '201'], resV6: ['2804:14c', '2804:d59'], mail: ['gmail.com', 'hotmail.com', 'uol.com.br'], lang: 'pt' },
  { code: 'IN', tz: 5.5, resV4: ['49', '103', '117', '122', '157'], resV6: ['2409:4050', '2401:4900'], mail: ['gmail.com', 'yahoo.in', 'rediffmail.com', 'outlook.com'], lang: 'en' },
  { code: 'RU', tz: 3, resV4: ['95', '178', '188', '46', '217'], resV6: ['2a00:1fa0'], mail: ['yandex.ru', 'mail.ru', 'gmail.com'], lang: 'ru' },
  { code: 'CN', tz: 8, resV4: ['113', '183', '223', '36', '120'], resV6: ['240e:3b1', '2409:8a1e'], mail: ['qq.com', '163.com', 'gmail.com', 'outlook.com'], lang: 'zh' },
  { code: 'JP', tz: 9, resV4: ['126', '153', '180', '219', '60'], resV6: ['240b:10', '2400:4051'], mail: ['gmail.com', 'yahoo.co.jp', 'icloud.com', 'docomo.ne.jp'], lang: 'ja' },
  { code: 'KR', tz: 9, resV4: ['121', '175', '211', '218', '112'], resV6: ['2001:2d8'], mail: ['naver.com', 'gmail.com', 'daum.net'], lang: 'ko' },
  { code: 'SG', tz: 8, resV4: ['116', '118', '58'], resV6: ['2406:3003'], mail: ['gmail.com', 'outlook.com'], lang: 'en' },
  { code: 'AU', tz: 10, resV4: ['101', '110', '121', '124'], resV6: ['2001:8003'], mail: ['gmail.com', 'bigpond.com', 'outlook.com'], lang: 'en' },
  { code: 'NL', tz: 1, resV4: ['84', '83', '77', '145'], resV6: ['2a02:a46'], mail: ['gmail.com', 'ziggo.nl', 'outlook.com'], lang: 'en' },
  { code: 'PL', tz: 1, resV4: ['83', '89', '178', '31'], resV6: ['2a02:a31a'], mail: ['gmail.com', 'wp.pl', 'onet.pl'], lang: 'en' },
  { code: 'MX', tz: -6, resV4: ['187', '189', '201', '177'], resV6: ['2806:2f0'], mail: ['gmail.com', 'hotmail.com', 'outlook.com'], lang: 'es' },
  { code: 'TW', tz: 8, resV4: ['1', '36', '114', '118'], resV6: ['2001:b011'], mail: ['gmail.com', 'yahoo.com.tw'], lang: 'zh' },
];

/** Weights for where ordinary users come from. */
export const COUNTRY_WEIGHTS: [Country, number][] = COUNTRIES.map((c) => [c, ({ US: 9, IN: 4, GB: 3, DE: 3, BR: 2, CA: 2, FR: 2, JP: 2, KR: 1.5, CN: 1, RU: 1, ES: 1, AU: 1, NL: 1, PL: 1, MX: 1, SG: 0.7, TW: 0.7 } as Record<string, number>)[c.code] ?? 1]);

export function countryByCode(rng: Rng, code: string): Country {
  return rng.pick(COUNTRIES.filter((c) => c.code === code));
}

const octet = (rng: Rng, lo = 1, hi = 254) => rng.int(lo, hi);

export function residentialIp(rng: Rng, c: Country, v6share = 0.25): string {
  if (rng.chance(v6share)) {
    const p = rng.pick(c.resV6);
    const fill = 8 - p.split(':').length;
    const hextets: string[] = [];
    for (let i = 0; i < fill; i++) hextets.push(rng.int(0, 0xffff).toString(16));
    return `${p}:${hextets.join(':')}`;
  }
  return `${rng.pick(c.resV4)}.${octet(rng, 0, 255)}.${octet(rng, 0, 255)}.${octet(rng)}`;
}

/** Public cloud and hosting ranges (AWS, GCP, Azure, Hetzner, OVH, DigitalOcean, Linode). */
const CLOUD_V4 = ['3.84', '3.21', '18.204', '18.118', '52.14', '52.23', '54.91', '54.210', '34.82', '34.145', '35.185', '35.230', '20.81', '20.112', '40.76', '95.216', '88.198', '116.203', '51.75', '141.94', '159.89', '167.99', '138.68', '139.162', '172.105'];
const CLOUD_V6 = ['2600:1f18', '2600:1f14', '2a01:4f8', '2a01:4f9', '2604:a880:800', '2600:3c00'];

export function cloudPrefix(rng: Rng): string {
  return rng.pick(CLOUD_V4);
}

export function cloudIp(rng: Rng, prefix?: string): string {
  if (!prefix && rng.chance(0.08)) {
    const p = rng.pick(CLOUD_V6);
    const fill = 8 - p.split(':').length;
    return `${p}:${Array.from({ length: fill }, () => rng.int(0, 0xffff).toString(16)).join(':')}`;
  }
  return `${prefix ?? rng.pick(CLOUD_V4)}.${octet(rng, 0, 255)}.${octet(rng)}`;
}

/** University networks that NAT a whole campus behind a few addresses. */
const CAMPUS_V4 = ['128.32', '171.64', '18.7', '128.112', '129.67', '131.111', '192.33', '130.126', '141.212'];

export function campusNat(rng: Rng): string[] {
  const p = rng.pick(CAMPUS_V4);
  const c = octet(rng, 0, 255);
  const base = octet(rng, 2, 240);
  return Array.from({ length: rng.int(1, 3) }, (_, i) => `${p}.${c}.${base + i}`);
}

/** A business line: a /28 of an ISP's business block. */
export function officeRange(rng: Rng): string[] {
  const p = rng.pick(['212.58', '62.245', '194.74', '80.94', '38.140', '64.125', '203.0.178', '155.190']);
  const parts = p.split('.');
  const third = parts.length === 3 ? '' : `.${octet(rng, 0, 255)}`;
  const base = 16 * rng.int(1, 14);
  return Array.from({ length: 14 }, (_, i) => `${p}${third}.${base + i}`);
}

export const UA = {
  openaiPython: ['OpenAI/Python 1.54.4', 'OpenAI/Python 1.58.1', 'OpenAI/Python 1.97.0', 'OpenAI/Python 2.8.1'],
  anthropicPython: ['Anthropic/Python 0.40.0', 'Anthropic/Python 0.49.0', 'Anthropic/Python 0.64.0', 'Anthropic/Python 0.71.0'],
  anthropicTs: ['Anthropic/JS 0.32.1', 'Anthropic/JS 0.39.0', 'Anthropic/JS 0.60.0', 'Anthropic/JS 0.68.0'],
  openaiJs: ['OpenAI/JS 4.77.0', 'OpenAI/JS 4.104.0', 'OpenAI/JS 5.20.1'],
  curl: ['curl/7.81.0', 'curl/8.5.0', 'curl/8.7.1', 'curl/8.11.1'],
  scripts: ['python-requests/2.31.0', 'python-requests/2.32.3', 'python-httpx/0.27.2', 'python-httpx/0.28.1', 'Python/3.11 aiohttp/3.10.10', 'axios/1.7.9', 'Go-http-client/2.0', 'PostmanRuntime/7.42.0'],
  browsers: [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:142.0) Gecko/20100101 Firefox/142.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  ],
} as const;

export type UaFamily = keyof typeof UA;

/** Endpoint a client family calls: OpenAI SDKs use the compatible chat completions route. */
export function endpointFor(ua: string): string {
  if (ua.startsWith('OpenAI/')) return 'chat.completions';
  return 'messages';
}

export const MODELS = {
  big: 'claude-opus-4-1-20250805',
  mid: 'claude-sonnet-4-5-20250929',
  small: 'claude-haiku-4-5-20251001',
  old: 'claude-3-5-haiku-20241022',
};

export const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'hotmail.com'];
/** Public disposable-inbox services. */
export const DISPOSABLE_MAIL = ['mailinator.com', 'guerrillamail.com', 'sharklasers.com', 'yopmail.com', '10minutemail.net', 'tempmail.dev', 'dropmail.me', 'mail.tm', 'emailnax.com', 'tmpbox.net', 'spamgourmet.com', 'maildrop.cc'];
