/**
 * One request forwarded to the upstream and its answer copied to the client
 * as it arrives, through undici's dispatch handler: the answer's chunks are
 * written to the client from the callback that parsed them, so a chunk and
 * the end of the answer read from one socket read leave in one write (the
 * response is corked until the tick ends), and no body stream, promise per
 * chunk or AbortSignal is made per request. Backpressure: a client that
 * reads slowly pauses the upstream connection until it drains.
 */
import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';

/** Headers that belong to one connection, not to the message (RFC 9110 §7.6.1). */
export const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length', 'expect']);

/** How a forwarded request ended. */
export type Forwarded =
  /** the upstream answered: `complete` false when the answer broke off (or the client left) after the status was sent */
  | { outcome: 'answered'; status: number; complete: boolean }
  /** the upstream never answered (unreachable, timed out): nothing was sent to the client */
  | { outcome: 'unanswered'; error: Error }
  /** the client left before the upstream answered */
  | { outcome: 'client-gone' };

export interface ForwardRequest {
  origin: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** how long the upstream may take to send its headers, and stay silent between chunks */
  timeoutMs: number;
}

/** What the caller does with the answer as it passes: headers added to the client's answer, and each chunk read. */
export interface AnswerSink {
  /** the answer's status and headers arrived; returns headers to add to the client's answer */
  start(status: number, headers: Record<string, string | string[] | undefined>): Record<string, string>;
  chunk(b: Buffer): void;
}

class ClientGone extends Error {}

class ForwardHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private started = false;
  private status = 0;
  private clientGone = false;
  private finished = false;

  constructor(
    private readonly out: ServerResponse,
    private readonly sink: AnswerSink,
    private readonly resolve: (f: Forwarded) => void,
  ) {
    out.once('close', this.onClientClose);
  }

  // a client that goes away stops the upstream call, whether it is still waiting or already streaming
  private readonly onClientClose = (): void => {
    if (this.out.writableFinished || this.finished) return;
    this.clientGone = true;
    this.controller?.abort(new ClientGone());
  };

  private readonly onDrain = (): void => this.controller?.resume();

  private done(f: Forwarded): void {
    if (this.finished) return;
    this.finished = true;
    this.out.off('close', this.onClientClose);
    this.out.off('drain', this.onDrain);
    this.resolve(f);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientGone || this.out.destroyed) {
      this.clientGone = true;
      controller.abort(new ClientGone());
    }
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    // 1xx informational answers are not the answer
    if (statusCode < 200) return;
    if (this.out.destroyed) {
      this.clientGone = true;
      controller.abort(new ClientGone());
      return;
    }
    const out: Record<string, string | string[]> = {};
    for (const k in headers) {
      const v = headers[k];
      if (v !== undefined && !HOP.has(k)) out[k] = v;
    }
    const cl = headers['content-length'];
    if (cl !== undefined) out['content-length'] = cl;
    Object.assign(out, this.sink.start(statusCode, headers));
    this.started = true;
    this.status = statusCode;
    this.out.writeHead(statusCode, out);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.sink.chunk(chunk);
    if (!this.out.write(chunk)) {
      if (this.out.destroyed) {
        this.clientGone = true;
        controller.abort(new ClientGone());
        return;
      }
      controller.pause();
      this.out.once('drain', this.onDrain);
    }
  }

  onResponseEnd(): void {
    this.out.end();
    this.done({ outcome: 'answered', status: this.status, complete: true });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.started) {
      // the upstream broke off mid-answer (or the client left): the status is sent, so the connection is cut
      this.out.destroy();
      this.done({ outcome: 'answered', status: this.status, complete: false });
    } else if (this.clientGone || error instanceof ClientGone) this.done({ outcome: 'client-gone' });
    else this.done({ outcome: 'unanswered', error });
  }
}

/** Forwards `req` (a POST) and copies the answer to `out` as it arrives; resolves when it has ended, however it ended. */
export function forward(dispatcher: Dispatcher, req: ForwardRequest, out: ServerResponse, sink: AnswerSink): Promise<Forwarded> {
  return new Promise<Forwarded>((resolve) => {
    const handler = new ForwardHandler(out, sink, resolve);
    dispatcher.dispatch(
      { origin: req.origin, path: req.path, method: 'POST', headers: req.headers, body: req.body, headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs },
      handler,
    );
  });
}
