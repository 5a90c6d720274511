import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const mainUrl = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'main.ts')).href;

/** Runs `distillguard simulate ...` in a child process, as a user would. */
async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { main } from ${JSON.stringify(mainUrl)}; process.exitCode = await main(${JSON.stringify(['simulate', ...args])});`], { encoding: 'utf8' });
  return { code: r.status ?? -1, err: r.stderr, out: r.stdout };
}

test('an unknown scenario exits 2 and lists the valid ones', async () => {
  const r = await run(['--scenario', 'nope', '--out', join(tmpdir(), 'dg-none')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown scenario "nope"/);
  assert.match(r.err, /mixed/);
  assert.match(r.err, /incident/);
});

test('a bad scale exits 2', async () => {
  const r = await run(['--scenario', 'mixed', '--scale', '-3', '--out', join(tmpdir(), 'dg-none')]);
  assert.equal(r.code, 2);
});

test('a missing corpus directory exits 2 with its path in the message', async () => {
  const r = await run(['--scenario', 'mixed', '--scale', '0.01', '--days', '1', '--corpus', '/nonexistent/corpora', '--out', join(tmpdir(), 'dg-none'), '-q']);
  assert.equal(r.code, 2);
  assert.match(r.err, /\/nonexistent\/corpora/);
});

test('a small world is written with its summary on stdout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-sim-cli-'));
  try {
    const r = await run(['--scenario', 'lookalikes', '--scale', '0.01', '--days', '1', '--seed', '4', '--out', dir, '-q']);
    assert.equal(r.code, 0, r.err);
    for (const f of ['logs.jsonl.gz', 'accounts.jsonl', 'labels.jsonl', 'manifest.json']) assert.ok(existsSync(join(dir, f)), `${f} written`);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.match(r.out, new RegExp(`exchanges: ${m.exchanges.toLocaleString('en-US')}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
