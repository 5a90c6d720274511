/**
 * The facts a campaign signature is made of, as numeric keys
 * `kind * 2^48 + value` (value < 2^48: a 32-bit hash, an address prefix or a
 * packed set of request parameters), so the hot path looks them up in hash
 * maps without building strings.
 *
 * Each kind belongs to a group; a match needs keys of two groups
 * (src/signatures/match.ts), because two facts of one group (an address and
 * its range, a sign-up IP and the proxy pool it came from) are one piece of
 * evidence, not two.
 */
import type { AccountRecord, Exchange } from '../contract/types.js';
import type { ExchangeFeatures } from '../features/types.js';
import { fnv1a } from '../util/hash.js';
import { ipv4String, ipv6Prefix48, isFreeMail, parseIpv4 } from '../linkage/keys.js';

export enum SigKind {
  Template = 0,
  SystemPrompt = 1,
  FrameHead = 2,
  FrameTail = 3,
  Params = 4,
  Toolset = 5,
  UserAgent = 6,
  Net = 7,
  Payment = 8,
  EmailDomain = 9,
  SignupNet = 10,
  SignupBurst = 11,
}
export const SIG_KIND_COUNT = 12;

export enum SigGroup {
  Content = 0,
  Request = 1,
  Client = 2,
  Network = 3,
  Identity = 4,
  Registration = 5,
}
export const SIG_GROUP_NAMES = ['content', 'request', 'client', 'network', 'identity', 'registration'] as const;

export interface SigKindSpec {
  /** the name written to signatures.json */
  name: string;
  group: SigGroup;
  /** what it catches, what evades it, what it falsely matches */
  doc: string;
}

/** Indexed by SigKind. */
export const SIG_KINDS: readonly SigKindSpec[] = [
  { name: 'template', group: SigGroup.Content, doc: 'Template skeleton hash of the new user turn (its variable item masked). Catches the wrapper a fleet puts around its items. Evaded by a wrapper paraphrased per request. Falsely matches users of one app or harness: the base rate keeps a template that ordinary accounts use out.' },
  { name: 'system_prompt', group: SigGroup.Content, doc: 'System prompt hash. Catches a shared harvesting persona. Evaded by no or random system prompts. Falsely matches seats of one product; its base rate keeps a product\'s prompt out.' },
  { name: 'frame_head', group: SigGroup.Content, doc: 'Hash of the first words of a long prompt. Catches a wrapper whose opening stays fixed. Evaded by wrappers written afresh. Falsely matches people who open prompts alike ("explain step by step"): common openings have a high base rate.' },
  { name: 'frame_tail', group: SigGroup.Content, doc: 'Hash of the last words of a long prompt; as frame_head, for wrappers that close alike.' },
  { name: 'params', group: SigGroup.Request, doc: 'max_tokens, temperature, top_p and stream as sent, packed. Catches a harvester\'s fixed settings. Evaded by randomising them. Falsely matches an SDK\'s defaults: those are common and stay out.' },
  { name: 'toolset', group: SigGroup.Request, doc: 'Hash of the set of tool names offered. Catches a tool-use harvest\'s fixed toolset. Evaded by drawing tools per request. Falsely matches one product\'s seats; a product\'s toolset used outside the campaign stays out.' },
  { name: 'user_agent', group: SigGroup.Client, doc: 'Hash of the User-Agent. Catches a custom harvester build. Evaded by a popular SDK or browser string, which the base rate keeps out.' },
  { name: 'net', group: SigGroup.Network, doc: 'Client address range (/24 IPv4, /48 IPv6). Catches a proxy pool\'s ranges. Evaded by proxies spread over many ranges. Falsely matches a shared NAT or ISP range: ranges many ordinary accounts use stay out.' },
  { name: 'payment', group: SigGroup.Identity, doc: 'Hash of the payment fingerprint (account table). Catches cards that pay for several of the fleet\'s accounts. Evaded by one card per account. Falsely matches a company card\'s other seats, which the base rate keeps out when the company is outside the campaign.' },
  { name: 'email_domain', group: SigGroup.Identity, doc: 'Hash of the sign-up e-mail domain, free-mail ignored. Catches throwaway domains. Evaded by free-mail. Falsely matches colleagues of one institution.' },
  { name: 'signup_net', group: SigGroup.Network, doc: 'Range of the sign-up IP (/24, /48). Catches a registration desk or proxy. Evaded by registering through many ranges. Falsely matches a class signing up in one lab; grouped with net, so the two together are one piece of evidence.' },
  { name: 'signup_burst', group: SigGroup.Registration, doc: 'The 2-hour window of created_at. Catches accounts registered in one scripted burst. Evaded by registering slowly. Falsely matches a class onboarding together; a busy window stays out.' },
];

export const KIND_SCALE = 281474976710656; // 2^48
/** created_at windows of a sign-up burst */
export const BURST_MS = 2 * 3_600_000;
/** the marker of an IPv6 range in a Net value (IPv4 /24 prefixes stay below 2^24) */
const V6 = 1;

export function sigKey(kind: SigKind, value: number): number {
  return kind * KIND_SCALE + value;
}

export function sigKindOf(key: number): SigKind {
  return Math.floor(key / KIND_SCALE) as SigKind;
}

export function sigValueOf(key: number): number {
  return key % KIND_SCALE;
}

export function groupOf(kind: SigKind): SigGroup {
  return SIG_KINDS[kind].group;
}

/**
 * An address's range as a Net value: the /24 prefix of an IPv4 address
 * (below 2^24), or its /48 prefix with the top bit set (IPv6); -1 when neither.
 * IPv6 /48 prefixes of 2^47 and above (outside the global unicast 2000::/3)
 * share the marker bit and are not told apart from the ones below.
 */
export function netValue(ip: string | undefined): number {
  if (!ip) return -1;
  const v4 = parseIpv4(ip);
  if (v4 >= 0) return Math.floor(v4 / 256);
  const v6 = ipv6Prefix48(ip);
  if (v6 < 0) return -1;
  return (v6 % 140737488355328) + V6 * 140737488355328;
}

/** request parameters packed: max_tokens (20 bits), temperature and top_p in hundredths + 1, stream + 1; 0 when none was sent */
export function paramsValue(ex: Exchange, maxTokens: number): number {
  const rq = ex.request;
  if (!rq) return 0;
  const mt = Math.min(maxTokens > 0 ? maxTokens : 0, 0xfffff);
  const temp = typeof rq.temperature === 'number' ? Math.min(1023, Math.round(rq.temperature * 100) + 1) : 0;
  const topP = typeof rq.top_p === 'number' ? Math.min(255, Math.round(rq.top_p * 100) + 1) : 0;
  const stream = rq.stream === undefined ? 0 : rq.stream ? 2 : 1;
  if (mt === 0 && temp === 0 && topP === 0) return 0;
  return ((mt * 1024 + temp) * 256 + topP) * 4 + stream;
}

/**
 * The keys of one exchange, written into `out` (at most EXCHANGE_KEYS);
 * returns how many. Allocates nothing but the User-Agent's hash walk.
 */
export const EXCHANGE_KEYS = 8;
export function exchangeKeys(ex: Exchange, f: ExchangeFeatures, out: Float64Array): number {
  let n = 0;
  if (f.skeletonHash) out[n++] = sigKey(SigKind.Template, f.skeletonHash >>> 0);
  if (f.systemHash) out[n++] = sigKey(SigKind.SystemPrompt, f.systemHash >>> 0);
  if (f.frameHead) out[n++] = sigKey(SigKind.FrameHead, f.frameHead >>> 0);
  if (f.frameTail) out[n++] = sigKey(SigKind.FrameTail, f.frameTail >>> 0);
  const p = paramsValue(ex, f.maxTokens);
  if (p) out[n++] = sigKey(SigKind.Params, p);
  if (f.toolsetHash) out[n++] = sigKey(SigKind.Toolset, f.toolsetHash >>> 0);
  if (ex.user_agent) out[n++] = sigKey(SigKind.UserAgent, uaHash(ex.user_agent));
  const net = netValue(ex.ip);
  if (net >= 0) out[n++] = sigKey(SigKind.Net, net);
  return n;
}

/** The keys of an account-table row (contract §2). */
export function recordKeys(a: AccountRecord | undefined): number[] {
  const out: number[] = [];
  if (!a) return out;
  if (a.payment_fingerprint) out.push(sigKey(SigKind.Payment, fnv1a(a.payment_fingerprint)));
  if (a.email_domain && !isFreeMail(a.email_domain)) out.push(sigKey(SigKind.EmailDomain, fnv1a(a.email_domain.trim().toLowerCase())));
  const net = netValue(a.signup_ip);
  if (net >= 0) out.push(sigKey(SigKind.SignupNet, net));
  const created = a.created_at ? Date.parse(a.created_at) : NaN;
  if (Number.isFinite(created) && created > 0) out.push(sigKey(SigKind.SignupBurst, Math.floor(created / BURST_MS)));
  return out;
}

export function uaHash(ua: string): number {
  return fnv1a(ua.trim());
}

/** How a key's value is written in signatures.json: hashes in hex, ranges and windows as such, parameters by name. */
export function renderValue(key: number): string {
  const kind = sigKindOf(key);
  const v = sigValueOf(key);
  switch (kind) {
    case SigKind.Net:
    case SigKind.SignupNet:
      return renderNet(v);
    case SigKind.Params:
      return renderParams(v);
    case SigKind.SignupBurst:
      return `${new Date(v * BURST_MS).toISOString()}/PT2H`;
    default:
      return v.toString(16).padStart(8, '0');
  }
}

/** The inverse of `renderValue` for a kind; NaN when the text is not one. */
export function parseValue(kind: SigKind, text: string): number {
  switch (kind) {
    case SigKind.Net:
    case SigKind.SignupNet: {
      const slash = text.indexOf('/');
      const net = netValue(slash >= 0 ? text.slice(0, slash) : text);
      return net >= 0 ? net : NaN;
    }
    case SigKind.Params: {
      const m = /^max_tokens=(\d+|-),temperature=([\d.]+|-),top_p=([\d.]+|-),stream=(true|false|-)$/.exec(text);
      if (!m) return NaN;
      const hundredths = (s: string, cap: number) => (s === '-' ? 0 : Math.min(cap, Math.round(Number(s) * 100) + 1));
      const mt = m[1] === '-' ? 0 : Math.min(Number(m[1]), 0xfffff);
      return ((mt * 1024 + hundredths(m[2], 1023)) * 256 + hundredths(m[3], 255)) * 4 + (m[4] === '-' ? 0 : m[4] === 'true' ? 2 : 1);
    }
    case SigKind.SignupBurst: {
      const t = Date.parse(text.split('/')[0]);
      return Number.isFinite(t) ? Math.floor(t / BURST_MS) : NaN;
    }
    default:
      return /^[0-9a-f]{1,8}$/.test(text) ? parseInt(text, 16) : NaN;
  }
}

function renderNet(v: number): string {
  if (v < 140737488355328) return `${ipv4String(v * 256)}/24`;
  const p = v - 140737488355328;
  const h = [Math.floor(p / 4294967296), Math.floor(p / 65536) % 65536, p % 65536];
  return `${h.map((x) => x.toString(16)).join(':')}::/48`;
}

function renderParams(v: number): string {
  const stream = v % 4;
  let rest = Math.floor(v / 4);
  const topP = rest % 256;
  rest = Math.floor(rest / 256);
  const temp = rest % 1024;
  const mt = Math.floor(rest / 1024);
  const dec = (x: number) => (x === 0 ? '-' : ((x - 1) / 100).toFixed(2));
  return `max_tokens=${mt === 0 ? '-' : mt},temperature=${dec(temp)},top_p=${dec(topP)},stream=${stream === 0 ? '-' : stream === 2 ? 'true' : 'false'}`;
}

export function kindByName(name: string): SigKind | undefined {
  const i = SIG_KINDS.findIndex((k) => k.name === name);
  return i < 0 ? undefined : (i as SigKind);
}
