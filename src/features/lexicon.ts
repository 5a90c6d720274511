/**
 * Multi-word phrase matching over the token stream of text.ts.
 *
 * Phrases are normalised and tokenised exactly like the input, so whatever the
 * normaliser folds (case, width, homoglyphs, zero-width characters, markup)
 * cannot make a phrase miss. Words are compared on their first STEM code units,
 * a crude stemmer that lets "reasoning" match "reasons" in English and
 * "рассуждения" match "рассуждение" in Russian; languages without spaces match
 * as contiguous character bigrams. Lookup of a token's stem is one probe of an
 * open-addressing table, so matching costs about one probe per token.
 */
import { normalizeInto, tokenize, tok } from './text.js';

/** One phrase of a lexicon: its text, the score slot it feeds, and its weight. */
export interface PhraseSpec {
  /** words separated by spaces; a word may list alternatives with '|' ("step|steps by step") */
  phrase: string;
  slot: number;
  weight: number;
}

export interface Lexicon {
  readonly slots: number;
  /** open-addressing table: stem hash -> first entry of its chain (-1: empty) */
  keys: Int32Array;
  heads: Int32Array;
  mask: number;
  entryStems: Int32Array[];
  /** the same stems laid end to end (entry e at entryOff[e], entryLen[e] long): one array to read when matching */
  flatStems: Int32Array;
  entryOff: Int32Array;
  entryLen: Int32Array;
  entrySlot: Uint16Array;
  entryWeight: Float32Array;
  entryNext: Int32Array;
  /** count every occurrence (stop words) rather than once per text */
  entryRepeat: Uint8Array;
  /** which output array of a multi-part lexicon the entry scores into (0 for a plain lexicon) */
  entryPart: Uint8Array;
  /** the phrase each entry came from, for explanations and debugging */
  entryPhrase: string[];
  /** one-word phrases: the full token hash that must match */
  entryExact: Int32Array;
  entryHasExact: Uint8Array;
  seen: Uint32Array;
  epoch: number;
}

/** One part of a multi-part lexicon: its phrases score into their own output array. */
export interface LexiconPart {
  specs: PhraseSpec[];
  slots: number;
  repeatSlots?: ReadonlySet<number>;
}

function tokenize1(text: string): { stems: number[]; hashes: number[] } {
  const len = normalizeInto(text, false);
  const n = tokenize(len);
  return { stems: Array.from(tok.stem.subarray(0, n)), hashes: Array.from(tok.hash.subarray(0, n)) };
}

interface Expanded {
  stems: Int32Array;
  /** full hash of the only token, for one-word phrases matched exactly; undefined otherwise */
  exact?: number;
}

function expand(phrase: string): Expanded[] {
  // A one-word phrase matches that word exactly ("system" must not match
  // "systems" by its stem), unless it ends with '*' (a deliberate stem:
  // "безопасн*"). Longer phrases match on stems: their context keeps them precise.
  let text = phrase.trim();
  const star = text.endsWith('*');
  if (star) text = text.slice(0, -1);
  let acc: { stems: number[]; hashes: number[] }[] = [{ stems: [], hashes: [] }];
  for (const word of text.split(/\s+/)) {
    const alts = word.split('|').filter((a) => a.length > 0);
    const next: { stems: number[]; hashes: number[] }[] = [];
    for (const a of alts) {
      const t = tokenize1(a);
      for (const prefix of acc) next.push({ stems: prefix.stems.concat(t.stems), hashes: prefix.hashes.concat(t.hashes) });
    }
    acc = next;
  }
  return acc
    .filter((a) => a.stems.length > 0)
    .map((a) => ({ stems: Int32Array.from(a.stems), exact: a.stems.length === 1 && !star ? a.hashes[0] : undefined }));
}

/** Builds a lexicon from phrase specs; `repeatSlots` count every occurrence. */
export function buildLexicon(specs: PhraseSpec[], slots: number, repeatSlots: ReadonlySet<number> = new Set()): Lexicon {
  return buildMultiLexicon([{ specs, slots, repeatSlots }]);
}

/**
 * Builds one lookup table for several lexicons whose scores go to separate
 * arrays (see matchLexiconParts): a token then costs one probe, not one per
 * lexicon. Each part keeps its own slots, repeat slots and de-duplication.
 */
export function buildMultiLexicon(parts: LexiconPart[]): Lexicon {
  const stems: Int32Array[] = [];
  const slot: number[] = [];
  const weight: number[] = [];
  const phrase: string[] = [];
  const exact: number[] = [];
  const hasExact: number[] = [];
  const part: number[] = [];
  const repeat: number[] = [];
  for (let pi = 0; pi < parts.length; pi++) {
    const { specs, slots } = parts[pi];
    const repeatSlots = parts[pi].repeatSlots ?? new Set<number>();
    const dedupe = new Set<string>();
    for (const s of specs) {
      if (s.slot < 0 || s.slot >= slots) throw new Error(`lexicon phrase "${s.phrase}" has slot ${s.slot} outside 0..${slots - 1}`);
      for (const x of expand(s.phrase)) {
        const st = x.stems;
        const key = `${s.slot}:${Array.from(st).join(',')}:${x.exact ?? ''}`;
        if (dedupe.has(key)) continue;
        dedupe.add(key);
        stems.push(st);
        exact.push(x.exact ?? 0);
        hasExact.push(x.exact === undefined ? 0 : 1);
        slot.push(s.slot);
        weight.push(s.weight);
        phrase.push(s.phrase);
        part.push(pi);
        repeat.push(repeatSlots.has(s.slot) ? 1 : 0);
      }
    }
  }
  let size = 1024;
  while (size < stems.length * 4) size *= 2;
  const keys = new Int32Array(size);
  const heads = new Int32Array(size).fill(-1);
  const next = new Int32Array(stems.length).fill(-1);
  const m = size - 1;
  // chains are built by prepending, so a chain lists its entries newest first;
  // within a part that order is the same as in a lexicon built from that part alone
  for (let e = 0; e < stems.length; e++) {
    const k = stems[e][0] | 0 || 1;
    let p = probe(k) & m;
    while (heads[p] !== -1 && keys[p] !== k) p = (p + 1) & m;
    keys[p] = k;
    next[e] = heads[p];
    heads[p] = e;
  }
  const off = new Int32Array(stems.length);
  const len = new Int32Array(stems.length);
  let total = 0;
  for (let e = 0; e < stems.length; e++) {
    off[e] = total;
    len[e] = stems[e].length;
    total += stems[e].length;
  }
  const flat = new Int32Array(total);
  for (let e = 0; e < stems.length; e++) flat.set(stems[e], off[e]);
  return {
    slots: parts.length === 1 ? parts[0].slots : Math.max(...parts.map((p) => p.slots)),
    keys,
    heads,
    mask: m,
    entryStems: stems,
    flatStems: flat,
    entryOff: off,
    entryLen: len,
    entrySlot: Uint16Array.from(slot),
    entryWeight: Float32Array.from(weight),
    entryNext: next,
    entryRepeat: Uint8Array.from(repeat),
    entryPart: Uint8Array.from(part),
    entryPhrase: phrase,
    entryExact: Int32Array.from(exact),
    entryHasExact: Uint8Array.from(hasExact),
    seen: new Uint32Array(stems.length),
    epoch: 0,
  };
}

function probe(k: number): number {
  return Math.imul(k, 0x9e3779b1) >>> 16;
}

/**
 * Matches the lexicon over tokens [from, to) of the last `tokenize` call.
 * Each distinct phrase adds its weight once to `out[slot]` as a noisy-or
 * (1 - Π(1 - w)); repeat slots add 1 per occurrence instead.
 * Pass `fresh = false` to keep the once-per-text memory of a previous call
 * (the system prompt and the user turn of one exchange).
 */
export function matchLexicon(lex: Lexicon, from: number, to: number, out: Float64Array, fresh = true): void {
  matchLexiconParts(lex, from, to, out, out, fresh);
}

/**
 * matchLexicon for a two-part lexicon (buildMultiLexicon): part 0 scores into
 * `out0`, part 1 into `out1`, in one probe per token.
 */
export function matchLexiconParts(lex: Lexicon, from: number, to: number, out0: Float64Array, out1: Float64Array, fresh = true): void {
  if (fresh) {
    lex.epoch = (lex.epoch + 1) >>> 0;
    if (lex.epoch === 0) {
      lex.seen.fill(0);
      lex.epoch = 1;
    }
  }
  const S = tok.stem;
  const TH = tok.hash;
  const keys = lex.keys;
  const heads = lex.heads;
  const m = lex.mask;
  const epoch = lex.epoch;
  const next = lex.entryNext;
  const hasExact = lex.entryHasExact;
  const exact = lex.entryExact;
  const flat = lex.flatStems;
  const off = lex.entryOff;
  const lens = lex.entryLen;
  const slots = lex.entrySlot;
  const repeat = lex.entryRepeat;
  const part = lex.entryPart;
  const seen = lex.seen;
  const weight = lex.entryWeight;
  for (let i = from; i < to; i++) {
    const k = S[i] | 0 || 1;
    let p = probe(k) & m;
    let e = -1;
    for (;;) {
      const hd = heads[p];
      if (hd === -1) break;
      if (keys[p] === k) {
        e = hd;
        break;
      }
      p = (p + 1) & m;
    }
    for (; e !== -1; e = next[e]) {
      if (hasExact[e] === 1 && TH[i] !== exact[e]) continue;
      const L = lens[e];
      if (i + L > to) continue;
      if (L > 1) {
        const o = off[e];
        let ok = true;
        for (let j = 1; j < L; j++) {
          if (S[i + j] !== flat[o + j]) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
      }
      const out = part[e] === 0 ? out0 : out1;
      const slot = slots[e];
      if (repeat[e] === 1) {
        out[slot] += 1;
      } else if (seen[e] !== epoch) {
        seen[e] = epoch;
        out[slot] = 1 - (1 - out[slot]) * (1 - weight[e]);
      }
    }
  }
}

/** The phrases of `lex` found in tokens [from, to) of the last tokenize call, with their slots. */
export function matchedPhrases(lex: Lexicon, from: number, to: number): { phrase: string; slot: number }[] {
  const found: { phrase: string; slot: number }[] = [];
  const S = tok.stem;
  for (let i = from; i < to; i++) {
    for (let e = 0; e < lex.entryStems.length; e++) {
      const st = lex.entryStems[e];
      if (i + st.length > to) continue;
      let ok = lex.entryHasExact[e] === 0 || tok.hash[i] === lex.entryExact[e];
      for (let j = 0; ok && j < st.length; j++) if (S[i + j] !== st[j]) ok = false;
      if (ok) found.push({ phrase: lex.entryPhrase[e], slot: lex.entrySlot[e] });
    }
  }
  return found;
}
