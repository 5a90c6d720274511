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

/**
 * Copies runs of characters kept as written with one `slice` each, rather
 * than appending character by character: the excerpt is taken for every
 * exchange (the engine picks its samples later), and per-character appends
 * made it ~3 µs of the feature worker's time an exchange.
 */
function clean(s: string, limit: number): string {
  const cls = tables().cls;
  let out = '';
  let count = 0;
  let space = false;
  // s[run, i) is kept verbatim and not yet in `out`
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cl = cls[c];
    if (cl === C_IGNORE || cl === C_LOW_SURROGATE) {
      // dropped (a low surrogate here has no high one before it)
      if (run < i) out += s.slice(run, i);
      run = i + 1;
      continue;
    }
    if (cl === C_SPACE || cl === C_NEWLINE) {
      if (run < i) out += s.slice(run, i);
      run = i + 1;
      space = count > 0;
      continue;
    }
    let width = 1;
    if (cl === C_HIGH_SURROGATE) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) {
        if (run < i) out += s.slice(run, i);
        run = i + 1;
        continue;
      }
      width = 2;
    }
    const need = space ? 2 : 1;
    if (count + need > limit - 1) {
      // room for the ellipsis only if something remains
      if (run < i) out += s.slice(run, i);
      return out.trimEnd() + '…';
    }
    if (space) {
      if (run < i) out += s.slice(run, i);
      out += ' ';
      run = i;
      count++;
      space = false;
    }
    count++;
    i += width - 1;
  }
  if (run < s.length) out += s.slice(run);
  return out;
}
