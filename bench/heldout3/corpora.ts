/**
 * The public prompt corpora (the shared `corpora/` folder beside a checkout),
 * read by path when a world is generated; none of their text lives in this
 * repository.
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

export interface JudgeTemplate {
  id: string;
  type: string;
  system_prompt?: string;
  prompt_template?: string;
}

/** `../shared/corpora` beside the checkout, or undefined when it is not there. */
export function corporaBesideCheckout(): string | undefined {
  const dir = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora');
  return existsSync(join(dir, 'SOURCES.md')) ? dir : undefined;
}

export class Corpora {
  private cache = new Map<string, Item[]>();

  constructor(readonly dir: string) {
    if (!existsSync(dir)) throw new Error(`heldout/v3: no corpora at ${dir}`);
  }

  /** Every record of one corpus, in file order. */
  get(name: string): Item[] {
    let items = this.cache.get(name);
    if (!items) {
      const text = readFileSync(join(this.dir, name, 'prompts.jsonl'), 'utf8');
      items = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Item).filter((i) => typeof i.prompt === 'string' && i.prompt.trim().length > 0);
      this.cache.set(name, items);
    }
    return items;
  }

  /** Records of a corpus whose category starts with a prefix, in file order. */
  where(name: string, categoryPrefix: string): Item[] {
    return this.get(name).filter((i) => i.category.startsWith(categoryPrefix));
  }

  judgeTemplates(): JudgeTemplate[] {
    const text = readFileSync(join(this.dir, 'llm-judge-prompts', 'templates.jsonl'), 'utf8');
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as JudgeTemplate);
  }
}
