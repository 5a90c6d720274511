/**
 * `--from langfuse`: Langfuse's traces and observations as its public API
 * and its exports give them: a trace with its `observations` (as
 * `GET /api/public/traces/{id}` answers), a list page (`{"data": [...]}`),
 * or observations on their own, one per line. Each observation of type
 * `GENERATION` is one exchange; spans and events are skipped.
 *
 * | contract §1 | from |
 * |---|---|
 * | `id` | the observation's `id` |
 * | `ts`, `latency_ms` | `startTime`, `endTime` |
 * | `account_id` | the trace's `userId` (an observation exported alone: its own `userId`, else `metadata.user_id`); `--account-field PATH` looks in the observation, then its trace |
 * | `org_id`, `ip`, `user_agent`, `api_key_id` | `metadata.org_id`, `metadata.ip`, `metadata.user_agent`, `metadata.api_key_id` when the application put them there |
 * | `model` | `model` |
 * | `request` | `input`: a message list, `{messages: [...]}`, or a string (one user turn); `modelParameters` (`temperature`, `top_p`, `max_tokens`, numbers or strings) |
 * | `response` | `output`: a string, a message `{role, content}`, or a provider's response body |
 * | `usage` | `usageDetails.input`/`output`, else `usage.input`/`output`, else `promptTokens`/`completionTokens` |
 * | `status` | 500 when `level` is `ERROR` |
 */
import { accountOf, chatMessages, compact, firstStr, int, isObj, num, spanMs, splitMessages, str, textOf, toIso, unusable, Unusable, type ConvertOptions, type Converted, type ExchangeJson } from './common.js';
import { responseParts } from './openai.js';

export const ACCOUNT_PATHS = ['userId', 'user_id', 'metadata.user_id', 'metadata.userId'] as const;

function input(v: unknown): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return { messages: [{ role: 'user', content: v }] };
  const list = Array.isArray(v) ? v : isObj(v) && Array.isArray(v.messages) ? v.messages : undefined;
  if (!list) {
    if (isObj(v) && typeof v.prompt === 'string') return { messages: [{ role: 'user', content: v.prompt }] };
    unusable('input is neither a message list, {messages: [...]} nor a string');
  }
  const { system, messages } = splitMessages(chatMessages(list, 'input'));
  const top = isObj(v) && v.system !== undefined ? textOf(v.system) : undefined;
  const sys = [top, system].filter((s) => s).join('\n') || undefined;
  return compact({ system: sys, messages });
}

function generation(o: Record<string, unknown>, trace: Record<string, unknown> | undefined, opts: ConvertOptions): ExchangeJson {
  const id = str(o.id);
  if (!id) unusable('no id');
  const ts = toIso(o.startTime);
  if (!ts) unusable('no startTime');
  const account = accountOf(trace ? [o, trace] : [o], ACCOUNT_PATHS, opts, `generation ${id}`);
  const params = isObj(o.modelParameters) ? o.modelParameters : {};
  const req = input(o.input);
  const out = o.output;
  const res = isObj(out) && !('choices' in out) && !('type' in out && out.type === 'message') && 'content' in out ? { text: textOf(out.content) } : responseParts(out);
  const ud = isObj(o.usageDetails) ? o.usageDetails : {};
  const u = isObj(o.usage) ? o.usage : {};
  const inTok = int(ud.input) ?? int(u.input) ?? int(o.promptTokens) ?? res.input_tokens;
  const outTok = int(ud.output) ?? int(u.output) ?? int(o.completionTokens) ?? res.output_tokens;
  const ctx = trace ? [o, trace] : [o];
  const meta = (k: string) => ctx.map((c) => firstStr(c, [`metadata.${k}`])).find((s) => s !== undefined);
  const request = req || Object.keys(params).length
    ? compact({ ...(req ?? {}), temperature: num(params.temperature), top_p: num(params.top_p), max_tokens: int(params.max_tokens ?? params.max_completion_tokens ?? params.max_output_tokens) })
    : undefined;
  return compact({
    id,
    ts,
    account_id: account,
    org_id: meta('org_id'),
    api_key_id: meta('api_key_id'),
    ip: meta('ip'),
    user_agent: meta('user_agent'),
    model: str(o.model),
    endpoint: res.endpoint,
    request,
    response: out === undefined || out === null ? undefined : compact({ text: res.text, stop_reason: res.stop_reason ?? str(isObj(o.metadata) ? o.metadata.finish_reason : undefined), tool_calls: res.tool_calls }),
    usage: inTok !== undefined || outTok !== undefined ? compact({ input_tokens: inTok, output_tokens: outTok }) : undefined,
    status: o.level === 'ERROR' ? 500 : undefined,
    latency_ms: spanMs(o.startTime, o.endTime),
  });
}

/** A trace with observations, a list page, or one observation, to exchanges. */
export function convertLangfuse(rec: unknown, opts: ConvertOptions = {}): Converted {
  if (!isObj(rec)) unusable('a record must be a JSON object');
  if (Array.isArray(rec.data)) {
    const all: Converted = { exchanges: [], bad: [], skipped: 0 };
    rec.data.forEach((d, i) => {
      try {
        const c = convertLangfuse(d, opts);
        all.exchanges.push(...c.exchanges);
        all.bad.push(...c.bad);
        all.skipped += c.skipped;
      } catch (e) {
        if (!(e instanceof Unusable)) throw e;
        all.bad.push(`data[${i}]: ${e.message}`);
      }
    });
    return all;
  }
  if (Array.isArray(rec.observations)) {
    const out: Converted = { exchanges: [], bad: [], skipped: 0 };
    for (const o of rec.observations) {
      // the trace list gives observation ids only: nothing to import from those
      if (!isObj(o)) {
        out.skipped++;
        continue;
      }
      if (o.type !== 'GENERATION') {
        out.skipped++;
        continue;
      }
      try {
        out.exchanges.push(generation(o, rec, opts));
      } catch (e) {
        if (!(e instanceof Unusable)) throw e;
        out.bad.push(`generation ${str(o.id) ?? '(no id)'} of trace ${str(rec.id) ?? '(no id)'}: ${e.message}`);
      }
    }
    return out;
  }
  if (typeof rec.type === 'string') {
    if (rec.type !== 'GENERATION') return { exchanges: [], bad: [], skipped: 1 };
    return { exchanges: [generation(rec, undefined, opts)], bad: [], skipped: 0 };
  }
  unusable('neither a trace with "observations", an observation with "type", nor a page with "data"');
}
