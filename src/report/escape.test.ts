import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, h, md } from './escape.js';

test('a megabyte string is cut to the cap with an ellipsis', () => {
  const s = clean('x'.repeat(2_000_000), 100);
  assert.equal(s.length, 101);
  assert.ok(s.endsWith('…'));
});

test('a cut never splits a surrogate pair and lone surrogates become U+FFFD', () => {
  const s = clean('a' + '😀'.repeat(10), 4);
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s), JSON.stringify(s));
  assert.equal(clean('a\uD800b\uDC00c', 20), 'a\uFFFDb\uFFFDc');
});

test('invisible and direction-changing characters are made visible', () => {
  assert.equal(clean('a\u202Eb\u200Bc\u{E0041}\u001b', 80), 'a⟨U+202E⟩b⟨U+200B⟩c⟨U+E0041⟩⟨U+001B⟩');
  // A cut does not leave half a marker behind.
  assert.ok(!clean('abc\u202E'.repeat(5), 6).includes('⟨U+20…'));
});

test('non-string values are shown without throwing', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(clean(undefined, 10), '');
  assert.equal(clean(42, 10), '42');
  assert.equal(clean(cyclic, 40), '[unprintable value]');
  assert.equal(h('<b a="1">&'), '&lt;b a=&quot;1&quot;&gt;&amp;');
});

test('Markdown escaping keeps ids readable but disarms links, HTML and table pipes', () => {
  assert.equal(md('acct_0001'), 'acct_0001');
  assert.equal(md('_x_ [a](b) <i> |'), '\\_x\\_ \\[a\\]\\(b\\) \\<i\\> \\|');
});
