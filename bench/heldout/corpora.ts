/**
 * Public prompt text from the shared corpora folder (../shared/corpora), read by path (never copied into
 * the repository). Each corpus is a prompts.jsonl of
 * `{id, source, kind, category, lang, prompt, turns?, meta?}`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusItem {
  id: string;
  category: string;
  lang: string;
  prompt: string;
  turns?: string[];
  meta?: Record<string, unknown>;
}

/** The corpora folder beside the repository (../shared/corpora), or undefined when absent. */
export function defaultCorporaDir(): string | undefined {
  const dir = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpora');
  return existsSync(join(dir, 'INDEX.json')) ? dir : undefined;
}

/** Loads corpora on first use and keeps them; items longer than maxChars are skipped as unrealistic for one chat turn. */
export class Corpora {
  private cache = new Map<string, CorpusItem[]>();

  constructor(readonly dir: string, private maxChars = 6000) {
    if (!existsSync(join(dir, 'INDEX.json'))) throw new Error(`no corpora at ${dir} (expected INDEX.json)`);
  }

  get(name: string): CorpusItem[] {
    let items = this.cache.get(name);
    if (!items) {
      items = [];
      const text = readFileSync(join(this.dir, name, 'prompts.jsonl'), 'utf8');
      for (const line of text.split('\n')) {
        if (!line) continue;
        const r = JSON.parse(line) as CorpusItem;
        if (typeof r.prompt !== 'string' || r.prompt.trim() === '' || r.prompt.length > this.maxChars) continue;
        items.push({ id: r.id, category: r.category, lang: r.lang, prompt: r.prompt, turns: r.turns, meta: r.meta });
      }
      if (items.length === 0) throw new Error(`corpus ${name} has no usable prompts`);
      this.cache.set(name, items);
    }
    return items;
  }

  /** items of a corpus whose category starts with a prefix (e.g. "mmlu/", "bfcl") */
  where(name: string, pred: (x: CorpusItem) => boolean): CorpusItem[] {
    const key = `${name}?${pred.toString()}`;
    let items = this.cache.get(key);
    if (!items) {
      items = this.get(name).filter(pred);
      if (items.length === 0) throw new Error(`corpus ${name}: no items match the filter`);
      this.cache.set(key, items);
    }
    return items;
  }
}
