/**
 * A short, safe excerpt of the new user turn, for the evidence samples an
 * analyst reads in the report and the console.
 */
import type { Exchange } from '../contract/types.js';
import { C_HIGH_SURROGATE, C_IGNORE, C_LOW_SURROGATE, C_NEWLINE, C_SPACE, tables } from './tables.js';

/**
 * The new user turn (or, without one, the system prompt), at most `max`
 * characters: control, zero-width and bidi characters removed (they could hide
 * or reorder text on the analyst's screen), whitespace collapsed, lone
 * surrogates dropped, cut on a character boundary with an ellipsis. Case and
 * punctuation are kept so it reads as written. It is plain text: escape it
 * for HTML where it is shown.
 *
 * @example evidenceExcerpt(ex, 120) // 'Solve step by step: A train leaves…'
 */
export function evidenceExcerpt(ex: Exchange, max = 280): string {
  try {
    const limit = Number.isFinite(max) && max > 0 ? Math.floor(max) : 280;
    const msgs = ex?.request?.messages;
    let text: string | undefined;
    if (Array.isArray(msgs)) {
      for (let i = msgs.length - 1; i >= 0; i--) {
        const m = msgs[i];
        if (m && m.role === 'user' && typeof m.content === 'string') {
          text = m.content;
          break;
        }
      }
    }
    if (text === undefined && typeof ex?.request?.system === 'string') text = ex.request.system;
    if (!text) return '';
    return clean(text, limit);
  } catch {
    return '';
  }
}

/** Code units of the excerpt being built: at most two a character, the ellipsis and a space besides. */
let units = new Uint16Array(2 * 280 + 4);

/**
 * Writes the kept code units into one reused buffer and makes one flat string
 * of them at the end. The excerpt is taken for every exchange (the engine
 * picks its samples later) and crosses to the engine's thread: built of a
 * `slice` per word and `+=`, it was a rope of slices that the hand-back's
 * serializer had to flatten, and the two together cost the feature worker
 * more than parsing the line. A text that needs no change is returned as is.
 */
function clean(s: string, limit: number): string {
  const cls = tables().cls;
  if (units.length < 2 * limit + 4) units = new Uint16Array(2 * limit + 4);
  const u = units;
  let n = 0;
  let count = 0;
  let space = false;
  // nothing dropped or rewritten so far: the text may be returned whole
  let verbatim = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cl = cls[c];
    if (cl === C_IGNORE || cl === C_LOW_SURROGATE) {
      // dropped (a low surrogate here has no high one before it)
      verbatim = false;
      continue;
    }
    if (cl === C_SPACE || cl === C_NEWLINE) {
      // a single space between words is kept as written only if it is ' '
      if (c !== 0x20 || !(count > 0) || space || i + 1 >= s.length) verbatim = false;
      space = count > 0;
      continue;
    }
    let width = 1;
    if (cl === C_HIGH_SURROGATE) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) {
        verbatim = false;
        continue;
      }
      width = 2;
    }
    const need = space ? 2 : 1;
    if (count + need > limit - 1) {
      // room for the ellipsis only if something remains
      return (String.fromCharCode.apply(null, u.subarray(0, n) as unknown as number[]).trimEnd()) + '…';
    }
    if (space) {
      u[n++] = 0x20;
      count++;
      space = false;
    }
    u[n++] = c;
    if (width === 2) u[n++] = s.charCodeAt(i + 1);
    count++;
    i += width - 1;
  }
  if (verbatim && n === s.length) return s;
  return String.fromCharCode.apply(null, u.subarray(0, n) as unknown as number[]);
}
