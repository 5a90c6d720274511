/**
 * Follows a JSON file that another process replaces whole (through a rename):
 * read now and again whenever it changes. A missing or damaged file leaves
 * what was last read in force and is reported once per kind of trouble, with
 * the file's path, through `onProblem`. The gateway follows the service's
 * block list and signatures this way.
 */
import { existsSync, readFileSync, unwatchFile, watchFile } from 'node:fs';

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
  load();
  const onChange = (): void => load();
  watchFile(path, { interval: f.intervalMs ?? 500, persistent: false }, onChange);
  return () => unwatchFile(path, onChange);
}
