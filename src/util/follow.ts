/**
 * Follows a JSON file that another process replaces whole (through a rename):
 * read now and again whenever it changes. A missing or damaged file leaves
 * what was last read in force and is reported once per kind of trouble, with
 * the file's path, through `onProblem`. The gateway follows the service's
 * block list and signatures this way.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

export interface FollowedFile<T> {
  /** what the file holds, for messages: "blocks", "signatures" */
  what: string;
  /** checks the parsed JSON: the value to apply, or why it is refused */
  parse: (json: unknown) => { ok: true; value: T } | { ok: false; reason: string };
  /** takes a good file's value into force */
  apply: (value: T, json: unknown) => void;
  onProblem: (message: string) => void;
  intervalMs?: number;
}

/** Starts following `path`; returns a function that stops. */
export function followJsonFile<T>(path: string, f: FollowedFile<T>): () => void {
  let said = '';
  const problem = (kind: string, message: string): void => {
    if (said !== kind) f.onProblem(message);
    said = kind;
  };
  const load = (): void => {
    if (!existsSync(path)) return problem('missing', `${path}: no such file yet; no ${f.what} from it`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      // a damaged file is reported every time it changes: each is a new file
      said = '';
      return problem('json', `${path}: not JSON (${(e as Error).message}); the previous ${f.what} stay in force`);
    }
    const r = f.parse(json);
    if (!r.ok) {
      said = '';
      return problem('invalid', `${path}: ${r.reason}; the previous ${f.what} stay in force`);
    }
    said = '';
    f.apply(r.value, json);
  };
  // What was read is known by its stat, taken before reading: a file replaced
  // after that differs and is read at the next tick. (fs.watchFile compares
  // with its own first stat, taken later on a busy thread pool, and so could
  // miss a file replaced in between.)
  const stamp = (): string => {
    try {
      const s = statSync(path);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'missing';
    }
  };
  let seen = stamp();
  load();
  const timer = setInterval(() => {
    const now = stamp();
    if (now === seen) return;
    seen = now;
    load();
  }, f.intervalMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}
