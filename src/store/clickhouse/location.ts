/**
 * The ClickHouse store's location: `clickhouse://[user[:password]@]host[:port]/database`
 * (HTTP, port 8123 by default) or `clickhouses://...` (HTTPS, port 8443).
 * The database is created when missing; without a path it is `distillguard`.
 */
import { StoreError, redactLocation as redact } from '../store.js';

export interface ClickHouseLocation {
  /** the server's HTTP(S) endpoint, without credentials */
  url: string;
  database: string;
  username: string;
  password: string;
  /** the location for messages: the URL without its password */
  label: string;
}

/** Identifiers go into SQL unquoted, so only plain ones are accepted. */
const DATABASE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Whether a store location names a ClickHouse server (rather than a DuckDB file). */
export function isClickHouseLocation(location: string): boolean {
  return /^clickhouses?:\/\//i.test(location);
}

/**
 * Parses a `clickhouse://` location; throws `StoreError` saying what is wrong.
 *
 * @example
 *   parseClickHouseLocation('clickhouse://dg:secret@ch1:8123/distillguard')
 *   // { url: 'http://ch1:8123', database: 'distillguard', username: 'dg', password: 'secret', label: 'clickhouse://dg@ch1:8123/distillguard' }
 */
export function parseClickHouseLocation(location: string): ClickHouseLocation {
  if (typeof location !== 'string' || !isClickHouseLocation(location)) {
    throw new StoreError(`store location ${JSON.stringify(String(location).slice(0, 200))} is not a clickhouse:// or clickhouses:// URL`);
  }
  let u: URL;
  try {
    u = new URL(location);
  } catch {
    throw new StoreError(`store location ${JSON.stringify(redact(location))} is not a valid URL (form: clickhouse://user:password@host:8123/database)`);
  }
  const secure = u.protocol.toLowerCase() === 'clickhouses:';
  if (!u.hostname) throw new StoreError(`store location ${JSON.stringify(redact(location))} names no host`);
  const path = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, ''));
  const database = path === '' ? 'distillguard' : path;
  if (!DATABASE.test(database)) {
    throw new StoreError(`store location ${JSON.stringify(redact(location))}: database ${JSON.stringify(database)} must be letters, digits and _ (not starting with a digit), at most 64`);
  }
  if (u.search || u.hash) throw new StoreError(`store location ${JSON.stringify(redact(location))}: takes no query or fragment`);
  const port = u.port || (secure ? '8443' : '8123');
  const username = decodeURIComponent(u.username) || 'default';
  const password = decodeURIComponent(u.password);
  const host = u.hostname.includes(':') && !u.hostname.startsWith('[') ? `[${u.hostname}]` : u.hostname;
  return {
    url: `${secure ? 'https' : 'http'}://${host}:${port}`,
    database,
    username,
    password,
    label: `${secure ? 'clickhouses' : 'clickhouse'}://${u.username ? `${u.username}@` : ''}${host}:${port}/${database}`,
  };
}
