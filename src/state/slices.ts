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
 *   sk.ranges.label(0); // '10.2.0.0/16'
 */

import { fmix32 } from '../util/hash.js';
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

/*
 * Every number of a sketch lives in one Uint32Array (one heap object rather
 * than a dozen: at 100k accounts the objects would cost more than the numbers;
 * see AccountState): counters, the two hour-of-day runs, then per dimension
 * its slots used and SLICE_SLOTS slots of SLOT words each.
 */
const N = 0, HARVEST = 1, USE = 2, HARVEST_DAYS = 3, LAST_DAY = 4, OUT_LO = 5, OUT_HI = 6, WITH_OUT = 7;
const HOURS_N = 8;
const HOURS_H = HOURS_N + 24;
/** a slot: its hash, exchanges (an upper bound), harvest since taken (a lower bound), the harvest addresses' bitmap (2 words) */
const SLOT = 5;
const DIM = 1 + SLICE_SLOTS * SLOT;
const KEYS = HOURS_H + 24;
const RANGES = KEYS + DIM;
const WORDS = RANGES + DIM;

/**
 * The top slots of one dimension (keys or address ranges) of a sketch, by
 * exchanges, each with its harvest count and the addresses its harvest came
 * from. A view made when read; the sketch keeps only its numbers and labels.
 */
export class TopSlices {
  constructor(private readonly u: Uint32Array, private readonly at: number, private readonly labels: (string | undefined)[], private readonly labelAt: number) {}

  get size(): number {
    return this.u[this.at];
  }
  label(i: number): string {
    return this.labels[this.labelAt + i] ?? '';
  }
  /** exchanges on slot i (an upper bound once slots were evicted) */
  exchanges(i: number): number {
    return this.u[this.at + 1 + i * SLOT + 1];
  }
  /** harvest exchanges on slot i since it took its slot (a lower bound) */
  harvest(i: number): number {
    return this.u[this.at + 1 + i * SLOT + 2];
  }
  /** distinct addresses the slot's harvest came from (linear counting over 64 bits: exact to a handful, ±15% at 40) */
  harvestAddresses(i: number): number {
    const o = this.at + 1 + i * SLOT;
    const ones = popcount32(this.u[o + 3]) + popcount32(this.u[o + 4]);
    if (ones === 0) return 0;
    if (ones >= BITMAP_BITS) return Math.round(BITMAP_BITS * Math.log(BITMAP_BITS));
    return Math.round(-BITMAP_BITS * Math.log(1 - ones / BITMAP_BITS));
  }
  /** the slot holding the most harvest, or -1 */
  topByHarvest(): number {
    let best = -1;
    for (let i = 0; i < this.size; i++) if (this.harvest(i) > 0 && (best < 0 || this.harvest(i) > this.harvest(best))) best = i;
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
  private readonly u = new Uint32Array(WORDS);
  /** the slots' labels: keys, then ranges */
  private readonly labels: (string | undefined)[] = new Array(2 * SLICE_SLOTS);

  /** exchanges counted (from the one the sketch was made at) */
  get n(): number { return this.u[N]; }
  get harvest(): number { return this.u[HARVEST]; }
  /** exchanges that are someone's use: non-harvest follow-up turns */
  get use(): number { return this.u[USE]; }
  /** distinct UTC days with harvest */
  get harvestDays(): number { return this.u[HARVEST_DAYS]; }
  /** output tokens of the harvest exchanges that report them, and how many do */
  get harvestOutput(): number { return this.u[OUT_HI] * 4294967296 + this.u[OUT_LO]; }
  get harvestWithOutput(): number { return this.u[WITH_OUT]; }
  get keys(): TopSlices { return new TopSlices(this.u, KEYS, this.labels, 0); }
  get ranges(): TopSlices { return new TopSlices(this.u, RANGES, this.labels, SLICE_SLOTS); }

  add(x: SliceInput): void {
    const u = this.u;
    u[N]++;
    const hour = Math.floor(x.tsMs / 3_600_000) % 24;
    u[HOURS_N + hour]++;
    if (x.harvest) {
      u[HARVEST]++;
      u[HOURS_H + hour]++;
      // days are stored plus one (0: none yet); event time may step back a little in a reordered log
      const day = Math.floor(x.tsMs / 86_400_000) + 1;
      if (day > u[LAST_DAY]) {
        u[HARVEST_DAYS]++;
        u[LAST_DAY] = day;
      }
      if (x.outputTokens > 0) {
        const lo = u[OUT_LO] + x.outputTokens;
        u[OUT_LO] = lo;
        if (lo >= 4294967296) u[OUT_HI]++;
        u[WITH_OUT]++;
      }
    } else if (x.use) u[USE]++;
    // the address itself matters only for harvest (its slot counts the addresses harvest came from)
    const addr = x.harvest && x.ip ? hashOf(x.ip, x.ip.length) : 0;
    const key = x.key ?? '';
    this.slot(KEYS, 0, hashOf(key, key.length), () => key || '(no key)', x.harvest, addr);
    const ip = x.ip ?? '';
    const cut = rangeEnd(ip);
    this.slot(RANGES, SLICE_SLOTS, hashOf(ip, cut), () => rangeLabel(ip, cut), x.harvest, addr);
  }

  /** Counts one exchange on the slice `hash` of the dimension at `at` (its label made only when it takes a slot). */
  private slot(at: number, labelAt: number, hash: number, label: () => string, harvest: boolean, addr: number): void {
    const u = this.u;
    const used = u[at];
    let i = 0;
    for (; i < used; i++) if (u[at + 1 + i * SLOT] === hash) break;
    if (i === used) {
      if (used < SLICE_SLOTS) u[at]++;
      else {
        // evict the smallest: the newcomer inherits its count (space-saving), its harvest starts afresh
        i = 0;
        for (let j = 1; j < SLICE_SLOTS; j++) if (u[at + 1 + j * SLOT + 1] < u[at + 1 + i * SLOT + 1]) i = j;
        const o = at + 1 + i * SLOT;
        u[o + 2] = 0;
        u[o + 3] = 0;
        u[o + 4] = 0;
      }
      u[at + 1 + i * SLOT] = hash;
      this.labels[labelAt + i] = flat(label());
    }
    const o = at + 1 + i * SLOT;
    u[o + 1]++;
    if (harvest) {
      u[o + 2]++;
      const bit = addr & (BITMAP_BITS - 1);
      u[o + 3 + (bit >>> 5)] |= 1 << (bit & 31);
    }
  }

  /**
   * The shortest run of hours of the day (wrapping) that holds at least
   * `share` of the harvest, with its exchanges and harvest; null without harvest.
   */
  harvestHours(share: number): HourWindow | null {
    const u = this.u;
    if (u[HARVEST] === 0) return null;
    const need = share * u[HARVEST];
    for (let len = 1; len <= 24; len++) {
      let best: HourWindow | null = null;
      for (let from = 0; from < 24; from++) {
        let h = 0;
        let n = 0;
        for (let k = 0; k < len; k++) {
          h += u[HOURS_H + ((from + k) % 24)];
          n += u[HOURS_N + ((from + k) % 24)];
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

