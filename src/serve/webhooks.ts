/**
 * Webhooks: a JSON body with a Slack-compatible `text` on a new campaign, an
 * escalation or a decision, signed `X-Distillguard-Signature: sha256=HEX`
 * (HMAC-SHA256 of the raw body with the webhook's secret), retried with
 * exponential backoff, every delivery listed.
 *
 * A receiver verifies with `verifySignature(secret, rawBody, header)`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { request } from 'undici';
import { z } from 'zod';
import { WebhookConfig, WebhookEvent } from './schemas.js';

export type WebhookEventName = z.infer<typeof WebhookEvent>;

export interface WebhookTarget {
  id: string;
  url: string;
  secret: string;
  events: WebhookEventName[];
}

export interface Delivery {
  id: string;
  webhook_id: string;
  url: string;
  event: WebhookEventName;
  created_at: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

export interface RetryPolicy {
  /** attempts in all, the first included (default 6) */
  attempts: number;
  /** wait before the second attempt, doubled each time after (default 2 s: 2, 4, 8, 16, 32 s) */
  baseMs: number;
  /** one attempt's time limit (default 10 s) */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 2000, timeoutMs: 10_000 };

export function sign(secret: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** Whether `header` is the signature of `body` under `secret` (constant-time). */
export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(sign(secret, body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

export class WebhookFileError extends Error {}

/** Reads `--webhooks FILE`: JSON Lines of `{url, secret, events?}`. */
export function loadWebhookFile(path: string): z.infer<typeof WebhookConfig>[] {
  const out: z.infer<typeof WebhookConfig>[] = [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new WebhookFileError(`cannot read webhooks file ${path}: ${(e as Error).message}`);
  }
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new WebhookFileError(`${path}:${i + 1}: not JSON`);
    }
    const r = WebhookConfig.safeParse(v);
    if (!r.success) throw new WebhookFileError(`${path}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`);
    out.push(r.data);
  });
  return out;
}

/**
 * Sends events to the webhooks it holds. Deliveries are kept in memory and,
 * with a path, appended to a JSON Lines file (one line per state change, the
 * last line of an id wins) so the list survives a restart.
 */
export class Webhooks {
  private readonly targets = new Map<string, WebhookTarget>();
  private readonly deliveries = new Map<string, Delivery>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly path: string | null, private readonly retry: RetryPolicy = DEFAULT_RETRY) {
    if (path && existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const d = JSON.parse(line) as Delivery;
          this.deliveries.set(d.id, d);
        } catch {
          // a torn last line from a crash: the delivery before it stands
        }
      }
    }
  }

  add(c: z.infer<typeof WebhookConfig>, id: string = randomUUID()): WebhookTarget {
    const t: WebhookTarget = { id, url: c.url, secret: c.secret, events: c.events ?? [...WebhookEvent.options] };
    this.targets.set(id, t);
    return t;
  }

  remove(id: string): WebhookTarget | undefined {
    const t = this.targets.get(id);
    this.targets.delete(id);
    return t;
  }

  list(): WebhookTarget[] {
    return [...this.targets.values()];
  }

  /** newest first */
  listDeliveries(limit = 200): Delivery[] {
    return [...this.deliveries.values()].reverse().slice(0, limit);
  }

  /** Queues the event for every webhook that takes it; sending happens in the background. */
  emit(event: WebhookEventName, payload: Record<string, unknown>, text: string): void {
    if (this.closed) return;
    for (const t of this.targets.values()) {
      if (!t.events.includes(event)) continue;
      const d: Delivery = {
        id: randomUUID(), webhook_id: t.id, url: t.url, event, created_at: new Date().toISOString(),
        status: 'pending', attempts: 0, last_status: null, last_error: null, delivered_at: null,
      };
      const body = JSON.stringify({ event, delivery_id: d.id, at: d.created_at, text, ...payload });
      this.save(d);
      this.attempt(t, d, body);
    }
  }

  private attempt(t: WebhookTarget, d: Delivery, body: string): void {
    const p = this.send(t, d, body).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async send(t: WebhookTarget, d: Delivery, body: string): Promise<void> {
    d.attempts++;
    try {
      const res = await request(t.url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-distillguard-signature': sign(t.secret, body), 'x-distillguard-event': d.event, 'x-distillguard-delivery': d.id },
        headersTimeout: this.retry.timeoutMs,
        bodyTimeout: this.retry.timeoutMs,
      });
      await res.body.dump();
      d.last_status = res.statusCode;
      d.last_error = res.statusCode >= 200 && res.statusCode < 300 ? null : `HTTP ${res.statusCode}`;
    } catch (e) {
      d.last_status = null;
      d.last_error = (e as Error).message;
    }
    if (d.last_error === null) {
      d.status = 'delivered';
      d.delivered_at = new Date().toISOString();
    } else if (d.attempts >= this.retry.attempts || this.closed) {
      d.status = 'failed';
    } else {
      const wait = this.retry.baseMs * 2 ** (d.attempts - 1);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.closed) this.attempt(t, d, body);
      }, wait);
      timer.unref();
      this.timers.add(timer);
    }
    this.save(d);
  }

  private save(d: Delivery): void {
    this.deliveries.set(d.id, d);
    if (this.path) appendFileSync(this.path, JSON.stringify(d) + '\n');
  }

  /** Waits for attempts under way (not for retries still waiting). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.settled();
  }
}
