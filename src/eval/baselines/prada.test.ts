import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Exchange } from '../../contract/types.js';
import { mulberry32 } from '../../util/random.js';
import { createPradaBaseline, hashedBagOfWords } from './prada.js';

const CORPORA = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpora');
const q = (account: string, i: number, text: string): Exchange => ({ id: `${account}-${i}`, ts: new Date(i * 1000).toISOString(), tsMs: i * 1000, account_id: account, request: { messages: [{ role: 'user', content: text }] } });

/** The paper's synthetic attack in text: small perturbations of one seed query. */
function abuser(n: number): string[] {
  const r = mulberry32(3);
  const words = ['please', 'now', 'carefully', 'thanks'];
  return Array.from({ length: n }, () => `Explain step by step how to compute the derivative of x to the power of ${Math.floor(r() * 1000)} ${words[Math.floor(r() * 4)]}`);
}

test('hashed bags of words are unit vectors and identical texts are at distance zero', () => {
  const a = hashedBagOfWords('The cat sat on the mat')!;
  assert.equal(a.nnz, 5, 'five distinct words');
  let norm = 0;
  for (let i = 0; i < a.nnz; i++) norm += (a.data[a.nnz + i] * a.inv) ** 2;
  assert.ok(Math.abs(norm - 1) < 1e-6);
  assert.equal(hashedBagOfWords('!!! ...'), null);
  const b = createPradaBaseline({ minQueries: 3 });
  for (let i = 0; i < 10; i++) b.observe(q('same', i, 'The cat sat on the mat'));
  assert.equal(b.flagged.size, 0, 'zero spread cannot be tested');
});

test('flags the account sending perturbations of one seed query after the minimum number of queries', () => {
  const b = createPradaBaseline();
  abuser(300).forEach((t, i) => b.observe(q('abuser', i, t)));
  const at = b.flagged.get('abuser');
  assert.ok(at !== undefined);
  // The first query only seeds G; the test starts once D holds minQueries = 100 distances.
  assert.ok(at >= 100_000, `flagged at query ${at / 1000}`);
});

test('does not flag a user with fewer queries than the test needs', () => {
  const b = createPradaBaseline();
  abuser(80).forEach((t, i) => b.observe(q('light', i, t)));
  assert.equal(b.flagged.size, 0);
});

test('does not flag a user asking varied natural questions (alpaca-eval prompts)', (t) => {
  const file = join(CORPORA, 'alpaca-eval/prompts.jsonl');
  if (!existsSync(file)) return t.skip(`corpus not found at ${file}`);
  const prompts = readFileSync(file, 'utf8').trim().split('\n').slice(0, 200).map((l) => JSON.parse(l).prompt as string);
  const b = createPradaBaseline();
  prompts.forEach((p, i) => b.observe(q('natural', i, p)));
  abuser(200).forEach((p, i) => b.observe(q('abuser', i, p)));
  assert.equal(b.flagged.has('natural'), false);
  assert.equal(b.flagged.has('abuser'), true);
});
