import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFeatures } from './index.js';
import { simDistance } from './fingerprint.js';
import { fmix32 } from '../util/hash.js';
import { loadCorpus, withoutCorpora } from './corpora.js';
import type { Exchange } from '../contract/types.js';

const skip = withoutCorpora('fingerprints are measured on the public corpora');

function ex(content: string): Exchange {
  return { id: 'r', ts: '2026-01-01T00:00:00Z', tsMs: 0, account_id: 'a', request: { messages: [{ role: 'user', content }] } };
}

function shareBand(a: Uint32Array, b: Uint32Array): boolean {
  for (const x of a) for (const y of b) if (x === y) return true;
  return false;
}

// Wrappers an operator might put around harvested items, each with a light
// paraphrase written for this test (several languages). {item} is the item.
const TEMPLATES: [string, string][] = [
  ['You are an expert problem solver. Solve the following problem step by step, showing every intermediate result, and put the final answer in a box at the end.\n\n{item}',
   'You are an expert at solving problems. Solve the following problem step by step, showing each intermediate result, and put your final answer in a box at the end.\n\n{item}'],
  ['{item}\n\nPlease reason step by step, explain every assumption you make, and write the final answer on its own line after the words "Final answer".',
   '{item}\n\nReason step by step, explain each assumption you make, and write your final answer on a separate line after the words "Final answer".'],
  ['Question:\n{item}\nThink carefully about the question above before answering. First write out your full chain of thought, then give a concise answer.',
   'Question:\n{item}\nThink carefully about the question above before you answer. First write down your full chain of thought, then give a short answer.'],
  ['请仔细阅读下面的题目，一步一步地推理，写出完整的解题过程，最后给出答案。\n题目：{item}',
   '请认真阅读下面的题目，一步一步地推理，写出完整的解题过程，最后给出最终答案。\n题目：{item}'],
  ['Реши следующую задачу шаг за шагом, подробно объясняя каждое действие, и в конце запиши ответ.\n\n{item}',
   'Реши эту задачу шаг за шагом, подробно объясняя каждое действие, и в конце запиши итоговый ответ.\n\n{item}'],
  ['Resuelve el siguiente problema paso a paso, explica cada decisión que tomes y escribe la respuesta final al final.\n{item}',
   'Resuelve este problema paso a paso, explica cada decisión que tomes y escribe tu respuesta final al final.\n{item}'],
  ['I am building a dataset of high quality answers. For the task below, write a complete, detailed and correct response, as an expert would.\n### Task\n{item}\n### Response',
   'I am building a dataset of high-quality answers. For the task below, write a complete, detailed and accurate response, as an expert would.\n### Task\n{item}\n### Response'],
  ['Beantworte die folgende Frage ausführlich und erkläre deine Überlegungen Schritt für Schritt, bevor du die endgültige Antwort gibst.\n{item}',
   'Beantworte die folgende Frage ausführlich und erkläre deine Gedanken Schritt für Schritt, bevor du die endgültige Antwort nennst.\n{item}'],
];

const ITEM_CORPORA = ['gsm8k', 'mmlu-redux', 'math-competition', 'nq-open-queries', 'alpaca-eval', 'bbh'];

test('fingerprints are deterministic: the same exchange gives the same hashes and bands', () => {
  const p = 'Solve step by step: a train leaves at 3 pm travelling 60 km/h; when does it arrive 150 km away?';
  const a = extractFeatures(ex(p));
  const b = extractFeatures(ex('x y z ' + p)); // different work in between must not leak into the next call
  const c = extractFeatures(ex(p));
  assert.notEqual(a.promptHash, b.promptHash);
  assert.equal(a.promptHash, c.promptHash);
  assert.equal(a.simHi, c.simHi);
  assert.equal(a.simLo, c.simLo);
  assert.equal(a.skeletonHash, c.skeletonHash);
  assert.deepEqual(Array.from(a.templateBands), Array.from(c.templateBands));
});

test('the bit-sliced SimHash equals a SimHash computed with plain per-bit counters', async () => {
  const { normalizeInto, tokenize, tok } = await import('./text.js');
  const { simhash, sim } = await import('./fingerprint.js');
  for (const text of ['a b c d e f g', 'the quick brown fox jumps over the lazy dog again and again', 'x', '一二三四五六七八九十']) {
    const n = tokenize(normalizeInto(text, true));
    simhash(0, n);
    const cLo = new Array(32).fill(0);
    const cHi = new Array(32).fill(0);
    for (let i = 0; i < n; i++) {
      const lo = fmix32(tok.hash[i]);
      const hi = (Math.imul(lo ^ (lo >>> 15), 0x5bd1e995) ^ (lo >>> 13)) >>> 0;
      for (let j = 0; j < 32; j++) {
        cLo[j] += (lo >>> j) & 1;
        cHi[j] += (hi >>> j) & 1;
      }
    }
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < 32; j++) {
      if (2 * cLo[j] > n) lo |= 1 << j;
      if (2 * cHi[j] > n) hi |= 1 << j;
    }
    assert.equal(sim.lo, lo >>> 0, text);
    assert.equal(sim.hi, hi >>> 0, text);
  }
});

test('SimHash of lightly edited prompts is closer than of unrelated prompts', { skip }, () => {
  const items = loadCorpus('alpaca-eval', 200).map((p) => p.prompt).filter((p) => p.split(' ').length >= 12);
  let near = 0;
  let far = 0;
  for (let i = 0; i + 1 < items.length; i++) {
    const a = extractFeatures(ex(items[i]));
    const b = extractFeatures(ex(items[i].replace(/\b(the|a|an)\b/i, 'this') + ' Thanks!'));
    const c = extractFeatures(ex(items[i + 1]));
    near += simDistance(a.simHi, a.simLo, b.simHi, b.simLo);
    far += simDistance(a.simHi, a.simLo, c.simHi, c.simLo);
  }
  const n = items.length - 1;
  // measured: about 7 bits for an edit against about 32 for unrelated prompts
  assert.ok(near / n < 14, `edited prompts are ${near / n} bits apart`);
  assert.ok(far / n > 26, `unrelated prompts are ${far / n} bits apart`);
});

test('template bands collide for one template or its paraphrase around different corpus items (94%), and rarely for unrelated prompts (0.4%)', { skip }, () => {
  const items = ITEM_CORPORA.flatMap((c) => loadCorpus(c, 60).map((p) => p.prompt)).filter((p) => p.length < 1500);
  let same = 0;
  let samePairs = 0;
  let exactPara = 0;
  for (const [t, para] of TEMPLATES) {
    for (let i = 0; i + 1 < items.length; i += 2) {
      const a = extractFeatures(ex(t.replace('{item}', items[i])));
      const b = extractFeatures(ex((i % 4 === 0 ? t : para).replace('{item}', items[i + 1])));
      samePairs++;
      if (shareBand(a.templateBands, b.templateBands)) same++;
      if (i % 4 !== 0 && shareBand(a.templateBands, b.templateBands)) exactPara++;
    }
  }
  // unrelated: raw prompts of the benign corpora against each other, and different templates around different items
  const benign = ['alpaca-eval', 'oasst-prompts', 'sharegpt-sample', 'arena-hard', 'nq-open-queries', 'self-instruct-user-oriented']
    .flatMap((c) => loadCorpus(c, 80).map((p) => p.prompt));
  const feats = benign.map((p) => extractFeatures(ex(p)));
  let diff = 0;
  let diffPairs = 0;
  for (let i = 0; i < feats.length; i++) {
    for (let j = i + 1; j < feats.length; j += 7) {
      if (benign[i] === benign[j]) continue;
      diffPairs++;
      if (shareBand(feats[i].templateBands, feats[j].templateBands)) diff++;
    }
  }
  let cross = 0;
  let crossPairs = 0;
  for (let t = 0; t < TEMPLATES.length; t++) {
    for (let u = t + 1; u < TEMPLATES.length; u++) {
      for (let i = 0; i + 1 < 60; i += 2) {
        const a = extractFeatures(ex(TEMPLATES[t][0].replace('{item}', items[i])));
        const b = extractFeatures(ex(TEMPLATES[u][0].replace('{item}', items[i + 1])));
        crossPairs++;
        if (shareBand(a.templateBands, b.templateBands)) cross++;
      }
    }
  }
  const sameRate = same / samePairs;
  const diffRate = diff / diffPairs;
  const crossRate = cross / crossPairs;
  console.log(`template bands: same template ${(100 * sameRate).toFixed(1)}% of ${samePairs} pairs (paraphrased half ${(100 * exactPara / (samePairs / 2)).toFixed(1)}%), unrelated prompts ${(100 * diffRate).toFixed(2)}% of ${diffPairs}, different templates ${(100 * crossRate).toFixed(2)}% of ${crossPairs}`);
  // measured with 6 bands of 3 rows: same template 94.1% (paraphrased 87.8%), unrelated 0.38%, different templates 2.3%
  assert.ok(sameRate >= 0.9, `same-template collision rate ${sameRate}`);
  assert.ok(diffRate <= 0.01, `unrelated collision rate ${diffRate}`);
  assert.ok(crossRate <= 0.05, `different-template collision rate ${crossRate}`);
});

test('prompts too short to carry a template get no template bands', () => {
  assert.equal(extractFeatures(ex('hello there')).templateBands.length, 0);
  assert.ok(extractFeatures(ex('please tell me a long story about a dragon and a knight in the mountains')).templateBands.length > 0);
});

test('a prompt’s frame: the same first or last words around different items share a key; a short prompt has none', () => {
  const f = (content: string) => extractFeatures({ id: 'f', ts: '2026-11-02T00:00:00Z', tsMs: 0, account_id: 'a', request: { messages: [{ role: 'user', content }] } });
  const itemA = 'A farmer has 17 sheep and all but nine run away. How many sheep does the farmer have left at the end of the day?';
  const itemB = 'Which planet in the solar system has the longest day, and how does its rotation compare with its orbit around the sun?';
  const head = 'Give me the reasoning, not just the result.\n\n';
  const tail = '\n\nNarrate your problem-solving process as you go.';
  const [a, b] = [f(head + itemA), f(head + itemB)];
  assert.ok(a.frameHead && a.frameHead === b.frameHead, 'one wrapper in front, one head');
  assert.notEqual(a.frameTail, b.frameTail);
  const [c, d] = [f(itemA + tail), f(itemB + tail)];
  assert.ok(c.frameTail && c.frameTail === d.frameTail, 'one wrapper behind, one tail');
  assert.notEqual(c.frameHead, d.frameHead);
  // case, spacing and zero-width characters do not make another frame
  assert.equal(f('GIVE me the\u200b reasoning,   not just the result. ' + itemB).frameHead, a.frameHead);
  // a head is not a tail with the same words
  assert.notEqual(f(itemA + ' give me the reasoning not just').frameTail, a.frameHead);
  assert.equal(f('Give me the reasoning, not just the result.').frameHead, 0, 'too short to have a middle');
});
