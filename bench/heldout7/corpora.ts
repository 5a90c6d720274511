/**
 * The public prompt corpora (`../shared/corpora` beside a checkout), read by
 * path at generation time; nothing of their text is kept in this repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Item { id: string; category: string; lang: string; prompt: string; turns?: string[]; meta?: Record<string, unknown> }

export function corporaDir(): string | undefined {
  const here = resolve(import.meta.dirname, '..', '..');
  for (const d of [process.env.DISTILLGUARD_CORPORA, join(here, '..', 'shared', 'corpora')]) {
    if (d && existsSync(join(d, 'SOURCES.md'))) return d;
  }
  return undefined;
}

export class Corpora {
  private cache = new Map<string, Item[]>();
  constructor(readonly dir: string) {}
  /** Every item of one corpus, optionally those whose category starts with a prefix, in file order. */
  get(corpus: string, category?: string): Item[] {
    const key = `${corpus}|${category ?? ''}`;
    let xs = this.cache.get(key);
    if (!xs) {
      if (category !== undefined) xs = this.get(corpus).filter((x) => x.category.startsWith(category));
      else xs = readFileSync(join(this.dir, corpus, 'prompts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Item);
      if (!xs.length) throw new Error(`corpus ${corpus}${category ? ` (${category})` : ''} is empty`);
      this.cache.set(key, xs);
    }
    return xs;
  }
}
