/**
 * The public prompt corpora (../shared/corpora beside a checkout), read by path
 * at generation time and never copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Item { id: string; category: string; lang: string; prompt: string; turns?: string[]; meta?: Record<string, unknown> }

/** ../shared/corpora beside the checkout, or undefined when it is absent */
export function corporaDir(): string | undefined {
  const d = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora');
  return existsSync(join(d, 'SOURCES.md')) ? d : undefined;
}

export class Corpora {
  private cache = new Map<string, Item[]>();
  constructor(readonly dir: string) {}
  /** a corpus's items in file order (ids sorted is not needed: the files are fixed) */
  get(name: string): Item[] {
    let xs = this.cache.get(name);
    if (!xs) {
      const text = readFileSync(join(this.dir, name, 'prompts.jsonl'), 'utf8');
      xs = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Item).filter((x) => typeof x.prompt === 'string' && x.prompt.length > 0);
      this.cache.set(name, xs);
    }
    return xs;
  }
  /** items of a corpus whose category starts with a prefix */
  where(name: string, pred: (x: Item) => boolean): Item[] {
    const key = `${name}?${pred.toString()}`;
    let xs = this.cache.get(key);
    if (!xs) { xs = this.get(name).filter(pred); this.cache.set(key, xs); }
    return xs;
  }
}
