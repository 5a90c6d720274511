/**
 * heldout/v7's address plan and clients. Each country has a few home ISPs
 * (an IPv4 /16 and an IPv6 /32 each) and a mobile carrier whose users sit
 * behind carrier-grade NAT (a small pool of IPv4 addresses shared by many
 * subscribers); clouds and proxy networks have their own ranges. Residential
 * and mobile proxy exits are drawn from the same home and carrier ranges real
 * people use, because that is what such proxies sell.
 */
import type { Rng } from './rng.js';

export interface Country { cc: string; offsetMin: number; lang: string; isps: [number, number][]; v6: string[]; mobile: [number, number] }

export const COUNTRIES: Country[] = [
  { cc: 'US', offsetMin: -300, lang: 'en', isps: [[73, 162], [98, 207], [174, 51]], v6: ['2601:4c1', '2600:1702'], mobile: [172, 58] },
  { cc: 'US', offsetMin: -480, lang: 'en', isps: [[76, 88], [99, 35]], v6: ['2601:640', '2600:387'], mobile: [107, 77] },
  { cc: 'GB', offsetMin: 0, lang: 'en', isps: [[86, 142], [82, 21]], v6: ['2a00:23c8', '2a02:c7c'], mobile: [92, 40] },
  { cc: 'DE', offsetMin: 60, lang: 'en', isps: [[91, 64], [87, 150]], v6: ['2003:e5', '2a02:8108'], mobile: [176, 3] },
  { cc: 'FR', offsetMin: 60, lang: 'en', isps: [[90, 12], [86, 246]], v6: ['2a01:cb1c', '2a01:e0a'], mobile: [37, 171] },
  { cc: 'IN', offsetMin: 330, lang: 'en', isps: [[117, 199], [49, 36]], v6: ['2401:4900', '2409:40c2'], mobile: [106, 210] },
  { cc: 'BR', offsetMin: -180, lang: 'en', isps: [[177, 94], [189, 40]], v6: ['2804:14c', '2804:d41'], mobile: [179, 240] },
  { cc: 'JP', offsetMin: 540, lang: 'ja', isps: [[126, 61], [153, 240]], v6: ['240b:11', '2400:4051'], mobile: [49, 98] },
  { cc: 'KR', offsetMin: 540, lang: 'ko', isps: [[121, 134], [211, 36]], v6: ['2001:2d8', '2001:e60'], mobile: [39, 7] },
  { cc: 'CN', offsetMin: 480, lang: 'zh', isps: [[114, 88], [183, 14]], v6: ['240e:3a1', '2408:8207'], mobile: [112, 96] },
  { cc: 'TW', offsetMin: 480, lang: 'zh', isps: [[114, 36], [1, 169]], v6: ['2001:b011', '2001:b400'], mobile: [42, 73] },
  { cc: 'RU', offsetMin: 180, lang: 'ru', isps: [[95, 24], [188, 162]], v6: ['2a00:1fa0', '2a02:2168'], mobile: [85, 140] },
  { cc: 'ES', offsetMin: 60, lang: 'es', isps: [[83, 45], [88, 27]], v6: ['2a0c:5a80', '2a02:9130'], mobile: [80, 58] },
  { cc: 'NG', offsetMin: 60, lang: 'en', isps: [[105, 112], [197, 210]], v6: ['2c0f:f6d0', '2c0f:fb50'], mobile: [102, 89] },
  { cc: 'AU', offsetMin: 600, lang: 'en', isps: [[101, 182], [120, 150]], v6: ['2001:8003', '2403:5800'], mobile: [1, 144] },
];
export const countryOf = (cc: string): Country => COUNTRIES.find((c) => c.cc === cc)!;

/** A home line: an IPv4 address that changes every few weeks, and an IPv6 /64. */
export interface Home { v4: string; v6: string; country: Country }
export function home(rng: Rng, country: Country): Home {
  const [a, b] = rng.pick(country.isps);
  return { country, v4: `${a}.${b}.${rng.int(0, 255)}.${rng.int(2, 254)}`, v6: `${rng.pick(country.v6)}:${rng.hex(4)}:${rng.hex(4)}` };
}
/** An address on a home line: dual-stack homes send over IPv6 much of the time. */
export function homeAddr(rng: Rng, h: Home, v6Share = 0.35): string {
  return rng.chance(v6Share) ? `${h.v6}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}` : h.v4;
}
/** A carrier-grade NAT address: one of ~200 per carrier, shared by many subscribers. */
export function mobileAddr(rng: Rng, country: Country): string {
  const [a, b] = country.mobile;
  return `${a}.${b}.${rng.int(16, 18)}.${rng.int(1, 70)}`;
}

export const CLOUDS = {
  aws: [[3, 91], [18, 204], [52, 14], [54, 183]],
  gcp: [[34, 118], [35, 231]],
  azure: [[20, 84], [40, 117]],
  hetzner: [[95, 216], [116, 203]],
  ovh: [[51, 91], [146, 59]],
  digitalocean: [[167, 99], [159, 65]],
  alibaba: [[47, 243], [8, 210]],
  github_actions: [[20, 102], [52, 233]],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;
export type Cloud = keyof typeof CLOUDS;
export function cloudAddr(rng: Rng, cloud: Cloud): string {
  const [a, b] = rng.pick<readonly [number, number]>(CLOUDS[cloud]);
  return `${a}.${b}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
}
/** Datacenter proxy pools rent whole /24s in a few hosting ranges. */
export const DC_PROXY: [number, number, number][] = [[45, 137, 21], [45, 152, 198], [185, 199, 229], [193, 176, 84], [154, 84, 150], [38, 153, 31]];
export function dcProxyAddr(rng: Rng, pool: number): string {
  const [a, b, c] = DC_PROXY[pool % DC_PROXY.length]!;
  return `${a}.${b}.${c + rng.int(0, 3)}.${rng.int(2, 254)}`;
}

export const UA = {
  pyOpenai: (r: Rng) => `OpenAI/Python ${r.pick(['1.54.4', '1.58.1', '1.61.0', '1.66.3', '2.3.0'])}`,
  jsOpenai: (r: Rng) => `OpenAI/JS ${r.pick(['4.73.1', '4.85.2', '5.10.1', '6.1.0'])}`,
  pyAnthropic: (r: Rng) => `Anthropic/Python ${r.pick(['0.40.0', '0.49.0', '0.57.1', '0.64.0'])}`,
  jsAnthropic: (r: Rng) => `Anthropic/JS ${r.pick(['0.33.1', '0.39.0', '0.52.0', '0.60.0'])}`,
  curl: (r: Rng) => `curl/${r.pick(['7.81.0', '8.5.0', '8.7.1'])}`,
  requests: (r: Rng) => `python-requests/${r.pick(['2.31.0', '2.32.3'])}`,
  httpx: (r: Rng) => `python-httpx/${r.pick(['0.27.0', '0.28.1'])}`,
  go: () => 'Go-http-client/2.0',
  axios: (r: Rng) => `axios/${r.pick(['1.6.8', '1.7.9'])}`,
  litellm: (r: Rng) => `litellm/${r.pick(['1.52.6', '1.60.2'])}`,
  browser: (r: Rng) => r.pick([
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  ]),
};
