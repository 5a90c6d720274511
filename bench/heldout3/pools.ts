/** The corpus slices heldout/v3's actors draw from, built once per world. */
import type { Corpora, Item } from './corpora.js';

export interface Pools {
  chat: Item[];          // open-ended requests people type
  multiTurn: Item[];     // recorded conversations with several user turns
  search: Item[];        // search-style questions
  roles: Item[];         // community role prompts
  devQuestions: Item[];  // programming questions
  byLang: Record<string, Item[]>;
  docs: string[];        // texts a batch job translates or summarises
  // benchmark and instruction data, which both researchers and campaigns use
  mmlu: Item[]; gsm8kTest: Item[]; gsm8kTrain: Item[]; bbh: Item[]; humaneval: Item[]; mbpp: Item[]; math: Item[]; mathOther: Item[];
  leetcode: Item[]; codeInstr: Item[]; sweeps: Item[]; evol: Item[]; judge: Item[]; tools: Item[]; agentTasks: Item[];
}

export function buildPools(c: Corpora): Pools {
  const en = (xs: Item[]) => xs.filter((i) => i.lang === 'en');
  const multiTurn = [...c.get('sharegpt-sample'), ...c.get('hh-rlhf-harmless-test'), ...c.get('mt-bench-vicuna-bench'), ...c.get('oasst-prompts')].filter((i) => (i.turns?.length ?? 0) >= 2);
  const chat = [...c.get('alpaca-eval'), ...en(c.get('arena-hard')), ...c.get('oasst-prompts'), ...c.get('self-instruct-user-oriented'), ...c.get('sharegpt-sample'), ...c.get('mt-bench-vicuna-bench')];
  const code = c.get('code-benchmarks');
  const math = c.get('math-competition');
  const sweeps = c.get('instruction-sweeps');
  const tools = c.get('tool-use-agentic');
  return {
    chat,
    multiTurn,
    search: [...c.get('nq-open-queries'), ...c.get('webquestions')],
    roles: c.get('awesome-chatgpt-prompts'),
    devQuestions: c.get('conala-so-questions').filter((i) => i.lang === 'en'),
    byLang: {
      zh: c.get('multilingual-chat').filter((i) => i.lang.startsWith('zh')),
      ja: [...c.get('multilingual-chat').filter((i) => i.lang === 'ja'), ...c.get('conala-so-questions').filter((i) => i.lang === 'ja')],
      ru: [...c.get('wildchat-hard-ru'), ...c.get('conala-so-questions').filter((i) => i.lang === 'ru')],
      ko: c.get('arena-hard').filter((i) => i.lang === 'ko'),
      es: c.get('conala-so-questions').filter((i) => i.lang === 'es'),
    },
    docs: [...c.get('sharegpt-sample'), ...c.get('oasst-prompts'), ...c.get('hh-rlhf-harmless-test'), ...c.get('alpaca-eval')].map((i) => i.prompt).filter((p) => p.length > 80),
    mmlu: c.get('mmlu-redux'),
    gsm8kTest: c.get('gsm8k').filter((i) => (i.meta?.split ?? '') === 'test'),
    gsm8kTrain: c.get('gsm8k').filter((i) => (i.meta?.split ?? '') !== 'test'),
    bbh: c.get('bbh'),
    humaneval: code.filter((i) => i.category === 'humaneval/python'),
    mbpp: code.filter((i) => i.category.startsWith('mbpp')),
    leetcode: code.filter((i) => i.category.startsWith('leetcode')),
    math: math.filter((i) => i.category.startsWith('MATH/')),
    mathOther: math.filter((i) => !i.category.startsWith('MATH/')),
    codeInstr: c.get('codealpaca'),
    sweeps: sweeps.filter((i) => i.category.startsWith('t0/') || i.category === 'self-instruct-seed'),
    evol: sweeps.filter((i) => !i.category.startsWith('t0/') && i.category !== 'self-instruct-seed'),
    judge: c.get('llm-judge-prompts').filter((i) => i.prompt.length < 9000),
    tools: tools.filter((i) => i.category.startsWith('bfcl') || i.category.startsWith('apibench')),
    agentTasks: tools.filter((i) => i.category.startsWith('tau-bench') || i.category.startsWith('webarena')),
  };
}
