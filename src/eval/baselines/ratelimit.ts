/**
 * Baseline (a): the per-key caps LLM gateways ship today.
 *
 * - LiteLLM virtual keys: `rpm_limit`, `tpm_limit` (fixed one-minute windows,
 *   checked against usage so far before the call) and `max_budget` with a
 *   `budget_duration` (here one UTC day, budget counted in tokens).
 * - Kong's rate-limiting plugin: fixed `second/minute/hour/day` windows per
 *   consumer or credential; Kong's rate-limiting-advanced and Helicone's
 *   `Helicone-RateLimit-Policy` use a sliding window. We use a sliding minute
 *   for requests and fixed windows for tokens and days, one of each style.
 *
 * The limit is keyed by `api_key_id`, falling back to `account_id` when a log
 * line has no key (as the gateways fall back from key to consumer/user).
 * An account counts as flagged at its first exchange that would have been
 * refused (HTTP 429 from the gateway).
 *
 * Default tier: none of these gateways ships limits switched on (they are
 * unlimited until configured), so the defaults copy the entry ("tier 1")
 * limits providers publish for a new paying customer, which is what operators
 * usually paste in: 50 requests/minute (Anthropic tier 1), 50k tokens/minute,
 * 10,000 requests/day (OpenAI tier 1 RPD for its small models) and a daily
 * budget of about $10 at $10 per million tokens = 1M tokens/day.
 *
 * Blind spot, by design of the defence: a campaign spread over many keys at a
 * light per-key rate never reaches any cap.
 */
import { z } from 'zod';
import type { Exchange } from '../../contract/types.js';
import { type Baseline, DAY_MS, exchangeTokens } from './baseline.js';

export const rateLimitConfig = z.object({
  name: z.string().default('rate-limit caps'),
  /** requests per sliding 60 s window; 0 = no limit */
  rpm: z.number().int().min(0).default(50),
  /** input+output tokens per fixed minute window; 0 = no limit */
  tpm: z.number().int().min(0).default(50_000),
  /** requests per fixed UTC day; 0 = no limit */
  rpd: z.number().int().min(0).default(10_000),
  /** input+output tokens per fixed UTC day (the daily budget); 0 = no limit */
  tokensPerDay: z.number().int().min(0).default(1_000_000),
});
export type RateLimitConfig = z.input<typeof rateLimitConfig>;

interface KeyState {
  account: string;
  /** timestamps of the last `rpm` admitted requests, a ring: exact sliding window in O(rpm) memory */
  ring: Float64Array;
  ringPos: number;
  minute: number;
  minuteTokens: number;
  day: number;
  dayRequests: number;
  dayTokens: number;
}

/** Creates the per-key caps baseline. */
export function createRateLimitBaseline(cfg: RateLimitConfig = {}): Baseline {
  const c = rateLimitConfig.parse(cfg);
  const keys = new Map<string, KeyState>();
  const flagged = new Map<string, number>();

  function refuses(k: KeyState, t: number): boolean {
    // The oldest of the last `rpm` admitted requests still inside the window means this one would be the rpm+1st.
    if (c.rpm > 0 && t - k.ring[k.ringPos] < 60_000) return true;
    if (c.tpm > 0 && k.minuteTokens >= c.tpm) return true;
    if (c.rpd > 0 && k.dayRequests >= c.rpd) return true;
    if (c.tokensPerDay > 0 && k.dayTokens >= c.tokensPerDay) return true;
    return false;
  }

  return {
    name: c.name,
    summary: `per-key caps as LiteLLM/Kong/Helicone enforce them: ${c.rpm} req/min (sliding), ${c.tpm} tok/min, ${c.rpd} req/day, ${c.tokensPerDay} tok/day`,
    flagged,
    observe(ex: Exchange): void {
      if (flagged.has(ex.account_id)) return;
      const key = ex.api_key_id ?? `account:${ex.account_id}`;
      let k = keys.get(key);
      const t = ex.tsMs;
      const minute = Math.floor(t / 60_000);
      const day = Math.floor(t / DAY_MS);
      if (!k) {
        k = { account: ex.account_id, ring: new Float64Array(Math.max(1, c.rpm)).fill(-Infinity), ringPos: 0, minute, minuteTokens: 0, day, dayRequests: 0, dayTokens: 0 };
        keys.set(key, k);
      }
      if (minute !== k.minute) { k.minute = minute; k.minuteTokens = 0; }
      if (day !== k.day) { k.day = day; k.dayRequests = 0; k.dayTokens = 0; }
      if (refuses(k, t)) {
        // A key shared by several accounts is refused for whichever account sent this request.
        flagged.set(ex.account_id, t);
        return;
      }
      const tok = exchangeTokens(ex);
      k.ring[k.ringPos] = t;
      k.ringPos = (k.ringPos + 1) % k.ring.length;
      k.minuteTokens += tok.input + tok.output;
      k.dayRequests++;
      k.dayTokens += tok.input + tok.output;
    },
    finish(): void {},
  };
}
