/**
 * heldout/v8's event model.
 *
 * People (and each end user behind an app) are **priority-queue task
 * executors** (Barabási 2005): tasks arrive with their projects, courses and
 * deadlines and wait in the person's queue; at each moment the person turns to
 * the assistant (a non-homogeneous Poisson stream of decision instants shaped
 * by local hour and weekday) they take the highest-priority task with
 * probability `p`, otherwise any one; a task's priority rises as its deadline
 * nears. Waiting times are therefore heavy-tailed, and bursts come from task
 * arrivals (a course's assignment, a project week), not from a hidden state,
 * self-excitation, renewal sittings or an hourly Poisson draw. Each executed
 * task becomes one conversation whose depth and shape depend on the task.
 *
 * Scripted clients are **job schedulers**: cron entries, worker pools that
 * drain a queue of jobs under a per-account requests-per-minute limiter with
 * exponential back-off, and (for some) a retry that hops to another account
 * of the pool after a 429.
 */
import type { Rng } from './rng.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Account {
  id: string; persona: string; label: 'benign' | 'campaign'; campaign: string | null;
  created: number; org?: string; keys: string[]; email: string; card: string;
  signupIp?: string; country?: string; tier?: string; verified?: boolean;
  /** never sends (dormant) */
  silent?: boolean;
  /** the account's own requests-per-minute window, made by the first conversation that needs it */
  limiter?: Limiter;
}
export interface Msg { role: 'user' | 'assistant' | 'tool'; content: string }
export interface Req {
  t: number; acct: Account; key?: string; ip: string; ua: string; model?: string; endpoint: string;
  system?: string; messages: Msg[]; params?: Record<string, unknown>; tools?: string[]; stream?: boolean;
  status?: number; outTok: number; stop?: string; toolCalls?: number; latency?: number;
  /** the provider keeps no content for this account (zero retention) */
  noContent?: boolean;
  /** the answer as logged; the writer makes a stand-in when absent */
  text?: string;
  lang?: string;
}
export type Emit = (r: Req) => void;
export interface Actor { accounts: Account[]; day(d: number, dayStart: number, emit: Emit): void }

/**
 * Requests-per-minute limiter with a fixed window per clock minute and key (an
 * account), as many providers count; jobs of one day may be played out of
 * time order, which a fixed window tolerates.
 */
export class Limiter {
  private w = new Map<string, number>();
  constructor(private rpm: (key: string) => number) {}
  take(key: string, t: number): boolean {
    const k = `${key}@${Math.floor(t / MIN)}`;
    const n = this.w.get(k) ?? 0;
    if (n >= this.rpm(key)) return false;
    this.w.set(k, n + 1);
    return true;
  }
}

/** latency of an answer of `out` tokens: time to first token plus decode */
export const latencyOf = (r: Rng, out: number, stream = false): number => Math.round(r.logn(stream ? 450 : 700, 0.4) + out * r.range(9, 22));

export interface Task { pri: number; born: number; deadline?: number; kind: string; n: number }

/**
 * One person's day under the priority-queue model. `arrivals` gives the day's
 * new tasks; `rate(localHour, weekday)` the decision instants per hour;
 * `run(task, t)` plays the conversation and returns when it ended.
 */
export class TaskPerson {
  queue: Task[] = [];
  busyUntil = 0;
  constructor(readonly r: Rng, readonly tz: number, readonly p: number, readonly cap = 40) {}
  add(t: Task): void {
    this.queue.push(t);
    if (this.queue.length > this.cap) {
      // people forget the least pressing things when the list grows long
      let lo = 0;
      for (let i = 1; i < this.queue.length; i++) if (this.queue[i]!.pri < this.queue[lo]!.pri) lo = i;
      this.queue.splice(lo, 1);
    }
  }
  private urgency(x: Task, t: number): number {
    if (x.deadline === undefined) return x.pri;
    const left = (x.deadline - t) / DAY;
    return x.pri + (left < 0 ? 0.2 : 2 / (1 + Math.max(0, left) * 2));
  }
  day(dayStart: number, rate: (localHour: number, weekday: number) => number, run: (task: Task, t: number) => number): void {
    const r = this.r;
    const peak = 3;
    let t = Math.max(dayStart, this.busyUntil);
    const end = dayStart + DAY;
    for (;;) {
      t += r.exp(HOUR / peak);
      if (t >= end) break;
      const local = new Date(t + this.tz * HOUR);
      const h = local.getUTCHours() + local.getUTCMinutes() / 60;
      if (!r.chance(Math.min(1, rate(h, local.getUTCDay()) / peak))) continue;
      const ready = this.queue.filter((x) => x.born <= t);
      if (!ready.length) continue;
      let pick: Task;
      if (r.chance(this.p)) {
        pick = ready[0]!;
        for (const x of ready) if (this.urgency(x, t) > this.urgency(pick, t)) pick = x;
      } else pick = r.pick(ready);
      this.queue.splice(this.queue.indexOf(pick), 1);
      t = run(pick, t);
      this.busyUntil = t;
    }
  }
}

/** a local-time activity curve: weight per local hour (0-24), weekend factor */
export function curve(hours: readonly (readonly [number, number, number])[], weekend: number): (h: number, wd: number) => number {
  return (h, wd) => {
    let v = 0;
    for (const [a, b, w] of hours) if (h >= a && h < b) v = Math.max(v, w);
    return wd === 0 || wd === 6 ? v * weekend : v;
  };
}

/** one request a job wants to send; `after` is the pause before it (reading, tool run) */
export interface Step { build: (acct: Account, t: number) => Omit<Req, 't' | 'acct' | 'status' | 'latency'>; after?: number }
export interface Job { steps: Step[] }

export interface PoolOpts {
  r: Rng; accounts: Account[]; workers: number; limiter: Limiter; limitKey?: (a: Account) => string;
  /** pause a worker takes between jobs */
  gap: (r: Rng) => number;
  /** chance that a 429'd request is re-sent from another account of the pool */
  hop: number; backoffMs: number; maxRetries?: number;
  /** how a worker picks its account per job */
  assign?: 'worker' | 'job' | 'round';
}

/**
 * Drains `jobs` (mutated: done jobs are removed) from `start` until `end` with a
 * pool of workers; events go out in time order. Returns the jobs done.
 */
export function drain(o: PoolOpts, jobs: Job[], start: number, end: number, emit: Emit): number {
  const { r } = o;
  const free = Array.from({ length: o.workers }, (_, i) => start + r.next() * 20_000 + i * 150);
  let done = 0, rr = 0;
  const key = o.limitKey ?? ((a: Account) => a.id);
  while (jobs.length) {
    let w = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[w]!) w = i;
    let t = free[w]!;
    if (t >= end) break;
    const job = jobs.shift()!;
    let acct = o.assign === 'job' ? r.pick(o.accounts) : o.assign === 'round' ? o.accounts[rr++ % o.accounts.length]! : o.accounts[w % o.accounts.length]!;
    for (const s of job.steps) {
      if (s.after) t += s.after;
      let tries = 0;
      for (;;) {
        const body = s.build(acct, t);
        if (o.limiter.take(key(acct), t) || tries >= (o.maxRetries ?? 6)) {
          const lat = latencyOf(r, body.outTok, body.stream);
          const fail = r.chance(0.003);
          emit({ ...body, t, acct, status: fail ? 500 : 200, latency: fail ? r.intIn(200, 9000) : lat, ...(fail ? { outTok: 0 } : {}) });
          t += fail ? 2_000 : lat;
          if (fail && tries < 3) { tries++; t += o.backoffMs * r.range(1, 2); continue; }
          break;
        }
        emit({ ...body, t, acct, status: 429, latency: r.intIn(8, 60), outTok: 0 });
        tries++;
        t += o.backoffMs * Math.pow(2, Math.min(tries, 5)) * r.range(0.5, 1.5);
        if (o.accounts.length > 1 && r.chance(o.hop)) acct = r.pick(o.accounts.filter((a) => a !== acct));
      }
    }
    done++;
    free[w] = t + o.gap(r);
  }
  return done;
}
