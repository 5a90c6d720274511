/**
 * Identity instruments of the account table (contract §2): payment
 * fingerprints and sign-up IPs, and which accounts hold each. The engine uses
 * it to tie an account to a campaign by the same payer or the same
 * registration desk (see `Engine.instrumentMembers`). Keys are the record's own
 * strings, and an instrument held by one account (most cards) stores that
 * account's id rather than a list, so the index costs about one map entry per
 * instrument and no copies of the text.
 */
import type { AccountRecord } from '../contract/types.js';

export const PAYMENT = 0;
export const SIGNUP_IP = 1;
export type InstrumentKind = typeof PAYMENT | typeof SIGNUP_IP;
export const INSTRUMENT_KINDS: readonly InstrumentKind[] = [PAYMENT, SIGNUP_IP];

/** The value of one instrument of a row, or undefined when the row has none. */
export function instrumentOf(a: AccountRecord | undefined, kind: InstrumentKind): string | undefined {
  if (!a) return undefined;
  return (kind === PAYMENT ? a.payment_fingerprint : a.signup_ip) || undefined;
}

/**
 * Accounts per instrument.
 *
 * @example
 * const ix = new InstrumentIndex();
 * ix.add({ account_id: 'a', payment_fingerprint: 'pm_1' });
 * ix.add({ account_id: 'b', payment_fingerprint: 'pm_1' });
 * ix.holders(PAYMENT, 'pm_1'); // 2
 * ix.holderIds(PAYMENT, 'pm_1'); // ['a', 'b']
 */
export class InstrumentIndex {
  private readonly by = [new Map<string, string | string[]>(), new Map<string, string | string[]>()];

  add(a: AccountRecord): void {
    for (const kind of INSTRUMENT_KINDS) {
      const v = instrumentOf(a, kind);
      if (v === undefined) continue;
      const m = this.by[kind];
      const cur = m.get(v);
      if (cur === undefined) m.set(v, a.account_id);
      else if (typeof cur === 'string') m.set(v, [cur, a.account_id]);
      else cur.push(a.account_id);
    }
  }

  remove(a: AccountRecord): void {
    for (const kind of INSTRUMENT_KINDS) {
      const v = instrumentOf(a, kind);
      if (v === undefined) continue;
      const m = this.by[kind];
      const cur = m.get(v);
      if (cur === a.account_id) m.delete(v);
      else if (Array.isArray(cur)) {
        const i = cur.indexOf(a.account_id);
        if (i >= 0) cur.splice(i, 1);
        if (cur.length === 1) m.set(v, cur[0]);
      }
    }
  }

  /** accounts of the table holding this instrument */
  holders(kind: InstrumentKind, value: string): number {
    const cur = this.by[kind].get(value);
    return cur === undefined ? 0 : typeof cur === 'string' ? 1 : cur.length;
  }

  /** the accounts of the table holding this instrument */
  holderIds(kind: InstrumentKind, value: string): readonly string[] {
    const cur = this.by[kind].get(value);
    return cur === undefined ? NONE : typeof cur === 'string' ? [cur] : cur;
  }
}

const NONE: readonly string[] = [];
