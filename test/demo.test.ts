/** The README's quick start: `distillguard demo` simulates, scans and scores a world with no corpus on disk. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmp } from './helpers.js';

test('demo builds a world from built-in text, scans it and prints the scoreboard', () => {
  const out = tmp('demo');
  const r = cli(['demo', '--out', out, '--scale', '0.01', '--days', '3', '--seed', '3']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /account recall/);
  assert.match(r.stdout, /rate-limit caps/);
  for (const f of ['scan/verdicts.jsonl', 'scan/campaigns.json', 'scan/report.html', 'scan/eval.json', 'scan/scoreboard.html', 'world/labels.jsonl']) assert.ok(existsSync(join(out, f)), f);
  const evalJson = JSON.parse(readFileSync(join(out, 'scan', 'eval.json'), 'utf8')) as { accountRecall: number | null; benignFPR: number | null };
  assert.ok(evalJson.accountRecall !== null && evalJson.accountRecall > 0.5, `recall ${evalJson.accountRecall}`);
  assert.ok(evalJson.benignFPR !== null && evalJson.benignFPR < 0.05, `benign FPR ${evalJson.benignFPR}`);
});
