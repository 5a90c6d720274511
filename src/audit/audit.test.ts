import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './audit.js';

test('the audit log survives a reopen, lists newest first and finds an edited line', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'dg-audit-')), 'audit.jsonl');
  const a = new AuditLog(path);
  a.append({ actor: 'ana', action: 'block', target: 'account:a1', note: 'shared card with campaign c1', before: 'allow', after: 'block' });
  a.append({ actor: 'policy', action: 'throttle', target: 'account:a2' });
  a.append({ actor: 'ben', action: 'unblock', target: 'account:a1', note: 'appeal upheld' });
  const b = new AuditLog(path);
  assert.equal(b.size, 3);
  assert.deepEqual(b.list().map((e) => e.seq), [3, 2, 1]);
  assert.deepEqual(b.list({ target: 'account:a1' }).map((e) => e.action), ['unblock', 'block']);
  assert.equal(b.verify(), null);
  const next = b.append({ actor: 'ana', action: 'annotate', target: 'campaign:c1', note: 'seen before' });
  assert.equal(next.seq, 4);
  assert.equal(next.prev, b.list({ limit: 2 })[1].hash);

  // someone rewrites the reason of the second line
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const e = JSON.parse(lines[1]);
  e.target = 'account:zz';
  lines[1] = JSON.stringify(e);
  writeFileSync(path, lines.join('\n') + '\n');
  assert.equal(new AuditLog(path).verify(), 2);
  // or removes it
  lines.splice(1, 1);
  writeFileSync(path, lines.join('\n') + '\n');
  assert.equal(new AuditLog(path).verify(), 3);
});
