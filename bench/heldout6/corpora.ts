/**
 * The public prompt corpora (shared `corpora/`, see its SOURCES.md), read by
 * path at generation time; no prompt text is stored in this repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Item { id: string; category: string; lang: string; prompt: string; turns?: string[]; tools?: string[] }

/** `../shared/corpora` beside the checkout (or DISTILLGUARD_CORPORA), when present. */
export function corporaDir(): string | undefined {
  const env = process.env.DISTILLGUARD_CORPORA;
  const cands = [env, resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora'), '/work/shared/corpora'];
  for (const c of cands) if (c && existsSync(join(c, 'INDEX.json'))) return c;
  return undefined;
}

export class Corpora {
  private cache = new Map<string, Item[]>();
  constructor(readonly dir: string) {}
  /** every record of one corpus, optionally only those whose category starts with `cat` */
  get(name: string, cat?: string): Item[] {
    const key = `${name}|${cat ?? ''}`;
    let xs = this.cache.get(key);
    if (xs) return xs;
    if (cat !== undefined) {
      xs = this.get(name).filter((x) => x.category.startsWith(cat));
    } else {
      xs = [];
      for (const l of readFileSync(join(this.dir, name, 'prompts.jsonl'), 'utf8').split('\n')) {
        if (!l.trim()) continue;
        const r = JSON.parse(l) as { id: string; category?: string; lang?: string; prompt: string; turns?: string[]; meta?: { tools?: string[] } };
        if (!r.prompt) continue;
        xs.push({ id: r.id, category: r.category ?? '', lang: r.lang ?? 'en', prompt: r.prompt, turns: r.turns, tools: r.meta?.tools });
      }
    }
    if (xs.length === 0) throw new Error(`corpus ${name} (${cat ?? 'all'}) is empty`);
    this.cache.set(key, xs);
    return xs;
  }
}
