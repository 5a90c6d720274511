/**
 * The argument checks every store backend makes on what it is asked to write
 * or read, so that DuckDB and ClickHouse refuse the same input with the same
 * message (`StoreError`, naming the field and what it got).
 */
import { StoreError } from './store.js';

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** ms since the epoch of an RFC 3339 instant, or a `StoreError` naming `what`. */
export function instantMs(s: unknown, what: string): number {
  if (typeof s !== 'string') throw new StoreError(`${what} must be an RFC 3339 string, got ${s === null ? 'null' : typeof s}`);
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw new StoreError(`${what} is not an RFC 3339 instant: ${JSON.stringify(s.slice(0, 80))}`);
  return ms;
}

export function nonEmpty(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new StoreError(`${what} must be a non-empty string`);
  return v;
}

export function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new StoreError(`${what} must be a finite number, got ${String(v)}`);
  return v;
}

export function stringArray(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new StoreError(`${what} must be an array of strings`);
  return v as string[];
}

/** A row limit: `dflt` when absent, at most `max`. */
export function limit(v: unknown, dflt: number, max: number, what: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new StoreError(`${what} must be an integer >= 0, got ${String(v)}`);
  return Math.min(v, max);
}
