/**
 * A stand-in for the model servers behind the gateway, for tests, benchmarks
 * and `replay`: a plain node:http server answering the three APIs in their
 * own shapes, JSON or server-sent events as the request asks.
 *
 * With `answers` (request id -> logged exchange), a request carrying
 * `X-Request-Id` is answered with that exchange's logged text, stop reason,
 * tool calls, usage and status, so a log replayed through the gateway yields
 * the exchanges it holds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exchange } from '../../contract/types.js';

export interface StandInOptions {
  /** fixed time before answering (ms) */
  delayMs?: number;
  /** answer every request with this status and an error body */
  status?: number;
  /** logged exchanges to answer with, by id */
  answers?: Map<string, Exchange>;
  /** the text of an answer when no logged one applies */
  text?: string;
  /** where to listen (default 127.0.0.1, a free port) */
  host?: string;
  port?: number;
}

export interface StandIn {
  url: string;
  /** requests received, with their parsed bodies and headers */
  calls: { path: string; body: Record<string, unknown>; headers: IncomingMessage['headers'] }[];
  /** keep no call records (benchmarks) */
  quiet: boolean;
  close(): Promise<void>;
}

interface Answer {
  text: string;
  stop?: string;
  toolCalls: number;
  input: number;
  output: number;
  status: number;
}

function answerFor(o: StandInOptions, headers: IncomingMessage['headers']): Answer {
  const id = headers['x-request-id'];
  const ex = typeof id === 'string' ? o.answers?.get(id) : undefined;
  if (ex) {
    return {
      text: ex.response?.text ?? '',
      stop: ex.response?.stop_reason,
      toolCalls: ex.response?.tool_calls ?? 0,
      input: ex.usage?.input_tokens ?? 0,
      output: ex.usage?.output_tokens ?? 0,
      status: ex.status ?? 200,
    };
  }
  const text = o.text ?? 'The stand-in model says hello.';
  return { text, toolCalls: 0, input: 10, output: text.split(' ').length, status: o.status ?? 200 };
}

/** Splits text into a few pieces, as a model streams it. */
function pieces(text: string): string[] {
  const out: string[] = [];
  const step = Math.max(1, Math.ceil(text.length / 4));
  for (let i = 0; i < text.length; i += step) out.push(text.slice(i, i + step));
  return out;
}

function sse(res: ServerResponse, events: unknown[], named: boolean, done: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) {
    const type = (e as { type?: string }).type;
    res.write((named && type ? `event: ${type}\n` : '') + `data: ${JSON.stringify(e)}\n\n`);
  }
  if (done) res.write('data: [DONE]\n\n');
  res.end();
}

function answer(res: ServerResponse, path: string, body: Record<string, unknown>, a: Answer): void {
  const model = typeof body.model === 'string' ? body.model : 'stand-in';
  if (a.status !== 200) {
    const msg = `stand-in upstream answers ${a.status}`;
    const b = path === '/v1/messages' ? { type: 'error', error: { type: a.status === 429 ? 'rate_limit_error' : 'api_error', message: msg } } : { error: { message: msg, type: a.status === 429 ? 'rate_limit_error' : 'server_error', code: null } };
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(b));
    return;
  }
  const stream = body.stream === true;
  if (path === '/v1/messages') {
    const stop = a.stop ?? (a.toolCalls ? 'tool_use' : 'end_turn');
    const tools = Array.from({ length: a.toolCalls }, (_, i) => ({ type: 'tool_use', id: `toolu_${i}`, name: 'tool', input: {} }));
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'msg_standin', type: 'message', role: 'assistant', model, content: [{ type: 'text', text: a.text }, ...tools], stop_reason: stop, stop_sequence: null, usage: { input_tokens: a.input, output_tokens: a.output } }));
      return;
    }
    const ev: unknown[] = [
      { type: 'message_start', message: { id: 'msg_standin', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: a.input, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      ...pieces(a.text).map((t) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } })),
      { type: 'content_block_stop', index: 0 },
    ];
    tools.forEach((t, i) => ev.push({ type: 'content_block_start', index: i + 1, content_block: t }, { type: 'content_block_stop', index: i + 1 }));
    ev.push({ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: a.output } }, { type: 'message_stop' });
    sse(res, ev, true, false);
    return;
  }
  if (path === '/v1/responses') {
    const status = a.stop ?? 'completed';
    const output: unknown[] = [{ type: 'message', id: 'msg_standin', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: a.text, annotations: [] }] }];
    for (let i = 0; i < a.toolCalls; i++) output.push({ type: 'function_call', id: `fc_${i}`, call_id: `call_${i}`, name: 'tool', arguments: '{}', status: 'completed' });
    const resp = { id: 'resp_standin', object: 'response', created_at: 0, model, status, output, usage: { input_tokens: a.input, output_tokens: a.output, total_tokens: a.input + a.output } };
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(resp));
      return;
    }
    const ev: unknown[] = [{ type: 'response.created', response: { ...resp, status: 'in_progress', output: [] } }];
    for (const t of pieces(a.text)) ev.push({ type: 'response.output_text.delta', item_id: 'msg_standin', output_index: 0, content_index: 0, delta: t });
    for (let i = 0; i < a.toolCalls; i++) ev.push({ type: 'response.output_item.added', output_index: i + 1, item: output[i + 1] });
    ev.push({ type: 'response.completed', response: resp });
    sse(res, ev, true, false);
    return;
  }
  const stop = a.stop ?? (a.toolCalls ? 'tool_calls' : 'stop');
  const toolCalls = Array.from({ length: a.toolCalls }, (_, i) => ({ id: `call_${i}`, type: 'function', function: { name: 'tool', arguments: '{}' } }));
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'chatcmpl-standin', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content: a.text, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: stop, logprobs: null }], usage: { prompt_tokens: a.input, completion_tokens: a.output, total_tokens: a.input + a.output } }));
    return;
  }
  const chunk = (delta: unknown, finish: string | null, usage?: unknown) => ({ id: 'chatcmpl-standin', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...(usage ? { usage } : {}) });
  const ev: unknown[] = [chunk({ role: 'assistant', content: '' }, null), ...pieces(a.text).map((t) => chunk({ content: t }, null))];
  toolCalls.forEach((t, i) => ev.push(chunk({ tool_calls: [{ index: i, ...t }] }, null)));
  ev.push(chunk({}, stop, { prompt_tokens: a.input, completion_tokens: a.output, total_tokens: a.input + a.output }));
  sse(res, ev, false, true);
}

export async function startStandIn(o: StandInOptions = {}): Promise<StandIn> {
  const calls: StandIn['calls'] = [];
  const self = { quiet: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // answered as an empty request
      }
      const path = (req.url ?? '/').split('?')[0];
      if (!self.quiet) calls.push({ path, body, headers: req.headers });
      const go = () => answer(res, path, body, answerFor(o, req.headers));
      if (o.delayMs) setTimeout(go, o.delayMs);
      else go();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(self, {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    calls,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  });
}
