/**
 * The `distillguard` command line: thin, it parses arguments and calls modules.
 * Each command lives in its own file under src/cli/ and exports `register`.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import * as scan from './scan.js';
import * as demo from './demo.js';
import * as simulate from './simulate.js';
import * as evaluate from './eval.js';
import * as importer from './import.js';
import * as serve from './serve.js';
import * as policy from './policy.js';
import * as gateway from './gateway.js';
import * as replay from './replay.js';
import * as partition from './partition.js';

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('distillguard')
    .description('Detect and stop distillation campaigns in LLM API traffic.')
    .version(version(), '-V, --version')
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  const setExit = (c: number) => { exitCode = c; };
  for (const m of [scan, importer, demo, simulate, evaluate, gateway, replay, policy, serve, partition]) m.register(program, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; argument errors are "unusable arguments" (exit 2).
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`distillguard: internal error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
  return exitCode;
}
