/**
 * What every import format shares: reading loosely typed records, turning
 * their times, roles and content blocks into the contract's (§1) forms, and
 * the shape a format's converter answers in.
 *
 * A converter never throws on bad input: a record it cannot use comes back
 * as a reason, so the runner can set it aside (file, line, reason) and go on.
 */
import type { Role } from '../contract/types.js';

/** An exchange in contract §1 form, before `toExchange` checks it. */
export type ExchangeJson = Record<string, unknown>;

/** What one record (a line, or an element of a JSON document) turned into. */
export interface Converted {
  exchanges: ExchangeJson[];
  /** parts of the record that could not be used, each with why (e.g. one span of a batch) */
  bad: string[];
  /** parts that are not model calls (an HTTP span, a tool call, an embedding): not bad, not imported */
  skipped: number;
}

export interface ConvertOptions {
  /**
   * Where the account id is, overriding the format's default: an attribute
   * key for `otel` (span, then resource attributes), a dotted path into the
   * record for the others (e.g. `metadata.customer_id`).
   */
  accountField?: string;
}

export class Unusable extends Error {}

/** Throws Unusable: the converter's way to say "set this record aside, because ...". */
export function unusable(reason: string): never {
  throw new Unusable(reason);
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path (`metadata.user_id`); a key that itself holds dots is tried whole first. */
export function pick(o: unknown, path: string): unknown {
  if (!isObj(o)) return undefined;
  if (path in o) return o[path];
  let cur: unknown = o;
  for (const part of path.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** A non-empty string (numbers are ids too: LiteLLM and Langfuse write numeric user ids). */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // OTLP JSON writes 64-bit integers as strings; Langfuse writes model parameters as strings
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function int(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The first of `paths` that holds a non-empty string. */
export function firstStr(o: unknown, paths: readonly string[]): string | undefined {
  for (const p of paths) {
    const s = str(pick(o, p));
    if (s !== undefined) return s;
  }
  return undefined;
}

/**
 * A time as RFC 3339 UTC with milliseconds. Takes RFC 3339 / ISO strings
 * (a zone-less one is read as UTC, as Langfuse and LiteLLM write them), and
 * epoch numbers, telling seconds, milliseconds, microseconds and nanoseconds
 * apart by size (a 2020s date is ~1.7e9 s, ~1.7e12 ms, ~1.7e18 ns).
 */
export function toIso(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return toIso(Number(t.includes('.') ? t : t.length > 15 ? t.slice(0, 13) : t));
    if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return undefined;
    const zoned = /([Zz]|[+-]\d{2}:?\d{2})$/.test(t) ? t : t + 'Z';
    const ms = Date.parse(zoned.replace(' ', 'T'));
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    const ms = v < 1e11 ? v * 1000 : v < 1e14 ? v : v < 1e17 ? v / 1000 : v / 1e6;
    return new Date(ms).toISOString();
  }
  return undefined;
}

/** Milliseconds between two times given in any form `toIso` reads. */
export function spanMs(start: unknown, end: unknown): number | undefined {
  const a = toIso(start);
  const b = toIso(end);
  if (!a || !b) return undefined;
  const d = Date.parse(b) - Date.parse(a);
  return d >= 0 ? d : undefined;
}

const ROLE: Record<string, Role> = {
  user: 'user', human: 'user',
  assistant: 'assistant', model: 'assistant', ai: 'assistant',
  system: 'system', developer: 'system',
  tool: 'tool', function: 'tool', ipython: 'tool',
};

export function role(v: unknown): Role | undefined {
  return typeof v === 'string' ? ROLE[v.toLowerCase()] : undefined;
}

/**
 * The text of a message's content: a string, or content blocks of any of the
 * APIs (`{type: "text", text}`, `{type: "input_text" | "output_text", text}`,
 * OpenTelemetry's `{type: "text", content}`); images, audio and tool blocks
 * carry no text of their own and are left out.
 */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const b of content) {
      if (typeof b === 'string') parts.push(b);
      else if (isObj(b)) {
        if (typeof b.text === 'string') parts.push(b.text);
        else if (b.type === 'text' && typeof b.content === 'string') parts.push(b.content);
      }
    }
    return parts.join('\n');
  }
  if (isObj(content) && typeof content.text === 'string') return content.text;
  return '';
}

/** A request's messages in contract form, with system messages lifted into `system`. */
export function splitMessages(list: { role: Role; content: string }[]): { system?: string; messages: { role: Role; content: string }[] } {
  const sys: string[] = [];
  const messages: { role: Role; content: string }[] = [];
  for (const m of list) {
    if (m.role === 'system') sys.push(m.content);
    else messages.push(m);
  }
  return { ...(sys.length ? { system: sys.join('\n') } : {}), messages };
}

/**
 * OpenAI- or Anthropic-style messages (`[{role, content}]`, content a string
 * or blocks) in contract form; a message with an unknown role is a reason to
 * set the record aside, since guessing it would put words in the wrong mouth.
 */
export function chatMessages(v: unknown, where: string): { role: Role; content: string }[] {
  if (!Array.isArray(v)) unusable(`${where} is not an array of messages`);
  return v.map((m, i) => {
    if (!isObj(m)) unusable(`${where}[${i}] is not an object`);
    const r = role(m.role);
    if (!r) unusable(`${where}[${i}] has an unknown role ${JSON.stringify(m.role)}`);
    // a tool result in Anthropic's form is a user message of tool_result blocks
    return { role: r, content: textOf(m.content) };
  });
}

/** Removes undefined fields, so the written line holds only what the source said. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** A record's account: the override path when given, else the first of the defaults that is set. */
export function accountOf(sources: unknown[], defaults: readonly string[], opts: ConvertOptions, what: string): string {
  const paths = opts.accountField ? [opts.accountField] : defaults;
  for (const src of sources) {
    const s = firstStr(src, paths);
    if (s !== undefined) return s;
  }
  unusable(`no account: none of ${paths.join(', ')} is set on the ${what} (choose another with --account-field)`);
}
