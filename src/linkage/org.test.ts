import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Exchange } from '../contract/types.js';
import { extractFeatures } from '../features/index.js';
import { AcctState } from './accounts.js';
import { Kind, keyOf } from './keys.js';
import { createLinkage, partOrgs, orgSeatTies } from './index.js';

/** Accounts holding interned keys: `keys` lists [key-table index, kind] per account. */
function population(spec: { id: string; org?: string; keys: [number, Kind][] }[]): AcctState[] {
  return spec.map((a, idx) => {
    const s = new AcctState(a.id, idx);
    if (a.org) s.org = a.org;
    for (const [k, kind] of a.keys) s.setKey(s.addKey(keyOf(kind, 1000 + k), kind), k);
    return s;
  });
}

/** Members holding each key (as the linkage counts them) and all holders (members plus `outsiders`). */
function counts(members: AcctState[], outsiders: Map<number, number> = new Map()): { shared: Int32Array; holders: (k: number) => number } {
  const shared = new Int32Array(64);
  for (const s of members) for (let j = 0; j < s.n; j++) shared[s.key(j)]++;
  return { shared, holders: (k) => shared[k] + (outsiders.get(k) ?? 0) };
}

const PAY = 1, ORG = 2, NET = 3, UA = 4, IP = 5, BAND = 6;
const campaign = (n: number, extra: (i: number) => [number, Kind][] = () => []) =>
  Array.from({ length: n }, (_, i) => ({ id: `c${i}`, keys: [[NET, Kind.Net], [UA, Kind.UserAgent], ...extra(i)] as [number, Kind][] }));
const seat = (i: number, extra: [number, Kind][] = []) => ({ id: `s${i}`, org: 'acme', keys: [[PAY, Kind.Payment], [ORG, Kind.Org], [UA, Kind.UserAgent], ...extra] as [number, Kind][] });

describe('an organisation inside a campaign cluster', () => {
  it('is part of the campaign when it has two or more seats but fewer than 80% of the members', () => {
    const m = population([...campaign(6), seat(0), seat(1), seat(2), { id: 'lone', org: 'solo', keys: [] }]);
    assert.deepEqual([...partOrgs(m)], [['acme', [6, 7, 8]]]);
    assert.deepEqual([...partOrgs(population([...campaign(2), seat(0), seat(1), seat(2)]))], [['acme', [2, 3, 4]]], 'three of five members');
    assert.equal(partOrgs(population([...campaign(1), seat(0), seat(1), seat(2), seat(3)])).size, 0, 'four of five members is the campaign itself (a one-organisation campaign)');
  });

  it('is not tied to the campaign by the payment instrument and organisation its own seats share', () => {
    const m = population([...campaign(6), seat(0), seat(1), seat(2)]);
    const { shared, holders } = counts(m);
    const inOrg = new Int32Array(64);
    const tie = orgSeatTies(m, partOrgs(m).values(), shared, inOrg, holders, 2);
    assert.deepEqual([...tie], [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.ok(inOrg.every((v) => v === 0), 'scratch counts are zeroed again');
  });

  it('is tied seat by seat by a decisive key or a template it shares with members outside the organisation', () => {
    const m = population([
      ...campaign(6, (i) => (i === 0 ? [[IP, Kind.Ip]] : i === 1 || i === 2 ? [[BAND, Kind.TemplateBand]] : [])),
      seat(0, [[IP, Kind.Ip]]),
      seat(1, [[BAND, Kind.TemplateBand]]),
      seat(2),
    ]);
    // the address ties the first seat decisively (1), and it is not content (4); the template
    // is held by three members and two accounts outside the campaign: mostly inside it, so
    // decisive (1) as well as a template tie (2), but content only (no 4)
    const { shared, holders } = counts(m, new Map([[BAND, 2]]));
    const tie = orgSeatTies(m, partOrgs(m).values(), shared, new Int32Array(64), holders, 2);
    assert.deepEqual([...tie.subarray(6)], [5, 3, 0]);
    // held by five outside it: no longer decisive, still a template tie (within three times the
    // two members outside the organisation that hold it)
    const wider = counts(m, new Map([[BAND, 5]]));
    assert.deepEqual([...orgSeatTies(m, partOrgs(m).values(), wider.shared, new Int32Array(64), wider.holders, 2).subarray(6)], [5, 2, 0]);
    // held by eight outside it: more than three times those two; the seat's own holding does not count towards the tie
    const eight = counts(m, new Map([[BAND, 8]]));
    assert.deepEqual([...orgSeatTies(m, partOrgs(m).values(), eight.shared, new Int32Array(64), eight.holders, 2).subarray(6)], [5, 0, 0]);
    // a template most of whose holders are outside the campaign is a coincidence of phrasing
    const common = counts(m, new Map([[BAND, 40]]));
    assert.deepEqual([...orgSeatTies(m, partOrgs(m).values(), common.shared, new Int32Array(64), common.holders, 2).subarray(6)], [5, 0, 0]);
  });
});

describe('a seat tied to the campaign by content alone', () => {
  it('is marked apart from one tied by an address, a card or a domain', () => {
    const SYS = 7;
    const m = population([
      ...campaign(6, (i) => (i < 3 ? [[SYS, Kind.SystemPrompt]] : i === 3 ? [[PAY + 20, Kind.Payment]] : [])),
      seat(0, [[SYS, Kind.SystemPrompt]]),
      seat(1, [[PAY + 20, Kind.Payment]]),
      seat(2),
    ]);
    const { shared, holders } = counts(m);
    // a system prompt held mostly inside the campaign: decisive, content (1); a card it shares with a member outside its organisation: 1 and 4
    assert.deepEqual([...orgSeatTies(m, partOrgs(m).values(), shared, new Int32Array(64), holders, 2).subarray(6)], [1, 5, 0]);
  });
});

describe('an organisation whose seats share only the wording of a campaign they sit in', () => {
  it('has its seats marked for review; seats on the campaign\'s address range are not', () => {
    const items = ['What is the derivative of x^3 + 2x?', 'Prove that the square root of 2 is irrational.', 'How many primes are below 50?', 'Solve 3x + 7 = 22 for x.', 'What is the integral of sin(x) dx?', 'Factor x^2 - 5x + 6.', 'What is 17 times 23?', 'Find the area of a circle of radius 4.'];
    const wrap = 'Think step by step and show all of your reasoning before the final answer.';
    // 20 harvesting accounts on one /24 and three seats of one organisation (own card and domain)
    // using the same wrapper half an hour later each hour, from their own range or from the campaign's
    for (const [seatNet, contentOnly] of [['192.0.2', true], ['198.51.100', false]] as const) {
      const t0 = Date.parse('2026-11-02T00:00:00Z');
      const L = createLinkage();
      for (let i = 0; i < 20; i++) L.registerAccount({ account_id: `c${i}`, created_at: '2026-11-01T10:00:00Z' });
      for (let i = 0; i < 3; i++) L.registerAccount({ account_id: `s${i}`, created_at: '2026-06-01T10:00:00Z', org_id: 'org_acme', payment_fingerprint: 'pf_acme', email_domain: 'acme.example' });
      const exs: Exchange[] = [];
      const push = (account: string, tsMs: number, ip: string, content: string) =>
        exs.push({ id: `e${exs.length}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: account, ip, user_agent: 'python-httpx/0.27.0', model: 'm1', request: { messages: [{ role: 'user', content }] } });
      for (let h = 0; h < 48; h++) {
        for (let i = 0; i < 20; i++) push(`c${i}`, t0 + h * 3_600_000 + i * 20_000, `198.51.100.${i + 1}`, `${wrap} Problem ${h * 100 + i}: ${items[(h + i) % 8]}`);
        for (let i = 0; i < 3; i++) push(`s${i}`, t0 + h * 3_600_000 + 1_500_000 + i * 37_000, `${seatNet}.${200 + i}`, `${wrap} Exercise ${h * 10 + i}: ${items[(h * 3 + i) % 8]}`);
      }
      exs.sort((a, b) => a.tsMs - b.tsMs);
      for (const ex of exs) L.observe(ex, extractFeatures(ex));
      const c = L.sweep(t0 + 49 * 3_600_000).campaigns.find((x) => x.accounts.includes('c0'))!;
      const seats = ['s0', 's1', 's2'];
      assert.deepEqual(seats.filter((a) => c.accounts.includes(a) && c.memberDecisive.has(a)), seats, `${seatNet}: the seats are decisively in the campaign`);
      assert.deepEqual([...c.memberContentOnly].sort(), contentOnly ? seats : [], seatNet);
      if (contentOnly) assert.match(c.memberReasons.get('s0')!.map((r) => r.detail).join(' | '), /organisation org_acme in campaign .* only by content or timing: for review/);
    }
  });
});

describe('a campaign that is one organisation', () => {
  it('is reported as that organisation, and a campaign of separate accounts beside it is not', () => {
    // 24 harvesting accounts on one /24 and six seats of one organisation harvesting in the
    // same hours with their own wording, office range and card: two clusters
    const t0 = Date.parse('2026-11-02T00:00:00Z');
    const L = createLinkage();
    const created = '2026-11-01T10:00:00Z';
    for (let i = 0; i < 24; i++) L.registerAccount({ account_id: `c${i}`, created_at: created });
    for (let i = 0; i < 6; i++) L.registerAccount({ account_id: `s${i}`, created_at: created, org_id: 'org_acme', payment_fingerprint: 'pf_acme', email_domain: 'acme.example' });
    const items = ['What is the derivative of x^3 + 2x?', 'Prove that the square root of 2 is irrational.', 'How many primes are below 50?', 'Solve 3x + 7 = 22 for x.',
      'What is the integral of sin(x) dx?', 'Factor x^2 - 5x + 6.', 'What is 17 times 23?', 'Find the area of a circle of radius 4.'];
    const seatItems = ['What is the derivative of 5x^4 - x?', 'Compute the limit of (1 + 1/n)^n as n grows.', 'Solve the quadratic 2x^2 - 8 = 0.', 'What is the sum of the first 30 odd numbers?',
      'Integrate x e^x with respect to x.', 'Find the slope between (1,2) and (4,11).', 'What is 12 factorial divided by 10 factorial?', 'Find the volume of a cube of side 7.'];
    const exs: Exchange[] = [];
    let k = 0;
    const push = (account: string, tsMs: number, ip: string, content: string, system?: string) =>
      exs.push({ id: `e${k++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: account, ip, user_agent: 'python-httpx/0.27.0', model: 'm1', request: { ...(system ? { system } : {}), messages: [{ role: 'user', content }] } });
    for (let h = 0; h < 48; h++) {
      for (let i = 0; i < 24; i++) push(`c${i}`, t0 + h * 3_600_000 + i * 20_000, `198.51.100.${i + 1}`, `Think step by step and show all of your reasoning before the final answer. Problem ${h * 100 + i}: ${items[(h + i) % 8]}`);
      for (let i = 0; i < 6; i++) push(`s${i}`, t0 + h * 3_600_000 + i * 20_000 + 5_000, `192.0.2.${10 + i}`, `Think step by step and show all of your reasoning before the final answer. Exercise ${h * 10 + i}: ${seatItems[(h * 3 + i) % 8]}`, 'You are the Acme tutoring assistant.');
    }
    exs.sort((a, b) => a.tsMs - b.tsMs);
    for (const ex of exs) L.observe(ex, extractFeatures(ex));
    const found = L.sweep(t0 + 49 * 3_600_000).campaigns;
    const of = (prefix: string) => found.find((c) => c.accounts.every((a) => a.startsWith(prefix)));
    assert.ok(of('c')?.accounts.length === 24, 'the separate accounts are one campaign');
    assert.ok(of('s')?.accounts.length === 6, "the organisation's seats are one cluster");
    assert.deepEqual(of('s')!.oneOrganisation, { org: 'org_acme', share: 1 });
    assert.equal(of('c')!.oneOrganisation, undefined);
  });
});

/**
 * A synchronised fleet of 20 harvesting accounts and three seats of one organisation that
 * harvest with their own wording from their own addresses, in bursts of their own `shift`
 * hours after the fleet's (0: in the fleet's own buckets), beside 30 ordinary chat users.
 */
function syncWorld(shift: number): ReturnType<ReturnType<typeof createLinkage>['sweep']> {
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  const L = createLinkage();
  const items = ['What is the derivative of x^3 + 2x?', 'Prove that the square root of 2 is irrational.', 'How many primes are below 50?', 'Solve 3x + 7 = 22 for x.', 'What is the integral of sin(x) dx?', 'Factor x^2 - 5x + 6.', 'What is 17 times 23?', 'Find the area of a circle of radius 4.'];
  const wraps = ['Think step by step and show all of your reasoning before the final answer.', 'Reason carefully, one step at a time, then answer.', 'Work through it slowly and explain every step.', 'Show the full derivation before giving the result.'];
  const seatItems = ['Compute the limit of (1 + 1/n)^n as n grows.', 'Solve the quadratic 2x^2 - 8 = 0.', 'What is the sum of the first 30 odd numbers?', 'Integrate x e^x with respect to x.', 'Find the slope between (1,2) and (4,11).', 'What is 12 factorial divided by 10 factorial?', 'Find the volume of a cube of side 7.', 'What is the derivative of 5x^4 - x?'];
  const seatWraps = ['Walk me through your reasoning in detail, step by step please.', 'I need every step of the working written out.', 'Please explain each step of your reasoning as you go.', 'Go step by step and justify every step.'];
  const chat = ['what should I cook tonight with leeks', 'write a thank-you note to my neighbour', 'is it going to be a cold winter in Oslo', 'recommend a podcast about gardening'];
  const exs: Exchange[] = [];
  let k = 0;
  const push = (account: string, tsMs: number, ip: string, ua: string, content: string, org?: string): void => {
    exs.push({ id: `e${k++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: account, ip, user_agent: ua, model: 'm1', ...(org ? { org_id: org } : {}), request: { messages: [{ role: 'user', content }] } });
  };
  // a burst every three hours, four exchanges each within one 5-minute bucket
  for (let h = 0; h < 48; h += 3) {
    for (let m = 0; m < 4; m++) {
      for (let i = 0; i < 20; i++) push(`c${i}`, t0 + h * 3_600_000 + 420_000 + m * 20_000 + i * 5_000, `203.0.${i}.${(h % 50) + 1}`, 'OpenAI/Python 1.54.3', `${items[(h + i + m) % 8]} (case ${h * 100 + i + m})\n${wraps[(i + h) % 4]}`);
      for (let i = 0; i < 3; i++) push(`s${i}`, t0 + (h + shift) * 3_600_000 + 422_000 + m * 20_000 + i * 7_000, `192.0.2.${10 + i}`, 'OpenAI/Python 1.54.3', `${seatWraps[(i + 2 * h + 1) % 4]}\nTicket ${h * 10 + i + m}: ${seatItems[(h * 3 + i + m) % 8]}`, 'org_acme');
    }
  }
  for (let i = 0; i < 30; i++) for (let d = 0; d < 2; d++) for (let j = 0; j < 5; j++) {
    push(`b${i}`, t0 + d * 86_400_000 + (9 + ((i + j * 3) % 12)) * 3_600_000 + i * 61_000, `198.51.${i}.${j + 1}`, `Mozilla/5.0 (X11; Linux) Firefox/${100 + i}`, `${chat[(i + j) % 4]} (${i}, ${d}, ${j})`);
  }
  exs.sort((a, b) => a.tsMs - b.tsMs);
  for (const ex of exs) L.observe(ex, extractFeatures(ex));
  return L.sweep(t0 + 49 * 3_600_000);
}

describe('synchrony and an organisation\'s seats', () => {
  const seats = ['s0', 's1', 's2'];
  it('does not tie a seat to a synchronised campaign unless the seat itself keeps the campaign\'s hours', () => {
    const apart = syncWorld(1).campaigns.find((c) => c.accounts.includes('c0'))!;
    assert.deepEqual(seats.filter((id) => apart.accounts.includes(id)), seats, 'the seats sit in the fleet\'s cluster');
    assert.ok(apart.memberDecisive?.has('c0'), 'the fleet is tied by its synchrony');
    assert.deepEqual(seats.filter((id) => apart.memberDecisive?.has(id)), [], 'seats bursting in hours of their own');
    const together = syncWorld(0).campaigns.find((c) => c.accounts.includes('c0'))!;
    assert.deepEqual(seats.filter((id) => together.memberDecisive?.has(id)), seats, 'seats bursting in the fleet\'s own buckets');
  });
});

/**
 * Four accounts that send benchmark items with a reasoning request from one range and
 * retry a refused request on another of them seconds later: the keys of one organisation
 * (a CI pipeline's eval jobs rotating its own keys) when `org` is given, else four
 * accounts that say nothing of who they are (a fleet).
 */
function retryWorld(org: string | undefined): ReturnType<ReturnType<typeof createLinkage>['sweep']> {
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  const L = createLinkage();
  const exs: Exchange[] = [];
  let k = 0;
  const push = (account: string, tsMs: number, ip: string, content: string, status: number): void => {
    exs.push({ id: `e${k++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: account, ip, user_agent: 'python-httpx/0.27.0', model: 'm1', status, ...(org ? { org_id: org } : {}), request: { messages: [{ role: 'user', content }], temperature: 0 } });
  };
  for (let j = 0; j < 400; j++) {
    const t = t0 + j * 90_000;
    const content = `Problem ${j}: what is ${j} times ${j + 7}, and why? Think step by step and show all of your reasoning.`;
    if (j % 8 === 0) {
      push(`k${j % 4}`, t, `20.1.7.${(j % 50) + 1}`, content, 429);
      push(`k${(j + 1) % 4}`, t + 2_000, `20.1.7.${(j % 50) + 2}`, content, 200);
    } else push(`k${j % 4}`, t, `20.1.7.${(j % 50) + 1}`, content, 200);
  }
  for (const ex of exs) L.observe(ex, extractFeatures(ex));
  return L.sweep(t0 + 400 * 90_000 + 60_000);
}

describe('retry hops', () => {
  const hopped = (r: ReturnType<typeof retryWorld>) => r.campaigns.flatMap((c) => [...(c.memberReasons?.entries() ?? [])]).filter(([, rs]) => rs.some((x) => x.signal === 'linkage.retry_hop')).length;
  it('tie accounts that retry on each other, but not an organisation retrying on its own keys', () => {
    const fleet = retryWorld(undefined);
    assert.ok(fleet.campaigns.some((c) => c.accounts.length === 4), 'the four accounts form a campaign');
    assert.equal(hopped(fleet), 2, 'accounts tied by a retry hop (k0 retries on k1)');
    const org = retryWorld('org_ci');
    assert.equal(hopped(org), 0, 'an organisation\'s keys tied by retries among themselves');
  });
});
