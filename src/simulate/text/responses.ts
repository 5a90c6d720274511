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

function slice(block: string, rng: Rng, len: number): string {
  let start = rng.int(block.length - len - 1);
  const sp = block.indexOf(' ', start);
  if (sp > 0 && sp - start < 20 && sp + len < block.length) start = sp + 1;
  return block.slice(start, start + len);
}

/**
 * Response text for `kind` standing for `outTokens` tokens, cut to at most `cap`
 * characters (loggers truncate long responses).
 */
export function responseText(rng: Rng, kind: ResponseKind, lang: string, outTokens: number, cap: number): string {
  const opener = rng.pick(OPEN[kind]);
  const full = Math.round(outTokens * charsPerToken(lang));
  const want = Math.max(0, Math.min(cap, full) - opener.length);
  if (kind === 'short') return (opener + slice(BLOCK_EN, rng, Math.min(want, 40)) + '"}').slice(0, Math.max(cap, 8));
  let block = BLOCK_EN;
  if (kind === 'code' && !opener.startsWith('Here is') && !opener.startsWith('We can')) block = BLOCK_CODE;
  else if (lang === 'zh' || lang === 'ja' || lang === 'ko') block = BLOCK_ZH;
  else if (lang === 'ru') block = BLOCK_RU;
  return opener + slice(block, rng, Math.min(want, 8000));
}
