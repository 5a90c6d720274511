/**
 * The public prompt corpora (the shared `corpora/` folder), read by path when a
 * world is generated; nothing from them is kept in the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Item {
  id: string;
  category: string;
  lang: string;
  prompt: string;
  turns?: string[];
  meta?: Record<string, unknown>;
}

/** `../shared/corpora` beside this checkout (or DISTILLGUARD_CORPORA), when present. */
export function corporaDir(): string | undefined {
  const env = process.env.DISTILLGUARD_CORPORA;
  if (env && existsSync(join(env, 'SOURCES.md'))) return env;
  const beside = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora');
  return existsSync(join(beside, 'SOURCES.md')) ? beside : undefined;
}

export class Corpora {
  private cache = new Map<string, Item[]>();
  constructor(readonly dir: string) {}

  /** every record of one corpus, in file order */
  get(name: string): Item[] {
    let items = this.cache.get(name);
    if (!items) {
      const text = readFileSync(join(this.dir, name, 'prompts.jsonl'), 'utf8');
      items = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        const r = JSON.parse(line) as Item;
        if (typeof r.prompt === 'string' && r.prompt.trim()) items.push({ id: r.id, category: r.category, lang: r.lang, prompt: r.prompt, turns: r.turns, meta: r.meta });
      }
      this.cache.set(name, items);
    }
    return items;
  }

  /** records of a corpus whose category starts with one of the prefixes */
  where(name: string, test: (i: Item) => boolean): Item[] {
    const key = `${name}|${test.toString()}`;
    let items = this.cache.get(key);
    if (!items) {
      items = this.get(name).filter(test);
      this.cache.set(key, items);
    }
    return items;
  }
}
