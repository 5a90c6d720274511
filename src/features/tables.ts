/**
 * Per-code-unit lookup tables for the text normaliser, built once on first use
 * (about 30 ms) so the hot loop is table lookups instead of regexes or
 * `toLowerCase()` calls per character.
 */
import * as confusables from 'confusables';

/** Character classes of the normaliser (CLASS table). */
export const C_SPACE = 0;
export const C_NEWLINE = 1;
export const C_PUNCT = 2;
/** a letter of a script that separates words with spaces (Latin, Cyrillic, Greek, Arabic, ...) */
export const C_LETTER = 3;
export const C_DIGIT = 4;
/** a letter of a script written without spaces (Han, kana, Hangul syllables, Thai): tokenised as bigrams */
export const C_CJK = 5;
/** combining mark: stays inside its word */
export const C_MARK = 6;
/** zero-width, bidi, control, variation selector, soft hyphen: dropped */
export const C_IGNORE = 7;
/** markdown emphasis (* ~ `): dropped */
export const C_MARKUP = 8;
/** '<', which may open an HTML tag */
export const C_LT = 9;
export const C_HIGH_SURROGATE = 10;
export const C_LOW_SURROGATE = 11;

/** Scripts (SCRIPT table), used for language detection and mixed-script words. */
export const S_NONE = 0;
export const S_LATIN = 1;
export const S_CYRILLIC = 2;
export const S_GREEK = 3;
export const S_HAN = 4;
export const S_KANA = 5;
export const S_HANGUL = 6;
export const S_ARABIC = 7;
export const S_HEBREW = 8;
export const S_DEVANAGARI = 9;
export const S_THAI = 10;
export const S_OTHER = 11;
export const SCRIPT_COUNT = 12;

export interface Tables {
  cls: Uint8Array;
  script: Uint8Array;
  /** lower-cased, Latin diacritics removed, small capitals folded; one code unit to one */
  lower: Uint16Array;
  /** Latin look-alike (lower case) of a non-Latin letter, 0 when none; indexed by the ORIGINAL code unit */
  homoglyph: Uint16Array;
  /**
   * 1 for look-alikes that are indistinguishable from their Latin letter (Cyrillic а е о р с у х, Greek
   * capitals, ...): only words made entirely of these fold when they carry no Latin letter at all
   */
  strictHomoglyph: Uint8Array;
  /** 1 when the code unit may change under NFKC (or compose with a neighbour) */
  needsNfkc: Uint8Array;
}

let built: Tables | undefined;

/** The tables, built on first call. */
export function tables(): Tables {
  return (built ??= build());
}

// Common cross-script look-alikes, keyed by the original (cased) character, so
// that Greek capital eta folds to "h" while small eta folds to "n". The
// `confusables` package's map extends this at build time; this list alone is the
// fallback and covers what evasion tools actually use (Cyrillic and Greek).
const OWN_HOMOGLYPHS: Record<string, string> = {
  // Cyrillic capitals
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', Х: 'x', У: 'y',
  Ѕ: 's', І: 'i', Ј: 'j', Ԛ: 'q', Ԝ: 'w', Һ: 'h', Ӏ: 'l', Ү: 'y', Ԁ: 'd', Ї: 'i', Ё: 'e',
  // Cyrillic small
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', ԁ: 'd', ԛ: 'q',
  ԝ: 'w', һ: 'h', ӏ: 'l', ь: 'b', п: 'n', г: 'r', к: 'k', м: 'm', т: 't', н: 'h', в: 'b', ё: 'e',
  ї: 'i', ү: 'y', ӧ: 'o',
  // Greek capitals
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't',
  Υ: 'y', Χ: 'x',
  // Greek small
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  γ: 'y', ω: 'w', μ: 'u', ϲ: 'c', ϳ: 'j', ς: 's',
};

// Look-alikes that no reader can tell from Latin; a word made only of them inside
// a mostly Latin text is an evasion, not Russian or Greek ("сору" for "copy").
const STRICT = 'АВЕКМНОРСТХУЅІЈаеорсухѕіјԁԛԝһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϲ';

// Latin letters that look like other Latin letters (small capitals, IPA):
// always folded, they are Latin already.
const LATIN_LOOKALIKES: Record<string, string> = {
  ɑ: 'a', ɡ: 'g', ı: 'i', ȷ: 'j', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i',
  ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v',
  ᴡ: 'w', ʏ: 'y', ᴢ: 'z', ſ: 's',
};

function build(): Tables {
  const cls = new Uint8Array(65536);
  const script = new Uint8Array(65536);
  const lower = new Uint16Array(65536);
  const homoglyph = new Uint16Array(65536);
  const needsNfkc = new Uint8Array(65536);
  const strictHomoglyph = new Uint8Array(65536);
  const reLetter = /\p{L}/u;
  const reDigit = /\p{N}/u;
  const reMark = /\p{M}/u;
  const reSpace = /\s/u;
  const reFormat = /[\p{Cc}\p{Cf}]/u;
  const reLatin = /\p{Script=Latin}/u;
  const reCyr = /\p{Script=Cyrillic}/u;
  const reGreek = /\p{Script=Greek}/u;
  const reHan = /\p{Script=Han}/u;
  const reKana = /[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
  const reHangul = /\p{Script=Hangul}/u;
  const reArabic = /\p{Script=Arabic}/u;
  const reHebrew = /\p{Script=Hebrew}/u;
  const reDeva = /\p{Script=Devanagari}/u;
  const reThai = /\p{Script=Thai}/u;
  const reDiacritic = /[\u0300-\u036f]/g;

  for (let c = 0; c < 65536; c++) {
    lower[c] = c;
    if (c >= 0xd800 && c <= 0xdbff) {
      cls[c] = C_HIGH_SURROGATE;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      cls[c] = C_LOW_SURROGATE;
      continue;
    }
    const ch = String.fromCharCode(c);
    if (ch.normalize('NFKC') !== ch) needsNfkc[c] = 1;
    if (c === 10 || c === 13 || c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029) {
      cls[c] = C_NEWLINE;
    } else if (reSpace.test(ch)) {
      cls[c] = C_SPACE;
    } else if (
      reFormat.test(ch) ||
      (c >= 0xfe00 && c <= 0xfe0f) ||
      c === 0x034f ||
      c === 0x3164 ||
      c === 0xffa0 ||
      c === 0x115f ||
      c === 0x1160 ||
      c === 0x2800 // braille blank, used as an invisible filler
    ) {
      cls[c] = C_IGNORE;
    } else if (c === 0x5f) {
      cls[c] = C_SPACE; // underscore: snake_case and _emphasis_ both split into words
    } else if (c === 0x2a || c === 0x7e || c === 0x60) {
      cls[c] = C_MARKUP;
    } else if (c === 0x3c) {
      cls[c] = C_LT;
    } else if (reMark.test(ch)) {
      cls[c] = C_MARK;
      needsNfkc[c] = 1; // may compose with the letter before it
    } else if (reLetter.test(ch)) {
      let s = S_OTHER;
      if (reLatin.test(ch)) s = S_LATIN;
      else if (reCyr.test(ch)) s = S_CYRILLIC;
      else if (reGreek.test(ch)) s = S_GREEK;
      else if (reHan.test(ch)) s = S_HAN;
      else if (reKana.test(ch)) s = S_KANA;
      else if (reHangul.test(ch)) s = S_HANGUL;
      else if (reArabic.test(ch)) s = S_ARABIC;
      else if (reHebrew.test(ch)) s = S_HEBREW;
      else if (reDeva.test(ch)) s = S_DEVANAGARI;
      else if (reThai.test(ch)) s = S_THAI;
      script[c] = s;
      const spaceless = s === S_HAN || s === S_KANA || s === S_THAI || (s === S_HANGUL && c >= 0xac00 && c <= 0xd7a3);
      cls[c] = spaceless ? C_CJK : C_LETTER;
      if (c >= 0x1100 && c <= 0x11ff) needsNfkc[c] = 1; // conjoining jamo compose into syllables
      let l = ch.toLowerCase();
      if (c === 0x0130) l = 'i';
      if (c === 0x03c2) l = 'σ'; // final sigma: case fold
      if (s === S_LATIN && l.length === 1) {
        const base = l.normalize('NFD').replace(reDiacritic, '');
        if (base.length === 1) l = base;
      }
      if (l.length === 1) lower[c] = l.charCodeAt(0);
    } else if (c === 0x3005 || c === 0x3006 || c === 0x30fc) {
      cls[c] = C_CJK; // iteration marks and the long-vowel mark belong to words
      script[c] = c === 0x30fc ? S_KANA : S_HAN;
    } else if (reDigit.test(ch)) {
      cls[c] = C_DIGIT;
    } else {
      cls[c] = C_PUNCT;
    }
  }
  for (const [k, v] of Object.entries(LATIN_LOOKALIKES)) lower[k.charCodeAt(0)] = v.charCodeAt(0);

  // The confusables package's map (Unicode confusables, many scripts) extends
  // our own list; only single-code-unit non-Latin letters mapping to one ASCII
  // letter are taken, so nothing outside mixed-script words changes.
  const map = confusablesMap();
  if (map) {
    for (const [k, v] of map) {
      if (k.length !== 1 || v.length !== 1) continue;
      const c = k.charCodeAt(0);
      const t = v.toLowerCase().charCodeAt(0);
      if (t < 0x61 || t > 0x7a) continue;
      if (cls[c] !== C_LETTER || script[c] === S_LATIN) continue;
      homoglyph[c] = t;
    }
  }
  for (const [k, v] of Object.entries(OWN_HOMOGLYPHS)) homoglyph[k.charCodeAt(0)] = v.charCodeAt(0);
  for (const ch of STRICT) strictHomoglyph[ch.charCodeAt(0)] = 1;
  return { cls, script, lower, homoglyph, needsNfkc, strictHomoglyph };
}

function confusablesMap(): Map<string, string> | undefined {
  const mod = confusables as unknown as { confusablesMap?: unknown; default?: { confusablesMap?: unknown } };
  const m = mod.confusablesMap ?? mod.default?.confusablesMap;
  return m instanceof Map ? (m as Map<string, string>) : undefined;
}
