/**
 * Where requests come from: countries with their hours and languages, address
 * pools (residential and mobile per country, cloud regions, proxy providers,
 * IPv4 and IPv6), and the clients people and scripts use.
 */
import { Rng, hash32 } from './rng.js';

export interface Country { cc: string; tz: number; lang: string; res4: string[]; res6: string; mob4: string[]; mob6: string }

/** offsets are standard time; the weeks simulated are outside most DST changes or fall on either side, which real logs also mix */
export const COUNTRIES: readonly Country[] = [
  { cc: 'US', tz: -5, lang: 'en', res4: ['73.', '98.', '24.', '67.'], res6: '2601:', mob4: ['172.58.', '174.204.'], mob6: '2607:fb90:' },
  { cc: 'US', tz: -8, lang: 'en', res4: ['76.', '71.', '108.'], res6: '2600:1700:', mob4: ['172.56.'], mob6: '2607:fb91:' },
  { cc: 'GB', tz: 0, lang: 'en', res4: ['86.', '81.', '92.'], res6: '2a00:23c', mob4: ['82.132.'], mob6: '2a01:4c8:' },
  { cc: 'DE', tz: 1, lang: 'de', res4: ['91.', '84.', '93.'], res6: '2003:', mob4: ['80.187.'], mob6: '2a01:598:' },
  { cc: 'FR', tz: 1, lang: 'fr', res4: ['90.', '86.', '109.'], res6: '2a01:cb', mob4: ['37.170.'], mob6: '2a04:cec0:' },
  { cc: 'ES', tz: 1, lang: 'es', res4: ['88.', '83.'], res6: '2a0c:5a8', mob4: ['37.132.'], mob6: '2a01:c50:' },
  { cc: 'BR', tz: -3, lang: 'pt', res4: ['177.', '189.', '179.'], res6: '2804:', mob4: ['191.39.'], mob6: '2804:18:' },
  { cc: 'IN', tz: 5.5, lang: 'en', res4: ['117.', '122.', '49.'], res6: '2401:4900:', mob4: ['106.76.', '223.187.'], mob6: '2409:40' },
  { cc: 'JP', tz: 9, lang: 'ja', res4: ['126.', '153.', '180.'], res6: '240b:', mob4: ['49.98.'], mob6: '2001:268:' },
  { cc: 'KR', tz: 9, lang: 'ko', res4: ['121.', '211.', '175.'], res6: '2001:2d8:', mob4: ['223.38.'], mob6: '2001:e60:' },
  { cc: 'RU', tz: 3, lang: 'ru', res4: ['95.', '178.', '188.'], res6: '2a00:1fa', mob4: ['31.173.'], mob6: '2a00:1fa0:' },
  { cc: 'TW', tz: 8, lang: 'zh', res4: ['114.', '36.', '1.'], res6: '2001:b011:', mob4: ['39.9.'], mob6: '2001:b400:' },
  { cc: 'SG', tz: 8, lang: 'en', res4: ['116.', '118.'], res6: '2406:3003:', mob4: ['111.65.'], mob6: '2406:3000:' },
  { cc: 'NG', tz: 1, lang: 'en', res4: ['102.', '105.', '197.'], res6: '2c0f:f5c0:', mob4: ['105.112.'], mob6: '2c0f:2a80:' },
  { cc: 'MX', tz: -6, lang: 'es', res4: ['187.', '201.'], res6: '2806:', mob4: ['189.203.'], mob6: '2806:10a0:' },
  { cc: 'PL', tz: 1, lang: 'pl', res4: ['83.', '89.', '31.'], res6: '2a02:a31', mob4: ['37.47.'], mob6: '2a00:f41:' },
  { cc: 'VN', tz: 7, lang: 'vi', res4: ['113.', '14.', '27.'], res6: '2405:4802:', mob4: ['171.224.'], mob6: '2402:800:' },
];
export const byCc = (cc: string) => COUNTRIES.filter((c) => c.cc === cc);

/** population weights of where ordinary users are */
export const COUNTRY_WEIGHT: readonly (readonly [Country, number])[] = COUNTRIES.map((c) => [c, ({ US: 14, GB: 5, DE: 5, FR: 4, ES: 3, BR: 5, IN: 9, JP: 4, KR: 3, RU: 3, TW: 2, SG: 1, NG: 2, MX: 3, PL: 2, VN: 2 } as Record<string, number>)[c.cc] ?? 1]);

const oct = (r: Rng) => r.int(1, 254);
const h16 = (r: Rng) => r.u32().toString(16).slice(0, 4).replace(/^0+(?=.)/, '');

export function v4(prefix: string, r: Rng): string {
  const parts = prefix.split('.').filter(Boolean).length;
  const rest: number[] = [];
  for (let i = parts; i < 4; i++) rest.push(oct(r));
  return prefix + rest.join('.');
}
/** an IPv6 address inside a prefix, with a privacy-extension interface id */
export function v6(prefix: string, r: Rng): string {
  let p = prefix;
  const groups = () => p.split(':').filter(Boolean).length;
  if (!p.endsWith(':')) p += h16(r) + ':';
  while (groups() < 4) p += h16(r) + ':';
  return `${p}${h16(r)}:${h16(r)}:${h16(r)}:${h16(r)}`;
}
/** a fixed /64 for a household or site, with a changing interface id */
export function v6Site(prefix: string, r: Rng): string {
  let p = prefix;
  if (!p.endsWith(':')) p += h16(r) + ':';
  while (p.split(':').filter(Boolean).length < 4) p += h16(r) + ':';
  return p;
}
export const inSite = (site: string, r: Rng) => `${site}${h16(r)}:${h16(r)}:${h16(r)}:${h16(r)}`;

export const residential = (c: Country, r: Rng, p6 = 0.35) => r.chance(p6) ? v6(c.res6, r) : v4(r.pick(c.res4), r);
export const mobile = (c: Country, r: Rng, p6 = 0.6) => r.chance(p6) ? v6(c.mob6, r) : v4(r.pick(c.mob4), r);

/** hosting ranges by provider: the addresses scripts and app back ends run from */
export const CLOUD: Record<string, { v4: string[]; v6: string }> = {
  aws: { v4: ['3.', '18.', '52.', '54.'], v6: '2600:1f18:' },
  gcp: { v4: ['34.', '35.'], v6: '2600:1900:' },
  azure: { v4: ['20.', '40.', '13.'], v6: '2603:1030:' },
  hetzner: { v4: ['5.75.', '65.21.', '95.217.'], v6: '2a01:4f8:' },
  ovh: { v4: ['51.38.', '54.36.', '141.94.'], v6: '2001:41d0:' },
  digitalocean: { v4: ['137.184.', '164.90.', '159.223.'], v6: '2604:a880:' },
};
export const cloud = (provider: string, r: Rng, p6 = 0.2) => r.chance(p6) ? v6(CLOUD[provider]!.v6, r) : v4(r.pick(CLOUD[provider]!.v4), r);

/** commercial proxy networks: datacenter ranges, or exits in real homes and phones */
export const PROXY_DC = ['45.86.', '185.199.', '193.233.', '194.87.', '91.92.'];
export function proxyExit(kind: 'dc' | 'resi' | 'mobile', r: Rng, cc?: string): string {
  if (kind === 'dc') return v4(r.pick(PROXY_DC), r);
  const c = cc ? r.pick(byCc(cc)) : r.weighted(COUNTRY_WEIGHT);
  return kind === 'resi' ? residential(c, r, 0.3) : mobile(c, r, 0.5);
}

export const SDK = {
  py: (r: Rng) => `OpenAI/Python ${r.pick(['1.47.1', '1.51.2', '1.54.3', '1.57.0', '1.59.7'])}`,
  js: (r: Rng) => `OpenAI/JS ${r.pick(['4.67.3', '4.71.1', '4.77.0'])}`,
  anth: (r: Rng) => `Anthropic/Python ${r.pick(['0.37.1', '0.39.0', '0.42.0'])}`,
  anthTs: (r: Rng) => `Anthropic/JS ${r.pick(['0.30.1', '0.32.1'])}`,
  curl: (r: Rng) => `curl/${r.pick(['7.88.1', '8.5.0', '8.7.1'])}`,
  httpx: (r: Rng) => `python-httpx/${r.pick(['0.25.2', '0.27.0', '0.27.2'])}`,
  requests: (r: Rng) => `python-requests/${r.pick(['2.31.0', '2.32.3'])}`,
  go: () => 'Go-http-client/2.0',
  java: (r: Rng) => `okhttp/${r.pick(['4.11.0', '4.12.0'])}`,
  rust: (r: Rng) => `reqwest/${r.pick(['0.11.27', '0.12.4'])}`,
};
const CHROME = ['128.0.0.0', '129.0.0.0', '130.0.0.0', '131.0.0.0'];
export function browser(r: Rng): string {
  const v = r.pick(CHROME);
  return r.weighted([
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`, 5],
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Safari/537.36`, 3],
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15`, 2],
    [`Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0`, 1],
    [`Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1`, 2],
    [`Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v} Mobile Safari/537.36`, 2],
  ] as const);
}
export const APPS = ['Chatbox/1.6.2', 'LibreChat/0.7.5', 'TypingMind/2024.10', 'BoltAI/1.27 (macOS 14.6)', 'Msty/1.3.1', 'OpenCat/2.41 (iOS 17.6)'];

export const MODELS = { big: 'helios-2', small: 'helios-2-mini', reason: 'helios-2-think', legacy: 'helios-1.5' };

/** which endpoint a client string speaks */
export function endpointOf(ua: string): string {
  if (ua.startsWith('Anthropic')) return 'messages';
  if (/curl|Go-http|okhttp|reqwest/.test(ua)) return hash32(ua) % 2 ? 'chat.completions' : 'responses';
  return 'chat.completions';
}
