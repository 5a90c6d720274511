import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followsScript, MAX_TEXT_BITS, MIN_ANCHORS, MIN_HOLDERS, MIN_LIFT, MIN_MEMBER_BITS, ScriptBook, memberLines } from './script-cohort.js';

const texts = (...h: number[]) => Uint32Array.from(h);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** `n` ordinary accounts that follow up, each with six texts of their own and `common` texts of the everyday vocabulary 1..20 */
const people = (n: number, common = 0): Uint32Array[] => Array.from({ length: n }, (_, i) => texts(...range(10_000 + 6 * i, 6), ...range(1 + (i % 20), common).map((h) => 1 + ((h - 1) % 20))));

test('texts enough caught accounts send, and few others, form a script; two fleets with their own lists form two', () => {
  // fleet A draws from texts 100..111, fleet B from 200..209; each caught account sent 8 of its list
  const anchors: Uint32Array[] = [];
  for (let i = 0; i < 6; i++) anchors.push(texts(...range(100 + (i % 4), 8)));
  for (let i = 0; i < 5; i++) anchors.push(texts(...range(200 + (i % 3), 8)));
  // a caught account with texts nobody else sent adds nothing
  anchors.push(texts(900, 901, 902));
  const book = ScriptBook.of(anchors, people(300))!;
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
  assert.equal(ScriptBook.of(Array.from({ length: MIN_ANCHORS - 1 }, () => texts(...range(1, 10))), people(300)), undefined);
  assert.equal(ScriptBook.of(Array.from({ length: 10 }, (_, i) => texts(...range(10 * i + 5000, 10))), people(300)), undefined);
});

test('a text ordinary accounts send about as often as the caught ones is no script, however many caught accounts send it', () => {
  // caught accounts that use the everyday vocabulary (1..20) and one list of their own (100..107)
  const anchors = Array.from({ length: 12 }, () => texts(...range(1, 20), ...range(100, 8)));
  for (const size of [100, 1000, 5000]) {
    // ordinary accounts each send 8 of the 20 everyday texts: a rate of 40%, the caught accounts' 100% is 2.5 times that
    const book = ScriptBook.of(anchors, people(size, 8))!;
    for (const h of range(1, 20)) assert.equal(book.scriptFor(h), undefined, `everyday text ${h} in a script among ${size}`);
    for (const h of range(100, 8)) assert.notEqual(book.scriptFor(h), undefined, `the caught accounts' own text ${h} among ${size}`);
    // an ordinary account using nothing but the vocabulary is not a member, at any size
    assert.equal(book.match(texts(...range(1, 20))), undefined);
  }
  // the bar is a ratio of rates: a text MIN_LIFT times commoner among the caught accounts than elsewhere
  const others = (heldBy: number) => Array.from({ length: 1000 }, (_, i) => texts(i < heldBy ? 7 : 8, 10_000 + i));
  const anchors7 = Array.from({ length: 10 }, () => texts(7));
  assert.notEqual(ScriptBook.of(anchors7, others(Math.floor(1000 / MIN_LIFT) - 5)), undefined);
  assert.equal(ScriptBook.of(anchors7, others(Math.floor(1000 / MIN_LIFT) + 5)), undefined);
});

test('an account follows the script when its texts are rare enough elsewhere to add up, and it sends nearly nothing else', () => {
  const anchors = Array.from({ length: 8 }, () => texts(...range(1, 12)));
  // texts 1..12 are sent by nobody else: each carries the most a text can
  const rare = ScriptBook.of(anchors, people(1000))!;
  const m = (book: ScriptBook, h: number[]) => book.match(texts(...h));
  const enough = Math.ceil(MIN_MEMBER_BITS / MAX_TEXT_BITS);
  assert.ok(followsScript(m(rare, range(1, enough))));
  assert.ok(!followsScript(m(rare, range(1, enough - 1))), 'too little evidence');
  // a person who says some of the same things, and many of their own
  assert.ok(!followsScript(m(rare, [...range(1, 10), ...range(500, 6)])), 'too much else');
  assert.ok(followsScript(m(rare, [...range(1, 12), 500])), 'one stray text is allowed');
  assert.ok(!followsScript(undefined));
  // the same texts sent by one in six other accounts carry less each: more of them are needed
  const others = Array.from({ length: 1200 }, (_, i) => texts(1 + (i % 12), 1 + ((i + 6) % 12), 10_000 + i));
  const common = ScriptBook.of(anchors, others)!;
  const six = m(common, range(1, 6))!;
  assert.ok(six.bits < MIN_MEMBER_BITS && !followsScript(six), `six texts at one in six: ${six.bits.toFixed(1)} bits`);
  assert.ok(followsScript(m(common, range(1, 12))));
});

test('an account joins on the scripted detector’s lines as configured, its defaults where unset', () => {
  assert.deepEqual(memberLines(), { followUpShare: 0.5, clientLib: 0.8, answerTokens: 300, quietHours: 5 });
  // an operator whose logs carry shorter answers lowers the detector's line; the cohort follows it
  assert.deepEqual(memberLines({ 'conversation.scripted': { minAnswerTokens: 150, minClientLib: 0.6, maxQuietHours: 4 } }), { followUpShare: 0.5, clientLib: 0.6, answerTokens: 150, quietHours: 4 });
  assert.throws(() => memberLines({ 'conversation.scripted': { minClientLib: 2 } }));
});
