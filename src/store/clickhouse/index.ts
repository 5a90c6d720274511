/** The ClickHouse backend of the store; load it through `openStore` in `../store.ts`. */
export { ClickHouseStore, openClickHouseStore, migrate, exchangeLine, lit, DEFAULT_BATCH } from './clickhouse-store.js';
export { parseClickHouseLocation, isClickHouseLocation, type ClickHouseLocation } from './location.js';
export { MIGRATIONS, type Migration } from './schema.js';
