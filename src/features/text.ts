/**
 * Text normalisation against evasion, and tokenisation of the normalised text.
 *
 * Both run over module-level scratch buffers that grow on demand and are reused,
 * so the hot path allocates nothing per exchange. Everything is single-threaded
 * and synchronous: a call finishes before the next one starts, so sharing the
 * scratch is safe.
 */
import {
  C_CJK,
  C_DIGIT,
  C_HIGH_SURROGATE,
  C_IGNORE,
  C_LETTER,
  C_LOW_SURROGATE,
  C_LT,
  C_MARK,
  C_MARKUP,
  C_NEWLINE,
  C_PUNCT,
  C_SPACE,
  S_CYRILLIC,
  S_GREEK,
  S_LATIN,
  SCRIPT_COUNT,
  tables,
} from './tables.js';
import { Buffer } from 'node:buffer';
import { FNV_OFFSET, FNV_PRIME } from '../util/hash.js';

/** Private-use code unit standing for a ``` code fence in the internal buffer. */
export const FENCE = 0xe000;
const CJK_SEED = 0x2c1b3c6d;
/** Latin/Cyrillic/Greek words are matched against lexicons on their first STEM chars. */
export const STEM = 6;
const MAX_WORD_TRACK = 64;

/** The normalised text of the last `normalizeInto` call. */
export const norm = {
  buf: new Uint16Array(8192),
  len: 0,
  /** letters seen per script (tables.ts S_*), after homoglyph folding */
  scripts: new Int32Array(SCRIPT_COUNT),
};

// positions (in the output) and original code units of the current word's look-alike letters
const foldPos = new Int32Array(MAX_WORD_TRACK);
const foldOrig = new Uint16Array(MAX_WORD_TRACK);
/** ASCII classes for the fast path: 1 letter, 2 digit, 0 anything else */
const ASCII = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ASCII[c] = 2;
for (let c = 0x41; c <= 0x5a; c++) ASCII[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) ASCII[c] = 1;

// The input's UTF-16 code units, copied natively in one call: in the hot loop a
// typed-array read costs about a third of a charCodeAt, which re-dispatches on
// the string's representation at every call. Three zero code units follow the
// text so the loop may look ahead (fences, surrogate pairs) without bounds checks.
let raw = new Uint16Array(8192);
let rawBytes = Buffer.from(raw.buffer);

function loadRaw(s: string): Uint16Array {
  const n = s.length;
  if (raw.length < n + 3) {
    raw = new Uint16Array(Math.max(n + 3, raw.length * 2));
    rawBytes = Buffer.from(raw.buffer);
  }
  rawBytes.write(s, 0, 'utf16le');
  raw[n] = 0;
  raw[n + 1] = 0;
  raw[n + 2] = 0;
  return raw;
}

/**
 * Words that the normaliser emitted as one run of ASCII letters and digits,
 * with the hashes tokenize computes (FNV-1a of the word and of its first STEM
 * code units). They are hints: tokenize uses a record only when the token it
 * is reading starts at the record's start and ends at its end, so a word the
 * normaliser continued afterwards (markup inside it, a non-ASCII letter, a
 * homoglyph fold) is simply read again from the buffer.
 */
const words = {
  n: 0,
  start: new Int32Array(8192),
  end: new Int32Array(8192),
  hash: new Int32Array(8192),
  stem: new Int32Array(8192),
  num: new Uint8Array(8192),
};

function growWords(min: number): void {
  const cap = Math.max(min, words.start.length * 2);
  words.start = new Int32Array(cap);
  words.end = new Int32Array(cap);
  words.hash = new Int32Array(cap);
  words.stem = new Int32Array(cap);
  words.num = new Uint8Array(cap);
}

function safeNfkc(s: string): string {
  try {
    return s.normalize('NFKC');
  } catch {
    return s;
  }
}

/**
 * Normalises `input` into `norm.buf[0..norm.len)`: NFKC (only when a code unit
 * needs it), lower case with Latin diacritics removed, zero-width / bidi /
 * control characters removed, markdown emphasis and HTML tags removed, runs of
 * the same punctuation collapsed, whitespace runs collapsed to one space (or
 * one newline when the run held a line break), and homoglyphs folded to Latin
 * in words that mix scripts (or in all-look-alike words of a mostly Latin text).
 * With `markers`, ``` fences become the FENCE code unit. Returns the length.
 */
export function normalizeInto(input: string, markers: boolean): number {
  const T = tables();
  const cls = T.cls;
  const lower = T.lower;
  const script = T.script;
  const homo = T.homoglyph;
  const needs = T.needsNfkc;
  const strict = T.strictHomoglyph;
  let n = input.length;
  if (norm.buf.length < n + 2) norm.buf = new Uint16Array(Math.max(n + 2, norm.buf.length * 2));
  let out = norm.buf;
  const sc = norm.scripts;
  let didNfkc = false;
  let s = loadRaw(input);

  if (words.start.length < n + 2) growWords(n + 2);

  restart: for (;;) {
    sc.fill(0);
    let o = 0;
    let nw = 0;
    let pending = 0; // 0 none, 1 space, 2 newline, 3 soft space (underscore)
    let lastPunct = -1;
    let wordStart = -1;
    let wordLatin = 0;
    let wordFold = 0;
    let wordOther = 0;

    for (let i = 0; i < n; i++) {
      const c = s[i];
      if (c >= 0x80 && needs[c] === 1 && !didNfkc) {
        didNfkc = true;
        const t = safeNfkc(input);
        n = t.length;
        s = loadRaw(t);
        if (norm.buf.length < n + 2) norm.buf = new Uint16Array(Math.max(n + 2, norm.buf.length * 2));
        if (words.start.length < n + 2) growWords(n + 2);
        out = norm.buf;
        continue restart;
      }
      const cl = cls[c];
      if (cl === C_LETTER || cl === C_MARK || cl === C_DIGIT) {
        if (pending !== 0) {
          if (o > 0) out[o++] = pending === 2 ? 10 : 32;
          pending = 0;
          lastPunct = -1;
        }
        if (wordStart < 0) {
          wordStart = o;
          wordLatin = wordFold = wordOther = 0;
        }
        if (c < 0x80) {
          // fast path: a run of ASCII letters and digits
          let j = i;
          let letters = 0;
          if (wordStart === o) {
            // the run starts a word: hash it as tokenize would, so that
            // tokenize can take the word from the record instead of rereading it
            const from = o;
            let h = FNV_OFFSET;
            let st = 0;
            while (j < n) {
              const d = s[j];
              if (d >= 0x80) break;
              const a = ASCII[d];
              if (a === 0) break;
              const v = a === 1 && d < 0x61 ? d + 32 : d;
              out[o++] = v;
              h = Math.imul(h ^ v, FNV_PRIME);
              letters += a & 1;
              j++;
              if (j - i === STEM) st = h;
            }
            if (j - i < STEM) st = h;
            words.start[nw] = from;
            words.end[nw] = o;
            words.hash[nw] = h;
            words.stem[nw] = st;
            words.num[nw] = letters === 0 ? 1 : 0;
            nw++;
          } else {
            while (j < n) {
              const d = s[j];
              if (d >= 0x80) break;
              const a = ASCII[d];
              if (a === 0) break;
              out[o++] = a === 1 && d < 0x61 ? d + 32 : d;
              letters += a & 1;
              j++;
            }
          }
          sc[S_LATIN] += letters;
          wordLatin += letters;
          i = j - 1;
          continue;
        }
        out[o++] = lower[c];
        if (cl === C_LETTER) {
          const sp = script[c];
          sc[sp]++;
          if (sp === S_LATIN) wordLatin++;
          else if (homo[c] !== 0) {
            if (strict[c] === 0) wordOther++; // folds only beside Latin letters
            if (wordFold < MAX_WORD_TRACK) {
              foldPos[wordFold] = o - 1;
              foldOrig[wordFold] = c;
            }
            wordFold++;
          } else wordOther++;
        }
        continue;
      }
      if (cl === C_IGNORE || cl === C_LOW_SURROGATE) continue; // invisible, or a lone low surrogate
      if (cl === C_MARKUP) {
        if (c === 0x60 && markers && s[i + 1] === 0x60 && s[i + 2] === 0x60) {
          i += 2;
          // a fence is its own line-level item: end the word, emit the marker
        } else {
          continue; // emphasis and inline code marks vanish without splitting the word
        }
      }
      if (cl === C_LT) {
        const end = tagEnd(s, i, n);
        if (end > 0) {
          i = end; // the tag vanishes without splitting the word ("st<b></b>ep")
          continue;
        }
      }
      // Anything else ends the current word.
      if (wordStart >= 0) {
        if (wordFold > 0) foldWord(out, sc, wordLatin, wordFold, wordOther);
        wordStart = -1;
      }
      if (cl === C_SPACE) {
        // '_' splits snake_case words but is emphasis before punctuation ("_step_!"): a soft space
        if (c === 0x5f) {
          if (pending === 0) pending = 3;
        } else if (pending === 0 || pending === 3) pending = 1;
        continue;
      }
      if (cl === C_NEWLINE) {
        pending = 2;
        continue;
      }
      if (cl === C_HIGH_SURROGATE) {
        // an astral character left after NFKC (emoji, rare ideographs): a word break
        const d = s[i + 1];
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          if (pending === 0) pending = 1;
        }
        continue;
      }
      if (pending !== 0) {
        if (pending === 3 && cl !== C_CJK) {
          pending = 0; // a soft space before punctuation vanishes
        } else {
          if (o > 0) out[o++] = pending === 2 ? 10 : 32;
          pending = 0;
          lastPunct = -1;
        }
      }
      if (cl === C_CJK) {
        out[o++] = c;
        sc[script[c]]++;
        lastPunct = -1;
        continue;
      }
      if (cl === C_MARKUP) {
        out[o++] = FENCE;
        lastPunct = -1;
        continue;
      }
      // punctuation or symbol (C_PUNCT, or a '<' that opens no tag)
      if (c === lastPunct) continue;
      out[o++] = c;
      lastPunct = c;
    }
    if (wordStart >= 0 && wordFold > 0) foldWord(out, sc, wordLatin, wordFold, wordOther);
    norm.len = o;
    words.n = nw;
    return o;
  }
}

/**
 * Folds the look-alike letters of the word just ended to Latin when the word
 * mixes scripts, or when it is made only of look-alikes in a mostly Latin text
 * ("рау" in Cyrillic inside an English prompt).
 */
function foldWord(out: Uint16Array, sc: Int32Array, latin: number, fold: number, other: number): void {
  if (!(latin > 0 || (other === 0 && sc[S_LATIN] > sc[S_CYRILLIC] + sc[S_GREEK]))) return;
  const T = tables();
  const m = fold < MAX_WORD_TRACK ? fold : MAX_WORD_TRACK;
  for (let k = 0; k < m; k++) {
    const oc = foldOrig[k];
    out[foldPos[k]] = T.homoglyph[oc];
    sc[T.script[oc]]--;
    sc[S_LATIN]++;
  }
}

/** End index (the '>') of an HTML-like tag starting at `i`, or -1 when it is not one. */
function tagEnd(s: Uint16Array, i: number, n: number): number {
  const c = s[i + 1];
  const isStart =
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2f /* / */ || c === 0x21 /* ! */;
  if (!isStart) return -1;
  const lim = Math.min(n, i + 200);
  for (let j = i + 2; j < lim; j++) {
    const d = s[j];
    if (d === 0x3e) return j;
    if (d === 0x3c || d === 10) return -1;
  }
  return -1;
}

/** Decodes `norm.buf[0..len)` into a string, newlines as spaces. */
export function normString(len: number): string {
  const b = norm.buf;
  let r = '';
  const CH = 4096;
  for (let i = 0; i < len; i += CH) {
    const end = Math.min(len, i + CH);
    r += String.fromCharCode.apply(null, b.subarray(i, end) as unknown as number[]);
  }
  return r.indexOf('\n') >= 0 ? r.replace(/\n/g, ' ') : r;
}

/**
 * Returns `s` normalised against evasion: NFKC, case folded, Latin diacritics
 * removed, whitespace collapsed, zero-width / bidi / control characters
 * removed, homoglyphs folded to Latin in mixed-script words, markdown emphasis,
 * HTML tags and repeated punctuation stripped.
 *
 * @example normalizeText('Ｓtер\u200b by **step**!!!') // 'step by step!'
 */
export function normalizeText(s: string): string {
  if (typeof s !== 'string' || s.length === 0) return '';
  return normString(normalizeInto(s, false));
}

// ---------------------------------------------------------------------------
// Tokens

/** Token flags. */
export const F_NUM = 1;
export const F_CJK = 2;
export const F_LINESTART = 4;
/** inside a quoted span, code fence or $math$: variable content for the skeleton */
export const F_MASKED = 8;
/** first token of a masked span */
export const F_MASK_OPEN = 16;

/** The tokens of the last `tokenize` call, plus structural counts. */
export const tok = {
  n: 0,
  /** FNV-1a of the whole token */
  hash: new Int32Array(2048),
  /** FNV-1a of its first STEM code units (CJK bigrams: the whole bigram) */
  stem: new Int32Array(2048),
  flags: new Uint8Array(2048),
  /** exact hash of the normalised text */
  textHash: 0,
  lines: 0,
  /** line-start option letters a..e followed by . ) : (bit 0 = a) */
  optMask: 0,
  /** "(a)" style options anywhere */
  inlineOptMask: 0,
  /** \command, $math with ^ { \, '^' */
  mathMarks: 0,
  /** { } ; = and calls "name(" */
  codeMarks: 0,
  /** lines starting with "- " */
  dashLines: 0,
  questionMarks: 0,
  numbers: 0,
  /** ">>>" doctest or "assert" lines are counted by the lexicon; this counts '>' runs at line start */
  promptMarks: 0,
};

function growTokens(min: number): void {
  let cap = tok.hash.length;
  while (cap < min) cap *= 2;
  const h = new Int32Array(cap);
  h.set(tok.hash);
  const s = new Int32Array(cap);
  s.set(tok.stem);
  const f = new Uint8Array(cap);
  f.set(tok.flags);
  tok.hash = h;
  tok.stem = s;
  tok.flags = f;
}

function closerOf(c: number): number {
  switch (c) {
    case 0x22: // "
      return 0x22;
    case 0x201c: // “
      return 0x201d;
    case 0x201e: // „
      return 0x201c;
    case 0xab: // «
      return 0xbb;
    case 0x300c: // 「
      return 0x300d;
    case 0x300e: // 『
      return 0x300f;
    default:
      return -1;
  }
}

/** True when a token ending at `e` really ends there: no word character follows. */
function isWordEnd(b: Uint16Array, e: number, len: number, cls: Uint8Array): boolean {
  if (e >= len) return true;
  const d = b[e];
  if (d < 0x80) return ASCII[d] === 0;
  const dl = cls[d];
  return dl !== C_LETTER && dl !== C_DIGIT && dl !== C_MARK;
}

/** Index of `close` in buf[from..lim), or -1. */
function findClose(b: Uint16Array, from: number, lim: number, close: number): number {
  for (let j = from; j < lim; j++) if (b[j] === close) return j;
  return -1;
}

/**
 * Splits `norm.buf[0..len)` into tokens: runs of letters and digits (Latin,
 * Cyrillic, Greek, ...) and character bigrams of Han / kana / Hangul / Thai
 * runs, so that lexicon phrases in languages without spaces match as
 * contiguous bigram sequences. Also counts structural marks (options, math,
 * code) that the intent scores read.
 */
export function tokenize(len: number): number {
  const T = tables();
  const cls = T.cls;
  const b = norm.buf;
  // The marks below look one or two code units ahead (`\x`, `(a)`, `- `, `a.`):
  // past the text, the reused buffer holds an earlier text's code units, which
  // made an exchange's features depend on which exchange a thread featurised
  // before it. Two zeros after the text end every look-ahead there.
  // (normalizeInto keeps two code units of room.)
  b[len] = 0;
  b[len + 1] = 0;
  // at most one token per code unit
  if (tok.hash.length < len + 1) growTokens(len + 1);
  const H = tok.hash;
  const S = tok.stem;
  const F = tok.flags;
  let n = 0;
  let lineStart = true;
  let maskEnd = -1;
  let maskFresh = false;
  let lines = 0;
  let optMask = 0;
  let inlineOptMask = 0;
  let mathMarks = 0;
  let codeMarks = 0;
  let dashLines = 0;
  let qm = 0;
  let numbers = 0;
  let promptMarks = 0;
  let textHash = FNV_OFFSET;
  // the normaliser's word records (see `words`); none when `len` is not the last normalizeInto's
  const nw = len === norm.len ? words.n : 0;
  const wStart = words.start;
  const wEnd = words.end;
  const wHash = words.hash;
  const wStem = words.stem;
  const wNum = words.num;
  let w = 0;

  let i = 0;
  while (i < len) {
    const c = b[i];
    const cl = c === FENCE ? C_PUNCT : cls[c];
    const masked = i <= maskEnd;
    if (cl === C_LETTER || cl === C_DIGIT || cl === C_MARK) {
      let h = FNV_OFFSET;
      let st = 0;
      let allDigit = true;
      const start = i;
      const stemEnd = start + STEM;
      while (w < nw && wStart[w] < i) w++;
      if (w < nw && wStart[w] === i && isWordEnd(b, wEnd[w], len, cls)) {
        h = wHash[w];
        st = wStem[w];
        allDigit = wNum[w] === 1;
        i = wEnd[w];
        w++;
      } else while (i < len) {
        const d = b[i];
        if (d < 0x80) {
          const a = ASCII[d];
          if (a === 0) break;
          if (a === 1) allDigit = false;
        } else {
          const dl = cls[d];
          if (dl !== C_LETTER && dl !== C_DIGIT && dl !== C_MARK) break;
          if (dl !== C_DIGIT) allDigit = false;
        }
        h = Math.imul(h ^ d, FNV_PRIME);
        i++;
        if (i === stemEnd) st = h;
      }
      if (i < stemEnd) st = h;
      textHash = Math.imul(textHash ^ h, FNV_PRIME);
      let f = 0;
      if (allDigit) {
        f |= F_NUM;
        numbers++;
      }
      if (lineStart) {
        f |= F_LINESTART;
        // "a." / "b)" / "c:" at the start of a line: a multiple-choice option
        if (i - start === 1 && c >= 0x61 && c <= 0x65) {
          const nx = b[i];
          if (nx === 0x2e || nx === 0x29 || nx === 0x3a || nx === 0x3001) optMask |= 1 << (c - 0x61);
        }
      }
      if (masked) {
        f |= F_MASKED;
        if (maskFresh) {
          f |= F_MASK_OPEN;
          maskFresh = false;
        }
      }
      if (b[i] === 0x28 && !allDigit) codeMarks++; // name(
      H[n] = h;
      S[n] = st;
      F[n] = f;
      n++;
      lineStart = false;
      continue;
    }
    if (cl === C_CJK) {
      const start = i;
      while (i < len && cls[b[i]] === C_CJK) i++;
      const runLen = i - start;
      let f = F_CJK;
      if (masked) f |= F_MASKED;
      if (runLen === 1) {
        const h = Math.imul(CJK_SEED ^ b[start], FNV_PRIME);
        H[n] = h;
        S[n] = h;
        F[n] = f | (lineStart ? F_LINESTART : 0) | (maskFresh && masked ? F_MASK_OPEN : 0);
        n++;
      } else {
        for (let k = start; k + 1 < i; k++) {
          const h = Math.imul(Math.imul(CJK_SEED ^ b[k], FNV_PRIME) ^ b[k + 1], FNV_PRIME);
          H[n] = h;
          S[n] = h;
          F[n] = f | (k === start && lineStart ? F_LINESTART : 0) | (k === start && maskFresh && masked ? F_MASK_OPEN : 0);
          n++;
        }
      }
      if (masked) maskFresh = false;
      textHash = Math.imul(textHash ^ b[start], FNV_PRIME);
      lineStart = false;
      continue;
    }
    // separators and punctuation
    textHash = Math.imul(textHash ^ c, FNV_PRIME);
    if (c === 10) {
      lines++;
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32) {
      i++;
      continue;
    }
    if (!masked) {
      // spans of variable content: quotes, code fences, $math$
      const close = c === FENCE ? FENCE : closerOf(c);
      if (close >= 0) {
        const lim = c === FENCE ? len : Math.min(len, i + 4000);
        let j = findClose(b, i + 1, lim, close);
        if (j < 0 && c === FENCE) j = len; // an unclosed fence runs to the end
        if (j > i + 1) {
          maskEnd = j;
          maskFresh = true;
        }
      } else if (c === 0x24 /* $ */) {
        const j = findClose(b, i + 1, Math.min(len, i + 600), 0x24);
        if (j > i + 1) {
          for (let k = i + 1; k < j; k++) {
            const d = b[k];
            if (d === 0x5c || d === 0x5e || d === 0x7b) {
              mathMarks++;
              break;
            }
          }
          maskEnd = j;
          maskFresh = true;
        }
      }
    }
    if (c === 0x5c /* \ */) {
      const d = b[i + 1];
      if (d >= 0x61 && d <= 0x7a) mathMarks++;
    } else if (c === 0x5e /* ^ */) {
      mathMarks++;
    } else if (c === 0x7b || c === 0x7d || c === 0x3b || c === 0x3d) {
      codeMarks++;
    } else if (c === 0x3f || c === 0xff1f) {
      qm++;
    } else if (c === 0x28 /* ( */) {
      const d = b[i + 1];
      if (d >= 0x61 && d <= 0x65 && b[i + 2] === 0x29) inlineOptMask |= 1 << (d - 0x61);
    } else if (lineStart && c === 0x2d /* - */ && b[i + 1] === 32) {
      dashLines++;
    } else if (lineStart && c === 0x3e /* > */) {
      promptMarks++;
    }
    i++;
  }
  tok.n = n;
  tok.textHash = textHash >>> 0;
  tok.lines = lines;
  tok.optMask = optMask;
  tok.inlineOptMask = inlineOptMask;
  tok.mathMarks = mathMarks;
  tok.codeMarks = codeMarks;
  tok.dashLines = dashLines;
  tok.questionMarks = qm;
  tok.numbers = numbers;
  tok.promptMarks = promptMarks;
  return n;
}
