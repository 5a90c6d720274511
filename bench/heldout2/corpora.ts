/**
 * Public prompt text, read by path from the shared corpora (never copied into
 * the repository). Each source is loaded once, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Item {
  id: string;
  source: string;
  category: string;
  lang: string;
  prompt: string;
  turns?: string[];
  meta?: Record<string, unknown>;
}

/** ../shared/corpora beside the repository, or DISTILLGUARD_CORPORA; undefined when absent. */
export function defaultCorporaDir(): string | undefined {
  const env = process.env.DISTILLGUARD_CORPORA;
  const candidates = [env, resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora')];
  for (const c of candidates) if (c && existsSync(join(c, 'INDEX.json'))) return c;
  return undefined;
}

export class Corpora {
  private readonly cache = new Map<string, Item[]>();
  constructor(readonly dir: string) {}

  /** every record of `source/prompts.jsonl` */
  get(source: string): Item[] {
    let xs = this.cache.get(source);
    if (!xs) {
      const text = readFileSync(join(this.dir, source, 'prompts.jsonl'), 'utf8');
      xs = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        const r = JSON.parse(line) as Item;
        if (typeof r.prompt === 'string' && r.prompt.trim()) xs.push(r);
      }
      this.cache.set(source, xs);
    }
    return xs;
  }

  /** records of a source that pass `keep`, cached under `key` */
  where(source: string, key: string, keep: (i: Item) => boolean): Item[] {
    const k = `${source}#${key}`;
    let xs = this.cache.get(k);
    if (!xs) {
      xs = this.get(source).filter(keep);
      this.cache.set(k, xs);
    }
    return xs;
  }
}
