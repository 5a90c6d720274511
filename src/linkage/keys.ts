/**
 * Linkage keys: the compact facts two accounts can share. Each key is a safe
 * integer `kind * 2^48 + value` (value is an IPv4 address, a prefix, or a 48-bit
 * hash), so millions of them fit in typed arrays.
 *
 * Every kind below says what it catches, what evades it and what it falsely
 * flags (STYLE habit 6). No kind is enough on its own: a cluster is only called
 * a campaign when its content is harvest (see judge.ts).
 */
import { hash48 } from '../util/hash.js';

export enum Kind {
  Ip = 0,
  Net = 1,
  Payment = 2,
  EmailDomain = 3,
  Org = 4,
  SignupIp = 5,
  SignupBurst = 6,
  UserAgent = 7,
  KeyPattern = 8,
  ModelSwitch = 9,
  Skeleton = 10,
  TemplateBand = 11,
  SystemPrompt = 12,
  HarvestProfile = 13,
  Frame = 14,
}
export const KIND_COUNT = 15;

/** Evidence groups: contributions of kinds in one group saturate together, so ten shared IPs are not ten times one. */
export enum Group {
  Infra = 0,
  Identity = 1,
  Client = 2,
  Content = 3,
  Time = 4,
}
export const GROUP_COUNT = 5;

export interface KindSpec {
  /** reason signal id */
  signal: string;
  group: Group;
  /** how the shared value is named in a reason */
  noun: string;
  /** most distinct keys of this kind one account keeps */
  cap: number;
  /** what it catches, what evades it, what it falsely links */
  doc: string;
}

/** Indexed by Kind. */
export const KINDS: readonly KindSpec[] = [
  {
    signal: 'linkage.ip', group: Group.Infra, noun: 'IP address', cap: 16,
    doc: 'Exact client IP. Catches datacenter proxies reused by many accounts. Evaded by sticky residential proxies (one IP per account). Falsely links NAT users (campus, office, mobile carrier CGNAT): IDF discounts large groups and content clears them.',
  },
  {
    signal: 'linkage.subnet', group: Group.Infra, noun: 'IP range', cap: 8,
    doc: 'IPv4 /24 or IPv6 /48. Catches proxy pools that rotate within a range. Evaded by proxies spread over many ASNs. Falsely links customers of one ISP or cloud region: IDF makes a busy range nearly worthless.',
  },
  {
    signal: 'linkage.payment', group: Group.Identity, noun: 'payment instrument', cap: 4,
    doc: 'Payment fingerprint from the account table. The strongest single tie: cards cost money. Evaded by one card per account (prepaid/virtual cards). Falsely links company seats on one corporate card: their content is use.',
  },
  {
    signal: 'linkage.email_domain', group: Group.Identity, noun: 'e-mail domain', cap: 2,
    doc: 'Own (non-free-mail) sign-up domain; free-mail is ignored. Catches throwaway domains. Evaded by free-mail. Falsely links colleagues and students of one institution: content clears them.',
  },
  {
    signal: 'linkage.org', group: Group.Identity, noun: 'organisation', cap: 2,
    doc: 'Same org_id. Links seats of one organisation, which is legitimate by itself; a verified organisation is cleared unless other evidence is overwhelming.',
  },
  {
    signal: 'linkage.signup_ip', group: Group.Identity, noun: 'sign-up IP', cap: 1,
    doc: 'Sign-up IP address. Catches account farms registered from one machine. Evaded by registering through proxies. Falsely links a class signing up in one lab.',
  },
  {
    signal: 'linkage.signup_burst', group: Group.Time, noun: 'sign-up window', cap: 2,
    doc: 'Created within the same 10 minutes (two phase-shifted buckets). Catches scripted registration bursts. Evaded by registering slowly over weeks. Falsely links a class or team onboarding together; IDF discounts busy windows.',
  },
  {
    signal: 'linkage.user_agent', group: Group.Client, noun: 'client (User-Agent)', cap: 4,
    doc: 'Exact User-Agent. Catches a custom harvester build. Evaded by spoofing a popular browser or SDK string; a popular SDK is discounted by IDF. Weak alone by design.',
  },
  {
    signal: 'linkage.key_pattern', group: Group.Client, noun: 'API-key naming pattern', cap: 4,
    doc: 'api_key_id with digits and hex runs masked ("worker-#"). Catches scripted key creation. Evaded by random key names. Generic provider formats are shared by everyone and vanish under IDF.',
  },
  {
    signal: 'linkage.model_switch', group: Group.Client, noun: 'model switch', cap: 4,
    doc: 'A model-to-model transition (A then B). Catches orchestrators that move all accounts to a new model together. Evaded by pinning one model per account. Falsely links users of a popular pair; weak by design.',
  },
  {
    signal: 'linkage.template', group: Group.Content, noun: 'prompt template', cap: 12,
    doc: 'Template skeleton hash (the prompt with its variable item masked). Catches one wrapper over many items. Evaded by paraphrasing the wrapper per request (template bands still catch near-duplicates). Falsely links users of one app or benchmark harness: verified accounts are excluded and content decides.',
  },
  {
    signal: 'linkage.template_family', group: Group.Content, noun: 'template family', cap: 24,
    doc: 'LSH band of a MinHash over the template skeleton: near-identical (paraphrased) wrappers share bands. Evaded by wrappers generated independently per account with no shared phrasing. Falsely links short generic prompts; a band must repeat within an account to count.',
  },
  {
    signal: 'linkage.system_prompt', group: Group.Content, noun: 'system prompt', cap: 4,
    doc: 'System prompt hash. Catches a shared harvesting persona. Evaded by no or random system prompts. Falsely links every seat of one app (fixed system prompt): verified organisations are cleared.',
  },
  {
    signal: 'linkage.harvest_profile', group: Group.Content, noun: 'harvest focus', cap: 12,
    doc: 'Repeated (extraction intent, topic) pair, e.g. chain-of-thought on competition math. What a campaign cannot avoid: it must ask for the thing it harvests. Evaded only by harvesting less. Falsely links independent researchers on the same benchmark: verified accounts are excluded and alone it is below the edge threshold.',
  },
  {
    signal: 'linkage.frame', group: Group.Content, noun: 'prompt frame', cap: 12,
    doc: 'The first or the last words of a long prompt (FRAME_TOKENS, src/features/extract.ts), repeated by the account: a wrapper around ever-different items keeps one end fixed whatever its wording, where a short wrapper around a long item leaves the template fingerprints unlike. Weight 0 by default: frame edges reshaped groups the other links form, so frames group accounts beside the graph instead (src/engine/frame-cohort.ts). Evaded by wrappers written afresh per request or per account. Falsely ties people who open many prompts with the same words; a frame most of whose users are not wrapping a stream of items groups no one.',
  },
];

/** Groups as named in reasons. */
export const GROUP_NAMES = ['infrastructure', 'identity', 'client', 'content', 'timing'] as const;

const KIND_SCALE = 281474976710656; // 2^48

export function keyOf(kind: Kind, value48: number): number {
  return kind * KIND_SCALE + value48;
}

export function kindOf(key: number): Kind {
  return Math.floor(key / KIND_SCALE) as Kind;
}

export function valueOf(key: number): number {
  return key % KIND_SCALE;
}

export function strKey(kind: Kind, s: string): number {
  return keyOf(kind, hash48(s));
}

/** Parse dotted IPv4 to an unsigned 32-bit number, or -1. */
export function parseIpv4(s: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + part;
}

/** The first three hextets (/48) of an IPv6 address as a 48-bit number, or -1. */
export function ipv6Prefix48(s: string): number {
  const pct = s.indexOf('%');
  const a = (pct >= 0 ? s.slice(0, pct) : s).toLowerCase();
  if (a.indexOf(':') < 0) return -1;
  const dbl = a.indexOf('::');
  let head: string[];
  let tail: string[] = [];
  if (dbl >= 0) {
    head = a.slice(0, dbl) ? a.slice(0, dbl).split(':') : [];
    tail = a.slice(dbl + 2) ? a.slice(dbl + 2).split(':') : [];
  } else head = a.split(':');
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (dbl < 0 && missing !== 0)) return -1;
  const all = [...head, ...new Array<string>(missing).fill('0'), ...tail];
  let v = 0;
  for (let i = 0; i < 3; i++) {
    const h = all[i];
    if (!h || h.length > 4 || !/^[0-9a-f]+$/.test(h)) return -1;
    v = v * 65536 + parseInt(h, 16);
  }
  return v;
}

export function ipv4String(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de',
  'gmx.net', 'web.de', 'mail.com', 'zoho.com', 'yandex.ru', 'yandex.com', 'mail.ru', 'bk.ru', 'inbox.ru',
  'qq.com', '163.com', '126.com', 'sina.com', 'sohu.com', 'foxmail.com', 'yeah.net', 'naver.com', 'daum.net',
  'hanmail.net', 'tutanota.com', 'tuta.io', 'hey.com', 'fastmail.com', 'rediffmail.com', 'libero.it',
  'orange.fr', 'free.fr', 'laposte.net', 't-online.de', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl',
  'outlook.jp', 'yahoo.co.jp', 'yahoo.co.uk', 'hotmail.co.uk', 'btinternet.com', 'comcast.net', 'gmail.co',
]);

/** True for well-known free-mail providers, whose shared domain says nothing. */
export function isFreeMail(domain: string): boolean {
  return FREE_MAIL.has(domain.trim().toLowerCase());
}

/**
 * Mask the variable parts of an API-key id so scripted names collapse to one
 * pattern: digits → '#', hex-looking runs of 6+ → 'h'. Returns '' when nothing
 * distinctive is left (the provider's own random key format).
 */
export function keyPattern(id: string): string {
  const s = id.slice(0, 80).toLowerCase();
  const masked = s.replace(/[0-9a-f]{6,}/g, 'h').replace(/[0-9]+/g, '#');
  const letters = s.replace(/[0-9a-f]{6,}/g, '').replace(/[^a-z]/g, '');
  // Random provider-issued ids mask to a handful of letters only: nothing to link on.
  if (letters.length < 3) return '';
  return masked;
}

/** Normalised User-Agent: trimmed, capped; empty when absent. */
export function normUa(ua: string): string {
  return ua.trim().slice(0, 200);
}

/** A User-Agent that names a client library or script rather than a browser or app. */
export function isClientLibrary(ua: string): boolean {
  const u = ua.toLowerCase();
  if (u.startsWith('mozilla/')) return false;
  return /python|requests|httpx|aiohttp|curl|wget|node-fetch|axios|undici|go-http|okhttp|java\/|libwww|openai\/|anthropic\/|langchain|litellm|httpie|rust|reqwest|ruby|php/.test(u);
}
