/** The DuckDB backend of the store; load it through `openStore` in `../store.ts`. */
import type { Store, StoreOptions } from '../store.js';
import { openLocalDuckDBStore } from './duckdb-store.js';
import { openRemoteDuckDBStore } from './remote.js';

export { migrate, openLocalDuckDBStore } from './duckdb-store.js';
export { openRemoteDuckDBStore } from './remote.js';
export { MIGRATIONS, type Migration } from './migrations.js';

/**
 * Opens the DuckDB store at `path`, with DuckDB on the caller's thread by
 * default; `worker: true` moves it to the shared writer thread (what the scan
 * does: its thread is the busy one, see remote.ts).
 */
export function openDuckDBStore(path: string, options: StoreOptions & { worker?: boolean } = {}): Promise<Store> {
  return options.worker === true ? openRemoteDuckDBStore(path, options) : openLocalDuckDBStore(path, options);
}
