/** The DuckDB backend of the store; load it through `openStore` in `../store.ts`. */
import type { Store, StoreOptions } from '../store.js';
import { openLocalDuckDBStore } from './duckdb-store.js';
import { openRemoteDuckDBStore } from './remote.js';

export { migrate, openLocalDuckDBStore } from './duckdb-store.js';
export { openRemoteDuckDBStore } from './remote.js';
export { MIGRATIONS, type Migration } from './migrations.js';

/**
 * Opens the DuckDB store at `path`, with DuckDB on the caller's thread by
 * default; `worker: true` moves it to the shared writer thread. Not the
 * default yet: posting a batch structured-clones its strings, which cost more
 * (bench/store.ts) than the writer thread saves on a busy 2-core machine.
 */
export function openDuckDBStore(path: string, options: StoreOptions & { worker?: boolean } = {}): Promise<Store> {
  return options.worker === true ? openRemoteDuckDBStore(path, options) : openLocalDuckDBStore(path, options);
}
