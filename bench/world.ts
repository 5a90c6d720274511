/**
 * A fast generator of large benchmark logs: a fixed number of accounts, any
 * number of exchanges, 1–2 KB lines with prompt text from ../shared/corpora.
 * It exists so the scan benchmark can hold accounts fixed while exchanges grow
 * (memory must stay flat), which a scenario world does not allow.
 */
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { lcg } from '../src/util/random.js';

export const CORPORA = join(import.meta.dirname, '..', '..', 'shared', 'corpora');

export function loadPrompts(max = 40_000): string[] {
  if (!existsSync(CORPORA)) throw new Error(`corpora not found at ${CORPORA}`);
  const out: string[] = [];
  for (const d of readdirSync(CORPORA).sort()) {
    const f = join(CORPORA, d, 'prompts.jsonl');
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line) continue;
      const p = JSON.parse(line).prompt as string;
      if (p && p.length < 3000) out.push(p);
      if (out.length >= max) return out;
    }
  }
  return out;
}

const WRAPPERS = ['', 'Think step by step and show your reasoning.\n\n', 'Answer concisely.\n\n', 'Explain your answer in detail.\n\n'];
const UAS = ['openai-python/1.40.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', 'anthropic-typescript/0.30.1', 'python-httpx/0.27'];

/** Writes `exchanges` lines over `accounts` accounts, in time order, to a plain .jsonl file. */
export async function writeBenchLog(path: string, accounts: number, exchanges: number, prompts: string[]): Promise<number> {
  const ws = createWriteStream(path);
  const rnd = lcg(12345);
  const start = Date.parse('2026-10-01T00:00:00Z');
  const spanMs = 14 * 86_400_000;
  const filler = 'The answer follows from the definitions above; each step is checked against the constraints given in the question. ';
  let bytes = 0;
  for (let i = 0; i < exchanges; i++) {
    const a = Math.floor(rnd() * accounts);
    const p = prompts[Math.floor(rnd() * prompts.length)];
    const t = start + Math.floor((i / exchanges) * spanMs);
    const resp = filler.repeat(3 + Math.floor(rnd() * 8));
    const line = JSON.stringify({
      id: `r${i}`, ts: new Date(t).toISOString(), account_id: `acct_${a}`, api_key_id: `key_${a}`,
      ip: `10.${a & 255}.${(a >> 8) & 255}.${1 + (a % 250)}`, user_agent: UAS[a % UAS.length], model: 'model-x', endpoint: 'chat.completions',
      request: { messages: [{ role: 'user', content: WRAPPERS[a % WRAPPERS.length] + p }], max_tokens: 2048, temperature: 0.7 },
      response: { text: resp, stop_reason: 'end_turn', tool_calls: 0 },
      usage: { input_tokens: Math.ceil(p.length / 4), output_tokens: Math.ceil(resp.length / 4) }, status: 200, latency_ms: 800,
    }) + '\n';
    bytes += line.length;
    if (!ws.write(line)) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
  return bytes;
}
