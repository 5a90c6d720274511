import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@clickhouse/client';
import { storeCases, fixtureExchange, type StoreHarness } from '../store.case.js';
import { StoreError, openStore, storeLocation, type StoreOptions } from '../store.js';
import { mulberry32 } from '../../util/random.js';
import { clickhouseServerCommand, startLocalClickHouse, type LocalClickHouse } from './local-server.js';
import { parseClickHouseLocation } from './location.js';
import { MIGRATIONS } from './schema.js';
import { lit } from './clickhouse-store.js';

const SKIP = clickhouseServerCommand() ? false : 'clickhouse-server is not installed (Debian package clickhouse-server; .ci/run installs it)';

/** One server for the whole file: it takes seconds to start. Each harness gets its own databases. */
let server: LocalClickHouse | null = null;
let serverStarting: Promise<LocalClickHouse> | null = null;
function localServer(): Promise<LocalClickHouse> {
  serverStarting ??= startLocalClickHouse().then((s) => (server = s));
  return serverStarting;
}
after(async () => {
  await server?.stop();
});

let runs = 0;
function harness(): Promise<StoreHarness> {
  const run = `t${process.pid}_${++runs}`;
  return localServer().then((ch) => ({
    open: (name: string, opts?: StoreOptions) => openStore({ kind: 'clickhouse', url: ch.location(`${run}_${name}`), ...opts }),
    cleanup: async () => undefined,
  }));
}

if (SKIP) {
  describe('store (clickhouse)', () => {
    it('passes the shared store suite against a real server', { skip: SKIP }, () => undefined);
  });
} else {
  storeCases('clickhouse', harness);
}

describe('clickhouse store specifics', { skip: SKIP }, () => {
  let ch: LocalClickHouse;
  before(async () => {
    ch = await localServer();
  });

  it('sends one INSERT per batch, not one per row', async () => {
    const s = await openStore({ kind: 'clickhouse', url: ch.location('batches'), batchSize: 500, flushIntervalMs: 0 });
    const r = mulberry32(41);
    for (let i = 0; i < 1700; i++) {
      const { ex, f } = fixtureExchange(i, r);
      s.appendExchange(ex, f);
    }
    await s.flush();
    assert.equal(await s.exchangeCount(), 1700);
    await s.close();
    const c = createClient({ url: `http://127.0.0.1:${ch.httpPort}` });
    try {
      await c.command({ query: 'SYSTEM FLUSH LOGS' }).catch(() => undefined);
      // a new part per INSERT: 500 + 500 + 500 + 200 rows (merges may have joined some, never split them)
      const rs = await c.query({ query: "SELECT count() AS parts, sum(rows) AS n FROM system.parts WHERE database = 'batches' AND table = 'exchanges' AND level = 0", format: 'JSONEachRow' });
      const [{ parts, n }] = await rs.json<{ parts: string; n: string }>();
      assert.ok(Number(parts) <= 4, `at most 4 inserted parts, got ${parts}`);
      const all = await c.query({ query: "SELECT sum(rows) AS n FROM system.parts WHERE database = 'batches' AND table = 'exchanges' AND active", format: 'JSONEachRow' });
      assert.equal(Number((await all.json<{ n: string }>())[0].n), 1700);
      assert.ok(Number(n) <= 1700);
    } finally {
      await c.close();
    }
  });

  it('records each migration once and refuses a store from a newer distillguard', async () => {
    for (let i = 0; i < 3; i++) await (await openStore({ kind: 'clickhouse', url: ch.location('migrations') })).close();
    const c = createClient({ url: `http://127.0.0.1:${ch.httpPort}` });
    try {
      const rs = await c.query({ query: 'SELECT version, name FROM migrations.schema_migrations FINAL ORDER BY version', format: 'JSONEachRow' });
      assert.deepEqual((await rs.json<{ version: number; name: string }>()).map((r) => [Number(r.version), r.name]), MIGRATIONS.map((m) => [m.version, m.name]));
      await c.insert({ table: 'migrations.schema_migrations', values: [{ version: MIGRATIONS.length + 1, name: 'from the future' }], format: 'JSONEachRow' });
    } finally {
      await c.close();
    }
    await assert.rejects(openStore({ kind: 'clickhouse', url: ch.location('migrations') }), (e: unknown) => e instanceof StoreError && /newer/.test(e.message));
  });

  it('says which server is down, which user was refused and what is wrong with a location', async () => {
    const down = `clickhouse://127.0.0.1:${ch.httpPort === 1 ? 2 : 1}/x`;
    await assert.rejects(openStore({ kind: 'clickhouse', url: down }), (e: unknown) => e instanceof StoreError && /cannot reach ClickHouse at clickhouse:\/\/127\.0\.0\.1:1\/x: connection refused/.test(e.message));
    const wrong = { name: ch.user.name, password: 'not-it' };
    await assert.rejects(openStore({ kind: 'clickhouse', url: ch.location('auth', wrong) }), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /refused user "dg_test"/);
      assert.doesNotMatch(e.message, /not-it/, 'the password is not repeated');
      return true;
    });
    const ok = await openStore({ kind: 'clickhouse', url: ch.location('auth', ch.user) });
    assert.equal(await ok.exchangeCount(), 0);
    await ok.close();
    await assert.rejects(openStore({ kind: 'clickhouse', url: 'clickhouse://127.0.0.1:8123/bad-name' }), /database "bad-name" must be letters, digits and _/);
    await assert.rejects(openStore({ kind: 'clickhouse', url: 'clickhouse://u:secret@[nope/db' }), (e: unknown) => e instanceof StoreError && /not a valid URL/.test(e.message) && !e.message.includes('secret'));
    await assert.rejects(openStore({ kind: 'clickhouse', url: 'clickhouse://127.0.0.1:8123/db?x=1' }), /takes no query/);
  });

  it('fails the next append and flush, naming the store, when the server goes away mid-write', async () => {
    const own = await startLocalClickHouse();
    const s = await openStore({ kind: 'clickhouse', url: own.location('gone'), batchSize: 10, flushIntervalMs: 0 });
    await own.stop();
    const r = mulberry32(43);
    for (let i = 0; i < 10; i++) {
      const { ex, f } = fixtureExchange(i, r);
      s.appendExchange(ex, f);
    }
    await assert.rejects(s.flush(), (e: unknown) => e instanceof StoreError && /writing 10 exchanges to store clickhouse:\/\/default@127\.0\.0\.1:\d+\/gone failed: cannot reach ClickHouse/.test(e.message));
    const { ex, f } = fixtureExchange(11, r);
    assert.throws(() => s.appendExchange(ex, f), StoreError);
    await assert.rejects(s.close(), StoreError);
  });
});

describe('clickhouse locations', () => {
  it('reads user, password, host, port and database, and picks the backend from the location', () => {
    assert.deepEqual(parseClickHouseLocation('clickhouse://dg:p%40ss@ch1:9123/prod'), {
      url: 'http://ch1:9123',
      database: 'prod',
      username: 'dg',
      password: 'p@ss',
      label: 'clickhouse://dg@ch1:9123/prod',
    });
    assert.deepEqual(parseClickHouseLocation('clickhouses://ch1'), { url: 'https://ch1:8443', database: 'distillguard', username: 'default', password: '', label: 'clickhouses://ch1:8443/distillguard' });
    assert.equal(parseClickHouseLocation('clickhouse://[::1]:8123/db').url, 'http://[::1]:8123');
    assert.deepEqual(storeLocation('clickhouse://ch1/db'), { kind: 'clickhouse', url: 'clickhouse://ch1/db' });
    assert.deepEqual(storeLocation('out/clickhouse.duckdb'), { kind: 'duckdb', path: 'out/clickhouse.duckdb' });
    assert.throws(() => parseClickHouseLocation('http://ch1/db'), /not a clickhouse:\/\//);
  });

  it('escapes string literals so hostile ids cannot end them', () => {
    assert.equal(lit(`a'b\\c\0d`), `'a\\'b\\\\c\\0d'`);
    assert.equal(lit('\ud800'), `'\ufffd'`);
  });
});
