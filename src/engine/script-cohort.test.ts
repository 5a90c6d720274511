import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followsScript, MIN_ANCHORS, MIN_HOLDERS, MIN_MEMBER_TEXTS, ScriptBook, memberLines } from './script-cohort.js';

const texts = (...h: number[]) => Uint32Array.from(h);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

test('texts enough caught accounts send form a script; two fleets with their own lists form two', () => {
  // fleet A draws from texts 100..111, fleet B from 200..209; each caught account sent 8 of its list
  const anchors: Uint32Array[] = [];
  for (let i = 0; i < 6; i++) anchors.push(texts(...range(100 + (i % 4), 8)));
  for (let i = 0; i < 5; i++) anchors.push(texts(...range(200 + (i % 3), 8)));
  // a caught account with texts nobody else sent adds nothing
  anchors.push(texts(900, 901, 902));
  const book = ScriptBook.of(anchors)!;
  assert.equal(book.scripts, 2);
  const a = book.match(texts(100, 101, 102, 103, 104, 105, 106, 107, 108))!;
  const b = book.match(texts(202, 203, 204, 205, 206, 207, 208, 209))!;
  assert.notEqual(a.script, b.script);
  for (const h of book.holders.values()) assert.ok(h >= MIN_HOLDERS);
  assert.equal(book.match(texts(900, 901, 902)), undefined);
  // the name of a script is its most-sent text, and stays its name as long as that holds
  assert.equal(book.signature(a.script), 103);
});

test('no script from fewer than MIN_ANCHORS caught accounts, nor from texts fewer than MIN_HOLDERS share', () => {
  assert.equal(ScriptBook.of(Array.from({ length: MIN_ANCHORS - 1 }, () => texts(...range(1, 10)))), undefined);
  assert.equal(ScriptBook.of(Array.from({ length: 10 }, (_, i) => texts(...range(10 * i, 10)))), undefined);
});

test('an account follows the script with enough of its texts and nearly nothing else', () => {
  const book = ScriptBook.of(Array.from({ length: 8 }, () => texts(...range(1, 12))))!;
  const m = (h: number[]) => book.match(texts(...h));
  assert.ok(followsScript(m(range(1, MIN_MEMBER_TEXTS))));
  assert.ok(!followsScript(m(range(1, MIN_MEMBER_TEXTS - 1))), 'too few of its texts');
  // a person who says some of the same things, and many of their own
  assert.ok(!followsScript(m([...range(1, 10), ...range(500, 6)])), 'too much else');
  assert.ok(followsScript(m([...range(1, 12), 500])), 'one stray text is allowed');
  assert.ok(!followsScript(undefined));
});

test('an account joins on the scripted detector’s lines as configured, its defaults where unset', () => {
  assert.deepEqual(memberLines(), { followUpShare: 0.5, clientLib: 0.8, answerTokens: 300 });
  // an operator whose logs carry shorter answers lowers the detector's line; the cohort follows it
  assert.deepEqual(memberLines({ 'conversation.scripted': { minAnswerTokens: 150, minClientLib: 0.6 } }), { followUpShare: 0.5, clientLib: 0.6, answerTokens: 150 });
  assert.throws(() => memberLines({ 'conversation.scripted': { minClientLib: 2 } }));
});
