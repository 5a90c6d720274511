/** The DuckDB backend of the store; load it through `openStore` in `../store.ts`. */
export { openDuckDBStore, migrate } from './duckdb-store.js';
export { MIGRATIONS, type Migration } from './migrations.js';
