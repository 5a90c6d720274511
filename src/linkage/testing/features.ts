/**
 * A tiny stand-in for `extractFeatures` (src/features/index.ts), used by the
 * linkage tests and benchmark until the real one lands. Deliberately crude:
 * regex intent cues, a skeleton from the prompt's first and last words, and a
 * MinHash over those words for template bands. Linkage must not depend on its
 * quirks; the tests switch to the real extractor when it exists.
 */
import type { Exchange } from '../../contract/types.js';
import type { ExchangeFeatures, IntentScores } from '../../features/types.js';
import { fnv1a } from '../../util/hash.js';

const COT = /step[- ]by[- ]step|show (your|all)( of your)? (work|reasoning|steps)|think (carefully|it through|through)|explain your reasoning|reason(ing)? (carefully|through)|chain[- ]of[- ]thought|walk me through|before giving the final answer/i;
const JUDGE = /(rate|score|grade|evaluate|judge) (the|this|each|both|following) (response|answer|assistant)|which (response|answer|assistant) is better|\[\[a\]\]|\[\[b\]\]/i;
const MCQ = /\n\s*[A-D][.)]\s/;
const BOXED = /\\boxed|final answer/i;
const INTERNALS = /system prompt|hidden (reasoning|thoughts)|your (instructions|hidden)/i;
const RECON = /(given|here is|the) (final )?answer (is|:).{0,200}(explain|derive|reasoning|how)/is;

function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/\$[^$]*\$/g, ' $ ')
    .replace(/[0-9]+/g, '#')
    .split(/[^a-z#$\u00c0-\uffff]+/)
    .filter(Boolean);
}

/** Features of one exchange, computed from its text (local test helper). */
export function localFeatures(ex: Exchange): ExchangeFeatures {
  const msgs = ex.request?.messages ?? [];
  let last = '';
  let userTurns = 0;
  let toolTurns = 0;
  for (const m of msgs) {
    if (m.role === 'user') {
      userTurns++;
      last = m.content;
    } else if (m.role === 'tool') toolTurns++;
  }
  const norm = last.toLowerCase().replace(/\s+/g, ' ').trim();
  const w = words(last);
  // Skeleton: the first sentence of the first line and the last sentence of the last
  // line, numbers masked: where a wrapper around an item usually sits.
  const lines = last.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  const sentences = (l: string): string[] => l.split(/(?<=[.?!:])\s+/).filter(Boolean);
  const firstS = lines.length ? sentences(lines[0])[0] ?? '' : '';
  const lastLine = lines.length > 1 ? sentences(lines[lines.length - 1]) : lines.length ? sentences(lines[0]).slice(1) : [];
  const lastS = lastLine.length ? lastLine[lastLine.length - 1] : '';
  const head = words(firstS).slice(0, 16);
  const tail = words(lastS).slice(-16);
  const skeletonHash = w.length >= 6 ? fnv1a(`${head.join(' ')}|${tail.join(' ')}`) || 1 : 0;
  const shingles: string[] = [];
  const sk = [...head, '|', ...tail];
  for (let i = 0; i + 1 < sk.length; i++) shingles.push(`${sk[i]} ${sk[i + 1]}`);
  const bands = new Uint32Array(shingles.length >= 4 ? 8 : 0);
  if (bands.length) {
    for (let b = 0; b < 8; b++) {
      let m1 = 0xffffffff;
      let m2 = 0xffffffff;
      for (const s of shingles) {
        m1 = Math.min(m1, fnv1a(s, 0x1000193 * (2 * b + 1)));
        m2 = Math.min(m2, fnv1a(s, 0x1000193 * (2 * b + 2) + 7));
      }
      bands[b] = fnv1a(`${b}:${m1}:${m2}`);
    }
  }
  const tools = ex.request?.tools?.length ?? 0;
  const intent: IntentScores = {
    cot: COT.test(last) ? 0.9 : 0,
    reconstruct: RECON.test(last) ? 0.8 : 0,
    judge: JUDGE.test(last) ? 0.9 : 0,
    safetyRewrite: 0,
    agentic: tools > 0 || toolTurns > 0 ? 0.7 : 0,
    benchmark: MCQ.test(last) || BOXED.test(last) ? 0.7 : 0,
    internals: INTERNALS.test(last) ? 0.8 : 0,
    datagen: 0,
  };
  let longest = '';
  for (const x of w) if (x.length > longest.length) longest = x;
  return {
    promptChars: norm.length,
    userTurns,
    toolTurns,
    systemHash: ex.request?.system ? fnv1a(ex.request.system.toLowerCase().trim()) || 1 : 0,
    promptHash: norm ? fnv1a(norm) || 1 : 0,
    simHi: 0,
    simLo: 0,
    skeletonHash,
    templateBands: bands,
    topic: fnv1a(longest) % 64,
    lang: 'und',
    intent,
    inputTokens: ex.usage?.input_tokens ?? Math.ceil(norm.length / 4),
    outputTokens: ex.usage?.output_tokens ?? 0,
    maxTokens: ex.request?.max_tokens ?? 0,
    hitCap: ex.response?.stop_reason === 'max_tokens',
    toolsOffered: tools,
    toolCalls: ex.response?.tool_calls ?? 0,
  };
}
