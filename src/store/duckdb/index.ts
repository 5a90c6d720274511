/** The DuckDB backend of the store; load it through `openStore` in `../store.ts`. */
import type { Store, StoreOptions } from '../store.js';
import { openLocalDuckDBStore } from './duckdb-store.js';
import { openRemoteDuckDBStore } from './remote.js';

export { migrate, openLocalDuckDBStore } from './duckdb-store.js';
export { openRemoteDuckDBStore } from './remote.js';
export { MIGRATIONS, type Migration } from './migrations.js';

/**
 * Opens the DuckDB store at `path`. By default DuckDB runs on a writer thread
 * (`worker: true`); `worker: false` keeps it on the caller's thread.
 */
export function openDuckDBStore(path: string, options: StoreOptions & { worker?: boolean } = {}): Promise<Store> {
  return options.worker === false ? openLocalDuckDBStore(path, options) : openRemoteDuckDBStore(path, options);
}
