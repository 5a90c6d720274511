import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountRecord, Exchange } from '../contract/types.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { CONTENT_ONLY_BLOCK_MIN, Engine, INSTRUMENT_MEMBER_HARVEST, type CampaignFinding, type LinkagePort } from './engine.js';

const T0 = Date.parse('2026-05-04T00:00:00Z');
const HARVEST = 'Solve the following problem. Think step by step and show all of your reasoning before giving the final answer.';
const CHAT = ['what should I cook tonight with leeks and potatoes', 'write a short thank-you note to my neighbour', 'is it going to be a cold winter in Oslo'];

/** A linkage that reports one fixed cluster, so the engine's member rules can be tested on their own. */
function fixedLinkage(finding: () => CampaignFinding): LinkagePort {
  return { registerAccount: () => {}, observe: () => {}, sweep: () => ({ campaigns: [finding()] }) };
}

/** An engine over `finding`'s cluster after 30 rounds of one harvest question from each member, ten minutes apart (five hours in all). */
function harvestRounds(finding: () => CampaignFinding, members: readonly string[]): Engine {
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: fixedLinkage(finding) });
  let n = 0;
  for (let k = 0; k < 30; k++) {
    for (const id of members) {
      const tsMs = T0 + k * 600_000 + n;
      engine.push({ id: `o${n++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, request: { messages: [{ role: 'user', content: `${HARVEST}\n\nA pump moves ${k + 3} litres in ${(n % 7) + 2} minutes. What is its rate?` }] }, response: { text: 'ok', stop_reason: 'end_turn' } });
    }
  }
  engine.finish();
  return engine;
}

test('an identity instrument held by flagged members of a campaign sends a verified account, or one the clustering left out, to review, only when it harvests itself', () => {
  // One cluster as the linkage would report it. op0–op5 are tied to it decisively; op6 is in it but not tied.
  const rows: [string, Partial<AccountRecord>, 'harvest' | 'chat'][] = [
    ['op0', { payment_fingerprint: 'pm_a' }, 'harvest'],
    ['op1', { payment_fingerprint: 'pm_a' }, 'harvest'],
    ['op2', { payment_fingerprint: 'pm_a' }, 'harvest'],
    ['op3', { payment_fingerprint: 'pm_b', signup_ip: '203.0.113.5' }, 'harvest'],
    ['op4', { payment_fingerprint: 'pm_b' }, 'harvest'],
    ['op5', { payment_fingerprint: 'pm_corp' }, 'harvest'],
    ['op6', { payment_fingerprint: 'pm_c' }, 'harvest'],
    // two seats of one organisation, tied to the campaign and on the organisation's card
    ['op7', { payment_fingerprint: 'pm_app', org_id: 'org_app' }, 'harvest'],
    ['op8', { payment_fingerprint: 'pm_app', org_id: 'org_app' }, 'harvest'],
    // verified, on a card three flagged members pay with: review
    ['v_card', { payment_fingerprint: 'pm_a', verified: true }, 'harvest'],
    // verified, signed up from the same address as a flagged member: review
    ['v_signup', { payment_fingerprint: 'pm_own1', signup_ip: '203.0.113.5', verified: true }, 'harvest'],
    // verified, on a flagged member's card, but its own traffic is use: allow
    ['v_chat', { payment_fingerprint: 'pm_a', verified: true }, 'chat'],
    // verified, in the cluster by content only: allow
    ['v_content', { payment_fingerprint: 'pm_own2', signup_ip: '198.51.100.7', verified: true }, 'harvest'],
    // verified, on a company card that one flagged member also used, most of whose holders are the company's seats: allow
    ['v_corp', { payment_fingerprint: 'pm_corp', verified: true }, 'harvest'],
    // verified, sharing a card only with a member that is not tied to the campaign (and so not flagged): allow
    ['v_unflagged', { payment_fingerprint: 'pm_c', verified: true }, 'harvest'],
    // verified and left out of the cluster (its card is its only link), on a card two flagged members pay with: review
    ['v_outside', { payment_fingerprint: 'pm_b', verified: true }, 'harvest'],
    // unverified and left out of the cluster, on a flagged member's card, harvesting: review
    ['u_outside', { payment_fingerprint: 'pm_b' }, 'harvest'],
    // unverified and left out of the cluster, on a flagged member's card, chatting: allow
    ['u_outside_chat', { payment_fingerprint: 'pm_b' }, 'chat'],
    // left out of the cluster, on the card of flagged seats of its own organisation: its
    // organisation's card is what any of its seats share, so allow
    ['u_org_mate', { payment_fingerprint: 'pm_app', org_id: 'org_app' }, 'harvest'],
    // left out of the cluster, on that card but of another organisation: review
    ['u_not_mate', { payment_fingerprint: 'pm_app', org_id: 'org_other' }, 'harvest'],
  ];
  const outside = new Set(['v_outside', 'u_outside', 'u_outside_chat', 'u_org_mate', 'u_not_mate']);
  const members = rows.map(([id]) => id).filter((id) => !outside.has(id));
  const finding = (): CampaignFinding => ({
    campaignId: 'c_test', accounts: members, score: 0.9, signals: ['linkage.payment'], summary: 'test', firstSeenMs: T0, lastSeenMs: T0,
    exchanges: 0, memberReasons: new Map(), memberScores: new Map(members.map((id) => [id, 0.9])),
    memberDecisive: new Set(['op0', 'op1', 'op2', 'op3', 'op4', 'op5', 'op7', 'op8']), memberTemplateTie: new Set(),
  });
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: fixedLinkage(finding) });
  for (const [id, rec] of rows) engine.addAccount({ account_id: id, ...rec });
  for (let s = 0; s < 4; s++) engine.addAccount({ account_id: `seat${s}`, payment_fingerprint: 'pm_corp', verified: true });
  let n = 0;
  for (let k = 0; k < 40; k++) {
    for (const [id, , kind] of rows) {
      const tsMs = T0 + k * 600_000 + n;
      const content = kind === 'harvest' ? `${HARVEST}\n\nA train travels ${k + 40} km in ${(n % 5) + 2} hours. What is its average speed?` : CHAT[k % CHAT.length];
      const ex: Exchange = { id: `x${n++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, request: { messages: [{ role: 'user', content }] }, response: { text: 'ok', stop_reason: 'end_turn' } };
      engine.push(ex);
    }
  }
  engine.finish();
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  assert.ok(engine.accounts.get('v_card')!.harvestShare() >= INSTRUMENT_MEMBER_HARVEST, 'the harvest prompt reads as harvest');
  assert.ok(engine.accounts.get('v_chat')!.harvestShare() < INSTRUMENT_MEMBER_HARVEST, 'the chat reads as use');

  for (const id of ['op0', 'op3', 'op5']) assert.equal(v.get(id)!.verdict, 'block', `${id} is tied to the campaign`);
  assert.equal(v.get('op6')!.verdict, 'allow', 'op6 is in the cluster but not tied to it');
  for (const id of ['v_card', 'v_signup', 'v_outside']) {
    assert.equal(v.get(id)!.verdict, 'review', `${id}: a verified member goes to review, never block`);
    assert.equal(v.get(id)!.campaign_id, 'c_test');
  }
  const why = (id: string) => v.get(id)!.reasons.find((r) => r.signal === 'campaign.verified_member')?.detail;
  assert.match(why('v_card') ?? '', /^verified, but shares payment instrument pm_a with 3 flagged accounts of campaign c_test; its own traffic is \d+% harvest$/);
  assert.match(why('v_signup') ?? '', /^verified, but shares sign-up IP 203\.0\.113\.5 with 1 flagged account of campaign c_test/);
  assert.match(why('v_outside') ?? '', /^verified, but shares payment instrument pm_b with 2 flagged accounts of campaign c_test/);
  assert.equal(v.get('u_outside')!.verdict, 'review', 'an account outside the cluster is attached at the weakest attachment');
  assert.match(v.get('u_outside')!.reasons.find((r) => r.signal === 'campaign.instrument')?.detail ?? '', /^shares payment instrument pm_b with 2 flagged accounts of campaign c_test; its own traffic is \d+% harvest$/);
  assert.equal(v.get('u_outside_chat')!.verdict, 'allow', 'an account on the card whose own traffic is use is not flagged');
  assert.equal(v.get('u_org_mate')!.verdict, 'allow', 'a seat on its own organisation\'s card is not pulled in by its flagged org-mates');
  assert.equal(v.get('u_not_mate')!.verdict, 'review', 'another organisation on the same card is');
  for (const id of ['v_chat', 'v_content', 'v_corp', 'v_unflagged']) {
    assert.equal(v.get(id)!.verdict, 'allow', `${id} is not flagged`);
    assert.equal(why(id), undefined);
  }
  const listed = engine.campaignList().find((c) => c.campaign_id === 'c_test')!;
  assert.deepEqual(listed.accounts, ['op0', 'op1', 'op2', 'op3', 'op4', 'op5', 'op7', 'op8', 'u_not_mate', 'u_outside', 'v_card', 'v_outside', 'v_signup']);
  // the summary counts the accounts the instruments added beside the linkage's own
  assert.match(listed.summary, /^test; 5 more accounts hold a payment instrument or sign-up IP of its flagged members \(for review\)$/);
});

test('a member\'s own evidence needs enough of its own traffic: a class swept up after one question each is not flagged', () => {
  // A linked group judged at a sweep where most members have sent one question: students who each
  // asked one single-turn question from the course's notebook client (one of them a benchmark-like
  // homework item), next to operators who have already harvested a few items each.
  const students = Array.from({ length: 12 }, (_, i) => `stu${i}`);
  const ops = Array.from({ length: 6 }, (_, i) => `op${i}`);
  const members = [...students, ...ops];
  const finding = (): CampaignFinding => ({
    campaignId: 'c_young', accounts: members, score: 0.9, signals: [], summary: 'test', firstSeenMs: T0, lastSeenMs: T0,
    exchanges: 0, memberReasons: new Map(), memberScores: new Map(members.map((id) => [id, 0.9])),
    memberDecisive: new Set(members), memberTemplateTie: new Set(),
  });
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: fixedLinkage(finding) });
  let n = 0;
  const send = (id: string, content: string, ua: string) => {
    const tsMs = T0 + n * 1000;
    engine.push({ id: `y${n++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, user_agent: ua, request: { messages: [{ role: 'user', content }] }, response: { text: 'ok', stop_reason: 'end_turn' } });
  };
  students.forEach((id, i) => send(id, i === 0 ? `${HARVEST}\n\nWhat is 17 times 23?` : `${CHAT[i % CHAT.length]} (${i})`, 'python-httpx/0.27.0'));
  for (let k = 0; k < 3; k++) for (const id of ops) send(id, `${HARVEST}\n\nA tank holds ${k * 10 + n} litres. How long does it take to fill at 3 litres a minute?`, 'python-httpx/0.27.0');
  engine.finish();
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x]));
  assert.equal(engine.accounts.get('stu0')!.harvestShare(), 1, 'stu0\'s one question reads as harvest');
  assert.deepEqual(students.filter((id) => v.get(id)!.verdict !== 'allow'), [], 'no student is flagged');
  assert.deepEqual(ops.filter((id) => v.get(id)!.verdict === 'allow'), [], 'every operator is flagged');
});

test('a cluster that is one organisation\'s seats is a customer, not a campaign: its seats are judged on their own traffic; the same cluster spread over identities blocks', () => {
  const members = Array.from({ length: 8 }, (_, i) => `seat${i}`);
  for (const org of [undefined, { org: 'org_acme', share: 1 }]) {
    const finding = (): CampaignFinding => ({
      campaignId: 'c_org', accounts: members, score: 0.95, signals: [], summary: 'test', firstSeenMs: T0, lastSeenMs: T0,
      exchanges: 0, memberReasons: new Map(), memberScores: new Map(members.map((id) => [id, 0.95])),
      memberDecisive: new Set(members), memberTemplateTie: new Set(), ...(org ? { oneOrganisation: org } : {}),
    });
    const engine = harvestRounds(finding, members);
    for (const v of engine.verdicts()) {
      // one day of harvest on its own stays under the review line (scoring's persistence rule)
      assert.equal(v.verdict, org ? 'allow' : 'block', `${v.account_id} ${org ? 'of one organisation' : 'of a spread campaign'}`);
      assert.equal(v.campaign_id, org ? null : 'c_org');
    }
    assert.deepEqual(engine.campaignList().map((c) => c.campaign_id), org ? [] : ['c_org']);
    const listed = engine.organisationList();
    assert.deepEqual(listed.map((c) => c.campaign_id), org ? ['c_org'] : []);
    if (org) assert.match(listed[0]!.summary, /^one organisation's seats \(org_acme, 100% of 8 accounts\), judged as a customer, not a campaign: test$/);
  }
});

test('campaigns.json lists every account whose verdict names the campaign, though a later sweep found it with fewer members', () => {
  const members = Array.from({ length: 6 }, (_, i) => `op${i}`);
  let sweeps = 0;
  // the first sweeps see all six; later ones only the first two (the others now fail a gate or left the cluster)
  const finding = (): CampaignFinding => {
    const now = sweeps++ < 3 ? members : members.slice(0, 2);
    return {
      campaignId: 'c_shrink', accounts: now, score: 0.95, signals: [], summary: 'test', firstSeenMs: T0, lastSeenMs: T0, exchanges: 0,
      memberReasons: new Map(), memberScores: new Map(now.map((id) => [id, 0.95])), memberDecisive: new Set(now), memberTemplateTie: new Set(),
    };
  };
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: fixedLinkage(finding), campaignMinScore: 0, sweepMaxGapMinutes: 60 });
  let n = 0;
  for (let k = 0; k < 40; k++) {
    for (const id of members) {
      const tsMs = T0 + k * 900_000 + n;
      engine.push({ id: `s${n++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, request: { messages: [{ role: 'user', content: `${HARVEST}\n\nA train leaves at ${k + 2} pm at ${n % 90} km/h. When does it arrive 300 km away?` }] }, response: { text: 'ok', stop_reason: 'end_turn' } });
    }
  }
  engine.finish();
  assert.ok(sweeps > 4, `${sweeps} sweeps`);
  const named = engine.verdicts().filter((v) => v.campaign_id === 'c_shrink').map((v) => v.account_id).sort();
  assert.deepEqual(named, members, 'all six were flagged with the campaign while it had them');
  assert.deepEqual(engine.campaignList().find((c) => c.campaign_id === 'c_shrink')!.accounts, members);
});

test('campaigns.json lists an account once, with the campaign its verdict names, though a later sweep placed it in a second campaign with a weaker tie', () => {
  const first = Array.from({ length: 6 }, (_, i) => `a${i}`);
  const second = Array.from({ length: 5 }, (_, i) => `b${i}`);
  let sweeps = 0;
  const finding = (id: string, accounts: string[], member: number): CampaignFinding => ({
    campaignId: id, accounts, score: 0.95, signals: [], summary: 'test', firstSeenMs: T0, lastSeenMs: T0, exchanges: 0,
    memberReasons: new Map(), memberScores: new Map(accounts.map((x) => [x, member])), memberDecisive: new Set(accounts), memberTemplateTie: new Set(),
  });
  // from the fourth sweep on, the linkage also puts a0 and a1 in c_two, with a weaker tie than they have to c_one
  const linkage: LinkagePort = {
    registerAccount: () => {},
    observe: () => {},
    sweep: () => {
      const late = sweeps++ >= 3;
      return { campaigns: [finding('c_one', first, 0.95), finding('c_two', late ? [...second, 'a0', 'a1'] : second, 0.9)] };
    },
  };
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage, campaignMinScore: 0, sweepMaxGapMinutes: 60 });
  let n = 0;
  for (let k = 0; k < 40; k++) {
    for (const id of [...first, ...second]) {
      const tsMs = T0 + k * 900_000 + n;
      engine.push({ id: `s${n++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, request: { messages: [{ role: 'user', content: `${HARVEST}\n\nA tank of ${k + 40} litres drains ${n % 9 + 1} litres a minute. When is it empty?` }] }, response: { text: 'ok', stop_reason: 'end_turn' } });
    }
  }
  engine.finish();
  assert.ok(sweeps > 4, `${sweeps} sweeps`);
  const v = new Map(engine.verdicts().map((x) => [x.account_id, x.campaign_id]));
  assert.equal(v.get('a0'), 'c_one');
  const list = new Map(engine.campaignList().map((c) => [c.campaign_id, c.accounts]));
  assert.deepEqual(list.get('c_one'), first);
  assert.deepEqual(list.get('c_two'), second, 'a0 and a1 are listed with c_one only');
  // every listed account's verdict names the campaign it is listed with
  for (const [id, accounts] of list) for (const a of accounts) assert.equal(v.get(a), id, `${a} listed with ${id}`);
});

test('a handful of accounts tied by content alone go to review; the same handful sharing an address, or a larger group, is blocked', () => {
  const cases: { size: number; signals: string[]; expect: 'review' | 'block' }[] = [
    { size: 4, signals: ['linkage.template_family', 'linkage.system_prompt', 'linkage.harvest_profile', 'campaign.harvest'], expect: 'review' },
    { size: CONTENT_ONLY_BLOCK_MIN - 1, signals: ['linkage.template'], expect: 'review' },
    { size: 4, signals: ['linkage.template_family', 'linkage.ip'], expect: 'block' },
    { size: 4, signals: ['linkage.template', 'linkage.user_agent'], expect: 'block' },
    { size: CONTENT_ONLY_BLOCK_MIN, signals: ['linkage.template_family', 'linkage.system_prompt'], expect: 'block' },
  ];
  for (const { size, signals, expect } of cases) {
    const members = Array.from({ length: size }, (_, i) => `r${i}`);
    const finding = (): CampaignFinding => ({
      campaignId: 'c_small', accounts: members, score: 0.95, signals, summary: 'test', firstSeenMs: T0, lastSeenMs: T0,
      exchanges: 0, memberReasons: new Map(), memberScores: new Map(members.map((id) => [id, 0.95])),
      memberDecisive: new Set(members), memberTemplateTie: new Set(members),
    });
    const engine = harvestRounds(finding, members);
    const what = `${size} accounts tied by ${signals.join(', ')}`;
    for (const v of engine.verdicts()) {
      assert.equal(v.verdict, expect, `${v.account_id}, one of ${what}`);
      assert.equal(v.campaign_id, 'c_small');
    }
    const summary = engine.campaignList()[0]!.summary;
    if (expect === 'review') assert.match(summary, /tied only by what they send .*: for review, not blocked on this/, what);
    else assert.doesNotMatch(summary, /tied only by what they send/, what);
  }
});

test('seats of an organisation tied to the rest of a campaign by content or timing only go to review; the campaign\'s other members are blocked', () => {
  const members = Array.from({ length: 8 }, (_, i) => `m${i}`);
  const seats = new Set(['m6', 'm7']);
  const finding = (): CampaignFinding => ({
    campaignId: 'c_mixed', accounts: members, score: 0.95, signals: ['linkage.ip', 'linkage.template_family'], summary: 'test', firstSeenMs: T0, lastSeenMs: T0,
    exchanges: 0, memberReasons: new Map(), memberScores: new Map(members.map((id) => [id, 0.95])),
    memberDecisive: new Set(members), memberTemplateTie: new Set(members), memberContentOnly: seats,
  });
  const engine = harvestRounds(finding, members);
  for (const v of engine.verdicts()) assert.equal(v.verdict, seats.has(v.account_id) ? 'review' : 'block', v.account_id);
});

test('an account-table row enters the engine and the linkage when event time reaches its created_at; an account that sends earlier enters with its first exchange', () => {
  const at = (h: number) => new Date(T0 + h * 3_600_000).toISOString();
  // the event time the linkage had seen when each row was registered
  const registered = new Map<string, number>();
  let seen = -Infinity;
  const linkage: LinkagePort = {
    registerAccount: (a) => void registered.set(a.account_id, seen),
    observe: (ex) => void (seen = Math.max(seen, ex.tsMs)),
    sweep: () => ({ campaigns: [] }),
  };
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage });
  // out of creation order, as an account table may be
  engine.addAccount({ account_id: 'later', created_at: at(2), payment_fingerprint: 'pm_x' });
  engine.addAccount({ account_id: 'never', created_at: at(9), payment_fingerprint: 'pm_x' });
  engine.addAccount({ account_id: 'undated', payment_fingerprint: 'pm_x' });
  engine.addAccount({ account_id: 'old', created_at: at(-48) });
  engine.addAccount({ account_id: 'early', created_at: at(3), verified: true });
  engine.addAccount({ account_id: 'soon', created_at: at(1) });
  assert.equal(registered.size, 0, 'rows enter with the first exchange at the earliest');
  for (let k = 0; k <= 24; k++) {
    const tsMs = T0 + k * 600_000;
    // 'early' sends from the first hour though its row says it was created at the third (bad data)
    for (const id of k < 6 ? ['undated'] : ['undated', 'early']) {
      engine.push({ id: `x${k}${id}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, request: { messages: [{ role: 'user', content: `question ${k}` }] } });
    }
  }
  engine.finish();
  assert.deepEqual([...registered.keys()].slice(0, 2), ['undated', 'old'], 'in table order, before the first exchange is processed: no created_at, or created before it');
  assert.equal(registered.get('old'), -Infinity);
  assert.equal(registered.get('soon'), T0 + 3_600_000 - 600_000, 'registered before the first exchange at or after its created_at, which is then processed');
  assert.equal(registered.get('later'), T0 + 2 * 3_600_000 - 600_000);
  // 'undated' sent at the same moment just before it
  assert.equal(registered.get('early'), T0 + 3_600_000, 'with its own first exchange, two hours before its created_at');
  assert.equal(engine.accounts.get('early')?.record?.verified, true, 'its record (verified) is attached');
  assert.ok(!registered.has('never'), 'created after the last exchange: never known');
});

test('a campaign re-read as a class lifts the flags it gave; an account flagged by its own traffic keeps its flag', () => {
  // Ten people and one harvester over three days, reported as one campaign at the
  // first six sweeps, then re-read as a class (src/linkage `retracted`).
  const people = Array.from({ length: 10 }, (_, i) => `p${i}`);
  const members = [...people, 'h0'];
  let sweeps = 0;
  const finding = (): CampaignFinding => {
    const retracted = sweeps++ >= 6 ? 're-read since: content is use: many members ask the same items' : undefined;
    return { campaignId: 'c_class', accounts: members, score: retracted ? 0.2 : 0.9, signals: ['linkage.ip', 'linkage.signup_ip'], summary: '', firstSeenMs: T0, lastSeenMs: T0, exchanges: 0, memberReasons: new Map(), memberDecisive: new Set(members), ...(retracted ? { retracted } : {}) };
  };
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: fixedLinkage(finding), campaignMinScore: 0 });
  let n = 0;
  for (let k = 0; k < 48; k++) {
    for (const id of members) {
      const tsMs = T0 + k * 5_400_000 + n;
      // the people do their homework step by step now and then, as a class does
      const homework = id === 'h0' || k % 3 === 0;
      const content = homework ? `${HARVEST}\n\nA tank holds ${k + 7} litres and loses ${(n % 5) + 1} a minute. When is it empty?` : CHAT[(n + k) % CHAT.length];
      // the harvester sends ten a round, a minute apart, as a script does
      for (let j = 0; j < (id === 'h0' ? 10 : 1); j++) {
        const at = tsMs + j * 60_000;
        engine.push({ id: `l${n++}`, ts: new Date(at).toISOString(), tsMs: at, account_id: id, request: { messages: [{ role: 'user', content: id === 'h0' ? `${content} (${j})` : content }], max_tokens: 4096 }, response: { text: 'ok '.repeat(400), stop_reason: 'end_turn' }, usage: { input_tokens: 60, output_tokens: 1200 } });
      }
    }
  }
  engine.finish();
  assert.ok(sweeps > 6, 'the campaign was never retracted: the test shows nothing');
  const end = new Map(engine.verdicts().map((v) => [v.account_id, v]));
  assert.deepEqual(members.filter((id) => end.get(id)!.flagged_at === null), [], 'members never flagged while the campaign stood');
  for (const id of people) {
    const v = end.get(id)!;
    assert.equal(v.verdict, 'allow', `${id} is still ${v.verdict}`);
    assert.notEqual(v.flagged_at, null, `${id} lost the moment it was flagged`);
    assert.equal(v.campaign_id, null);
    assert.match(v.reasons.find((r) => r.signal === 'campaign.lifted')?.detail ?? '', /^(review|block) lifted at \S+: campaign c_class re-read since: content is use/);
  }
  assert.notEqual(end.get('h0')!.verdict, 'allow', 'the harvesting member lost its own flag: ' + JSON.stringify(end.get('h0')));
  assert.deepEqual(engine.campaignList(), [], 'a campaign no verdict names is still listed');
});
