/**
 * A group of accounts that start sessions by an hourly Poisson process: the
 * mean is the member's sessions per active day, spread over the hours by its
 * local diurnal profile and scaled by its weekly profile; each UTC day a member
 * is active with some probability, at a drawn intensity (people have busy and
 * quiet days).
 */
import { DAY, DIURNAL, HOUR, localHour, WEEKLY, type AccountRow, type Actor, type Ev, type LabelRow, type Seat } from './core.js';

export interface Member {
  seat: Seat;
  off: number;
  diurnal: string;
  weekly: string;
  /** sessions on an active day at weekly weight 1 */
  perDay: number;
  /** chance that a given day is active */
  activeP: number;
  from: number;
  until: number;
  today?: number;
  day?: number;
  [k: string]: unknown;
}

export type Session<M extends Member> = (m: M, t: number, out: Ev[]) => void;

const DIURNAL_SUM: Record<string, number> = Object.fromEntries(Object.entries(DIURNAL).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0)]));

export class Crowd<M extends Member> implements Actor {
  constructor(
    readonly accounts: AccountRow[],
    readonly labels: LabelRow[],
    readonly members: M[],
    private readonly session: Session<M>,
  ) {}

  hour(t: number, out: Ev[]): void {
    const day = Math.floor(t / DAY);
    for (const m of this.members) {
      if (t + HOUR <= m.from || t >= m.until) continue;
      const r = m.seat.rng;
      if (m.day !== day) {
        m.day = day;
        m.today = r.chance(m.activeP) ? r.between(0.4, 1.8) : 0;
      }
      if (!m.today) continue;
      const { hour, dow } = localHour(t, m.off);
      const lam = (m.perDay * m.today * DIURNAL[m.diurnal]![hour]! * WEEKLY[m.weekly]![dow]!) / DIURNAL_SUM[m.diurnal]!;
      const k = r.poisson(lam);
      for (let i = 0; i < k; i++) {
        const at = Math.max(m.from, t) + Math.floor(r.next() * (t + HOUR - Math.max(m.from, t)));
        if (at < m.until) this.session(m, at, out);
      }
    }
  }
}
