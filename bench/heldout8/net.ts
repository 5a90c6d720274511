/**
 * heldout/v8's address plan and clients. Its own shape: home lines whose
 * address is re-leased every few days; IPv6-first mobile carriers (a /64 per
 * device, a privacy address that rotates daily, IPv4 through a small CGNAT
 * pool only as a fallback); zero-trust corporate egress (two security-cloud
 * vendors whose point-of-presence pools carry many unrelated companies'
 * staff); university NAT pools that hash each flow onto a /26; cloud and CI
 * ranges; residential proxy resellers with sticky sessions; datacenter
 * proxies. All prefixes are invented for this generator.
 */
import { cyrb53, type Rng } from './rng.js';

const oct = (r: Rng) => r.intIn(1, 254);
const h4 = (n: number) => (n & 0xffff).toString(16);

/** residential ISPs: two /16 each, per country, with a fixed UTC offset and language */
export const COUNTRIES = {
  US: { tz: -6, lang: 'en', isp: ['73.181', '99.112', '24.57'], mobile6: '2607:fb90', cgnat: '172.58' },
  GB: { tz: 0, lang: 'en', isp: ['86.162', '92.238'], mobile6: '2a01:4c8', cgnat: '85.255' },
  DE: { tz: 1, lang: 'de', isp: ['87.151', '93.229'], mobile6: '2a02:3038', cgnat: '80.187' },
  FR: { tz: 1, lang: 'fr', isp: ['90.91', '82.66'], mobile6: '2a04:cec0', cgnat: '37.171' },
  ES: { tz: 1, lang: 'es', isp: ['83.58', '88.26'], mobile6: '2a0c:5a80', cgnat: '176.83' },
  RU: { tz: 3, lang: 'ru', isp: ['95.153', '176.59'], mobile6: '2a00:1fa0', cgnat: '31.173' },
  IN: { tz: 5.5, lang: 'en', isp: ['106.51', '117.99'], mobile6: '2409:4050', cgnat: '157.48' },
  CN: { tz: 8, lang: 'zh', isp: ['112.96', '183.14'], mobile6: '240e:3b0', cgnat: '39.144' },
  TW: { tz: 8, lang: 'zh-TW', isp: ['114.36', '1.172'], mobile6: '2001:b400', cgnat: '49.216' },
  JP: { tz: 9, lang: 'ja', isp: ['126.14', '153.172'], mobile6: '2400:4050', cgnat: '133.106' },
  KR: { tz: 9, lang: 'ko', isp: ['175.223', '211.234'], mobile6: '2001:2d8', cgnat: '223.38' },
  BR: { tz: -3, lang: 'es', isp: ['177.37', '189.4'], mobile6: '2804:14c', cgnat: '179.240' },
  NG: { tz: 1, lang: 'en', isp: ['102.89', '197.210'], mobile6: '2c0f:f5c0', cgnat: '105.113' },
  AU: { tz: 10, lang: 'en', isp: ['101.184', '120.148'], mobile6: '2001:8004', cgnat: '1.145' },
} as const;
export type Country = keyof typeof COUNTRIES;
export const COUNTRY_LIST = Object.keys(COUNTRIES) as Country[];

/** a home line: the ISP re-leases its address every 3-9 days */
export function homeLine(r: Rng, c: Country): (t: number) => string {
  const isp = r.pick(COUNTRIES[c].isp);
  const salt = r.int(1 << 30);
  const lease = r.range(3, 9) * 86_400_000;
  const phase = r.next() * lease;
  return (t) => {
    const k = Math.floor((t + phase) / lease);
    const h = cyrb53(`${salt}:${k}`);
    return `${isp}.${(h & 0xff) || 1}.${((h >>> 8) % 254) + 1}`;
  };
}

/** a phone on an IPv6-first carrier: its /64 is fixed, the interface id rotates daily; 20% IPv4 via CGNAT */
export function phone(r: Rng, c: Country): (t: number, r2: Rng) => string {
  const p = COUNTRIES[c];
  const net = `${p.mobile6}:${h4(r.int(65536))}:${h4(r.int(65536))}`;
  const salt = r.int(1 << 30);
  return (t, r2) => {
    if (r2.chance(0.2)) return `${p.cgnat}.${r2.intIn(0, 63)}.${oct(r2)}`;
    const h = cyrb53(`${salt}:${Math.floor(t / 86_400_000)}`);
    return `${net}:${h4(h)}:${h4(h >>> 16)}:${h4(h / 65536 / 65536)}:${h4(salt)}`;
  };
}

/** zero-trust egress: two vendors, POP pools of /24s shared by every customer company */
export const ZT_POPS = {
  veilgate: { fra: '147.161.172', iad: '136.226.64', sin: '165.225.112', lon: '147.161.166' },
  shieldnet: { fra: '104.129.198', iad: '104.129.206', sin: '8.36.116', lon: '185.46.212' },
} as const;
export function zeroTrust(vendor: keyof typeof ZT_POPS, pop: 'fra' | 'iad' | 'sin' | 'lon'): (t: number, r: Rng) => string {
  const p = ZT_POPS[vendor][pop];
  return (_t, r) => `${p}.${r.intIn(10, 60)}`;
}

/** a university: each flow is hashed onto the NAT's /26, eduroam IPv6 on a /48 */
export function campus(r: Rng): (t: number, r2: Rng) => string {
  const base = `${r.pick(['128.54', '141.212', '130.237', '193.60'])}.${r.intIn(10, 240)}`;
  const low = r.intIn(0, 3) * 64;
  const v6 = `2001:${h4(0x600 + r.int(255))}:${h4(r.int(65536))}`;
  return (_t, r2) => (r2.chance(0.35) ? `${v6}:${h4(r2.int(4096))}::${h4(r2.int(65536))}:${h4(r2.int(65536))}` : `${base}.${low + r2.int(64)}`);
}

export const CLOUD = {
  aws: ['3.91', '18.204', '52.14', '54.83'],
  gcp: ['34.118', '35.201'],
  azure: ['20.98', '40.117', '52.226'],
  hetzner: ['65.108', '135.181', '95.217'],
  ovh: ['51.75', '146.59'],
  vultr: ['45.77', '149.28'],
  alibaba: ['47.242', '8.219'],
  do: ['159.89', '164.92'],
  ci: ['20.169', '172.183', '4.227'],
} as const;
/** a fixed set of cloud hosts */
export function hosts(r: Rng, cloud: keyof typeof CLOUD, n: number): string[] {
  return Array.from({ length: n }, () => `${r.pick(CLOUD[cloud])}.${oct(r)}.${oct(r)}`);
}
/** a CI runner: a fresh address per job */
export const ciRunner = (r: Rng): string => `${r.pick(CLOUD.ci)}.${oct(r)}.${oct(r)}`;

/** a residential proxy reseller: exits in many countries' home ranges, sticky for 10-30 minutes per session */
export function residentialProxy(r: Rng, countries: readonly Country[]): (t: number, r2: Rng) => string {
  const salt = r.int(1 << 30);
  const sticky = r.range(10, 30) * 60_000;
  return (t) => {
    const k = Math.floor(t / sticky);
    const h = cyrb53(`${salt}:${k}`);
    const c = countries[h % countries.length]!;
    const isp = COUNTRIES[c].isp[(h >>> 4) % COUNTRIES[c].isp.length]!;
    return `${isp}.${((h >>> 8) % 254) + 1}.${((h >>> 16) % 254) + 1}`;
  };
}
/** a datacenter proxy pool: a handful of /24s, a new address per request */
export function dcProxy(r: Rng): (t: number, r2: Rng) => string {
  const nets = Array.from({ length: 4 }, () => `${r.pick(['45.131', '193.29', '212.102', '91.221'])}.${oct(r)}`);
  return (_t, r2) => `${r2.pick(nets)}.${oct(r2)}`;
}

export const UA = {
  browserChrome: (r: Rng) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${r.intIn(128, 131)}.0.0.0 Safari/537.36`,
  browserMac: (r: Rng) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.${r.intIn(0, 1)} Safari/605.1.15`,
  iphone: (r: Rng) => `Mozilla/5.0 (iPhone; CPU iPhone OS 18_${r.intIn(0, 1)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148`,
  android: (r: Rng) => `Mozilla/5.0 (Linux; Android ${r.intIn(13, 15)}; Pixel ${r.intIn(6, 9)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${r.intIn(128, 131)}.0.0.0 Mobile Safari/537.36`,
  py: (r: Rng) => `OpenAI/Python 1.${r.intIn(40, 57)}.${r.intIn(0, 3)}`,
  ant: (r: Rng) => `anthropic-python/0.${r.intIn(36, 42)}.${r.intIn(0, 2)}`,
  node: (r: Rng) => `OpenAI/JS 4.${r.intIn(60, 77)}.${r.intIn(0, 4)}`,
  curl: (r: Rng) => `curl/8.${r.intIn(4, 11)}.${r.intIn(0, 1)}`,
  langchain: (r: Rng) => `langchain-openai/0.2.${r.intIn(1, 14)} python-httpx/0.27.${r.intIn(0, 2)}`,
  litellm: (r: Rng) => `litellm/1.${r.intIn(48, 55)}.${r.intIn(0, 9)}`,
  go: (r: Rng) => `go-openai/1.${r.intIn(30, 36)}.${r.intIn(0, 3)} Go-http-client/2.0`,
  aiohttp: (r: Rng) => `Python/3.${r.intIn(10, 12)} aiohttp/3.${r.intIn(9, 10)}.${r.intIn(0, 5)}`,
  lmeval: (r: Rng) => `lm-eval-harness/0.4.${r.intIn(3, 5)} OpenAI/Python 1.${r.intIn(40, 57)}.0`,
  promptfoo: (r: Rng) => `promptfoo/0.9${r.intIn(5, 9)}.${r.intIn(0, 4)}`,
  helm: (r: Rng) => `crfm-helm/0.5.${r.intIn(2, 4)}`,
  deno: (r: Rng) => `Deno/2.${r.intIn(0, 1)}.${r.intIn(0, 5)}`,
} as const;
export type UaKind = keyof typeof UA;
