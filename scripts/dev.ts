// Runs the CLI from source without a build: node --import tsx scripts/dev.ts scan logs/ --out out/
import { main } from '../src/cli/main.js';
process.exitCode = await main(process.argv.slice(2));
