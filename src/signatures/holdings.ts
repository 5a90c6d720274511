/**
 * Which signature keys each account holds: per account and per key kind, the
 * few values it used most (a space-saving heavy-hitter sketch of a handful of
 * slots), so memory is fixed per account whatever its traffic: SLOTS values
 * (8 bytes) and counts (2 bytes), and the keys of its account-table
 * row: about 210 bytes an account, in chunks shared by
 * CHUNK accounts. Signatures are derived from these (derive.ts); the hot
 * path only updates them.
 *
 * A fleet that cycles through more templates than an account keeps slots for
 * still shows them: each account keeps its recent ones, and a template counts
 * for the campaign once two members hold it.
 */
import type { AccountRecord } from '../contract/types.js';
import { SigKind, SIG_KIND_COUNT, KIND_SCALE, recordKeys } from './kinds.js';

/** slots per exchange-level kind (account-table kinds are read from the record, not kept here) */
const SLOTS_OF: Partial<Record<SigKind, number>> = {
  [SigKind.Template]: 4,
  [SigKind.SystemPrompt]: 1,
  [SigKind.FrameHead]: 2,
  [SigKind.FrameTail]: 2,
  [SigKind.Params]: 2,
  [SigKind.Toolset]: 1,
  [SigKind.UserAgent]: 2,
  [SigKind.Net]: 3,
};
const FIRST = new Int32Array(SIG_KIND_COUNT).fill(-1);
const WIDTH = new Int32Array(SIG_KIND_COUNT);
let slots = 0;
for (let k = 0; k < SIG_KIND_COUNT; k++) {
  const w = SLOTS_OF[k as SigKind];
  if (!w) continue;
  FIRST[k] = slots;
  WIDTH[k] = w;
  slots += w;
}
export const SLOTS = slots;
const CHUNK = 4096;
const MAX_COUNT = 65535;
/** keys an account-table row gives (payment, e-mail domain, sign-up range, sign-up window) */
const RECORD_KEYS = 4;

export class Holdings {
  private readonly index = new Map<string, number>();
  private readonly values: Float64Array[] = [];
  private readonly counts: Uint16Array[] = [];
  /** per account, the signature index version its account-table keys were last matched against */
  private readonly checked: Uint32Array[] = [];
  /** per account, the keys of its account-table row (at most RECORD_KEYS) and the row they were computed from */
  private readonly rowKeys: Float64Array[] = [];
  private readonly rowKeyCount: Uint8Array[] = [];
  private readonly rows: (AccountRecord | undefined)[] = [];
  private size = 0;

  get accounts(): number {
    return this.size;
  }

  /** The account's slot, made on first sight. */
  slotOf(accountId: string): number {
    let i = this.index.get(accountId);
    if (i === undefined) {
      i = this.size++;
      if (i % CHUNK === 0) {
        this.values.push(new Float64Array(CHUNK * SLOTS));
        this.counts.push(new Uint16Array(CHUNK * SLOTS));
        this.checked.push(new Uint32Array(CHUNK));
        this.rowKeys.push(new Float64Array(CHUNK * RECORD_KEYS));
        this.rowKeyCount.push(new Uint8Array(CHUNK));
      }
      this.index.set(accountId, i);
      this.rows.push(undefined);
    }
    return i;
  }

  find(accountId: string): number | undefined {
    return this.index.get(accountId);
  }

  /** Notes the keys of one exchange of the account in slot `i`. */
  note(i: number, keys: Float64Array, n: number): void {
    const vals = this.values[Math.floor(i / CHUNK)];
    const cnts = this.counts[Math.floor(i / CHUNK)];
    const base = (i % CHUNK) * SLOTS;
    for (let j = 0; j < n; j++) {
      const key = keys[j];
      const kind = Math.floor(key / KIND_SCALE);
      const first = FIRST[kind];
      if (first < 0) continue;
      const from = base + first;
      const to = from + WIDTH[kind];
      let min = from;
      let hit = -1;
      for (let s = from; s < to; s++) {
        if (cnts[s] !== 0 && vals[s] === key) {
          hit = s;
          break;
        }
        if (cnts[s] < cnts[min]) min = s;
      }
      if (hit >= 0) {
        if (cnts[hit] < MAX_COUNT) cnts[hit]++;
      } else {
        // space-saving: the newcomer takes the weakest slot and inherits its count
        vals[min] = key;
        cnts[min] = Math.min(MAX_COUNT, cnts[min] + 1);
      }
    }
  }

  /** Whether the account's table row was matched against index `version`; marks it so. */
  checkedAgainst(i: number, version: number): boolean {
    const c = this.checked[Math.floor(i / CHUNK)];
    if (c[i % CHUNK] === version) return true;
    c[i % CHUNK] = version;
    return false;
  }

  /**
   * Calls `fn` with the keys of the account's table row (contract §2),
   * computed once per row rather than at every sweep.
   */
  forEachRecordKey(i: number, record: AccountRecord | undefined, fn: (key: number) => void): void {
    const c = Math.floor(i / CHUNK);
    const o = i % CHUNK;
    const keys = this.rowKeys[c];
    if (this.rows[i] !== record) {
      this.rows[i] = record;
      const ks = recordKeys(record);
      for (let j = 0; j < ks.length; j++) keys[o * RECORD_KEYS + j] = ks[j];
      this.rowKeyCount[c][o] = ks.length + 1;
    }
    const n = this.rowKeyCount[c][o] - 1;
    for (let j = 0; j < n; j++) fn(keys[o * RECORD_KEYS + j]);
  }

  /** Calls `fn` with every key the account in slot `i` holds. */
  forEachKey(i: number, fn: (key: number) => void): void {
    const vals = this.values[Math.floor(i / CHUNK)];
    const cnts = this.counts[Math.floor(i / CHUNK)];
    const base = (i % CHUNK) * SLOTS;
    for (let s = base; s < base + SLOTS; s++) if (cnts[s] !== 0) fn(vals[s]);
  }

  /** bytes held, for the memory accounting */
  bytes(): number {
    return this.values.length * CHUNK * (SLOTS * 10 + 4 + RECORD_KEYS * 8 + 1) + this.size * 72;
  }
}
