// Prints the scoreboard table of an eval.json: node --import tsx scripts/show-eval.ts OUT/eval.json
import { readFileSync } from 'node:fs';
import { formatScoreboard, type EvalReport } from '../src/eval/index.js';
process.stdout.write(formatScoreboard(JSON.parse(readFileSync(process.argv[2], 'utf8')) as EvalReport) + '\n');
