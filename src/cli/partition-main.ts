/**
 * `distillguard partition ARGS` as a file to start: what `scan --nats`
 * spawns (src/engine/nats/spawn.ts). A file rather than `node -e`, whose
 * flags the partition's worker thread would inherit and refuse.
 */
import { main } from './main.js';

process.exitCode = await main(['partition', ...process.argv.slice(2)]);
