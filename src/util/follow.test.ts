import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followJsonFile } from './follow.js';

// generous: a loaded machine (the whole suite on two cores) can starve a 20 ms poll for seconds
const until = async (ok: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('a followed file: missing said once, a good file applied, a damaged or refused one leaves the last good value', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-follow-'));
  const path = join(dir, 'list.json');
  const problems: string[] = [];
  let value: number[] | null = null;
  const stop = followJsonFile<number[]>(path, {
    what: 'items',
    parse: (j) => (Array.isArray(j) && j.every((x) => typeof x === 'number') ? { ok: true, value: j } : { ok: false, reason: 'not a list of numbers' }),
    apply: (v) => { value = v; },
    onProblem: (m) => problems.push(m),
    intervalMs: 20,
  });
  try {
    assert.equal(problems.length, 1);
    assert.match(problems[0], /list\.json: no such file yet; no items from it/);
    const put = (text: string) => { writeFileSync(`${path}.tmp`, text); renameSync(`${path}.tmp`, path); };
    put('[1, 2]');
    await until(() => value !== null);
    assert.deepEqual(value, [1, 2]);
    put('[1, 2');
    await until(() => problems.length === 2);
    assert.match(problems[1], /list\.json: not JSON .*; the previous items stay in force/);
    assert.deepEqual(value, [1, 2]);
    put('{"a": 1}');
    await until(() => problems.length === 3);
    assert.match(problems[2], /not a list of numbers; the previous items stay in force/);
    put('[3]');
    await until(() => value?.[0] === 3);
    assert.deepEqual(value, [3]);
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
