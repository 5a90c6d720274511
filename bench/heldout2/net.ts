/**
 * Where traffic comes from: countries in time zones without daylight saving
 * (so local hours never jump mid-world), address blocks drawn per world,
 * IPv6 households whose interface id rotates daily, carrier NAT, cloud egress,
 * and client User-Agent strings.
 */
import type { Rng } from './rng.js';

export interface Country {
  code: string;
  /** UTC offset in hours, constant all year */
  utc: number;
  lang: string;
  /** share of residential clients on IPv6 */
  v6: number;
}

/** Zones on several continents that keep one offset all year. */
export const COUNTRIES: readonly Country[] = [
  { code: 'JP', utc: 9, lang: 'ja', v6: 0.45 },
  { code: 'KR', utc: 9, lang: 'ko', v6: 0.2 },
  { code: 'CN', utc: 8, lang: 'zh', v6: 0.3 },
  { code: 'TW', utc: 8, lang: 'zh', v6: 0.2 },
  { code: 'SG', utc: 8, lang: 'en', v6: 0.15 },
  { code: 'IN', utc: 5.5, lang: 'en', v6: 0.6 },
  { code: 'PK', utc: 5, lang: 'en', v6: 0.05 },
  { code: 'AE', utc: 4, lang: 'en', v6: 0.3 },
  { code: 'RU', utc: 3, lang: 'ru', v6: 0.1 },
  { code: 'KE', utc: 3, lang: 'en', v6: 0.05 },
  { code: 'ZA', utc: 2, lang: 'en', v6: 0.05 },
  { code: 'NG', utc: 1, lang: 'en', v6: 0.02 },
  { code: 'BR', utc: -3, lang: 'pt', v6: 0.4 },
  { code: 'AR', utc: -3, lang: 'es', v6: 0.15 },
  { code: 'CO', utc: -5, lang: 'es', v6: 0.1 },
  { code: 'PE', utc: -5, lang: 'es', v6: 0.05 },
  { code: 'US', utc: -7, lang: 'en', v6: 0.5 }, // Arizona
  { code: 'AU', utc: 10, lang: 'en', v6: 0.3 }, // Queensland
  { code: 'ID', utc: 7, lang: 'en', v6: 0.1 },
  { code: 'VN', utc: 7, lang: 'en', v6: 0.4 },
];

export const countryOf = (code: string): Country => COUNTRIES.find((c) => c.code === code) ?? COUNTRIES[0]!;

/** Traffic share of benign accounts by country (weights, not percentages). */
export const BENIGN_COUNTRY_MIX: readonly (readonly [string, number])[] = [
  ['US', 22], ['IN', 14], ['JP', 8], ['BR', 8], ['AU', 5], ['SG', 4], ['KR', 5], ['CN', 3], ['TW', 3],
  ['RU', 4], ['AE', 3], ['NG', 3], ['KE', 2], ['ZA', 2], ['CO', 3], ['AR', 3], ['PE', 1], ['PK', 2], ['ID', 3], ['VN', 2],
];

function v4Octet(rng: Rng): number {
  for (;;) {
    const o = rng.int(2, 223);
    if (![10, 100, 127, 169, 172, 192, 198, 203].includes(o)) return o;
  }
}

/** The address plan of one world: blocks per country and per cloud, drawn from the world's seed. */
export class AddressPlan {
  private readonly v4 = new Map<string, string[]>();
  private readonly v6 = new Map<string, string[]>();
  readonly clouds: Record<string, { v4: string[]; v6: string }>;

  constructor(private readonly rng: Rng) {
    for (const c of COUNTRIES) {
      this.v4.set(c.code, Array.from({ length: rng.int(3, 6) }, () => `${v4Octet(rng)}.${rng.int(0, 255)}`));
      this.v6.set(c.code, Array.from({ length: 3 }, () => `2${rng.hex(3)}:${rng.hex(4)}`));
    }
    this.clouds = {};
    for (const name of ['aws', 'gcp', 'azure', 'hetzner', 'ovh', 'do', 'vultr', 'oracle']) {
      this.clouds[name] = { v4: Array.from({ length: 4 }, () => `${v4Octet(rng)}.${rng.int(0, 255)}`), v6: `2${rng.hex(3)}:${rng.hex(4)}:${rng.hex(4)}` };
    }
  }

  /** one residential IPv4 address in a country */
  residential4(rng: Rng, country: string): string {
    return `${rng.pick(this.v4.get(country) ?? this.v4.get('US')!)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  }

  /** a household's IPv6 /56 prefix; `v6Addr` makes addresses in it */
  household6(rng: Rng, country: string): string {
    return `${rng.pick(this.v6.get(country) ?? this.v6.get('US')!)}:${rng.hex(4)}:${rng.hex(2)}00`;
  }

  /** a fixed public address (office, campus NAT, server) in a country */
  fixed4(rng: Rng, country: string): string {
    return this.residential4(rng, country);
  }

  cloud4(rng: Rng, provider: string): string {
    const c = this.clouds[provider] ?? this.clouds.aws!;
    return `${rng.pick(c.v4)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  }

  cloud6(rng: Rng, provider: string): string {
    const c = this.clouds[provider] ?? this.clouds.aws!;
    return `${c.v6}:${rng.hex(4)}::${rng.hex(3)}`;
  }
}

/** An address inside a /56 household prefix; privacy extensions give a new interface id each day. */
export function v6Addr(prefix56: string, rng: Rng): string {
  return `${prefix56.slice(0, -2)}${rng.hex(2)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}`.replace(/:0+([0-9a-f])/g, ':$1');
}

/**
 * A client's address for one day: households keep their IPv4 for days at a
 * time (DHCP lease), mobile users hop, IPv6 users rotate the interface id.
 */
export class ClientAddress {
  private v4: string;
  private readonly prefix6: string | null;
  constructor(private readonly plan: AddressPlan, private readonly rng: Rng, private readonly country: string, private readonly mobile = false) {
    this.v4 = plan.residential4(rng, country);
    this.prefix6 = rng.chance(countryOf(country).v6) ? plan.household6(rng, country) : null;
  }
  forDay(day: number): string {
    const r = this.rng.fork(`d${day}`);
    if (this.prefix6 && !r.chance(0.15)) return v6Addr(this.prefix6, r);
    if (this.mobile || r.chance(0.12)) this.v4 = this.plan.residential4(r, this.country);
    return this.v4;
  }
}

export const UA = {
  pythonSdk: (rng: Rng) => rng.pick([`OpenAI/Python 1.${rng.int(30, 58)}.${rng.int(0, 9)}`, `Anthropic/Python 0.${rng.int(30, 52)}.${rng.int(0, 3)}`]),
  nodeSdk: (rng: Rng) => rng.pick([`OpenAI/JS 4.${rng.int(40, 90)}.${rng.int(0, 9)}`, `Anthropic/JS 0.${rng.int(20, 40)}.${rng.int(0, 5)}`]),
  curl: (rng: Rng) => `curl/8.${rng.int(1, 11)}.${rng.int(0, 1)}`,
  go: () => 'Go-http-client/2.0',
  httpx: (rng: Rng) => `python-httpx/0.${rng.int(24, 28)}.${rng.int(0, 2)}`,
  requests: (rng: Rng) => `python-requests/2.${rng.int(28, 32)}.${rng.int(0, 3)}`,
  axios: (rng: Rng) => `axios/1.${rng.int(4, 8)}.${rng.int(0, 7)}`,
  okhttp: (rng: Rng) => `okhttp/4.${rng.int(9, 12)}.${rng.int(0, 3)}`,
  langchain: (rng: Rng) => `langchain-core/0.${rng.int(1, 3)}.${rng.int(10, 60)} ${rng.pick(['OpenAI/Python 1.51.0', 'Anthropic/Python 0.39.0'])}`,
  browserApp: (rng: Rng) => rng.pick([
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1${rng.int(18, 31)}.0.0.0 Safari/537.36`,
    `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1${rng.int(18, 31)}.0.0.0 Safari/537.36 Edg/1${rng.int(18, 31)}.0.0.0`,
    `Mozilla/5.0 (X11; Linux x86_64; rv:1${rng.int(20, 34)}.0) Gecko/20100101 Firefox/1${rng.int(20, 34)}.0`,
    `Mozilla/5.0 (iPhone; CPU iPhone OS 18_${rng.int(0, 6)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.${rng.int(0, 6)} Mobile/15E148 Safari/604.1`,
  ]),
  /** desktop chat clients and editor plugins people wire their own key into */
  desktopClient: (rng: Rng) => rng.pick([
    `ChatBox/1.${rng.int(4, 12)}.${rng.int(0, 9)} (Electron)`, `NextChat/2.${rng.int(12, 16)}.${rng.int(0, 9)}`, `Cherry-Studio/1.${rng.int(1, 5)}.${rng.int(0, 9)}`,
    `vscode-continue/0.${rng.int(8, 9)}.${rng.int(10, 70)}`, `obsidian-copilot/2.${rng.int(5, 9)}.${rng.int(0, 9)}`, `Raycast/1.${rng.int(80, 95)}.0`,
  ]),
};
