/**
 * The `distillguard` command line: thin, it parses arguments and calls modules.
 * Each command lives in its own file under src/cli/ and exports `register`.
 */
import { Command, CommanderError } from 'commander';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('distillguard')
    .description('Detect and stop distillation campaigns in LLM API traffic.')
    .exitOverride()
    .showHelpAfterError();
  const commands = await Promise.all([
    import('./scan.js'),
    import('./demo.js').catch(() => null),
    import('./simulate.js').catch(() => null),
    import('./eval.js').catch(() => null),
  ]);
  let exitCode = 0;
  const setExit = (c: number) => { exitCode = c; };
  for (const m of commands) m?.register(program, setExit);
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
