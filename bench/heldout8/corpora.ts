/**
 * The public prompt corpora (`../shared/corpora` beside a checkout), read by
 * path at generation time; nothing from them is copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Item { id: string; source: string; category: string; lang: string; prompt: string; turns?: string[]; meta?: Record<string, unknown> }
export interface JudgeTemplate { id: string; type: string; system_prompt?: string; prompt_template?: string }

export function corporaDir(): string | undefined {
  for (const d of [process.env.DISTILLGUARD_CORPORA, resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora')]) {
    if (d && existsSync(join(d, 'SOURCES.md'))) return d;
  }
  return undefined;
}

export class Corpora {
  private cache = new Map<string, Item[]>();
  constructor(readonly dir: string) {}
  all(name: string): Item[] {
    let xs = this.cache.get(name);
    if (!xs) {
      xs = readFileSync(join(this.dir, name, 'prompts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Item).filter((x) => typeof x.prompt === 'string' && x.prompt.length > 0);
      this.cache.set(name, xs);
    }
    return xs;
  }
  /** the items of one corpus whose category starts with `prefix` (and, given, in `lang`) */
  where(name: string, prefix: string, lang?: string): Item[] {
    const key = `${name}|${prefix}|${lang ?? ''}`;
    let xs = this.cache.get(key);
    if (!xs) {
      xs = this.all(name).filter((x) => x.category.startsWith(prefix) && (!lang || x.lang === lang));
      this.cache.set(key, xs);
    }
    return xs;
  }
  templates(): JudgeTemplate[] {
    return readFileSync(join(this.dir, 'llm-judge-prompts', 'templates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as JudgeTemplate);
  }
}
