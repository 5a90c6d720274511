/**
 * heldout/v9's own address plan, countries and clients.
 *
 * - Home lines: per country two or three ISPs; a **dual-stack** ISP gives a
 *   household a stable IPv4 for the whole ten days and a delegated IPv6 /56
 *   whose prefix is renumbered every Monday; a **DS-Lite** ISP gives no public
 *   IPv4 of its own: IPv4 leaves through the ISP's AFTR pool of 16 addresses
 *   shared by all its customers (IPv6 as dual-stack).
 * - Mobile: carrier CGNAT pools (a /22 per carrier, the address changes each
 *   session), IPv6 a /64 per handset.
 * - A satellite ISP: one CGNAT /24 spread over several countries.
 * - Campus: a NAT of 8 addresses, the address chosen by (user, hour).
 * - Offices: one IPv4 egress and an IPv6 /48 with an address per device.
 * - Clouds (public ranges of the big providers), serverless egress (a fresh
 *   address per invocation), CI runners (a fresh address per job).
 * - Residential proxies (exits are other people's home lines: the same ISP
 *   blocks as benign homes), and a 4G-modem proxy farm inside one carrier's
 *   CGNAT, a modem's address rotating every 10–20 minutes.
 */
import { Rng, murmur } from './rng.js';

export interface Isp { name: string; v4: [number, number]; v6: string; dslite: boolean }
export interface Country { cc: string; tz: number; lang: string; weight: number; isps: Isp[]; carrier: { v4: [number, number, number]; v6: string } }

const isp = (name: string, a: number, b: number, v6: string, dslite = false): Isp => ({ name, v4: [a, b], v6, dslite });
export const COUNTRIES: Country[] = [
  { cc: 'US', tz: -6, lang: 'en', weight: 24, isps: [isp('us-cable', 73, 114, '2601:4c1'), isp('us-fiber', 108, 28, '2600:1702'), isp('us-dsl', 99, 46, '2602:ae3')], carrier: { v4: [172, 58, 64], v6: '2607:fb91' } },
  { cc: 'GB', tz: 0, lang: 'en', weight: 8, isps: [isp('gb-bt', 86, 151, '2a00:23c7'), isp('gb-vm', 82, 37, '2a02:c7c')], carrier: { v4: [92, 40, 176], v6: '2a01:4c8' } },
  { cc: 'DE', tz: 1, lang: 'de', weight: 7, isps: [isp('de-dtag', 91, 60, '2003:e2'), isp('de-vf', 95, 90, '2a02:8109', true)], carrier: { v4: [80, 187, 96], v6: '2a01:598' } },
  { cc: 'FR', tz: 1, lang: 'fr', weight: 5, isps: [isp('fr-orange', 90, 112, '2a01:cb04'), isp('fr-free', 88, 170, '2a01:e0a')], carrier: { v4: [37, 171, 32], v6: '2a04:cec0' } },
  { cc: 'IN', tz: 5.5, lang: 'en', weight: 9, isps: [isp('in-jio', 49, 36, '2405:201', true), isp('in-act', 106, 51, '2401:4900')], carrier: { v4: [157, 48, 128], v6: '2409:40f2' } },
  { cc: 'BR', tz: -3, lang: 'pt', weight: 6, isps: [isp('br-vivo', 177, 94, '2804:7f0'), isp('br-claro', 189, 6, '2804:14c')], carrier: { v4: [179, 240, 16], v6: '2804:18' } },
  { cc: 'JP', tz: 9, lang: 'ja', weight: 5, isps: [isp('jp-ntt', 126, 74, '240b:10'), isp('jp-kddi', 106, 180, '2001:268', true)], carrier: { v4: [49, 98, 200], v6: '2400:4050' } },
  { cc: 'KR', tz: 9, lang: 'ko', weight: 3, isps: [isp('kr-kt', 121, 133, '2001:e60'), isp('kr-sk', 175, 223, '2001:2d8')], carrier: { v4: [223, 38, 8], v6: '2001:4430' } },
  { cc: 'RU', tz: 3, lang: 'ru', weight: 4, isps: [isp('ru-rt', 95, 24, '2a03:d000'), isp('ru-mts', 83, 220, '2a00:1fa0')], carrier: { v4: [176, 59, 40], v6: '2a00:1fa1' } },
  { cc: 'CN', tz: 8, lang: 'zh', weight: 4, isps: [isp('cn-ct', 113, 88, '240e:3b4'), isp('cn-cu', 123, 118, '2408:8207')], carrier: { v4: [117, 136, 4], v6: '2409:8a1e' } },
  { cc: 'TW', tz: 8, lang: 'zh', weight: 2, isps: [isp('tw-hinet', 114, 36, '2001:b011')], carrier: { v4: [39, 9, 200], v6: '2001:b400' } },
  { cc: 'NG', tz: 1, lang: 'en', weight: 3, isps: [isp('ng-mtn', 102, 89, '2c0f:f5c0')], carrier: { v4: [105, 112, 16], v6: '2c0f:f5c1' } },
  { cc: 'ES', tz: 1, lang: 'es', weight: 4, isps: [isp('es-mov', 83, 45, '2a0c:5a80'), isp('es-digi', 79, 117, '2a0c:5a81', true)], carrier: { v4: [31, 4, 176], v6: '2a01:4c9' } },
  { cc: 'CA', tz: -5, lang: 'en', weight: 4, isps: [isp('ca-rog', 99, 230, '2607:fea8'), isp('ca-bell', 142, 114, '2001:1970')], carrier: { v4: [72, 136, 8], v6: '2605:8d80' } },
  { cc: 'AU', tz: 10, lang: 'en', weight: 3, isps: [isp('au-tpg', 101, 187, '2001:8003')], carrier: { v4: [1, 145, 16], v6: '2001:8004' } },
  { cc: 'PL', tz: 1, lang: 'pl', weight: 2, isps: [isp('pl-orange', 83, 27, '2a01:110f')], carrier: { v4: [37, 47, 64], v6: '2a01:111f' } },
];
export const country = (cc: string): Country => COUNTRIES.find((c) => c.cc === cc)!;
export const pickCountry = (r: Rng, only?: string[]): Country => r.weighted(COUNTRIES.filter((c) => !only || only.includes(c.cc)).map((c) => [c, c.weight] as const));

const h16 = (n: number) => (n & 0xffff).toString(16);
const WEEK = 7 * 86_400_000;
const MONDAY0 = Date.parse('2026-11-09T00:00:00Z');

/** a household's line: the ISP, a stable IPv4 (or none behind DS-Lite), a /56 renumbered on Mondays */
export interface HomeLine { isp: Isp; key: string; v4: string }
export function homeLine(r: Rng, c: Country, key: string): HomeLine {
  const i = r.pick(c.isps);
  const k = murmur(key);
  return { isp: i, key, v4: `${i.v4[0]}.${i.v4[1]}.${(k >>> 8) & 255}.${1 + (k % 254)}` };
}
/** the address one device on a home line shows at `t` (v6: a privacy id that changes daily) */
export function homeIp(line: HomeLine, device: string, t: number, v6share: number): string {
  const d = murmur(`${line.key}|${device}|${Math.floor(t / 86_400_000)}`);
  const useV6 = (d % 1000) / 1000 < v6share;
  if (useV6) {
    const pfx = murmur(`${line.key}|pd|${Math.floor((t - MONDAY0) / WEEK)}`);
    const dev = murmur(`${device}|iid|${Math.floor(t / 86_400_000)}`);
    return `${line.isp.v6}:${h16(pfx)}:${h16(pfx >>> 16) .slice(0, 2)}00:${h16(dev)}:${h16(dev >>> 16)}:${h16(d)}:${h16(d >>> 16)}`;
  }
  if (line.isp.dslite) { const a = murmur(`${line.isp.name}|aftr|${line.key}|${Math.floor(t / 3_600_000)}`); return `${line.isp.v4[0]}.${line.isp.v4[1]}.250.${16 + (a % 16)}`; }
  return line.v4;
}
/** a handset on a carrier: CGNAT IPv4 per session, or its /64 */
export function mobileIp(c: Country, handset: string, session: number, v6: boolean): string {
  const h = murmur(`${handset}|${c.cc}`);
  if (v6) { const s = murmur(`${handset}|${session}`); return `${c.carrier.v6}:${h16(h)}:${h16(h >>> 16)}:${h16(h * 7)}:${h16(s)}:${h16(s >>> 16)}:${h16(s >>> 5)}:${h16(s >>> 11)}`; }
  const s = murmur(`${handset}|cg|${session}`);
  return `${c.carrier.v4[0]}.${c.carrier.v4[1]}.${c.carrier.v4[2] + (s % 4)}.${(s >>> 8) & 255}`;
}
export const SATELLITE = (who: string, t: number): string => `129.222.${128 + (murmur(`${who}|${Math.floor(t / 7_200_000)}`) % 64)}.${murmur(who) & 255}`;
export const campusIp = (campus: string, user: string, t: number): string => { const b = murmur(campus); return `${128 + (b % 30)}.${(b >>> 8) & 255}.${(b >>> 16) & 255}.${(b & 0x38) + (murmur(`${user}|${Math.floor(t / 3_600_000)}`) % 8)}`; };
export const officeV4 = (org: string): string => { const b = murmur(`office|${org}`); return `${[62, 193, 194, 212, 217][b % 5]}.${(b >>> 8) & 255}.${(b >>> 16) & 255}.${2 + ((b >>> 24) % 250)}`; };
export const officeV6 = (org: string, device: string): string => { const b = murmur(`office6|${org}`), d = murmur(device); return `2a0${b % 10}:${h16(b >>> 8)}:${h16(b >>> 20)}:${h16(d >>> 3).slice(0, 2)}::${h16(d)}:${h16(d >>> 16)}`; };
export const VENUE = (event: string): string => { const b = murmur(`venue|${event}`); return `${185 + (b % 3)}.${(b >>> 8) & 255}.${(b >>> 16) & 255}.${1 + ((b >>> 24) % 254)}`; };

export type Cloud = 'aws' | 'gcp' | 'azure' | 'hetzner' | 'ovh' | 'vultr' | 'digitalocean' | 'alibaba' | 'oracle' | 'linode';
const CLOUD: Record<Cloud, [number, number][]> = {
  aws: [[3, 80], [3, 236], [18, 204], [34, 224], [44, 192], [52, 90], [54, 172]],
  gcp: [[34, 68], [34, 125], [35, 188], [35, 222], [104, 154]],
  azure: [[20, 42], [20, 106], [40, 76], [52, 160], [13, 86]],
  hetzner: [[65, 108], [78, 46], [88, 198], [116, 202], [135, 181]],
  ovh: [[51, 75], [51, 178], [54, 36], [141, 94], [147, 135]],
  vultr: [[45, 32], [45, 76], [66, 42], [149, 28], [207, 148]],
  digitalocean: [[64, 225], [138, 68], [159, 89], [165, 227], [167, 99]],
  alibaba: [[47, 74], [47, 88], [8, 210], [47, 242]],
  oracle: [[129, 146], [132, 145], [150, 136]],
  linode: [[45, 79], [139, 162], [172, 104]],
};
/** one host in a provider's ranges, stable for `host` */
export function cloudIp(p: Cloud, host: string): string {
  const h = murmur(`${p}|${host}`);
  const [a, b] = CLOUD[p][h % CLOUD[p].length]!;
  return `${a}.${b}.${(h >>> 8) & 255}.${1 + ((h >>> 16) % 254)}`;
}
/** CI runners and serverless functions: a fresh address per job */
export const runnerIp = (job: string): string => cloudIp('azure', `runner|${job}`);
export const lambdaIp = (inv: string): string => cloudIp('aws', `lambda|${inv}`);

/** a residential proxy exit: some household's line in one of `ccs`, sticky for `stickyMin` minutes */
export function proxyExit(r: Rng, pool: string, ccs: string[], t: number, stickyMin: number, v6share = 0.1): string {
  const slot = stickyMin > 0 ? Math.floor(t / (stickyMin * 60_000)) : Math.floor(r.next() * 1e9);
  const k = murmur(`${pool}|${slot}`);
  const c = country(ccs[k % ccs.length]!);
  const line = homeLine(new Rng(`exit|${pool}|${slot}`), c, `exit|${pool}|${slot}`);
  return homeIp(line, 'exit', t, v6share);
}
/** a 4G modem in a proxy farm: the carrier's CGNAT, a new address every 10–20 minutes */
export function modemIp(farm: string, modem: number, cc: string, t: number): string {
  const period = (10 + (murmur(`${farm}|${modem}`) % 11)) * 60_000;
  return mobileIp(country(cc), `${farm}|m${modem}`, Math.floor(t / period), false);
}

// ---- clients ----
const CHROME = ['131.0.6778.86', '130.0.6723.117', '131.0.6778.109', '129.0.6668.100'];
export function browserUa(r: Rng, mobile: boolean): string {
  if (mobile) return r.chance(0.5)
    ? `Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1`
    : `Mozilla/5.0 (Linux; Android 14; ${r.pick(['Pixel 8', 'SM-S921B', 'SM-A546E', '2311DRK48G', 'CPH2581'])}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${r.pick(CHROME)} Mobile Safari/537.36`;
  return r.weighted([
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${r.pick(CHROME)} Safari/537.36`, 5],
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${r.pick(CHROME)} Safari/537.36`, 3],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 2],
    [`Mozilla/5.0 (X11; Linux x86_64; rv:${r.pick(['132.0', '133.0'])}) Gecko/20100101 Firefox/${r.pick(['132.0', '133.0'])}`, 1],
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0`, 1],
  ] as const);
}
export type Sdk = 'openai-py' | 'openai-node' | 'anthropic-py' | 'httpx' | 'langchain' | 'litellm' | 'curl' | 'go';
export function sdkUa(r: Rng, s: Sdk): string {
  switch (s) {
    case 'openai-py': return `OpenAI/Python ${r.pick(['1.54.4', '1.55.3', '1.57.0', '1.52.2'])}`;
    case 'openai-node': return `OpenAI/JS ${r.pick(['4.73.0', '4.76.1', '4.71.1'])}`;
    case 'anthropic-py': return `anthropic-python/${r.pick(['0.39.0', '0.40.0', '0.42.0'])}`;
    case 'httpx': return `python-httpx/${r.pick(['0.27.2', '0.28.1'])}`;
    case 'langchain': return `langchain-openai/${r.pick(['0.2.9', '0.2.11'])} OpenAI/Python 1.55.3`;
    case 'litellm': return `litellm/${r.pick(['1.52.16', '1.55.2'])}`;
    case 'curl': return `curl/${r.pick(['8.5.0', '8.9.1', '7.81.0'])}`;
    case 'go': return 'Go-http-client/2.0';
  }
}
export const endpointOf = (ua: string): string => (ua.startsWith('anthropic') ? 'messages' : ua.startsWith('Mozilla') ? 'responses' : 'chat.completions');
