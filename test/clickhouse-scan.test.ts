/**
 * `distillguard scan --store clickhouse://...` end to end: one labelled world
 * scanned into ClickHouse and into DuckDB reads back the same through the
 * Store interface (counts, every verdict, campaigns, evidence, timelines).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { simulateWorld } from '../src/simulate/index.js';
import { openStore, type Store } from '../src/store/store.js';
import { clickhouseServerCommand, startLocalClickHouse, type LocalClickHouse } from '../src/store/clickhouse/local-server.js';
import { cli, readLabels, readVerdicts, tmp } from './helpers.js';

const skip = clickhouseServerCommand() ? false : 'clickhouse-server is not installed (Debian package clickhouse-server; .ci/run installs it)';

let ch: LocalClickHouse | undefined;
let dir = '';
before(async () => {
  if (skip) return;
  ch = await startLocalClickHouse();
  dir = tmp('ch-scan');
  // small and quick: every persona and strategy of `mixed`, built-in text (no corpora needed)
  await simulateWorld({ scenario: 'mixed', scale: 0.03, seed: 23, days: 3, out: join(dir, 'world') });
});
after(async () => {
  await ch?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every account the store holds a verdict for, highest score first, with its activity. */
async function readBack(s: Store) {
  return {
    exchanges: await s.exchangeCount(),
    top: await s.topAccounts(100_000),
    campaigns: await s.campaigns(),
    scanCounts: (await s.scans()).map((x) => x.counts),
  };
}

test('a world scanned into ClickHouse reads back as the same world scanned into DuckDB', { skip, timeout: 600_000 }, async () => {
  const logs = join(dir, 'world', 'logs.jsonl.gz');
  const accounts = join(dir, 'world', 'accounts.jsonl');
  const duck = cli(['scan', logs, '--accounts', accounts, '--out', join(dir, 'duck'), '--workers', '0', '--quiet', '--json', '--store-all-exchanges']);
  assert.equal(duck.status, 0, duck.stderr);
  const url = ch!.location('scan_e2e');
  const click = cli(['scan', logs, '--accounts', accounts, '--out', join(dir, 'click'), '--workers', '0', '--quiet', '--json', '--store-all-exchanges', '--store', url]);
  assert.equal(click.status, 0, click.stderr);
  const summary = JSON.parse(click.stdout) as { exchanges: number; accounts: number; flagged: number; campaigns: number };
  assert.ok(summary.exchanges > 5000, `a world of some size (${summary.exchanges} exchanges)`);
  assert.ok(summary.flagged > 0 && summary.campaigns > 0, 'the world has something to find');

  const d = await openStore({ kind: 'duckdb', path: join(dir, 'duck', 'distillguard.duckdb') });
  const c = await openStore({ kind: 'clickhouse', url });
  try {
    const [a, b] = [await readBack(d), await readBack(c)];
    assert.equal(b.exchanges, summary.exchanges, 'every scanned exchange is in ClickHouse');
    assert.equal(b.top.length, summary.accounts, 'a verdict per account');
    assert.deepEqual(b.scanCounts, a.scanCounts);
    assert.deepEqual(b.top, a.top, 'the same verdicts, scores, flag times and activity per account');
    assert.deepEqual(b.campaigns, a.campaigns);

    // verdicts as the scan wrote them to verdicts.jsonl, and its labels still score the same
    const file = readVerdicts(join(dir, 'click'));
    const labels = readLabels(join(dir, 'world'));
    let caught = 0;
    for (const l of labels.filter((x) => x.label === 'campaign')) {
      const v = await c.verdict(l.account_id);
      if (v === null) continue;
      assert.deepEqual(v, await d.verdict(l.account_id), `verdict of ${l.account_id}`);
      assert.deepEqual(v, file.get(l.account_id));
      if (v.verdict !== 'allow') caught++;
    }
    assert.ok(caught > 0, 'campaign accounts are flagged in the store');

    const flagged = b.top.filter((t) => t.verdict !== 'allow').slice(0, 20);
    for (const t of flagged) {
      assert.deepEqual(await c.evidence(t.account_id), await d.evidence(t.account_id), `evidence of ${t.account_id}`);
      assert.deepEqual(await c.accountTimeline(t.account_id, 'hour'), await d.accountTimeline(t.account_id, 'hour'));
      assert.deepEqual(await c.exchanges({ accountId: t.account_id, limit: 50 }), await d.exchanges({ accountId: t.account_id, limit: 50 }));
    }
    for (const k of b.campaigns.slice(0, 5)) assert.deepEqual(await c.campaignTimeline(k.campaign_id, 'day'), await d.campaignTimeline(k.campaign_id, 'day'));
  } finally {
    await d.close();
    await c.close();
  }
});

test('scan names the ClickHouse store it cannot reach, without its password, and exits 2', { skip }, () => {
  const r = cli(['scan', join(dir, 'world', 'logs.jsonl.gz'), '--out', join(dir, 'down'), '--quiet', '--store', 'clickhouse://dg:hunter2@127.0.0.1:1/x']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /cannot open the store clickhouse:\/\/dg:\*\*\*@127\.0\.0\.1:1\/x: cannot reach ClickHouse at clickhouse:\/\/dg@127\.0\.0\.1:1\/x: connection refused/);
  assert.doesNotMatch(r.stderr, /hunter2/);
});

test('serve refuses a ClickHouse store, saying it is for scan only so far', () => {
  const r = cli(['serve', '--store', 'clickhouse://dg:hunter2@127.0.0.1:1/x', '--listen', '127.0.0.1:0']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--store clickhouse:\/\/dg:\*\*\*@127\.0\.0\.1:1\/x: serve keeps its store in an embedded DuckDB file.*not yet for serve/);
});
