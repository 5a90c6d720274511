import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../contract/types.js';
import { blockEntries, blocklistCsv, blocklistFormat, blocklistJson } from './blocklist.js';

const v = (id: string, verdict: Verdict['verdict'], detail = 'shares payment card'): Verdict => ({ account_id: id, verdict, score: verdict === 'block' ? 0.9 : 0.1, flagged_at: verdict === 'allow' ? null : '2026-11-02T10:00:00.000Z', campaign_id: verdict === 'block' ? 'c_1' : null, reasons: [{ signal: 'linkage.payment', weight: 1, detail }] });

test('lists only blocked accounts, with their campaign and strongest reason', () => {
  const e = blockEntries([v('a', 'block'), v('b', 'review'), v('c', 'allow'), v('d', 'block')]);
  assert.deepEqual(e.map((x) => x.account_id), ['a', 'd']);
  assert.equal(e[0].reason, 'shares payment card');
  assert.equal(e[0].campaign_id, 'c_1');
});

test('CSV quotes every field and defuses spreadsheet formulas in hostile ids', () => {
  const csv = blocklistCsv(blockEntries([v('=HYPERLINK("http://x")', 'block', 'says "hi", twice'), v('plain', 'block')]));
  const rows = csv.trim().split('\r\n');
  assert.equal(rows[0], 'account_id,score,campaign_id,flagged_at,reason');
  assert.equal(rows[1], `"'=HYPERLINK(""http://x"")","0.9","c_1","2026-11-02T10:00:00.000Z","says ""hi"", twice"`);
  assert.equal(rows.length, 3);
});

test('JSON carries the accounts and the shared values of their campaigns', () => {
  const j = JSON.parse(blocklistJson(blockEntries([v('a', 'block')]), [
    { campaign_id: 'c_1', accounts: ['a'], exchanges: 1, first_seen: '', last_seen: '', score: 1, signals: [], summary: '', shared: [{ kind: 'ip_range', value: '198.51.100.0/24', accounts: 3 }] },
    { campaign_id: 'c_2', accounts: ['z'], exchanges: 1, first_seen: '', last_seen: '', score: 1, signals: [], summary: '' },
  ], '2026-11-02T00:00:00Z'));
  assert.deepEqual(j.accounts.map((a: { account_id: string }) => a.account_id), ['a']);
  assert.deepEqual(j.campaigns, [{ campaign_id: 'c_1', shared: [{ kind: 'ip_range', value: '198.51.100.0/24', accounts: 3 }] }]);
});

test('the format comes from the extension', () => {
  assert.equal(blocklistFormat('x/block.CSV'), 'csv');
  assert.equal(blocklistFormat('block.json'), 'json');
  assert.equal(blocklistFormat('block.txt'), null);
});
