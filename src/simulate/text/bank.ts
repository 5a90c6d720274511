/**
 * Prompt text for the simulator, in pools by what it is used for. Filled either
 * from corpus files (`--corpus DIR`, shaped like shared/corpora/<name>/prompts.jsonl)
 * or from the built-in generator, so a fresh install can run the demo.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Rng } from '../rng.js';
import { builtinBank } from './builtin.js';

/** One prompt (possibly a multi-turn conversation's user turns). */
export interface Item {
  text: string;
  turns?: string[];
  lang: string;
  category: string;
  /** tool names offered with it, for tool-use items */
  tools?: string[];
  /** a reference answer, when the corpus gives one (gsm8k, bbh, mmlu) */
  answer?: string;
}

/** Attacker-side pools: what a campaign sweeps over. */
export const ATTACK_POOLS = ['math', 'reasoning', 'knowledge', 'code', 'judge', 'tools', 'instructions'] as const;
export type AttackPool = (typeof ATTACK_POOLS)[number];

/** Benign pools: what ordinary users and apps send. */
export const BENIGN_POOLS = ['chat', 'search', 'code', 'roles', 'redteam', 'multi'] as const;
export type BenignPool = (typeof BENIGN_POOLS)[number];

export interface TextBank {
  source: string;
  attack: Record<AttackPool, Item[]>;
  benign: Record<BenignPool, Item[]>;
}

/** Longest prompt kept: real judge prompts run to a few KB; beyond that they dominate line size. */
const MAX_PROMPT = 6000;
/** Items kept per pool: enough for coverage sweeps, bounded for memory. */
const MAX_PER_POOL = 12000;

function attackPoolOf(source: string, category: string): AttackPool {
  const s = `${source} ${category}`.toLowerCase();
  if (/judge|pairwise|rubric|grading/.test(s)) return 'judge';
  if (/tool|bfcl|apibench|webarena|tau-bench|function/.test(s)) return 'tools';
  if (/gsm8k|math|aime|amc|olympiad|svamp|asdiv|aqua/.test(s)) return 'math';
  if (/humaneval|mbpp|leetcode|code/.test(s)) return 'code';
  if (/mmlu|multiple.?choice|knowledge/.test(s)) return 'knowledge';
  if (/bbh|big-?bench|reasoning|logic/.test(s)) return 'reasoning';
  return 'instructions';
}

function benignPoolOf(source: string, category: string, hasTurns: boolean): BenignPool {
  const s = `${source} ${category}`.toLowerCase();
  if (/awesome-chatgpt|role/.test(s)) return 'roles';
  if (/hh-rlhf|red-team|harmless/.test(s)) return 'redteam';
  if (/search|nq-open|webquestions/.test(s)) return 'search';
  if (/conala|coding|code|stackoverflow|programming/.test(s)) return 'code';
  if (hasTurns) return 'multi';
  return 'chat';
}

function emptyBank(source: string): TextBank {
  const attack = {} as Record<AttackPool, Item[]>;
  for (const p of ATTACK_POOLS) attack[p] = [];
  const benign = {} as Record<BenignPool, Item[]>;
  for (const p of BENIGN_POOLS) benign[p] = [];
  return { source, attack, benign };
}

function findPromptFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      const f = join(p, 'prompts.jsonl');
      try {
        if (statSync(f).isFile()) out.push(f);
      } catch {
        /* a folder without prompts is not a corpus */
      }
    } else if (name.endsWith('.jsonl') && name !== 'templates.jsonl') out.push(p);
  }
  return out;
}

/** Thrown when a corpus directory cannot be used; the message names what was wrong. */
export class CorpusError extends Error {}

/**
 * Loads every `prompts.jsonl` under `dir` (one level of folders, or jsonl files
 * directly in it) into pools. Bad lines are skipped and counted, never fatal;
 * a directory with no usable prompt at all is a CorpusError.
 */
export function loadCorpus(dir: string): { bank: TextBank; skipped: number; files: number } {
  const key = resolve(dir);
  const hit = cache.get(key);
  if (hit) return hit;
  const r = readCorpus(dir);
  cache.set(key, r);
  return r;
}

// Worlds in one process (tests, benchmarks, the demo) share a loaded corpus: it is
// read-only once built, and reading 65 MB of JSON costs more than a small world.
const cache = new Map<string, { bank: TextBank; skipped: number; files: number }>();

function readCorpus(dir: string): { bank: TextBank; skipped: number; files: number } {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new CorpusError(`corpus directory ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new CorpusError(`corpus ${dir} is not a directory`);
  const files = findPromptFiles(dir);
  if (files.length === 0) throw new CorpusError(`corpus directory ${dir} has no prompts.jsonl files (expected ${dir}/<name>/prompts.jsonl)`);
  const bank = emptyBank(`corpus:${dir}`);
  let skipped = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const line of text.split('\n')) {
      if (line.length < 2) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      const item = toItem(v);
      if (!item) {
        skipped++;
        continue;
      }
      const o = v as Record<string, unknown>;
      const source = typeof o.source === 'string' ? o.source : f;
      if (o.kind === 'attacker') bank.attack[attackPoolOf(source, item.category)].push(item);
      else bank.benign[benignPoolOf(source, item.category, (item.turns?.length ?? 0) > 1)].push(item);
    }
  }
  // Bound memory with a seeded (so reproducible) sample of the biggest pools.
  // a fixed seed: the pools are the same for every world; worlds differ in what they draw
  const rng = new Rng(1, 'corpus-sample');
  for (const p of ATTACK_POOLS) if (bank.attack[p].length > MAX_PER_POOL) bank.attack[p] = rng.sample(bank.attack[p], MAX_PER_POOL);
  for (const p of BENIGN_POOLS) if (bank.benign[p].length > MAX_PER_POOL) bank.benign[p] = rng.sample(bank.benign[p], MAX_PER_POOL);
  fillGaps(bank);
  return { bank, skipped, files: files.length };
}

function toItem(v: unknown): Item | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.prompt !== 'string' || o.prompt.trim().length === 0) return null;
  const item: Item = {
    text: o.prompt.length > MAX_PROMPT ? o.prompt.slice(0, MAX_PROMPT) : o.prompt,
    lang: typeof o.lang === 'string' ? o.lang : 'en',
    category: typeof o.category === 'string' ? o.category : 'general',
  };
  if (Array.isArray(o.turns)) {
    const turns = o.turns.filter((t): t is string => typeof t === 'string' && t.length > 0).map((t) => t.slice(0, MAX_PROMPT));
    if (turns.length > 1) item.turns = turns;
  }
  const meta = o.meta;
  if (typeof meta === 'object' && meta !== null) {
    const m = meta as Record<string, unknown>;
    if (Array.isArray(m.tools)) {
      const tools = m.tools.filter((t): t is string => typeof t === 'string');
      if (tools.length) item.tools = tools;
    }
    const ans = m.answer ?? m.target;
    if (typeof ans === 'string' && ans.length < 200) item.answer = ans;
  }
  return item;
}

/** Pools a corpus left empty are filled from the built-in generator, so every persona has text. */
function fillGaps(bank: TextBank): void {
  let builtin: TextBank | null = null;
  const get = () => (builtin ??= builtinBank(7));
  for (const p of ATTACK_POOLS) if (bank.attack[p].length === 0) bank.attack[p] = get().attack[p];
  for (const p of BENIGN_POOLS) if (bank.benign[p].length === 0) bank.benign[p] = get().benign[p];
}
