/**
 * Recognises which log format a record is in, so that a scan handed a
 * foreign log can say which `import --from` turns it into contract §1, and
 * an import handed the wrong `--from` can say which one fits.
 */
import { isObj } from './common.js';

export type FormatName = 'otel' | 'litellm' | 'langfuse' | 'openai';

/** What a parsed record looks like: `contract` (§1 already), a format to import from, or null (unknown). */
export function recogniseRecord(v: unknown): FormatName | 'contract' | 'api-body' | null {
  if (Array.isArray(v)) return v.length ? recogniseRecord(v[0]) : null;
  if (!isObj(v)) return null;
  if (Array.isArray(v.resourceSpans)) return 'otel';
  if (typeof v.id === 'string' && typeof v.ts === 'string' && typeof v.account_id === 'string') return 'contract';
  if (Array.isArray(v.observations) || (typeof v.traceId === 'string' && typeof v.type === 'string' && ('startTime' in v || 'input' in v))) return 'langfuse';
  if (Array.isArray(v.data)) return v.data.length ? recogniseRecord(v.data[0]) : null;
  if ('call_type' in v || 'response_cost' in v || ('spend' in v && 'request_id' in v) || ('model_group' in v && 'startTime' in v)) return 'litellm';
  if (isObj(v.request) && ('response' in v || Array.isArray(v.request.messages) || 'input' in v.request)) return 'openai';
  // a bare request body (`{model, messages}`) or response body (`chat.completion`, Anthropic `message`)
  if ((typeof v.model === 'string' && Array.isArray(v.messages)) || v.object === 'chat.completion' || v.object === 'response' || (v.type === 'message' && Array.isArray(v.content))) return 'api-body';
  return null;
}

/** A sentence for a person: what the log looks like and the command that reads it. */
export function importHint(kind: ReturnType<typeof recogniseRecord>): string | null {
  switch (kind) {
    case 'otel': return 'it looks like OpenTelemetry (OTLP JSON) trace export: convert it with `distillguard import --from otel`';
    case 'litellm': return 'it looks like LiteLLM request logs: convert them with `distillguard import --from litellm`';
    case 'langfuse': return 'it looks like a Langfuse trace or observation export: convert it with `distillguard import --from langfuse`';
    case 'openai': return 'it looks like OpenAI or Anthropic request/response logs: convert them with `distillguard import --from openai`';
    case 'api-body': return 'it looks like bare OpenAI or Anthropic API bodies; `distillguard import --from openai` reads lines of {"ts", "account_id", "request": {...}, "response": {...}}';
    default: return null;
  }
}

/**
 * What a line of text looks like, even cut short (a quarantine keeps the
 * first 512 bytes of a bad line, and an OTLP batch is longer): parsed when it
 * is whole, otherwise told by the keys its format opens with.
 */
export function recogniseText(text: string): ReturnType<typeof recogniseRecord> {
  try {
    return recogniseRecord(JSON.parse(text));
  } catch {
    // cut short: fall through to the keys
  }
  if (/"resourceSpans"\s*:/.test(text)) return 'otel';
  if (/"(call_type|response_cost|model_group|user_api_key_hash)"\s*:/.test(text)) return 'litellm';
  if (/"(observations|traceId)"\s*:/.test(text) && /"(type|startTime|userId)"\s*:/.test(text)) return 'langfuse';
  if (/"request"\s*:\s*\{/.test(text)) return 'openai';
  if (/"messages"\s*:\s*\[/.test(text) && /"model"\s*:/.test(text)) return 'api-body';
  return null;
}
