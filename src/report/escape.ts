/**
 * Making hostile text safe to show. Everything that came from the logs goes
 * through `clean` (which caps it and makes hidden characters visible) and then
 * through `html` or `md` for the target format.
 */

/**
 * Characters that change how text looks or reads without being seen: C0/C1
 * controls (ANSI escapes included), zero-width characters, bidirectional
 * overrides and isolates (the "Trojan Source" trick), invisible fillers,
 * interlinear annotations, Unicode tag characters (used to smuggle hidden
 * instructions to LLMs) and the supplementary variation selectors. An analyst
 * must see that they were there, so they become a visible ⟨U+XXXX⟩ marker
 * rather than disappearing.
 */
const HIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function marker(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/**
 * Turns anything into a short, well-formed, visible string: non-strings are
 * stringified, lone surrogates become U+FFFD, hidden characters become
 * ⟨U+XXXX⟩, runs of blank lines shrink, and the result is cut to `max`
 * characters (never inside a surrogate pair) with "…" appended when cut.
 *
 * @example clean('a\u202Eb', 80) === 'a⟨U+202E⟩b'
 */
export function clean(value: unknown, max: number, opts: { keepNewlines?: boolean } = {}): string {
  let s = typeof value === 'string' ? value : value === null || value === undefined ? '' : safeString(value);
  // Cut before the regexes so a megabyte line costs no more than a short one;
  // markers can grow the text, so the final cut comes after.
  const wasLong = s.length > max * 2 + 2;
  if (wasLong) s = s.slice(0, max * 2 + 2);
  s = s.replace(LONE_SURROGATE, '\uFFFD');
  s = s.replace(/\r\n?/g, '\n');
  if (opts.keepNewlines) {
    s = s.replace(/\t/g, '  ').replace(HIDDEN, (c) => (c === '\n' ? c : marker(c))).replace(/\n{3,}/g, '\n\n');
  } else {
    s = s.replace(/[\n\t]+/g, ' ').replace(HIDDEN, marker);
  }
  if (s.length > max || wasLong) {
    let cut = Math.min(max, s.length);
    const code = s.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    // Do not leave half a marker behind.
    const open = s.lastIndexOf('⟨', cut);
    if (open >= 0 && open > cut - 12 && s.indexOf('⟩', open) >= cut) cut = open;
    s = s.slice(0, cut) + '…';
  }
  return s;
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) ?? '' : String(v);
  } catch {
    return '[unprintable value]';
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. Apply to `clean`ed text. */
export function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** `clean` then `html`: the one call for showing a hostile value in the page. */
export function h(value: unknown, max = 200): string {
  return html(clean(value, max));
}

/**
 * Escapes text for one line of Markdown (a table cell or a list item): every
 * character CommonMark gives a meaning is backslash-escaped, so a prompt cannot
 * open a link, an image, HTML or break out of the table.
 */
export function md(value: unknown, max = 120): string {
  // An underscore inside a word cannot open emphasis in CommonMark, so ids like
  // acct_0001 stay readable in a terminal.
  return clean(value, max).replace(/[\\`*_{}[\]()<>#+!|~&"]/g, (c, i: number, str: string) =>
    c === '_' && /[\p{L}\p{N}]/u.test(str[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(str[i + 1] ?? '') ? c : '\\' + c);
}

/** A finite number, or `fallback` for NaN, ±Infinity and non-numbers. */
export function num(x: unknown, fallback = 0): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : fallback;
}

/** A non-negative integer count. */
export function count(x: unknown): number {
  return Math.max(0, Math.round(num(x)));
}

/** A score clamped to 0..1. */
export function score01(x: unknown): number {
  return Math.min(1, Math.max(0, num(x)));
}

/** Formats a count with thousands separators, "1,234,567". */
export function fmtInt(x: unknown): string {
  return count(x).toLocaleString('en-US');
}

/** Milliseconds from an RFC 3339 string, or null. */
export function parseTs(ts: unknown): number | null {
  if (typeof ts !== 'string' || ts.length > 64) return null;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : null;
}

/** "2026-11-02 14:03 UTC" from an RFC 3339 string; the cleaned raw value when it does not parse. */
export function fmtTs(ts: unknown, withSeconds = false): string {
  const ms = parseTs(ts);
  if (ms === null) return ts === null || ts === undefined ? '—' : clean(ts, 40);
  return fmtMs(ms, withSeconds);
}

export function fmtMs(ms: number, withSeconds = false): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} UTC`;
}

/** "1.5 s", "3 min 20 s", "2 h 05 min", "6.5 days" */
export function fmtDuration(msIn: unknown): string {
  const ms = Math.max(0, num(msIn));
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  const days = m / 1440;
  return `${days < 10 ? days.toFixed(1) : Math.round(days)} days`;
}

/** "512 MiB" */
export function fmtBytes(x: unknown): string {
  let v = Math.max(0, num(x));
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
