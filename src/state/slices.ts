/**
 * Where an account's harvest sits inside its traffic: per API key, per
 * address range and per hour of the day, each slice with its exchanges and
 * its harvest exchanges. Bounded: the keys and ranges are the top
 * `SLICE_SLOTS` of each by traffic (space-saving, Metwally et al. 2005), the
 * hours are 24 counters, so an account's sketch has the same size after ten
 * exchanges or ten million.
 *
 * Why: a reseller's accounts carry paying end users' chats and a distiller's
 * harvest on the same accounts. Over the whole account the harvest is a
 * share (a quarter, a third) that an app with curious users can approach; the
 * operator's slice (its own key, its own egress range, its own night hours)
 * can be nearly all harvest. Slices say where to look, and the reasons name
 * them.
 *
 * Space-saving keeps a slot's count as an upper bound (a slot taken over
 * inherits the evicted count as error) and its harvest as counted since the
 * slot was taken, a lower bound: a slice's harvest share is never overstated.
 * Exact while an account uses no more keys or ranges than there are slots.
 *
 * @example
 *   const sk = new SliceSketch();
 *   sk.add({ key: 'k_1', ip: '10.2.3.4', tsMs: Date.now(), harvest: true, use: false, outputTokens: 800 });
 *   sk.keys.label(0); // 'k_1'
 */

import { fmix32 } from '../features/hash.js';
import { popcount32 } from './sketches.js';

/** Slots per dimension: a reseller keeps its harvest on one to three keys or ranges of a handful. */
export const SLICE_SLOTS = 4;
const BITMAP_BITS = 64;

/** One exchange as the sketch sees it. */
export interface SliceInput {
  key?: string;
  ip?: string;
  tsMs: number;
  /** the exchange harvests (an extraction intent fired; see the detector) */
  harvest: boolean;
  /** the exchange is someone's use: a follow-up turn of a conversation that does not harvest */
  use: boolean;
  outputTokens: number;
}

/**
 * The top slots of one dimension (keys or address ranges) by exchanges, each
 * with its harvest count and a 64-bit linear-counting bitmap of the addresses
 * its harvest came from.
 */
export class TopSlices {
  private readonly hashes: Uint32Array;
  private readonly labels: (string | undefined)[];
  /** exchanges per slot (upper bound), harvest per slot (since taken), eviction error, address bitmap (2 words) */
  private readonly counts: Uint32Array;
  private used = 0;

  constructor(readonly slots = SLICE_SLOTS) {
    this.hashes = new Uint32Array(slots);
    this.labels = new Array(slots);
    this.counts = new Uint32Array(5 * slots);
  }

  get size(): number {
    return this.used;
  }

  /** Counts one exchange on the slice `hash` (its label made only when it takes a slot). */
  add(hash: number, label: () => string, harvest: boolean, addrHash: number): void {
    const c = this.counts;
    let i = 0;
    for (; i < this.used; i++) if (this.hashes[i] === hash) break;
    if (i === this.used) {
      if (this.used < this.slots) this.used++;
      else {
        // evict the smallest: the newcomer inherits its count as error (space-saving)
        i = 0;
        for (let j = 1; j < this.slots; j++) if (c[5 * j] < c[5 * i]) i = j;
        c[5 * i + 2] = c[5 * i];
        c[5 * i + 1] = 0;
        c[5 * i + 3] = 0;
        c[5 * i + 4] = 0;
      }
      this.hashes[i] = hash;
      this.labels[i] = flat(label());
    }
    c[5 * i]++;
    if (harvest) {
      c[5 * i + 1]++;
      const bit = addrHash & (BITMAP_BITS - 1);
      c[5 * i + 3 + (bit >>> 5)] |= 1 << (bit & 31);
    }
  }

  label(i: number): string {
    return this.labels[i] ?? '';
  }
  /** exchanges on slot i (an upper bound once slots were evicted) */
  exchanges(i: number): number {
    return this.counts[5 * i];
  }
  /** harvest exchanges on slot i since it took its slot (a lower bound) */
  harvest(i: number): number {
    return this.counts[5 * i + 1];
  }
  /** distinct addresses the slot's harvest came from (linear counting over 64 bits: exact to a handful, ±15% at 40) */
  harvestAddresses(i: number): number {
    const c = this.counts;
    const ones = popcount32(c[5 * i + 3]) + popcount32(c[5 * i + 4]);
    if (ones === 0) return 0;
    if (ones >= BITMAP_BITS) return BITMAP_BITS * Math.log(BITMAP_BITS);
    return Math.round(-BITMAP_BITS * Math.log(1 - ones / BITMAP_BITS));
  }
  /** the slot holding the most harvest, or -1 */
  topByHarvest(): number {
    let best = -1;
    for (let i = 0; i < this.used; i++) if (this.counts[5 * i + 1] > 0 && (best < 0 || this.counts[5 * i + 1] > this.counts[5 * best + 1])) best = i;
    return best;
  }
}

/** A window of hours of the day, wrapping past midnight. */
export interface HourWindow {
  /** first hour (UTC) */
  from: number;
  /** hours long, 1..24 */
  hours: number;
  exchanges: number;
  harvest: number;
}

/** An account's harvest by key, address range and hour of the day (see the file comment). */
export class SliceSketch {
  /** exchanges counted (from the one the sketch was made at) */
  n = 0;
  harvest = 0;
  /** exchanges that are someone's use: non-harvest follow-up turns */
  use = 0;
  /** distinct UTC days with harvest */
  harvestDays = 0;
  private lastHarvestDay = -1;
  /** output tokens of the harvest exchanges that report them, and how many do */
  harvestOutput = 0;
  harvestWithOutput = 0;
  readonly keys = new TopSlices();
  readonly ranges = new TopSlices();
  private readonly hourN = new Uint32Array(24);
  private readonly hourH = new Uint32Array(24);

  add(x: SliceInput): void {
    this.n++;
    const hour = Math.floor(x.tsMs / 3_600_000) % 24;
    this.hourN[hour]++;
    if (x.harvest) {
      this.harvest++;
      this.hourH[hour]++;
      const day = Math.floor(x.tsMs / 86_400_000);
      if (day !== this.lastHarvestDay) {
        // event time may step back a little (reordered logs): a day is counted once per run of it
        if (day > this.lastHarvestDay) this.harvestDays++;
        this.lastHarvestDay = Math.max(day, this.lastHarvestDay);
      }
      if (x.outputTokens > 0) {
        this.harvestOutput += x.outputTokens;
        this.harvestWithOutput++;
      }
    } else if (x.use) this.use++;
    const addr = x.ip ? hashOf(x.ip, x.ip.length) : 0;
    const key = x.key ?? '';
    this.keys.add(hashOf(key, key.length), () => key || '(no key)', x.harvest, addr);
    const ip = x.ip ?? '';
    const cut = rangeEnd(ip);
    this.ranges.add(hashOf(ip, cut), () => rangeLabel(ip, cut), x.harvest, addr);
  }

  /**
   * The shortest run of hours of the day (wrapping) that holds at least
   * `share` of the harvest, with its exchanges and harvest; null without harvest.
   */
  harvestHours(share: number): HourWindow | null {
    if (this.harvest === 0) return null;
    const need = share * this.harvest;
    for (let len = 1; len <= 24; len++) {
      let best: HourWindow | null = null;
      for (let from = 0; from < 24; from++) {
        let h = 0;
        let n = 0;
        for (let k = 0; k < len; k++) {
          h += this.hourH[(from + k) % 24];
          n += this.hourN[(from + k) % 24];
        }
        if (h >= need && (!best || h > best.harvest)) best = { from, hours: len, exchanges: n, harvest: h };
      }
      if (best) return best;
    }
    return null;
  }
}

/** Where an address's range ends: the first two octets of IPv4 (a /16), the first three groups of IPv6 (a /48). */
function rangeEnd(ip: string): number {
  const v6 = ip.includes(':');
  const sep = v6 ? ':' : '.';
  let at = -1;
  for (let k = 0; k < (v6 ? 3 : 2); k++) {
    at = ip.indexOf(sep, at + 1);
    if (at < 0) return ip.length;
  }
  return at;
}

function rangeLabel(ip: string, cut: number): string {
  if (!ip) return '(no address)';
  if (cut >= ip.length) return ip;
  return ip.includes(':') ? `${ip.slice(0, cut)}::/48` : `${ip.slice(0, cut)}.0.0/16`;
}

/** FNV-1a over the first `len` code units (no substring is made per exchange), finalised so its low bits spread. */
function hashOf(s: string, len: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** A flat copy: a label sliced from a log line must not keep the line alive. */
function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

