/**
 * Synthetic assistant responses: text of realistic length and shape (the opening
 * of a step-by-step solution, a verdict, code, a tool call, a tiny JSON object),
 * cut as a logger would cut it. Cheap by design: a response is a slice of a
 * pre-built block of filler, so generation stays far above 100k exchanges/s.
 */
import { Rng } from '../rng.js';

export type ResponseKind = 'cot' | 'judge' | 'code' | 'chat' | 'short' | 'tool' | 'safety' | 'search';

const EN_WORDS = (
  'the of and to a in is that for it as with be on by this are or from at an which can we so if each then value step result ' +
  'number first second next because since therefore thus given total two three four equation term sum product case answer ' +
  'example function data model user time way part point check note however also more than both only when where must would ' +
  'could should simple approach method problem solution reason consider assume follows means small large new final same ' +
  'different important common better good clear set list order key idea level system rate cost change group area line'
).split(' ');
const ZH = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';
const RU_WORDS = 'и в не на что с по это как а из к то у за для от же все так его но он мы вы о если шаг решение ответ значит поэтому число сумма равно получаем условие задача проверка итого далее сначала затем'.split(' ');
const CODE_LINES = [
  'def solve(nums, k):', '    result = 0', '    seen = {}', '    for i, x in enumerate(nums):', '        if x in seen:', '            result += seen[x]',
  '        seen[x] = seen.get(x, 0) + 1', '    return result', '', 'function merge(a, b) {', '  const out = [];', '  let i = 0, j = 0;',
  '  while (i < a.length && j < b.length) {', '    out.push(a[i] < b[j] ? a[i++] : b[j++]);', '  }', '  return out.concat(a.slice(i), b.slice(j));', '}',
  'for (const row of rows) {', '  total += row.amount;', '}', 'assert solve([1, 2, 3], 3) == 2', 'import collections', 'class Solution:',
  '    def run(self, grid):', '        m, n = len(grid), len(grid[0])', '        dp = [[0] * n for _ in range(m)]', 'SELECT region, COUNT(*) FROM orders GROUP BY region;',
];

function buildBlock(rng: Rng, size: number, gen: () => string): string {
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const s = gen();
    parts.push(s);
    n += s.length;
  }
  return parts.join('');
}

function sentence(rng: Rng, words: string[], sep: string, end: string): string {
  const len = 6 + rng.int(14);
  const w: string[] = [];
  for (let i = 0; i < len; i++) w.push(rng.pick(words));
  const s = w.join(sep);
  return s[0].toUpperCase() + s.slice(1) + end + (rng.chance(0.15) ? '\n\n' : ' ');
}

const rngB = new Rng(20240601, 'filler');
const BLOCK_EN = buildBlock(rngB, 65536, () => sentence(rngB, EN_WORDS, ' ', rngB.chance(0.1) ? ':' : '.'));
const BLOCK_RU = buildBlock(rngB, 32768, () => sentence(rngB, RU_WORDS, ' ', '.'));
const BLOCK_ZH = buildBlock(rngB, 16384, () => {
  let s = '';
  const n = 8 + rngB.int(20);
  for (let i = 0; i < n; i++) s += ZH[rngB.int(ZH.length)];
  return s + (rngB.chance(0.2) ? '。\n' : '，');
});
const BLOCK_CODE = buildBlock(rngB, 32768, () => rngB.pick(CODE_LINES) + '\n');

const OPEN: Record<ResponseKind, string[]> = {
  cot: ["Let's work through this step by step.\n\n**Step 1:** ", 'To solve this, we first identify what is given.\n\n1. ', "We'll break the problem into parts.\n\nFirst, ", 'Step 1: Understand the problem. ', "Let me reason about this carefully.\n\n"],
  judge: ["Let's compare the two responses.\n\n**Assistant A** ", 'Evaluation:\n\n- Correctness: ', 'Both answers address the question. ', 'Explanation: Assistant B '],
  code: ['Here is an approach.\n\n**Idea:** ', "Sure! Here's a solution:\n\n```python\n", 'We can do this in linear time. ', '```\n'],
  chat: ['Sure! ', 'Great question. ', 'Here are a few ideas:\n\n1. ', '', 'Of course. ', 'Happy to help. '],
  short: ['{"label": "', '{"category": "', '{"sentiment": "', '{"summary": "', '{"fields": {"name": "'],
  tool: ['I will look that up.', "Let me check that for you.", 'Calling the tool now.', ''],
  safety: ['**Analysis:** The request ', 'I can help with a safer version of this. ', 'This request could cause harm because ', 'Reply: '],
  search: ['', 'The answer is ', 'It was ', ''],
};

/** Characters per token: ~4 for Latin script, far fewer for CJK (why token counts differ by language). */
export function charsPerToken(lang: string): number {
  return lang === 'zh' || lang === 'ja' || lang === 'ko' ? 1.3 : lang === 'ru' ? 3 : 4;
}

/** Estimated tokens of a text, by length and script. */
export function tokensOf(chars: number, lang: string): number {
  return Math.max(1, Math.round(chars / charsPerToken(lang)));
}

/**
 * Per kind and script, a block of segments "opener + filler" with the offsets
 * where segments start. A response is one slice of it: a flat string, which
 * JSON.stringify and Buffer.write handle several times faster than the
 * concatenation "opener + filler" would be.
 */
interface Segments {
  text: string;
  starts: number[];
}

const SEGMENTS = new Map<string, Segments>();
const SEG_LEN = 2400;
const SEG_COUNT = 24;

function segments(kind: ResponseKind, script: string): Segments {
  const key = `${kind}/${script}`;
  let seg = SEGMENTS.get(key);
  if (seg) return seg;
  const r = new Rng(hashKey(key), 'segments');
  const block = script === 'zh' ? BLOCK_ZH : script === 'ru' ? BLOCK_RU : BLOCK_EN;
  const parts: string[] = [];
  const starts: number[] = [];
  let n = 0;
  for (let i = 0; i < SEG_COUNT; i++) {
    const opener = OPEN[kind][i % OPEN[kind].length];
    const fill = kind === 'code' && opener.includes('```') ? BLOCK_CODE : block;
    const from = r.int(fill.length - SEG_LEN - 1);
    const body = opener + fill.slice(from, from + SEG_LEN) + '\n\n';
    starts.push(n);
    parts.push(body);
    n += body.length;
  }
  seg = { text: parts.join(''), starts };
  SEGMENTS.set(key, seg);
  return seg;
}

function hashKey(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return h;
}

/**
 * The JSON literal (quoted, escaped, UTF-8) of every response string handed out:
 * the log writer copies these bytes instead of encoding the same text again.
 * Bounded: pools are built once per kind, script and length step.
 */
export const RESPONSE_JSON = new Map<string, Buffer>();
const remember = (t: string): string => {
  if (!RESPONSE_JSON.has(t)) RESPONSE_JSON.set(t, Buffer.from(JSON.stringify(t)));
  return t;
};

const SHORT: string[] = (() => {
  const r = new Rng(99, 'short');
  const vals = ['billing', 'bug', 'feature_request', 'account', 'other', 'positive', 'negative', 'neutral', 'yes', 'no', 'en', 'de', 'fr', 'es'];
  const out: string[] = [];
  for (let i = 0; i < 256; i++) {
    const k = r.int(4);
    out.push(k === 0 ? r.pick(vals) : k === 1 ? `{"label": "${r.pick(vals)}"}` : k === 2 ? `{"topic": "${r.pick(EN_WORDS)} ${r.pick(EN_WORDS)}", "sentiment": "${r.pick(vals)}", "language": "en"}` : `${r.pick(EN_WORDS)}, ${r.pick(EN_WORDS)}, ${r.pick(EN_WORDS)}`);
  }
  return out.map(remember);
})();

// Lengths responses are cut to: a geometric ladder, fine enough that token counts
// and text lengths stay consistent to within a few per cent.
const LENGTHS: number[] = [];
for (let l = 8; l <= SEG_LEN; l = Math.ceil(l * 1.12)) LENGTHS.push(l);
const VARIANTS = 12;
const POOLS = new Map<string, string[]>();

function lengthIndex(len: number): number {
  let lo = 0;
  let hi = LENGTHS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (LENGTHS[mid] < len) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Responses are drawn from pools of ready strings, one per kind, script and
 * length step. They are sequential (copied once through JSON), which matters:
 * V8 serialises and encodes sliced strings several times slower.
 */
function pooled(kind: ResponseKind, script: string, li: number, rng: Rng): string {
  const key = `${kind}/${script}/${li}`;
  let pool = POOLS.get(key);
  if (!pool) {
    const seg = segments(kind, script);
    const r = new Rng(hashKey(key), 'pool');
    pool = [];
    for (let i = 0; i < VARIANTS; i++) {
      const start = seg.starts[r.int(seg.starts.length)];
      pool.push(remember(JSON.parse(JSON.stringify(seg.text.slice(start, start + LENGTHS[li]))) as string));
    }
    POOLS.set(key, pool);
  }
  return pool[rng.int(VARIANTS)];
}

/**
 * Response text for `kind` standing for `outTokens` tokens, cut to at most `cap`
 * characters (loggers truncate long responses).
 */
export function responseText(rng: Rng, kind: ResponseKind, lang: string, outTokens: number, cap: number): string {
  if (kind === 'short') return SHORT[rng.int(SHORT.length)];
  const script = lang === 'zh' || lang === 'ja' || lang === 'ko' ? 'zh' : lang === 'ru' ? 'ru' : 'en';
  const len = Math.max(1, Math.min(cap, Math.round(outTokens * charsPerToken(lang)), SEG_LEN));
  let li = lengthIndex(len);
  if (LENGTHS[li] > len && li > 0) li--;
  return pooled(kind, script, li, rng);
}
