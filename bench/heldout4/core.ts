/**
 * The shared pieces of heldout/v4: accounts, seats, countries and addresses,
 * clients, activity profiles, and the one function that turns a request into a
 * logged exchange (answer stand-in, usage, status, latency, retries).
 *
 * The event model: every actor (a person, an organisation, a campaign) is asked
 * once per simulated hour how many sessions it starts; the count is Poisson with
 * a mean that follows the actor's local-time diurnal and weekly profile. A
 * session then unrolls its turns with think times drawn from a lognormal (people)
 * or gamma (programs) law. Nothing here knows which actors are campaigns.
 */
import type { Corpora } from './corpora.js';
import { hash32, Rng } from './rng.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export interface AccountRow {
  account_id: string;
  created_at?: string;
  org_id?: string;
  email_domain?: string;
  payment_fingerprint?: string;
  signup_ip?: string;
  country?: string;
  tier?: string;
  verified?: boolean;
  api_keys?: string[];
}
export interface LabelRow { account_id: string; label: 'benign' | 'campaign'; campaign_id: string | null; persona: string }

/** One logged exchange before the edge server formats it. */
export interface Ev { ts: number; rec: Record<string, unknown> }

export interface World {
  start: number;
  days: number;
  corpora: Corpora;
}

/** Anything that produces traffic: asked once per hour, in hour order. */
export interface Actor {
  accounts: AccountRow[];
  labels: LabelRow[];
  hour(t: number, out: Ev[]): void;
}

export const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------- places

export interface Country { code: string; off: number; res: readonly number[]; lang: string }
/** UTC offsets are standard time; the window has no DST change that matters for profiles. */
export const COUNTRIES: Record<string, Country> = {
  US: { code: 'US', off: -6, res: [24, 67, 73, 98, 174], lang: 'en' },
  CA: { code: 'CA', off: -5, res: [70, 99, 142], lang: 'en' },
  BR: { code: 'BR', off: -3, res: [177, 179, 189], lang: 'pt' },
  MX: { code: 'MX', off: -6, res: [187, 189, 201], lang: 'es' },
  GB: { code: 'GB', off: 0, res: [81, 86, 90], lang: 'en' },
  DE: { code: 'DE', off: 1, res: [79, 84, 91], lang: 'de' },
  FR: { code: 'FR', off: 1, res: [82, 86, 90], lang: 'fr' },
  ES: { code: 'ES', off: 1, res: [83, 88, 95], lang: 'es' },
  PL: { code: 'PL', off: 1, res: [31, 83, 89], lang: 'pl' },
  NG: { code: 'NG', off: 1, res: [102, 105, 197], lang: 'en' },
  KE: { code: 'KE', off: 3, res: [41, 102, 105], lang: 'en' },
  RU: { code: 'RU', off: 3, res: [5, 46, 95], lang: 'ru' },
  IN: { code: 'IN', off: 5.5, res: [49, 106, 117, 122], lang: 'en' },
  VN: { code: 'VN', off: 7, res: [14, 113, 171], lang: 'vi' },
  ID: { code: 'ID', off: 7, res: [36, 114, 180], lang: 'id' },
  PH: { code: 'PH', off: 8, res: [112, 124, 136], lang: 'en' },
  TW: { code: 'TW', off: 8, res: [1, 36, 114], lang: 'zh' },
  SG: { code: 'SG', off: 8, res: [42, 116, 175], lang: 'en' },
  KR: { code: 'KR', off: 9, res: [58, 121, 211], lang: 'ko' },
  JP: { code: 'JP', off: 9, res: [60, 126, 153], lang: 'ja' },
  AU: { code: 'AU', off: 10, res: [1, 101, 120], lang: 'en' },
};
/** Where ordinary customers are, roughly by share of API users. */
export const CUSTOMER_COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 30], ['IN', 10], ['GB', 7], ['DE', 6], ['BR', 5], ['CA', 4], ['FR', 4], ['JP', 4], ['KR', 3], ['ES', 3],
  ['PL', 2], ['NG', 2], ['KE', 1], ['PH', 2], ['ID', 2], ['VN', 2], ['TW', 2], ['SG', 2], ['AU', 3], ['MX', 2], ['RU', 1],
];

/** A household or office address of a country: stable, with an occasional lease change. */
export function homeIp(r: Rng, c: Country): string {
  if (r.chance(0.12)) return `2a0${r.int(1, 9)}:${r.hex(4)}:${r.hex(4)}:${r.hex(2)}00::${r.hex(3)}`;
  return `${r.pick(c.res)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 254)}`;
}

/** Hosting ranges by provider: a range is a /24 (v4) a provider hands out. */
export const CLOUDS: Record<string, readonly string[]> = {
  aws: ['3.91', '18.207', '35.170', '44.226', '52.14', '54.183'],
  gcp: ['34.82', '34.125', '35.197', '104.196'],
  azure: ['20.42', '20.163', '40.76', '52.170'],
  hetzner: ['5.161', '88.198', '95.216', '135.181'],
  ovh: ['51.75', '54.36', '141.94', '146.59'],
  vultr: ['45.32', '66.42', '108.61', '149.28'],
  linode: ['45.79', '139.162', '172.104', '173.255'],
};
export function cloudRange(r: Rng, provider: string): string {
  return `${r.pick(CLOUDS[provider]!)}.${r.int(0, 255)}`;
}
export const inRange = (r: Rng, range: string) => `${range}.${r.int(2, 254)}`;

// ---------------------------------------------------------------- clients

export interface Client { ua?: string; endpoint: string; stream?: boolean }
export const APPS: readonly Client[] = [
  { ua: 'Chatbox/1.9.8 (Macintosh; Intel Mac OS X 14_6)', endpoint: 'chat.completions', stream: true },
  { ua: 'BoltAI/1.31.2 (macOS 15.1)', endpoint: 'chat.completions', stream: true },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', endpoint: 'responses', stream: true },
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', endpoint: 'messages', stream: true },
  { ua: 'LibreChat/0.7.5', endpoint: 'chat.completions', stream: true },
  { ua: 'OpenCat/2.41 (iPhone; iOS 18.1)', endpoint: 'chat.completions', stream: true },
  { ua: 'Raycast/1.86.1 (macOS)', endpoint: 'messages', stream: true },
  { ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36', endpoint: 'responses', stream: true },
  { ua: 'TypingMind/2024.11 (Electron 33)', endpoint: 'messages', stream: true },
];
export const SDKS: readonly Client[] = [
  { ua: 'OpenAI/Python 1.57.0', endpoint: 'chat.completions' },
  { ua: 'OpenAI/Python 1.54.3', endpoint: 'responses' },
  { ua: 'OpenAI/JS 4.76.0', endpoint: 'chat.completions' },
  { ua: 'Anthropic/Python 0.40.0', endpoint: 'messages' },
  { ua: 'Anthropic/JS 0.33.1', endpoint: 'messages' },
  { ua: 'langchain-openai/0.2.10', endpoint: 'chat.completions' },
  { ua: 'litellm/1.55.3', endpoint: 'chat.completions' },
  { ua: 'python-httpx/0.27.2', endpoint: 'chat.completions' },
  { ua: 'axios/1.7.9', endpoint: 'chat.completions' },
];
export const MODELS = ['frontier-large-2026-09', 'frontier-mini-2026-09', 'frontier-reasoning-2026-10'] as const;

// ---------------------------------------------------------------- profiles

/** relative activity by local hour, 0..23 */
export const DIURNAL: Record<string, readonly number[]> = {
  home: [0.15, 0.08, 0.04, 0.03, 0.03, 0.05, 0.12, 0.3, 0.5, 0.7, 0.8, 0.85, 0.8, 0.75, 0.8, 0.85, 0.85, 0.8, 0.75, 0.9, 1, 0.95, 0.7, 0.35],
  office: [0, 0, 0, 0, 0, 0, 0.02, 0.15, 0.7, 1, 1, 0.95, 0.5, 0.8, 1, 1, 0.9, 0.6, 0.15, 0.05, 0.03, 0.02, 0, 0],
  student: [0.3, 0.15, 0.05, 0.02, 0.01, 0.01, 0.03, 0.1, 0.35, 0.5, 0.55, 0.5, 0.45, 0.55, 0.6, 0.6, 0.6, 0.55, 0.6, 0.8, 1, 1, 0.85, 0.6],
  evening: [0.1, 0.04, 0.02, 0.01, 0.01, 0.01, 0.05, 0.15, 0.2, 0.15, 0.15, 0.2, 0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.7, 0.9, 1, 0.95, 0.7, 0.3],
  flat: new Array(24).fill(1),
  // an app back end: its users' hours smoothed over several time zones
  service: [0.45, 0.4, 0.35, 0.35, 0.4, 0.5, 0.6, 0.75, 0.9, 1, 1, 1, 0.95, 0.95, 1, 1, 1, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5],
};
export const WEEKLY: Record<string, readonly number[]> = {
  // Monday .. Sunday
  person: [1, 1, 1, 0.95, 0.85, 0.75, 0.8],
  work: [1, 1, 1, 1, 0.9, 0.04, 0.02],
  school: [1, 1, 1, 1, 1, 0, 0],
  flat: [1, 1, 1, 1, 1, 1, 1],
  service: [1, 1, 1, 1, 1, 0.7, 0.65],
};
export function localHour(t: number, off: number): { hour: number; dow: number } {
  const d = new Date(t + off * HOUR);
  return { hour: d.getUTCHours(), dow: (d.getUTCDay() + 6) % 7 };
}
export function profile(t: number, off: number, diurnal: string, weekly: string): number {
  const { hour, dow } = localHour(t, off);
  return DIURNAL[diurnal]![hour]! * WEEKLY[weekly]![dow]!;
}

/** Think time between a person's turns: lognormal, median ~50 s, long right tail (reading, typing). */
export const humanGap = (r: Rng) => Math.min(40 * MIN, r.logNormal(50_000, 0.9));
/** Gap between a program's calls: gamma with a floor (the previous answer's latency is added by the caller). */
export const machineGap = (r: Rng, meanMs: number) => 200 + r.gamma(2, meanMs / 2);

// ---------------------------------------------------------------- exchanges

export interface Msg { role: 'user' | 'assistant' | 'tool'; content: string }
export interface Req {
  system?: string;
  messages: Msg[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  tools?: string[];
  stream?: boolean;
  [extra: string]: unknown;
}
/** What the answer is like: its median length in tokens and how it opens. */
export type AnswerKind = 'chat' | 'short' | 'code' | 'reasoning' | 'judge' | 'tool' | 'label' | 'probe' | 'ticket';
const ANSWER_MEDIAN: Record<AnswerKind, number> = { chat: 260, short: 70, code: 380, reasoning: 820, judge: 340, tool: 60, label: 40, probe: 1, ticket: 180 };
const OPENERS: Record<AnswerKind, readonly string[]> = {
  chat: ['Sure!', 'Good question.', 'Here is an overview.', 'There are a few ways to look at this.', 'Happy to help.'],
  short: ['Yes.', 'In short:', 'Briefly,', 'The answer is', 'Done.'],
  code: ['Here is an implementation:', 'You can do it like this:', '```python', 'The simplest version is:', '```js'],
  reasoning: ['Let me work through this carefully.', 'Step 1:', 'We start by restating the problem.', 'First, identify what is given.', 'Let us reason it out.'],
  judge: ['Evaluation:', 'Both responses address the prompt.', 'Assessment of the responses:', 'My own answer first:', 'Comparing the two answers,'],
  tool: ['', 'Calling the tool.', 'I will look that up.', 'Checking.'],
  label: ['Score: ', 'Label: ', 'Rating: '],
  probe: [''],
  ticket: ['Hi there, thanks for reaching out!', 'Thanks for contacting support.', 'Hello, and sorry for the trouble.', 'Thank you for your patience.'],
};
const FILLER = [
  'This depends on the details of your setup.', 'The key point is the relationship between the two quantities.',
  'Note that the edge cases need separate handling.', 'In practice most people start with the simpler option.',
  'Therefore the result follows.', 'Let me know if you want more detail on any part.', 'This gives the final answer.',
  'A common mistake here is to skip the check.', 'The second approach scales better.', 'Each step follows from the previous one.',
];

export interface Seat {
  account_id: string;
  org_id?: string;
  key?: string;
  client: Client;
  model: string;
  rng: Rng;
  /** no content is kept for this account (zero data retention) */
  noContent?: boolean;
  n: number;
}

const words = (s: string) => s.split(/\s+/).filter((w) => w.length > 2 && w.length < 18);

/** A stand-in answer: an opener, a few of the prompt's own words, stock sentences; at most ~360 characters logged. */
export function answerText(r: Rng, prompt: string, kind: AnswerKind, tokens: number): string {
  if (kind === 'probe') return r.pick(['The', ' the', 'A', ' of', '1', ' and', 'Yes', ' is']);
  let s = r.pick(OPENERS[kind]);
  if (kind === 'label') return `${s}${r.int(1, 7)}${r.chance(0.5) ? ` (${r.pick(['clear', 'partly correct', 'off-topic', 'helpful', 'verbose'])})` : ''}`;
  const w = words(prompt);
  if (w.length) s += ` ${w.slice(0, Math.min(w.length, r.int(3, 9))).join(' ')}`;
  const budget = Math.min(360, tokens * 4);
  while (s.length < budget) s += ` ${r.pick(FILLER)}`;
  return s.slice(0, budget);
}

export interface Outcome { kind: AnswerKind; tokens?: number; toolCalls?: number; stop?: string; latencyPerToken?: number }

/**
 * Writes one exchange (and its retry when the first try is rate limited or fails),
 * returns when the answer ended, so a session can schedule its next turn.
 */
export function exchange(seat: Seat, ts: number, ip: string, req: Req, o: Outcome, out: Ev[]): number {
  const r = seat.rng;
  const maxTok = req.max_tokens;
  let tokens = Math.max(1, Math.round(o.tokens ?? r.logNormal(ANSWER_MEDIAN[o.kind], 0.6)));
  let stop = o.stop ?? (seat.client.endpoint === 'messages' ? 'end_turn' : 'stop');
  if (maxTok !== undefined && tokens >= maxTok) {
    tokens = maxTok;
    stop = seat.client.endpoint === 'messages' ? 'max_tokens' : 'length';
  }
  let inputChars = (req.system?.length ?? 0);
  for (const m of req.messages) inputChars += m.content.length;
  const last = req.messages[req.messages.length - 1]?.content ?? '';
  // Retries: a rate-limited or failed first try, then the same request again.
  const fail = r.next();
  let t = ts;
  if (fail < 0.007) {
    const status = fail < 0.005 ? 429 : r.pick([500, 529, 503]);
    out.push({ ts: t, rec: build(seat, ip, req, undefined, undefined, status, r.int(40, 900)) });
    t += status === 429 ? r.int(2_000, 40_000) : r.int(500, 5_000);
  }
  const latency = Math.round(300 + tokens * (o.latencyPerToken ?? r.between(9, 22)));
  const response = { text: answerText(r, last, o.kind, tokens), stop_reason: stop, ...(o.toolCalls !== undefined ? { tool_calls: o.toolCalls } : {}) };
  const usage = { input_tokens: Math.ceil(inputChars / 3.7) + 8, output_tokens: tokens };
  out.push({ ts: t, rec: build(seat, ip, req, response, usage, 200, latency) });
  return t + latency;
}

function build(seat: Seat, ip: string, req: Req, response: object | undefined, usage: object | undefined, status: number, latency: number): Record<string, unknown> {
  seat.n++;
  const rec: Record<string, unknown> = {
    id: `x4-${seat.rng.hex(20)}`,
    account_id: seat.account_id,
  };
  if (seat.org_id) rec.org_id = seat.org_id;
  if (seat.key) rec.api_key_id = seat.key;
  rec.ip = ip;
  if (seat.client.ua) rec.user_agent = seat.client.ua;
  rec.model = seat.model;
  rec.endpoint = seat.client.endpoint;
  if (!seat.noContent) {
    const q: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(req)) if (v !== undefined) q[k] = v;
    if (seat.client.stream && q.stream === undefined) q.stream = true;
    rec.request = q;
    if (response) rec.response = response;
  }
  if (usage) rec.usage = usage;
  rec.status = status;
  rec.latency_ms = latency;
  return rec;
}

/** Deterministic account / key / card ids from a name. */
export const idOf = (prefix: string, name: string, n = 10) => `${prefix}${(hash32(name).toString(36) + hash32(`~${name}`).toString(36)).slice(0, n).padEnd(n, '0')}`;

export const EMAIL_FREE = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'hotmail.com', 'qq.com', 'naver.com', 'yandex.ru', 'gmx.de', 'mail.ru'];

/** The account-table row of an account, with some optional fields missing as real tables have. */
export function accountRow(r: Rng, a: AccountRow): AccountRow {
  const row: AccountRow = { account_id: a.account_id };
  for (const [k, v] of Object.entries(a)) {
    if (k === 'account_id' || v === undefined) continue;
    // sign-up address and country are missing on some rows; tier is sometimes not recorded
    if ((k === 'signup_ip' && r.chance(0.08)) || (k === 'country' && r.chance(0.05)) || (k === 'tier' && r.chance(0.1))) continue;
    (row as unknown as Record<string, unknown>)[k] = v;
  }
  return row;
}

/** A follow-up a person types: from a wide space of wordings, so no short list of phrases dominates. */
export function followUp(r: Rng, prev: string): string {
  const w = words(prev);
  const topic = w.length ? w[r.int(0, w.length - 1)]!.replace(/[^\p{L}\p{N}-]/gu, '') : 'that';
  const forms = [
    () => `can you say more about ${topic}?`,
    () => `hmm, I tried that and it didn't work. ${r.pick(['any idea why', 'what am I missing', 'what else could it be'])}?`,
    () => `what if ${topic} ${r.pick(['was bigger', 'is missing', 'changes every day', 'is in another language', 'is empty'])}?`,
    () => `${r.pick(['ok', 'okay', 'right', 'got it', 'thanks', 'nice'])}${r.pick(['', ',', '.', '!'])} ${r.pick(['and', 'but', 'also', 'so'])} ${r.pick(['how', 'what', 'why', 'where'])} ${r.pick(['would', 'does', 'should', 'can'])} I ${r.pick(['use', 'explain', 'test', 'change', 'start with'])} ${topic}?`,
    () => `please make it ${r.pick(['shorter', 'more formal', 'friendlier', 'a list', 'a table', 'simpler for a kid', 'less repetitive'])}`,
    () => `${r.pick(['wait', 'no', 'actually', 'sorry'])}, I meant ${topic} ${r.pick(['for work', 'in my city', 'in Python', 'for my mom', 'for next week'])}`,
    () => `translate that to ${r.pick(['Spanish', 'German', 'French', 'Hindi', 'Portuguese', 'Japanese', 'Korean', 'Polish'])}`,
    () => `${r.pick(['is', 'are'])} ${topic} ${r.pick(['safe', 'expensive', 'still true in 2026', 'the same thing as the other one', 'common'])}?`,
    () => r.pick(['👍 thanks', 'merci !', 'danke, und weiter?', 'gracias, otra pregunta', 'ありがとう、もう少し詳しく', '谢谢，再详细一点', 'спасибо, а подробнее?', 'ok lol', 'perfect, one more thing']),
  ];
  return r.pick(forms)();
}
