// Writes a benchmark log: node --import tsx scripts/benchlog.ts FILE ACCOUNTS EXCHANGES
import { loadPrompts, writeBenchLog } from '../bench/world.js';
const [file, accounts, exchanges] = process.argv.slice(2);
await writeBenchLog(file, Number(accounts), Number(exchanges), loadPrompts());
