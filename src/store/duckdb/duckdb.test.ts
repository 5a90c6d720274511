import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { storeCases, type StoreHarness } from '../store.case.js';
import { StoreError, openStore, type StoreOptions } from '../store.js';
import { MIGRATIONS } from './migrations.js';
import { migrate, openLocalDuckDBStore } from './duckdb-store.js';
import { extractFeatures } from '../../features/index.js';
import type { Exchange } from '../../contract/types.js';

function harness(worker: boolean): () => Promise<StoreHarness> {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-store-'));
    return Promise.resolve({
      open: (name: string, opts?: StoreOptions) => openStore({ kind: 'duckdb', path: join(dir, `${name}.duckdb`), worker, ...opts }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    });
  };
}

storeCases('duckdb on a writer thread', harness(true));
storeCases('duckdb in the calling thread', harness(false));
// the default memory (64 MiB, the smallest allowed) serves every case above; at 16 MiB reading hostile strings ran out

describe('duckdb store specifics', () => {
  it('records each migration exactly once however often the file is reopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-store-'));
    try {
      const path = join(dir, 'm.duckdb');
      for (let i = 0; i < 3; i++) await (await openStore({ kind: 'duckdb', path })).close();
      const inst = await DuckDBInstance.create(path);
      const con = await inst.connect();
      const rows = (await con.runAndReadAll('SELECT version, name FROM schema_migrations ORDER BY version')).getRowsJS();
      assert.deepEqual(rows, MIGRATIONS.map((m) => [m.version, m.name]));
      // A store from a newer distillguard is refused, not silently used.
      await con.run(`INSERT INTO schema_migrations (version, name) VALUES (${MIGRATIONS.length + 1}, 'from the future')`);
      con.closeSync();
      inst.closeSync();
      await assert.rejects(openStore({ kind: 'duckdb', path }), (e: unknown) => e instanceof StoreError && /newer/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('brings a store written at schema 1 up to date: its rows stay, read as no training-data intent, and new rows carry it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-store-'));
    try {
      const path = join(dir, 'v1.duckdb');
      // a store as the first release wrote it, with one exchange row
      const inst = await DuckDBInstance.create(path);
      const con = await inst.connect();
      await migrate(con, MIGRATIONS.slice(0, 1), path);
      await con.run(`INSERT INTO exchanges (id, ts, account_id, intent_cot) VALUES ('old1', '2026-03-01T00:00:00Z', 'acct_old', 0.9)`);
      con.closeSync();
      inst.closeSync();
      const s = await openStore({ kind: 'duckdb', path });
      try {
        assert.equal(await s.schemaVersion(), MIGRATIONS.length);
        const [old] = await s.exchanges({ accountId: 'acct_old' });
        assert.equal(old.id, 'old1');
        assert.ok(Math.abs(old.features.intent.cot - 0.9) < 1e-6);
        assert.equal(old.features.intent.datagen, 0);
        const ex: Exchange = { id: 'new1', ts: '2026-03-02T00:00:00.000Z', tsMs: Date.parse('2026-03-02T00:00:00Z'), account_id: 'acct_new', request: { messages: [{ role: 'user', content: 'Generate 10 question-answer pairs about tides for our fine-tuning dataset.' }] } };
        const f = extractFeatures(ex);
        assert.ok(f.intent.datagen >= 0.5);
        s.appendExchange(ex, f);
        await s.flush();
        const [fresh] = await s.exchanges({ accountId: 'acct_new' });
        assert.ok(Math.abs(fresh.features.intent.datagen - f.intent.datagen) < 1e-6, `read back ${fresh.features.intent.datagen}`);
        assert.equal(await s.exchangeCount(), 2);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs DuckDB with the threads it is given, and with its own choice when given none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-store-'));
    const threadsOf = async (s: object): Promise<number> => {
      const con = (s as { con: { runAndReadAll(sql: string): Promise<{ getRowsJS(): unknown[][] }> } }).con;
      return Number((await con.runAndReadAll("SELECT current_setting('threads')")).getRowsJS()[0][0]);
    };
    try {
      const one = await openLocalDuckDBStore(join(dir, 'one.duckdb'), { threads: 1 });
      assert.equal(await threadsOf(one), 1);
      await one.close();
      const own = await openLocalDuckDBStore(join(dir, 'own.duckdb'));
      assert.equal(await threadsOf(own), availableParallelism());
      await own.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains what is wrong with an unusable path or config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-store-'));
    try {
      mkdirSync(join(dir, 'adir'));
      await assert.rejects(openStore({ kind: 'duckdb', path: join(dir, 'adir') }), /is a directory/);
      writeFileSync(join(dir, 'text.duckdb'), 'this is not a database\n'.repeat(400));
      await assert.rejects(openStore({ kind: 'duckdb', path: join(dir, 'text.duckdb') }), (e: unknown) => e instanceof StoreError && e.message.includes('text.duckdb'));
      await assert.rejects(openStore({ kind: 'duckdb', path: '' }), /non-empty/);
      await assert.rejects(openStore({ kind: 'sqlite', path: 'x' } as never), /unknown store kind "sqlite"/);
      await assert.rejects(openStore({ kind: 'duckdb', path: join(dir, 'b.duckdb'), batchSize: 0 }), /batchSize/);
      await assert.rejects(openStore({ kind: 'duckdb', path: join(dir, 'c.duckdb'), memoryLimitMb: 32 }), /memoryLimitMb must be an integer in 64\.\.1048576 \(MiB\), got 32/);
      await assert.rejects(openStore({ kind: 'duckdb', path: join(dir, 'd.duckdb'), threads: 1.5 }), /threads must be an integer in 0\.\.1024 \(0: one per core\), got 1\.5/);
      await assert.rejects(openStore({ kind: 'duckdb', path: join(dir, 'd.duckdb'), threads: -1 }), /threads must be an integer/);
      const s = await openStore({ kind: 'duckdb', path: join(dir, 'twice.duckdb') });
      await assert.rejects(openStore({ kind: 'duckdb', path: join(dir, 'twice.duckdb') }), /already open/);
      await s.close();
      await (await openStore({ kind: 'duckdb', path: join(dir, 'twice.duckdb') })).close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works in memory', async () => {
    const s = await openStore({ kind: 'duckdb', path: ':memory:' });
    assert.equal(await s.exchangeCount(), 0);
    await s.close();
  });
});
