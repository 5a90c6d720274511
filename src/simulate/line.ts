/**
 * Log lines written straight as UTF-8 bytes, without building a record object,
 * a JSON string and then encoding it: JSON.stringify, Buffer.write of the
 * (often two-byte) line string and the garbage of both cost several times the
 * generation itself. `writeRecord` writes exactly the bytes
 * `JSON.stringify(buildRecord(...)) + '\n'` would, drawing the same randomness.
 */
import type { Call, SimAccount } from './kit.js';
import { HISTORY_KEEP, PROMPT_CAP, SYSTEM_CAP, failedLatency, servedOutcome } from './kit.js';
import type { Rng } from './rng.js';
import { RESPONSE_JSON, tokensOf } from './text/responses.js';

/** Buffer's own encoder, without `write`'s argument parsing. */
type NativeWrite = Buffer & { utf8Write(s: string, off: number): number };
// control characters, quote, backslash and surrogates (a lone one is escaped)
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
const SHORT_JSON = new Map<string, Buffer>();
const SHORT_MAX = 100_000;
const HEXL = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** A growable byte buffer with JSON writers. */
export class LineWriter {
  buf: Buffer;
  off = 0;
  /** when set, replaces growing: must leave room for `need` more bytes after `off` */
  relocate?: (need: number) => void;
  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Called when `need` more bytes do not fit; by default the buffer doubles. */
  grow(need: number): void {
    if (this.relocate) return this.relocate(need);
    const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.off + need));
    this.buf.copy(b, 0, 0, this.off);
    this.buf = b;
  }

  /** A string known to need no escaping and to be ASCII (keys, ids, numbers). */
  ascii(s: string): void {
    const n = s.length;
    if (this.off + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let o = this.off;
    for (let i = 0; i < n; i++) b[o++] = s.charCodeAt(i);
    this.off = o;
  }

  /** A finite number as JSON writes it. */
  num(x: number): void {
    if (x >= 0 && x < 1e9 && (x | 0) === x) {
      // a small non-negative integer (counts, tokens, latencies): digits without a string
      if (this.off + 10 > this.buf.length) this.grow(10);
      const b = this.buf;
      let v = x;
      let d = 1;
      while (v >= 10) {
        v = (v / 10) | 0;
        d++;
      }
      let o = this.off + d;
      this.off = o;
      v = x;
      do {
        b[--o] = 48 + (v % 10);
        v = (v / 10) | 0;
      } while (v > 0);
      return;
    }
    this.ascii(Number.isFinite(x) ? String(x) : 'null');
  }

  /** Bytes ready to copy. */
  bytes(b: Uint8Array): void {
    if (this.off + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.off);
    this.off += b.length;
  }

  /** A string that may be a response text: its bytes are ready when it is. */
  text(s: string): void {
    const b = RESPONSE_JSON.get(s);
    if (b === undefined) return this.str(s);
    if (this.off + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.off);
    this.off += b.length;
  }

  /**
   * A short string from a small set (ids, addresses, user agents, models): its
   * encoded bytes are kept in a bounded table (cleared when full).
   */
  key(s: string): void {
    let hit = SHORT_JSON.get(s);
    if (hit === undefined) {
      // Encoded on its own, not cut from the slab: writing may relocate the line
      // to a fresh slab, and bytes cut by the old offsets would be empty.
      hit = Buffer.from(JSON.stringify(s), 'utf8');
      if (SHORT_JSON.size >= SHORT_MAX) SHORT_JSON.clear();
      SHORT_JSON.set(s, hit);
    }
    this.bytes(hit);
  }

  /** A JSON string literal (with quotes), escaped as JSON.stringify escapes it. */
  str(s: string): void {
    const n = s.length;
    if (n < 32) return this.strJs(s);
    if (this.off + n * 6 + 2 > this.buf.length) this.grow(n * 6 + 2);
    this.strNative(s);
  }

  private strNative(s: string): void {
    // long strings: native UTF-8 encoding (a scan in JS costs several times more)
    const b = this.buf as NativeWrite;
    if (!NEEDS_ESCAPE.test(s)) {
      b[this.off++] = 34;
      this.off += b.utf8Write(s, this.off);
      b[this.off++] = 34;
    } else this.off += b.utf8Write(JSON.stringify(s), this.off);
  }

  private strJs(s: string): void {
    const n = s.length;
    // worst case: 6 bytes per UTF-16 unit (\u00XX or a lone surrogate's \udXXX), plus quotes
    if (this.off + n * 6 + 2 > this.buf.length) this.grow(n * 6 + 2);
    const b = this.buf;
    let o = this.off;
    b[o++] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 34 && c !== 92) b[o++] = c;
        else {
          b[o++] = 92;
          if (c === 34 || c === 92) b[o++] = c;
          else if (c === 10) b[o++] = 110;
          else if (c === 13) b[o++] = 114;
          else if (c === 9) b[o++] = 116;
          else if (c === 8) b[o++] = 98;
          else if (c === 12) b[o++] = 102;
          else {
            b[o++] = 117;
            b[o++] = 48;
            b[o++] = 48;
            b[o++] = HEXL[c >> 4];
            b[o++] = HEXL[c & 15];
          }
        }
      } else if (c < 0x800) {
        b[o++] = 0xc0 | (c >> 6);
        b[o++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[o++] = 0xe0 | (c >> 12);
        b[o++] = 0x80 | ((c >> 6) & 63);
        b[o++] = 0x80 | (c & 63);
      } else {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[o++] = 0xf0 | (cp >> 18);
          b[o++] = 0x80 | ((cp >> 12) & 63);
          b[o++] = 0x80 | ((cp >> 6) & 63);
          b[o++] = 0x80 | (cp & 63);
          i++;
        } else {
          // a lone surrogate: well-formed JSON.stringify escapes it
          b[o++] = 92;
          b[o++] = 117;
          b[o++] = HEXL[(c >> 12) & 15];
          b[o++] = HEXL[(c >> 8) & 15];
          b[o++] = HEXL[(c >> 4) & 15];
          b[o++] = HEXL[c & 15];
        }
      }
    }
    b[o++] = 34;
    this.off = o;
  }
}

/**
 * Writes the contract §1 record of a call and a newline: the bytes of
 * `JSON.stringify(buildRecord(rng, acc, reqId, ts, c)) + '\n'`, with the same draws.
 */
export function writeRecord(w: LineWriter, rng: Rng, acc: SimAccount, reqId: string, ts: string, c: Call): void {
  const cl = c.client;
  w.ascii('{"id":');
  w.str(reqId);
  w.ascii(',"ts":');
  w.str(ts);
  w.ascii(',"account_id":');
  w.key(acc.record.account_id);
  if (acc.record.org_id) {
    w.ascii(',"org_id":');
    w.key(acc.record.org_id);
  }
  w.ascii(',"api_key_id":');
  w.key(c.key ?? acc.keys[0]);
  w.ascii(',"ip":');
  w.key(c.ip);
  w.ascii(',"user_agent":');
  w.key(cl.ua);
  w.ascii(',"model":');
  w.key(c.model);
  w.ascii(',"endpoint":');
  w.key(cl.endpoint);
  w.ascii(',"request":{');
  if (c.system) {
    w.ascii('"system":');
    w.str(c.system.length > SYSTEM_CAP ? c.system.slice(0, SYSTEM_CAP) : c.system);
    w.ascii(',');
  }
  w.ascii('"messages":[');
  const h = c.history;
  let inChars = c.last.content.length + (c.system?.length ?? 0);
  if (h && h.length > 0) {
    for (let i = Math.max(0, h.length - HISTORY_KEEP); i < h.length; i++) {
      w.ascii('{"role":');
      w.key(h[i].role);
      w.ascii(',"content":');
      if (h[i].role === 'assistant') w.text(h[i].content);
      else w.str(h[i].content);
      w.ascii('},');
    }
    for (const m of h) inChars += m.content.length * 2.5; // history was truncated; real turns were longer
  }
  w.ascii('{"role":');
  w.key(c.last.role);
  w.ascii(',"content":');
  w.str(c.last.content.length > PROMPT_CAP ? c.last.content.slice(0, PROMPT_CAP) : c.last.content);
  w.ascii('}]');
  const temperature = c.temperature ?? cl.temperature;
  if (temperature !== undefined) {
    w.ascii(',"temperature":');
    w.num(temperature);
  }
  if (cl.top_p !== undefined) {
    w.ascii(',"top_p":');
    w.num(cl.top_p);
  }
  const maxTokens = c.maxTokens ?? cl.maxTokens;
  if (maxTokens !== undefined) {
    w.ascii(',"max_tokens":');
    w.num(maxTokens);
  }
  if (c.tools && c.tools.length) {
    w.ascii(',"tools":[');
    for (let i = 0; i < c.tools.length; i++) {
      if (i) w.ascii(',');
      w.str(c.tools[i]);
    }
    w.ascii(']');
  }
  w.ascii(cl.stream ? ',"stream":true' : ',"stream":false');
  const pr = c.probe;
  if (pr) {
    if (pr.logprobs !== undefined) w.ascii(pr.logprobs ? ',"logprobs":true' : ',"logprobs":false');
    if (pr.topLogprobs !== undefined) {
      w.ascii(',"top_logprobs":');
      w.num(pr.topLogprobs);
    }
    if (pr.n !== undefined) {
      w.ascii(',"n":');
      w.num(pr.n);
    }
    const b = pr.logitBias;
    if (b) {
      w.ascii(',"logit_bias":{"count":');
      w.num(b.count);
      w.ascii(',"min":');
      w.num(b.min);
      w.ascii(',"max":');
      w.num(b.max);
      w.ascii(',"lo":');
      w.num(b.lo);
      w.ascii(',"hi":');
      w.num(b.hi);
      w.ascii('}');
    }
  }
  w.ascii('}');

  const inputTokens = tokensOf(inChars, c.lang) + (c.tools ? c.tools.length * 60 : 0) + 8;
  const status = c.status ?? 200;
  if (status === 200) {
    const o = servedOutcome(rng, c, cl.endpoint, cl.stream, maxTokens);
    w.ascii(',"response":{"text":');
    w.text(o.text);
    w.ascii(',"stop_reason":');
    w.key(o.stop);
    w.ascii(',"tool_calls":');
    w.num(c.toolCalls ?? 0);
    w.ascii('},"usage":{"input_tokens":');
    w.num(inputTokens);
    w.ascii(',"output_tokens":');
    w.num(o.out);
    w.ascii('},"status":200,"latency_ms":');
    w.num(o.latencyMs);
  } else {
    w.ascii(',"status":');
    w.num(status);
    w.ascii(',"latency_ms":');
    w.num(failedLatency(rng, status));
  }
  w.ascii('}\n');
}
