/**
 * What the gateway records of a proxied exchange: the request's fields as
 * contract §1 names them, and the answer's text, stop reason, tool calls and
 * usage, read from the bytes as they pass to the client (JSON or server-sent
 * events), within fixed bounds so a long answer costs bounded memory.
 */
import { probeFields } from '../contract/parse.js';
import type { ExchangeRequest, ExchangeResponse, Message, Role, Usage } from '../contract/types.js';

/** Longest answer text kept for the log and the engine; the rest is counted by usage only. */
export const MAX_TEXT_CHARS = 64 * 1024;
/** Largest non-streamed answer body parsed for the log; larger bodies pass through unread. */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;
/** Longest single server-sent event line kept while parsing; a longer one is skipped. */
const MAX_SSE_LINE = 1024 * 1024;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of a content value: a string, or blocks / parts carrying `text` (OpenAI parts, Anthropic blocks). */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) return '';
  let out = '';
  for (const b of v) {
    if (isObj(b) && typeof b.text === 'string') out += (out ? '\n' : '') + b.text;
    else if (isObj(b) && b.type === 'tool_result') out += (out ? '\n' : '') + textOf(b.content);
  }
  return out;
}

const ROLES = new Set(['user', 'assistant', 'tool']);

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/**
 * The contract §1 `request` of a proxied body. System text (OpenAI `system` /
 * `developer` messages, Responses `instructions`, Anthropic `system`) goes to
 * `system`; the rest of the turns to `messages` in order.
 */
export function captureRequest(endpoint: string, body: Obj): ExchangeRequest {
  const r: ExchangeRequest = {};
  const system: string[] = [];
  const messages: Message[] = [];
  const turn = (m: unknown) => {
    if (!isObj(m)) return;
    const role = m.role;
    if (role === 'system' || role === 'developer') system.push(textOf(m.content));
    else if (typeof role === 'string' && ROLES.has(role)) messages.push({ role: role as Role, content: textOf(m.content) });
  };
  if (endpoint === 'responses') {
    if (typeof body.instructions === 'string') system.push(body.instructions);
    if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
    else if (Array.isArray(body.input)) for (const m of body.input) turn(m);
  } else {
    if (endpoint === 'messages' && body.system !== undefined) system.push(textOf(body.system));
    if (Array.isArray(body.messages)) for (const m of body.messages) turn(m);
  }
  if (system.length) r.system = system.join('\n');
  if (messages.length) r.messages = messages;
  const t = num(body.temperature);
  if (t !== undefined) r.temperature = t;
  const p = num(body.top_p);
  if (p !== undefined) r.top_p = p;
  const mt = int(body.max_tokens) ?? int(body.max_completion_tokens) ?? int(body.max_output_tokens);
  if (mt !== undefined) r.max_tokens = mt;
  if (Array.isArray(body.tools)) {
    const names: string[] = [];
    for (const x of body.tools) {
      if (!isObj(x)) continue;
      const name = isObj(x.function) && typeof x.function.name === 'string' ? x.function.name : typeof x.name === 'string' ? x.name : typeof x.type === 'string' ? x.type : undefined;
      if (name) names.push(name);
    }
    r.tools = names;
  }
  if (typeof body.stream === 'boolean') r.stream = body.stream;
  // logprobs, top_logprobs, n and logit_bias when the client sent them (docs/log-format.md);
  // the logit bias map is kept as its summary, never whole
  probeFields(body, r);
  return r;
}

/** What was read of an answer. */
export interface Captured {
  response?: ExchangeResponse;
  usage?: Usage;
}

/**
 * Reads an answer as its bytes pass: `push` each chunk, then `finish`. A
 * streamed answer is parsed event by event; a JSON answer is kept (up to
 * MAX_JSON_BYTES) and parsed once complete.
 */
export class AnswerReader {
  private text = '';
  private stop: string | undefined;
  private tools = 0;
  private usage: Usage = {};
  private sawUsage = false;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private line = '';
  private skipping = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly endpoint: string, private readonly sse: boolean) {}

  push(chunk: Buffer): void {
    if (!this.sse) {
      this.bytes += chunk.length;
      if (this.bytes <= MAX_JSON_BYTES) this.chunks.push(chunk);
      return;
    }
    const s = this.decoder.decode(chunk, { stream: true });
    let from = 0;
    for (;;) {
      const nl = s.indexOf('\n', from);
      if (nl < 0) {
        if (!this.skipping) this.line += s.slice(from);
        if (this.line.length > MAX_SSE_LINE) {
          this.line = '';
          this.skipping = true;
        }
        return;
      }
      if (!this.skipping) this.onLine(this.line + s.slice(from, nl));
      this.line = '';
      this.skipping = false;
      from = nl + 1;
    }
  }

  finish(): Captured {
    if (this.sse) {
      if (this.line) this.onLine(this.line);
    } else if (this.bytes > 0 && this.bytes <= MAX_JSON_BYTES) {
      try {
        this.onBody(JSON.parse((this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)).toString('utf8')));
      } catch {
        // not JSON (an upstream's HTML error page): nothing to read
      }
    }
    const out: Captured = {};
    if (this.text || this.stop !== undefined || this.tools) {
      out.response = { text: this.text };
      if (this.stop !== undefined) out.response.stop_reason = this.stop;
      out.response.tool_calls = this.tools;
    }
    if (this.sawUsage) out.usage = this.usage;
    return out;
  }

  private addText(t: unknown): void {
    if (typeof t !== 'string' || this.text.length >= MAX_TEXT_CHARS) return;
    this.text += t.length + this.text.length > MAX_TEXT_CHARS ? t.slice(0, MAX_TEXT_CHARS - this.text.length) : t;
  }

  private setUsage(input: unknown, output: unknown): void {
    const i = int(input);
    const o = int(output);
    if (i !== undefined) (this.usage.input_tokens = i), (this.sawUsage = true);
    if (o !== undefined) (this.usage.output_tokens = o), (this.sawUsage = true);
  }

  private onLine(line: string): void {
    if (!line.startsWith('data:')) return;
    const data = line.slice(line.charCodeAt(5) === 32 ? 6 : 5).trim();
    if (!data || data === '[DONE]') return;
    let ev: unknown;
    try {
      ev = JSON.parse(data);
    } catch {
      return;
    }
    if (!isObj(ev)) return;
    if (this.endpoint === 'messages') this.onAnthropicEvent(ev);
    else if (this.endpoint === 'responses') this.onResponsesEvent(ev);
    else this.onChatChunk(ev);
  }

  private onChatChunk(ev: Obj): void {
    const c = Array.isArray(ev.choices) ? ev.choices[0] : undefined;
    if (isObj(c)) {
      if (isObj(c.delta)) {
        this.addText(c.delta.content);
        // a tool call's first delta carries its id; later ones only argument pieces
        if (Array.isArray(c.delta.tool_calls)) for (const t of c.delta.tool_calls) if (isObj(t) && t.id) this.tools++;
      }
      if (typeof c.finish_reason === 'string') this.stop = c.finish_reason;
    }
    if (isObj(ev.usage)) this.setUsage(ev.usage.prompt_tokens, ev.usage.completion_tokens);
  }

  private onResponsesEvent(ev: Obj): void {
    if (ev.type === 'response.output_text.delta') this.addText(ev.delta);
    else if (ev.type === 'response.output_item.added' && isObj(ev.item) && ev.item.type === 'function_call') this.tools++;
    else if ((ev.type === 'response.completed' || ev.type === 'response.incomplete') && isObj(ev.response)) {
      const r = ev.response;
      this.stop = stopOfResponses(r);
      if (isObj(r.usage)) this.setUsage(r.usage.input_tokens, r.usage.output_tokens);
    }
  }

  private onAnthropicEvent(ev: Obj): void {
    if (ev.type === 'content_block_delta' && isObj(ev.delta) && ev.delta.type === 'text_delta') this.addText(ev.delta.text);
    else if (ev.type === 'content_block_start' && isObj(ev.content_block) && ev.content_block.type === 'tool_use') this.tools++;
    else if (ev.type === 'message_start' && isObj(ev.message) && isObj(ev.message.usage)) this.setUsage(ev.message.usage.input_tokens, ev.message.usage.output_tokens);
    else if (ev.type === 'message_delta') {
      if (isObj(ev.delta) && typeof ev.delta.stop_reason === 'string') this.stop = ev.delta.stop_reason;
      if (isObj(ev.usage)) this.setUsage(undefined, ev.usage.output_tokens);
    }
  }

  private onBody(b: unknown): void {
    if (!isObj(b)) return;
    if (this.endpoint === 'messages') {
      if (Array.isArray(b.content)) for (const x of b.content) {
        if (!isObj(x)) continue;
        if (x.type === 'text') this.addText(x.text);
        else if (x.type === 'tool_use') this.tools++;
      }
      if (typeof b.stop_reason === 'string') this.stop = b.stop_reason;
      if (isObj(b.usage)) this.setUsage(b.usage.input_tokens, b.usage.output_tokens);
    } else if (this.endpoint === 'responses') {
      if (Array.isArray(b.output)) for (const item of b.output) {
        if (!isObj(item)) continue;
        if (item.type === 'function_call') this.tools++;
        else if (item.type === 'message' && Array.isArray(item.content)) for (const c of item.content) if (isObj(c) && c.type === 'output_text') this.addText(c.text);
      }
      if (b.status !== undefined) this.stop = stopOfResponses(b);
      if (isObj(b.usage)) this.setUsage(b.usage.input_tokens, b.usage.output_tokens);
    } else {
      const c = Array.isArray(b.choices) ? b.choices[0] : undefined;
      if (isObj(c)) {
        if (isObj(c.message)) {
          this.addText(c.message.content);
          if (Array.isArray(c.message.tool_calls)) this.tools += c.message.tool_calls.length;
        }
        if (typeof c.finish_reason === 'string') this.stop = c.finish_reason;
      }
      if (isObj(b.usage)) this.setUsage(b.usage.prompt_tokens, b.usage.completion_tokens);
    }
  }
}

/** A Responses-API answer's stop reason: `incomplete_details.reason` (e.g. max_output_tokens) or its status. */
function stopOfResponses(r: Obj): string | undefined {
  if (isObj(r.incomplete_details) && typeof r.incomplete_details.reason === 'string') return r.incomplete_details.reason;
  return typeof r.status === 'string' ? r.status : undefined;
}
