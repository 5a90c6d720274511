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

function clean(s: string, limit: number): string {
  const cls = tables().cls;
  let out = '';
  let count = 0;
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cl = cls[c];
    if (cl === C_IGNORE) continue;
    if (cl === C_SPACE || cl === C_NEWLINE) {
      space = count > 0;
      continue;
    }
    let ch: string;
    if (cl === C_HIGH_SURROGATE) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) continue;
      ch = s.slice(i, i + 2);
      i++;
    } else if (cl === C_LOW_SURROGATE) {
      continue;
    } else {
      ch = s[i];
    }
    const need = space ? 2 : 1;
    if (count + need > limit - 1) {
      // room for the ellipsis only if something remains
      return out.trimEnd() + '…';
    }
    if (space) {
      out += ' ';
      count++;
      space = false;
    }
    out += ch;
    count++;
  }
  return out;
}
