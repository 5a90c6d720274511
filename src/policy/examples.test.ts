/**
 * Every policy we ship, tested as a set: the built-in default and each file
 * under examples/ parse, and pass the tests they carry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFile } from './load.js';
import { DEFAULT_POLICY } from './policy.js';
import { PolicyFile } from './schema.js';
import { runPolicyTests } from './selftest.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const files = readdirSync(examples).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join(examples, f));

test('examples/ holds policy files', () => {
  assert.ok(files.some((f) => f.endsWith('policy.yaml')));
});

for (const [name, load] of [['the built-in default', () => PolicyFile.parse(DEFAULT_POLICY)] as const, ...files.map((f) => [`examples/${basename(f)}`, () => loadPolicyFile(f)] as const)]) {
  test(`${name} parses, carries tests for each rule's action, and passes them`, () => {
    const file = load();
    assert.ok(file.tests.length >= file.rules.length, `${file.tests.length} tests for ${file.rules.length} rules`);
    const outcomes = runPolicyTests(file);
    assert.deepEqual(outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.problem}`), []);
    // every rule is the deciding rule of at least one test (a rule no test reaches is untested)
    const decided = new Set(outcomes.map((o) => o.decision.rule));
    assert.deepEqual(file.rules.map((r) => r.id).filter((id) => !decided.has(id)), []);
  });
}
