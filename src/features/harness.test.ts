import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEvalHarness } from './harness.js';
import { loadCorpus, type CorpusPrompt, withoutCorpora } from './corpora.js';
import { extractFeatures } from './extract.js';

const skip = withoutCorpora('harness rates are measured on the public corpora');

/** A request as (user turn, system prompt). */
type Req = [string, string];

function rate(reqs: Req[]): number {
  return reqs.filter(([u, s]) => isEvalHarness(u, s)).length / reqs.length;
}

/** The published layouts of widely used harnesses, rendered over corpus items. */
function harnessRequests(): Req[] {
  const gsm = loadCorpus('gsm8k', 400);
  const train = gsm.filter((x) => x.meta?.split === 'train').slice(0, 8);
  const test = gsm.filter((x) => x.meta?.split !== 'train');
  const shots = (q: string, a: string, n: number) => train.slice(0, n).map((x) => `${q}: ${x.prompt}\n${a}: ... The answer is ${String(x.meta?.answer)}.`).join('\n\n');
  const mmlu = loadCorpus('mmlu-redux', 200);
  const math = loadCorpus('math-competition', 200);
  const bbh = loadCorpus('bbh', 200);
  const out: Req[] = [];
  for (const x of test.slice(0, 150)) {
    out.push([`${shots('Q', 'A', 4)}\n\nQ: ${x.prompt}\nA:`, '']);
    out.push([`${shots('Question', 'Answer', 3)}\n\nQuestion: ${x.prompt}\nAnswer: Let's think step by step.`, '']);
  }
  for (const x of mmlu) out.push([`The following are multiple choice questions (with answers) about ${x.category.split('/')[1]?.replace(/_/g, ' ')}.\n\n${x.prompt}\nAnswer:`, '']);
  for (const x of math) {
    out.push([x.prompt, 'Please reason step by step, and put your final answer within \\boxed{}.']);
    out.push([`Solve the following math problem step by step. The last line of your response should be of the form Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\n${x.prompt}\n\nRemember to put your answer on its own line after "Answer:".`, '']);
  }
  for (const x of bbh) out.push([`${x.prompt}\nA: Let's think step by step.`, '']);
  return out;
}

/** What must not read as a harness: chat, and harvest wrappers that are not a harness's exact form. */
function otherRequests(): Req[] {
  const chat: CorpusPrompt[] = [...loadCorpus('oasst-prompts', 600), ...loadCorpus('sharegpt-sample', 400), ...loadCorpus('arena-hard', 200), ...loadCorpus('wildchat-hard-ru', 200)];
  const items = [...loadCorpus('gsm8k', 300), ...loadCorpus('mmlu-redux', 200), ...loadCorpus('bbh', 100), ...loadCorpus('math-competition', 100)];
  const wrappers = [
    (q: string) => `Q: ${q}\nA:`,
    (q: string) => `${q}\nAnswer:`,
    (q: string) => `${q}\n\nLet's think step by step.`,
    (q: string) => `Solve this step by step and put the final answer in \\boxed{}.\n\n${q}`,
    (q: string) => `Question: ${q}\n\nThink step by step, then write the final answer after "The answer is".`,
    (q: string) => `Answer the following, making your chain of reasoning explicit:\nQ: ${q}\nA:`,
    (q: string) => `Walk me through your full reasoning before answering.\n\n${q}`,
  ];
  const out: Req[] = chat.map((x) => [x.prompt, '']);
  items.forEach((x, i) => out.push([wrappers[i % wrappers.length]!(x.prompt), '']));
  for (const x of loadCorpus('llm-judge-prompts', 300)) out.push([x.prompt, typeof x.meta?.system === 'string' ? x.meta.system : '']);
  return out;
}

test('the published layouts of public evaluation harnesses are recognised (measured 100%) and chat, judge prompts and harvest wrappers are not (measured 0%)', { skip }, () => {
  const harness = harnessRequests();
  const other = otherRequests();
  assert.ok(harness.length > 900 && other.length > 2000, `${harness.length} harness and ${other.length} other requests`);
  assert.ok(rate(harness) >= 0.99, `recognised ${(100 * rate(harness)).toFixed(1)}% of harness requests`);
  assert.ok(rate(other) <= 0.005, `marked ${(100 * rate(other)).toFixed(2)}% of other requests`);
});

test('few-shot needs worked exemplars: one question, or questions nobody answered, are not a harness', () => {
  assert.equal(isEvalHarness('Q: What is 2+2?\nA:', ''), false);
  assert.equal(isEvalHarness('Q: What is 2+2?\nQ: And 3+3?\nQ: And 4+4?', ''), false);
  assert.equal(isEvalHarness('Q: What is 2+2?\nA: 4\n\nQ: And 3+3?\nA: 6\n\nQ: And 4+4?\nA:', ''), true);
  // a harness instruction far down a huge turn is not read; a huge turn costs a bounded scan
  assert.equal(isEvalHarness(`${'x'.repeat(7000)} The last line of your response should be of the form Answer: X`, ''), false);
  assert.equal(isEvalHarness(`${'Q: a\nA: b\n'.repeat(200_000)}`, ''), true);
});

test('the feature is computed once per exchange from the last user turn and the system prompt', () => {
  const f = extractFeatures({ id: '1', ts: '2026-01-01T00:00:00Z', tsMs: 0, account_id: 'a', request: { system: 'Please reason step by step, and put your final answer within \\boxed{}.', messages: [{ role: 'user', content: 'What is 7 * 8?' }] } });
  assert.equal(f.evalHarness, true);
  const g = extractFeatures({ id: '2', ts: '2026-01-01T00:00:00Z', tsMs: 0, account_id: 'a', request: { messages: [{ role: 'user', content: 'What is 7 * 8? Show your reasoning step by step.' }] } });
  assert.equal(g.evalHarness, false);
});
