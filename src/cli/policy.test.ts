import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const mainUrl = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'main.ts')).href;
const dir = mkdtempSync(join(tmpdir(), 'dg-cli-policy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `distillguard ...` in a child process, as a user would. */
function run(args: string[]): { code: number; err: string; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { main } from ${JSON.stringify(mainUrl)}; process.exitCode = await main(${JSON.stringify(args)});`], { encoding: 'utf8' });
  return { code: r.status ?? -1, err: r.stderr, out: r.stdout };
}

const log = join(dir, 'logs.jsonl');
writeFileSync(log, Array.from({ length: 30 }, (_, i) => JSON.stringify({
  id: `r${i}`, ts: new Date(Date.UTC(2026, 10, 2, 10, 0, i * 10)).toISOString(), account_id: i % 2 ? 'acct-a' : 'acct-b', ip: i % 2 ? '10.0.0.1' : '192.0.2.1',
  request: { messages: [{ role: 'user', content: `question ${i}` }] }, response: { text: 'answer' },
})).join('\n') + '\n');

test('policy check reports what a rule would have done at each exchange, as a table or JSON', () => {
  const p = join(dir, 'ip.yaml');
  writeFileSync(p, 'rules:\n  - { id: range, when: { ip: 10.0.0.0/8 }, action: block, mode: enforce }\ntests:\n  - { name: in range, subject: { ip: 10.1.2.3 }, expect: block }\n');
  const r = run(['policy', 'check', '--policy', p, log, '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.exchanges, 30);
  assert.equal(j.byAction.block, 15);
  assert.equal(j.byAction.allow, 15);
  assert.deepEqual(j.firstActions.map((f: { account_id: string; rule: string }) => [f.account_id, f.rule]), [['acct-a', 'range']]);
  const t = run(['policy', 'check', '--policy', p, log]);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /^block\s+15\s+1$/m);
  assert.match(t.out, /acct-a {2}block {2}range {2}case=case-[0-9a-f]{12}/);
});

test('a policy whose own tests fail is refused (exit 1), and a broken one names file and line (exit 2)', () => {
  const failing = join(dir, 'failing.yaml');
  writeFileSync(failing, 'rules:\n  - { id: range, when: { ip: 10.0.0.0/8 }, action: block }\ntests:\n  - { name: wrongly enforced, subject: { ip: 10.1.2.3 }, expect: block }\n');
  const f = run(['policy', 'check', '--policy', failing, log]);
  assert.equal(f.code, 1);
  assert.match(f.err, /test "wrongly enforced" fails: expected block, got shadow/);
  assert.equal(run(['policy', 'test', failing]).code, 1);
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, 'rules:\n  - { id: x, action: smite }\n');
  const b = run(['policy', 'check', '--policy', broken, log]);
  assert.equal(b.code, 2);
  assert.match(b.err, /broken\.yaml:2: rules\.0\.action: Invalid enum value/);
  assert.equal(run(['policy', 'check', log, join(dir, 'missing.jsonl')]).code, 2);
});
