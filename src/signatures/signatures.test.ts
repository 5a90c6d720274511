import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchedSignature, SignatureBook } from './index.js';
import { renderValue, SigKind, SIG_KINDS, sigKey, netValue, uaHash, parseValue } from './kinds.js';
import { fnv1a } from '../util/hash.js';
import { BENCHMARK_SKELETON, CAMPUS, FakeAccount, FLEET_CARDS, FLEET_NETS, FLEET_TEMPLATES, FLEET_UA, fleetExchange, fleetRecord, ordinaryExchange, rand, SDK_UA, exchange } from './testing.js';

const THRESHOLDS = { reviewAt: 0.6, blockAt: 0.85 };

/** 24 fleet accounts flagged in campaign c_fleet, among 300 ordinary accounts (students on the campus NAT, SDK developers, benchmark evaluators). */
function population(seed: number) {
  const r = rand(seed);
  const book = new SignatureBook(THRESHOLDS);
  const accounts: FakeAccount[] = [];
  const feed = (a: FakeAccount, x: { ex: import('../contract/types.js').Exchange; f: import('../features/types.js').ExchangeFeatures }) => {
    a.n++;
    return book.observe(a, x.ex, x.f);
  };
  for (let i = 0; i < 24; i++) {
    const a = new FakeAccount(`fleet${i}`, fleetRecord(r, `fleet${i}`));
    accounts.push(a);
    for (let k = 0; k < 20; k++) feed(a, fleetExchange(r, a.id));
    a.campaignId = 'c_fleet';
    a.verdict = 'block';
  }
  for (let i = 0; i < 300; i++) {
    const a = new FakeAccount(`user${i}`, { account_id: `user${i}`, payment_fingerprint: `pm_user${i}` });
    accounts.push(a);
    for (let k = 0; k < 10; k++) feed(a, ordinaryExchange(r, a.id, i % 3));
  }
  book.derive(Date.parse('2026-10-01T00:00:00Z'), [{ campaignId: 'c_fleet', signals: [] }], accounts);
  return { book, accounts, feed, r };
}

test('a signature keeps what the fleet shares and leaves out what ordinary accounts also hold', () => {
  for (const seed of [1, 2, 3]) {
    const { book } = population(seed);
    const [sig] = book.signatures();
    assert.ok(sig, 'a signature is derived');
    const has = (kind: SigKind, value: number) => sig.keys.some((k) => k.key === sigKey(kind, value));
    for (const t of FLEET_TEMPLATES) assert.ok(has(SigKind.Template, t), 'every template of the pool');
    for (const n of FLEET_NETS) assert.ok(has(SigKind.Net, netValue(`${n}.1`)), `proxy range ${n}.0/24`);
    for (const c of FLEET_CARDS) assert.ok(has(SigKind.Payment, fnv1a(c)), `card ${c}`);
    assert.ok(has(SigKind.UserAgent, uaHash(FLEET_UA)), 'the fleet\'s own client');
    // held by most of the fleet, and by many ordinary accounts
    assert.ok(!has(SigKind.Net, netValue(`${CAMPUS}.1`)), 'the campus NAT range stays out');
    assert.ok(!has(SigKind.UserAgent, uaHash(SDK_UA)), 'the SDK user agent stays out');
    assert.ok(!has(SigKind.Template, BENCHMARK_SKELETON), 'the public benchmark template stays out');
    for (const k of sig.keys) assert.ok(k.baseRate <= book.cfg.maxBaseRate, `${SIG_KINDS[k.kind].name} ${renderValue(k.key)} base rate ${k.baseRate}`);
    assert.equal(sig.action, 'block');
  }
});

test('no signature for a campaign with too few flagged members, a retracted one, or one whose keys are all common', () => {
  const { book, accounts } = population(4);
  const few = accounts.slice(0, 3).map((a) => ({ id: a.id, campaignId: a.campaignId, record: a.record, verdict: a.verdict }));
  const rest = accounts.slice(3).map((a) => ({ id: a.id, campaignId: null, record: a.record, verdict: 'allow' as const }));
  book.derive(0, [{ campaignId: 'c_fleet', signals: [] }], [...few, ...rest]);
  assert.equal(book.signatures().length, 0, 'three members are no campaign to sign');
  book.derive(0, [{ campaignId: 'c_fleet', signals: [], retracted: 'a class' }], accounts);
  assert.equal(book.signatures().length, 0, 'a retracted campaign is not signed');
  // a third of the SDK developers called a campaign: their client and settings are every developer's
  const users = accounts.filter((a) => a.id.startsWith('user'));
  const devs = users.map((a, i) => ({ id: a.id, campaignId: i % 3 === 1 && i < 150 ? 'c_devs' : null, record: a.record, verdict: i % 3 === 1 && i < 150 ? ('review' as const) : ('allow' as const) }));
  book.derive(0, [{ campaignId: 'c_devs', signals: [] }], devs);
  assert.equal(book.signatures().length, 0, 'keys the other developers hold too: no signature');
});

test('new accounts of the fleet are assigned within three exchanges; accounts sharing one key with it are not', () => {
  for (const seed of [5, 6, 7]) {
    const { feed, r } = population(seed);
    let caught = 0;
    let blocked = 0;
    const fleet = 60;
    for (let i = 0; i < fleet; i++) {
      const a = new FakeAccount(`new${i}`, fleetRecord(r, `new${i}`));
      for (let k = 0; k < 3 && a.campaignId === null; k++) feed(a, fleetExchange(r, a.id));
      if (a.campaignId === 'c_fleet') {
        caught++;
        assert.equal(a.linkReasons[0].signal, 'signature.match');
        assert.match(a.linkReasons[0].detail, /c_fleet/);
        // what the gateway reads: the signature and its campaign, not parsed out of the reason's words
        const m = matchedSignature(a);
        assert.equal(m?.campaignId, 'c_fleet');
        assert.match(m?.id ?? '', /^sig_/);
        assert.ok(a.linkReasons[0].detail.startsWith(`matches ${m!.id}, `));
        if (a.linkScore >= THRESHOLDS.blockAt) blocked++;
      }
    }
    assert.ok(caught >= 0.95 * fleet, `seed ${seed}: ${caught}/${fleet} new fleet accounts caught within 3 exchanges`);
    assert.ok(blocked >= 0.9 * caught, `card and template: blocked (${blocked}/${caught})`);

    // ordinary newcomers: the three common kinds, and neighbours sharing exactly one rare fact with the fleet
    let wrongly = 0;
    for (let i = 0; i < 300; i++) {
      const kind = i % 6;
      const a = new FakeAccount(`other${i}`, kind === 3 ? { account_id: `other${i}`, payment_fingerprint: FLEET_CARDS[0] } : { account_id: `other${i}` });
      for (let k = 0; k < 20; k++) {
        const own = 0x20000 + Math.floor(r() * 0xffffff);
        const x =
          kind < 3 ? ordinaryExchange(r, a.id, kind)
          // a contractor paying with one of the fleet's cards, its own address and client
          : kind === 3 ? exchange(a.id, { ip: `10.9.${i}.${k + 1}`, ua: 'Mozilla/5.0 (X11) Firefox/128.0', skeleton: own })
          // a customer of the proxy provider the fleet uses
          : kind === 4 ? exchange(a.id, { ip: `${FLEET_NETS[0]}.${200 + (k % 50)}`, ua: 'Mozilla/5.0 (X11) Firefox/128.0', skeleton: own })
          // someone running the same harvesting kit on its own data
          : exchange(a.id, { ip: `10.8.${i}.${k + 1}`, ua: FLEET_UA, skeleton: own, maxTokens: 2048 });
        feed(a, x);
      }
      if (a.campaignId !== null) wrongly++;
    }
    assert.equal(wrongly, 0, `seed ${seed}: ordinary accounts assigned`);
  }
});

test('a match on client and settings alone goes to review, never to block', () => {
  const { book, feed, r } = population(8);
  let review = 0;
  for (let i = 0; i < 40; i++) {
    // no account-table row, its own addresses and wording: only the fleet's client and settings
    const a = new FakeAccount(`kit${i}`);
    for (let k = 0; k < 3; k++) feed(a, exchange(a.id, { ip: `10.7.${i}.${k + 1}`, ua: FLEET_UA, skeleton: 0x30000 + Math.floor(r() * 0xffff), maxTokens: 4096, temperature: 0.7 }));
    if (a.campaignId !== null) {
      assert.ok(a.linkScore < THRESHOLDS.blockAt && a.campaignReviewOnly, 'review only');
      review++;
    }
  }
  assert.equal(review, 40, 'client and settings of the fleet on every exchange: two groups, for review');
  assert.ok(book.signatures()[0].keys.some((k) => k.kind === SigKind.Params));
});

test('an account that appeared before the campaign was found is left to the linkage, however well it matches', () => {
  const { book, feed, r } = population(10);
  const created = book.signatures()[0].createdAtMs;
  let assigned = 0;
  for (let i = 0; i < 40; i++) {
    const a = new FakeAccount(`old${i}`, fleetRecord(r, `old${i}`));
    a.firstMs = created - 60_000;
    for (let k = 0; k < 5; k++) feed(a, fleetExchange(r, a.id));
    if (a.campaignId !== null) assigned++;
  }
  assert.equal(assigned, 0, 'older accounts were judged by the linkage with the campaign in view');
  // an aged account whose first exchange comes after the campaign was found, like a product seat used now and then
  const aged = new FakeAccount('aged', { ...fleetRecord(r, 'aged'), created_at: new Date(created - 30 * 86_400_000).toISOString() });
  aged.firstMs = created + 60_000;
  for (let k = 0; k < 5; k++) feed(aged, fleetExchange(r, aged.id));
  assert.equal(aged.campaignId, null, 'signed up a month before');
  const young = new FakeAccount('young', fleetRecord(r, 'young'));
  young.firstMs = created;
  for (let k = 0; k < 5 && young.campaignId === null; k++) feed(young, fleetExchange(r, young.id));
  assert.equal(young.campaignId, 'c_fleet');
});

test('a verified account or one already in a campaign is never assigned by a signature', () => {
  const { feed, r } = population(9);
  const v = new FakeAccount('verified', { ...fleetRecord(r, 'verified'), verified: true });
  for (let k = 0; k < 5; k++) feed(v, fleetExchange(r, v.id));
  assert.equal(v.campaignId, null);
  const other = new FakeAccount('member', fleetRecord(r, 'member'));
  other.campaignId = 'c_other';
  for (let k = 0; k < 5; k++) feed(other, fleetExchange(r, other.id));
  assert.equal(other.campaignId, 'c_other');
});

test('key values render and parse back', () => {
  for (const [kind, text] of [
    [SigKind.Net, '203.0.113.0/24'],
    [SigKind.SignupNet, '2001:db8:12::/48'],
    [SigKind.Params, 'max_tokens=4096,temperature=0.70,top_p=-,stream=true'],
    [SigKind.SignupBurst, '2026-10-01T02:00:00.000Z/PT2H'],
    [SigKind.Template, '0badf00d'],
  ] as const) {
    const key = sigKey(kind, parseValue(kind, text));
    assert.equal(renderValue(key), text);
  }
  assert.ok(Number.isNaN(parseValue(SigKind.Template, 'explain step by step')), 'prompt text is no value');
});
