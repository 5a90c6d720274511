/**
 * Identity instruments of the account table (contract §2): payment
 * fingerprints and sign-up IPs, with how many accounts hold each and which
 * verified accounts hold it. The engine uses it to tie a verified account to a
 * campaign by the same payer or the same registration desk (see
 * `Engine.verifiedMembers`). Keys are the record's own strings, so the index
 * costs a map entry per instrument and no copies of the text.
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
 * ix.add({ account_id: 'a', payment_fingerprint: 'pm_1', verified: true });
 * ix.holders(PAYMENT, 'pm_1'); // 1
 * ix.verifiedHolders(PAYMENT, 'pm_1'); // ['a']
 */
export class InstrumentIndex {
  private readonly counts = [new Map<string, number>(), new Map<string, number>()];
  private readonly verified = [new Map<string, string[]>(), new Map<string, string[]>()];
  private nVerified = 0;

  add(a: AccountRecord): void {
    this.update(a, 1);
  }

  remove(a: AccountRecord): void {
    this.update(a, -1);
  }

  /** accounts of the table holding this instrument */
  holders(kind: InstrumentKind, value: string): number {
    return this.counts[kind].get(value) ?? 0;
  }

  /** verified accounts of the table holding this instrument */
  verifiedHolders(kind: InstrumentKind, value: string): readonly string[] {
    return this.verified[kind].get(value) ?? NONE;
  }

  /** whether any verified account holds any instrument (nothing to look up otherwise) */
  hasVerified(): boolean {
    return this.nVerified > 0;
  }

  private update(a: AccountRecord, d: 1 | -1): void {
    for (const kind of INSTRUMENT_KINDS) {
      const v = instrumentOf(a, kind);
      if (v === undefined) continue;
      const c = (this.counts[kind].get(v) ?? 0) + d;
      if (c > 0) this.counts[kind].set(v, c);
      else this.counts[kind].delete(v);
      if (!a.verified) continue;
      const ids = this.verified[kind].get(v);
      if (d > 0) {
        if (ids) ids.push(a.account_id);
        else this.verified[kind].set(v, [a.account_id]);
        this.nVerified++;
      } else if (ids) {
        const i = ids.indexOf(a.account_id);
        if (i >= 0) {
          ids.splice(i, 1);
          this.nVerified--;
          if (ids.length === 0) this.verified[kind].delete(v);
        }
      }
    }
  }
}

const NONE: readonly string[] = [];
