import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AcctState } from './accounts.js';
import { Kind, keyOf } from './keys.js';
import { minorityOrgs, orgSeatTies } from './index.js';

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
  it('is a minority organisation when it has two or more seats but fewer than half of the members', () => {
    const m = population([...campaign(6), seat(0), seat(1), seat(2), { id: 'lone', org: 'solo', keys: [] }]);
    assert.deepEqual([...minorityOrgs(m)], [['acme', [6, 7, 8]]]);
    assert.equal(minorityOrgs(population([...campaign(4), seat(0), seat(1), seat(2), seat(3)])).size, 0, 'half of the members is the campaign itself');
  });

  it('is not tied to the campaign by the payment instrument and organisation its own seats share', () => {
    const m = population([...campaign(6), seat(0), seat(1), seat(2)]);
    const { shared, holders } = counts(m);
    const inOrg = new Int32Array(64);
    const tie = orgSeatTies(m, minorityOrgs(m).values(), shared, inOrg, holders, 2);
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
    // the template is held by three members and two accounts outside the campaign: mostly
    // inside it, so decisive (1) as well as a template tie (2)
    const { shared, holders } = counts(m, new Map([[BAND, 2]]));
    const tie = orgSeatTies(m, minorityOrgs(m).values(), shared, new Int32Array(64), holders, 2);
    assert.deepEqual([...tie.subarray(6)], [1, 3, 0]);
    // held by ten outside it: no longer decisive, still a template tie (within three times the members)
    const wider = counts(m, new Map([[BAND, 8]]));
    assert.deepEqual([...orgSeatTies(m, minorityOrgs(m).values(), wider.shared, new Int32Array(64), wider.holders, 2).subarray(6)], [1, 2, 0]);
    // a template most of whose holders are outside the campaign is a coincidence of phrasing
    const common = counts(m, new Map([[BAND, 40]]));
    assert.deepEqual([...orgSeatTies(m, minorityOrgs(m).values(), common.shared, new Int32Array(64), common.holders, 2).subarray(6)], [1, 0, 0]);
  });
});
