import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const mainUrl = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'main.ts')).href;
const script = (args: string[]) => `import { main } from ${JSON.stringify(mainUrl)}; process.exitCode = await main(${JSON.stringify(['serve', ...args])});`;

test('serve refuses a bad tokens file or listen address, and names the problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-serve-cli-'));
  try {
    writeFileSync(join(dir, 'tokens.jsonl'), '{"token":"two words","role":"analyst","name":"a"}\n');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(['--store', join(dir, 's.duckdb'), '--tokens', join(dir, 'tokens.jsonl')])], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /tokens\.jsonl:1: token: a token has no spaces/);
    const listen = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(['--insecure-dev-token', '--listen', 'nowhere'])], { encoding: 'utf8' });
    assert.equal(listen.status, 2);
    assert.match(listen.stderr, /--listen must be HOST:PORT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve prints exactly one listening line on stdout, the store on stderr, answers, and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-serve-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(['--store', join(dir, 's.duckdb'), '--listen', '127.0.0.1:0', '--insecure-dev-token', '--workers', '0'])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
        if (m) {
          clearInterval(t);
          resolve(m[1]);
        }
      }, 20);
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    assert.match(err, /store .*s\.duckdb/);
    const token = /development admin token[^:]*: (\S+)/.exec(err)![1];
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(await me.json(), { name: 'dev', role: 'admin' });
    assert.equal((await fetch(`${url}/api/v1/me`)).status, 401);
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 0);
    assert.equal(out.split('\n').filter(Boolean).length, 1);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
