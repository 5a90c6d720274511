/**
 * The public prompt corpora (`../shared/corpora` beside a checkout), read by
 * path at generation time; nothing from them is copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Item { id: string; source: string; category: string; lang: string; prompt: string; turns?: string[]; meta?: Record<string, unknown> }
export interface Template { id: string; type: string; system_prompt?: string; prompt_template?: string }

export function corporaDir(): string | undefined {
  for (const d of [process.env.DISTILLGUARD_CORPORA, resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora')]) {
    if (d && existsSync(join(d, 'INDEX.json'))) return d;
  }
  return undefined;
}

export class Corpora {
  private memo = new Map<string, Item[]>();
  constructor(readonly dir: string) {}
  /** the records of one corpus folder, in file order */
  of(name: string): Item[] {
    let xs = this.memo.get(name);
    if (!xs) {
      xs = readFileSync(join(this.dir, name, 'prompts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Item).filter((x) => typeof x.prompt === 'string' && x.prompt.trim().length > 0);
      this.memo.set(name, xs);
    }
    return xs;
  }
  /** the records whose category starts with `prefix` (and in `lang`, given) */
  sub(name: string, prefix: string, lang?: string): Item[] {
    const k = `${name}#${prefix}#${lang ?? ''}`;
    let xs = this.memo.get(k);
    if (!xs) {
      xs = this.of(name).filter((x) => x.category.startsWith(prefix) && (!lang || x.lang === lang));
      if (xs.length === 0) throw new Error(`heldout/v9: no ${prefix} ${lang ?? ''} records in ${name}`);
      this.memo.set(k, xs);
    }
    return xs;
  }
  templates(): Template[] {
    return readFileSync(join(this.dir, 'llm-judge-prompts', 'templates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Template);
  }
}
