/**
 * Who sent a request (contract §5): the `X-Account-Id` header set by the
 * provider's auth layer, or the account whose `api_keys` in the account table
 * (contract §2) holds the request's `Authorization: Bearer KEY` / `x-api-key`.
 * Keys are held in memory only and never written anywhere; a key resolved
 * from the table is logged as a short hash (`api_key_id`) when the request
 * names no `X-Api-Key-Id`.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AccountRecord } from '../contract/types.js';
import type { Subject } from '../policy/types.js';

export class KeyTable {
  private readonly byKey = new Map<string, string>();
  private readonly records = new Map<string, AccountRecord>();

  /** `keys`: account id -> its API keys (contract §2 `api_keys`) */
  constructor(rows: Iterable<{ record: AccountRecord; apiKeys?: readonly string[] }> = []) {
    for (const { record, apiKeys } of rows) {
      this.records.set(record.account_id, record);
      for (const k of apiKeys ?? []) this.byKey.set(k, record.account_id);
    }
  }

  accountOfKey(key: string): string | undefined {
    return this.byKey.get(key);
  }

  record(accountId: string): AccountRecord | undefined {
    return this.records.get(accountId);
  }
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** The key a request presents, from `Authorization: Bearer` or `x-api-key`. */
function presentedKey(h: IncomingHttpHeaders): string | undefined {
  const auth = header(h, 'authorization');
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim() || undefined;
  return header(h, 'x-api-key');
}

/** A stable, non-reversible name for a key, for logs. */
export function keyId(key: string): string {
  return 'key_' + createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * The request's subject, or null when no account can be resolved (answered
 * with 401). `remote` is the socket's address, used when no X-Forwarded-For.
 */
export function resolveSubject(h: IncomingHttpHeaders, keys: KeyTable, remote?: string): Subject | null {
  let account = header(h, 'x-account-id');
  let apiKeyId = header(h, 'x-api-key-id');
  if (!account) {
    const key = presentedKey(h);
    if (key) {
      account = keys.accountOfKey(key);
      if (account && !apiKeyId) apiKeyId = keyId(key);
    }
  }
  if (!account) return null;
  const rec = keys.record(account);
  const s: Subject = { account_id: account };
  const org = header(h, 'x-org-id') ?? rec?.org_id;
  if (org) s.org_id = org;
  if (apiKeyId) s.api_key_id = apiKeyId;
  const xff = header(h, 'x-forwarded-for');
  const ip = xff ? xff.split(',')[0].trim() : remote;
  if (ip) s.ip = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const ua = header(h, 'user-agent');
  if (ua) s.user_agent = ua;
  if (rec?.tier) s.tier = rec.tier;
  if (rec?.verified !== undefined) s.verified = rec.verified;
  return s;
}
