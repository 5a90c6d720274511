/**
 * Access to the shared prompt corpora (../shared/corpora beside the repository)
 * for tests and benchmarks. The corpora are read by path, never copied into
 * the repository; callers skip with a clear message when they are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusPrompt {
  id: string;
  source: string;
  kind: string;
  category: string;
  lang: string;
  prompt: string;
  turns?: string[];
  meta?: Record<string, unknown>;
}

/** Directory of the shared corpora, or undefined when it is not there. */
export function corporaDir(): string | undefined {
  const env = process.env.DISTILLGUARD_CORPORA;
  const candidates = [
    env,
    resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpora'),
    resolve(process.cwd(), '..', 'shared', 'corpora'),
  ];
  for (const c of candidates) if (c && existsSync(join(c, 'INDEX.json'))) return c;
  return undefined;
}

/** The prompts of one corpus (at most `limit`, evenly spread over the file); [] when absent. */
export function loadCorpus(name: string, limit = Infinity): CorpusPrompt[] {
  const dir = corporaDir();
  if (!dir) return [];
  const file = join(dir, name, 'prompts.jsonl');
  if (!existsSync(file)) return [];
  const all: CorpusPrompt[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as CorpusPrompt;
      if (typeof r.prompt === 'string') all.push(r);
    } catch {
      // a bad line in a corpus is skipped, not fatal
    }
  }
  if (all.length <= limit) return all;
  const out: CorpusPrompt[] = [];
  const step = all.length / limit;
  for (let i = 0; i < limit; i++) out.push(all[Math.floor(i * step)]);
  return out;
}

export const ABSENT_MESSAGE = 'shared corpora not found at ../shared/corpora (set DISTILLGUARD_CORPORA): skipped';

/**
 * A test's `skip` option for a test that needs the shared corpora: false when
 * they are there, otherwise the reason the test is skipped.
 *
 * ```ts
 * test('fires on benchmark items', { skip: withoutCorpora('needs real benchmark items') }, () => { ... });
 * ```
 */
export function withoutCorpora(what: string): false | string {
  return corporaDir() ? false : `${what}: ${ABSENT_MESSAGE}`;
}
