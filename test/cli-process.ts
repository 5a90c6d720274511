/**
 * The built CLI as an outside evaluator runs it: a child process whose
 * `listening on http://HOST:PORT` line gives its address. Shared by the
 * contract tests of the gateway and the service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'distillguard.js');
const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
export const skip = built ? false : 'the CLI is not built (npm run build writes dist/); these tests drive the built binary';

/** A running CLI process and the URL its `listening on` line gave. */
export interface Proc { child: ChildProcess; url: string; stdout: () => string; stderr: () => string }

/** Spawns `distillguard ARGS` and waits for its `listening on http://HOST:PORT` line. */
export async function start(args: string[], cwd: string): Promise<Proc> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b) => { out += b; });
  child.stderr!.on('data', (b) => { err += b; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line in 60 s; stderr: ${err}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /^listening on (http:\/\/\S+)\n/m.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code} before listening; stderr: ${err}`)); });
  });
  return { child, url, stdout: () => out, stderr: () => err };
}

/** SIGTERM and wait for the exit (a log is complete after it). */
export async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const done = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await done;
}
