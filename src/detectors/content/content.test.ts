/**
 * The content detector with the fitted text model beside the lexicon, on
 * labelled accounts: harvesters whose wrappers use wording written here (in
 * neither the lexicons nor the model's training families), with camouflage
 * chat, against ordinary users and students asking plain homework questions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentIntent } from './index.js';
import { AccountState } from '../../state/account.js';
import { extractFeatures } from '../../features/index.js';
import { loadCorpus, withoutCorpora } from '../../features/corpora.js';
import { mulberry32 } from '../../util/random.js';
import type { Exchange } from '../../contract/types.js';

const skip = withoutCorpora('harvest and ordinary accounts are built from the public corpora');

// Reasoning-eliciting wrappers written for this test: no lexicon phrase and
// none of the augmentation families' templates (checked below for the lexicon).
const WRAPPERS: [string, string][] = [
  ['', '\n\nI care more about how you get there than the number itself, so spell out each move you make.'],
  ['Before you commit to anything, reason it out in writing, one inference per line:\n', ''],
  ['', '\n\nNarrate your thinking as you go along and only then say what the result is.'],
  ['Treat this like an exam where the working earns the marks:\n\n', ''],
  ['', '\nLay out the logic that gets you there, then give your conclusion.'],
  ['Talk me through how you would crack this, then the final result:\n', ''],
];

function exchange(id: string, i: number, content: string): Exchange {
  const t = Date.parse('2026-11-02T00:00:00Z') + i * 3_600_000;
  return {
    id: `${id}-${i}`, ts: new Date(t).toISOString(), tsMs: t, account_id: id, user_agent: 'Mozilla/5.0',
    request: { messages: [{ role: 'user', content }] },
    response: { text: 'x'.repeat(1500), stop_reason: 'end_turn' },
    usage: { input_tokens: 60, output_tokens: 600 }, status: 200,
  };
}

function account(id: string, prompts: string[]): AccountState {
  const s = new AccountState(id);
  prompts.forEach((p, i) => {
    const ex = exchange(id, i, p);
    s.update(ex, extractFeatures(ex));
  });
  return s;
}

const flagged = (states: AccountState[], textModel: boolean): number => {
  const d = contentIntent.create(contentIntent.config.parse({ textModel }));
  return states.filter((s) => d.evaluate(s).some((sig) => sig.score >= 0.3)).length / states.length;
};

test('the text model finds harvesters whose wording the lexicon misses, and no more ordinary accounts', { skip }, () => {
  const r = mulberry32(9);
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const instructions = loadCorpus('alpaca-eval', 400).map((p) => p.prompt).concat(loadCorpus('self-instruct-user-oriented', 200).map((p) => p.prompt));
  const chat = ['oasst-prompts', 'sharegpt-sample', 'nq-open-queries', 'multilingual-chat'].flatMap((c) => loadCorpus(c, 300)).map((p) => p.prompt);
  const homework = loadCorpus('gsm8k', 300).map((p) => p.prompt);

  // the wrappers really are unlisted: the lexicon reads no reasoning intent in them
  for (const [pre, post] of WRAPPERS) {
    const it = extractFeatures(exchange('w', 0, `${pre}Write a short note to my landlord about the broken heater.${post}`)).intent;
    assert.ok(Math.max(it.cot, it.reconstruct, it.judge, it.internals) < 0.5, `lexicon reads ${pre}${post}`);
  }

  // general-assistant harvesters: ordinary instructions in their three wrappers, 30% camouflage chat
  const harvesters = Array.from({ length: 20 }, (_, a) => {
    const mine = [pick(WRAPPERS), pick(WRAPPERS), pick(WRAPPERS)];
    return account(`h${a}`, Array.from({ length: 40 }, () => {
      if (r() < 0.3) return pick(chat);
      const [pre, post] = pick(mine);
      return `${pre}${pick(instructions)}${post}`;
    }));
  });
  const ordinary = Array.from({ length: 40 }, (_, a) => account(`o${a}`, Array.from({ length: 40 }, () => pick(chat))));
  const students = Array.from({ length: 20 }, (_, a) => account(`s${a}`, Array.from({ length: 30 }, () => (r() < 0.7 ? pick(homework) : pick(chat)))));

  const withModel = flagged(harvesters, true);
  const lexiconOnly = flagged(harvesters, false);
  assert.ok(withModel >= 0.8, `harvesters found with the text model: ${withModel}`);
  assert.ok(withModel >= lexiconOnly + 0.3, `the model adds little: ${lexiconOnly} -> ${withModel}`);
  assert.ok(flagged(ordinary, true) <= flagged(ordinary, false) + 0.025, 'ordinary chat accounts newly flagged');
  assert.ok(flagged(students, true) <= flagged(students, false) + 0.05, 'students newly flagged');
});
