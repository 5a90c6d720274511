/**
 * Campaign strategies of heldout/v4 (persona = strategy name). Each is one actor
 * driving its accounts from its own random stream keyed by the campaign seed, so
 * the campaigns are the same bytes in every world whatever the benign size.
 */
import { bootcampSurface, saasSurface } from './benign.js';
import type { Item } from './corpora.js';
import {
  accountRow, APPS, cloudRange, COUNTRIES, DAY, EMAIL_FREE, exchange, HOUR, homeIp, humanGap, idOf, inRange, iso, machineGap, MIN, MODELS,
  type AccountRow, type Actor, type Client, type Country, type Ev, type LabelRow, type Msg, type Req, type Seat, type World,
} from './core.js';
import { Crowd, type Member } from './crowd.js';
import { Rng } from './rng.js';

/** Items a campaign sweeps, each handed out once, in a campaign-specific shuffled order. */
class Sweep {
  private items: Item[];
  private i = 0;
  constructor(r: Rng, pools: Item[][]) {
    this.items = r.shuffle(pools.flat());
  }
  next(): Item {
    return this.items[this.i++ % this.items.length]!;
  }
}

/** Ask-for-reasoning wordings: a grammar of opener × ask × format × closer, so no fixed phrase repeats often. */
function cotAsk(r: Rng, item: string, flavour: 'plain' | 'casual' | 'formal'): string {
  const open = {
    plain: ['', 'Question:', 'Problem:', 'Task:', ''],
    casual: ['hey, quick one:', 'can you help me with this?', 'stuck on this one', 'my teacher gave us this', 'ok so', ''],
    formal: ['Please consider the following.', 'Kindly address the item below.', 'The following needs a rigorous treatment.', ''],
  }[flavour];
  const ask = [
    'Think it through step by step', 'Show all intermediate reasoning', 'Explain each step and why it is valid', 'Reason carefully before answering',
    'Walk through your thinking in detail', 'Derive the answer, justifying every step', 'Work it out in full', 'Lay out the full chain of reasoning',
    'explain how you get there', 'break it down step by step for me', 'go through it slowly',
  ];
  const fmt = ['', ' and put the final answer at the end', ', then state the answer in a box', ', number the steps', ' and double-check the result', ', then give a one-line summary'];
  const head = r.pick(open);
  const tail = `${r.pick(ask)}${r.pick(fmt)}.`;
  return r.chance(0.5) ? `${head ? `${head}\n` : ''}${item}\n\n${tail}` : `${tail}\n\n${item}`;
}

const campaignLabel = (persona: string, cid: string) => (id: string): LabelRow => ({ account_id: id, label: 'campaign', campaign_id: cid, persona });

interface Built { accounts: AccountRow[]; labels: LabelRow[]; actor: Actor }

function harvestPools(w: World): Item[][] {
  const c = w.corpora;
  return [c.get('math-competition'), c.get('bbh'), c.get('mmlu-redux'), c.where('instruction-sweeps', (i) => !i.category.startsWith('t0') || i.id.length % 3 === 0), c.get('code-benchmarks'), c.get('gsm8k')];
}

// ---------------------------------------------------------------- slow burn

/** Many accounts, a few exchanges each per day, over weeks, on human hours from residential proxies. */
function slowBurn(w: World, seed: string): Built {
  const cid = 'c4-slowburn';
  const R = new Rng(`${seed}/${cid}`);
  const sweep = new Sweep(R, harvestPools(w));
  const cards = Array.from({ length: 12 }, (_, i) => idOf('card_', `${seed}/${cid}/card/${i}`, 12));
  const accounts: AccountRow[] = [];
  const members: (Member & { c: Country; ip: string; ipUntil: number; flavour: 'plain' | 'casual' | 'formal' })[] = [];
  for (let i = 0; i < 90; i++) {
    const r = R.fork(`a${i}`);
    const c = COUNTRIES[r.pick(['US', 'GB', 'CA', 'DE', 'IN', 'BR', 'PL', 'AU', 'SG', 'FR'])]!;
    const id = idOf('acct_', `${seed}/${cid}/${i}`);
    const created = w.start + r.int(0, 12 * DAY);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), email_domain: r.pick(EMAIL_FREE), payment_fingerprint: r.chance(0.85) ? r.pick(cards) : undefined, signup_ip: homeIp(r, c), country: c.code, tier: r.pick(['free', 'tier1']), verified: false }));
    members.push({ seat: { account_id: id, key: idOf('key_', `${seed}/${cid}/${i}/k`, 8), client: r.pick(APPS), model: r.pick([MODELS[0], MODELS[2]]), rng: r, n: 0 }, off: c.off, diurnal: r.pick(['home', 'evening']), weekly: 'person', perDay: r.between(2, 5), activeP: r.between(0.7, 0.95), from: created + r.int(10 * MIN, 20 * HOUR), until: Infinity, c, ip: homeIp(r, c), ipUntil: 0, flavour: r.pick(['plain', 'casual', 'formal']) });
  }
  const labels = accounts.map((a) => campaignLabel('slow_burn', cid)(a.account_id));
  return {
    accounts, labels, actor: new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      // the residential proxy hands out a new exit every few days
      if (t > m.ipUntil) { m.ip = homeIp(r, m.c); m.ipUntil = t + r.int(2, 6) * DAY; }
      const item = sweep.next();
      exchange(m.seat, t, m.ip, { messages: [{ role: 'user', content: cotAsk(r, item.prompt, m.flavour) }], max_tokens: r.pick([4096, 8192, undefined]) }, { kind: 'reasoning' }, out);
    }),
  };
}

// ---------------------------------------------------------------- surface copy

/** Wears two look-alikes' surfaces: the support SaaS's system prompt, client and ticket form; the bootcamp's notebook template. */
function surfaceCopy(w: World, seed: string, benignSeed: string): Built {
  const cid = 'c4-surface';
  const R = new Rng(`${seed}/${cid}`);
  const saas = saasSurface(`${benignSeed}/0/saas`);
  const camp = bootcampSurface(`${benignSeed}/0/bootcamp`);
  const sweep = new Sweep(R, harvestPools(w));
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const saasMembers: (Member & { ips: string[] })[] = [];
  const campMembers: (Member & { ip: string })[] = [];
  const range = cloudRange(R, 'aws');
  const orgA = idOf('org_', `${seed}/${cid}/orgA`, 8);
  for (let i = 0; i < 4; i++) {
    const r = R.fork(`s${i}`);
    const id = idOf('acct_', `${seed}/${cid}/s${i}`);
    const created = w.start - r.int(20, 60) * DAY;
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), org_id: orgA, email_domain: `${saas.product.toLowerCase().replace(/\s+/g, '')}-support.io`, payment_fingerprint: idOf('card_', `${seed}/${cid}/cardA`, 12), signup_ip: inRange(r, range), country: 'US', tier: 'tier3', verified: false }));
    labels.push(campaignLabel('surface_copy', cid)(id));
    saasMembers.push({ seat: { account_id: id, org_id: orgA, key: idOf('key_', `${seed}/${cid}/s${i}/k`, 8), client: { ua: saas.ua, endpoint: 'chat.completions' }, model: MODELS[0], rng: r, n: 0 }, off: -5, diurnal: 'service', weekly: 'service', perDay: r.between(20, 30), activeP: 1, from: w.start + r.int(0, 2 * DAY), until: Infinity, ips: [inRange(r, range), inRange(r, range)] });
  }
  const cc = COUNTRIES[new Rng(`${benignSeed}/0/bootcamp/bootcamp`).pick(['DE', 'IN', 'BR', 'GB', 'US', 'PL'])]!;
  for (let i = 0; i < 6; i++) {
    const r = R.fork(`b${i}`);
    const id = idOf('acct_', `${seed}/${cid}/b${i}`);
    const created = w.start + r.int(0, 3 * DAY);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), email_domain: r.pick(EMAIL_FREE), payment_fingerprint: idOf('card_', `${seed}/${cid}/cardB${i % 2}`, 12), signup_ip: homeIp(r, cc), country: cc.code, tier: 'tier1', verified: false }));
    labels.push(campaignLabel('surface_copy', cid)(id));
    campMembers.push({ seat: { account_id: id, key: idOf('key_', `${seed}/${cid}/b${i}/k`, 8), client: { ua: camp.ua, endpoint: 'chat.completions' }, model: MODELS[1], rng: r, n: 0 }, off: cc.off, diurnal: 'student', weekly: 'person', perDay: r.between(5, 9), activeP: 0.85, from: created + HOUR, until: Infinity, ip: homeIp(r, cc) });
  }
  const a = new Crowd(accounts, labels, saasMembers, (m, t, out) => {
    const r = m.seat.rng;
    const item = sweep.next();
    const body = `${item.prompt}\n\n${r.pick(['Please include a complete step-by-step explanation the customer can follow.', 'The customer asks for the full working, every step.', 'Reply with the detailed reasoning so the customer understands.'])}`;
    exchange(m.seat, t, r.pick(m.ips), { system: saas.system, messages: [{ role: 'user', content: saas.ticket(r, body) }], temperature: 0.4, max_tokens: 600 }, { kind: 'reasoning', tokens: r.logNormal(520, 0.3) }, out);
  });
  const b = new Crowd(accounts, labels, campMembers, (m, t, out) => {
    const r = m.seat.rng;
    const week = Math.floor((t - w.start) / (7 * DAY));
    const n = r.int(3, 8);
    for (let k = 0; k < n; k++) {
      const item = sweep.next();
      const cell = camp.cell(week + 1, r.int(1, 10), item.prompt).replace('What am I getting wrong?', r.pick(['Show me the full solution with explanation.', 'Can you write the complete working solution and explain each line?', 'Solve it fully and explain the reasoning.']));
      const end = exchange(m.seat, t, m.ip, { system: camp.system, messages: [{ role: 'user', content: cell }], temperature: 0.3 }, { kind: 'code' }, out);
      t = end + humanGap(r) * 1.5;
    }
  });
  return { accounts, labels, actor: { accounts, labels, hour: (t, out) => { a.hour(t, out); b.hour(t, out); } } };
}

// ---------------------------------------------------------------- multi-turn harvest

const PROBES = [
  (r: Rng) => `${r.pick(['ok', 'right', 'hmm', 'I see'])}. ${r.pick(['Expand step 2', 'Go deeper on the second step', 'Say more about the middle step', 'Unpack the step where you transformed it'])}: why does it hold?`,
  (r: Rng) => `${r.pick(['What would a common wrong approach be', 'Where do students usually go wrong', 'What is the tempting mistake here'])}, and exactly where does it fail?`,
  (r: Rng) => `${r.pick(['Is there another way to solve it', 'Can you solve it a different way', 'Give an alternative method'])}? ${r.pick(['Compare the two.', 'Which is cleaner?', ''])}`,
  (r: Rng) => `${r.pick(['Now write the whole solution again', 'Rewrite the full solution', 'Put it all together'])} as ${r.pick(['numbered steps with every intermediate value', 'a clean derivation', 'a worked example a student could follow'])}.`,
  (r: Rng) => `${r.pick(['Check your answer', 'Verify the result', 'Can you double-check that'])} ${r.pick(['by substituting back', 'another way', 'carefully'])}.`,
  (r: Rng) => `${r.pick(['Summarise the key insight', 'What is the one idea that makes this work', 'State the general principle'])} in ${r.pick(['one sentence', 'two sentences', 'a short paragraph'])}.`,
];

function multiTurn(w: World, seed: string): Built {
  const cid = 'c4-multiturn';
  const R = new Rng(`${seed}/${cid}`);
  const c = w.corpora;
  const sweep = new Sweep(R, [c.get('math-competition'), c.get('bbh'), c.get('gsm8k'), c.get('mmlu-redux'), c.where('code-benchmarks', (i) => i.category.startsWith('leetcode') || i.category.startsWith('mbpp'))]);
  const accounts: AccountRow[] = [];
  const members: (Member & { ip: string })[] = [];
  for (let i = 0; i < 24; i++) {
    const r = R.fork(`a${i}`);
    const cn = COUNTRIES[r.pick(['US', 'GB', 'IN', 'KR', 'JP', 'TW', 'VN', 'BR'])]!;
    const id = idOf('acct_', `${seed}/${cid}/${i}`);
    const created = w.start - r.int(1, 200) * DAY;
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), email_domain: r.pick(EMAIL_FREE), payment_fingerprint: idOf('card_', `${seed}/${cid}/card/${i % 6}`, 12), signup_ip: homeIp(r, cn), country: cn.code, tier: 'tier2', verified: false }));
    members.push({ seat: { account_id: id, key: idOf('key_', `${seed}/${cid}/${i}/k`, 8), client: r.pick(APPS), model: r.pick([MODELS[0], MODELS[2]]), rng: r, n: 0 }, off: cn.off, diurnal: 'home', weekly: 'person', perDay: r.between(1.2, 2.6), activeP: 0.85, from: w.start + r.int(0, 5 * DAY), until: Infinity, ip: homeIp(r, cn) });
  }
  const labels = accounts.map((a) => campaignLabel('multiturn_reasoning', cid)(a.account_id));
  return {
    accounts, labels, actor: new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      const item = sweep.next();
      const turns: Msg[] = [{ role: 'user', content: r.chance(0.5) ? item.prompt : cotAsk(r, item.prompt, 'casual') }];
      const order = r.shuffle([0, 1, 2, 4, 5]).slice(0, r.int(2, 4));
      order.splice(r.int(1, order.length), 0, 3);
      for (let k = 0; k <= order.length; k++) {
        const end = exchange(m.seat, t, m.ip, { messages: turns.slice(), max_tokens: 4096 }, { kind: 'reasoning' }, out);
        if (k === order.length) break;
        turns.push({ role: 'assistant', content: (out[out.length - 1]!.rec.response as { text: string } | undefined)?.text ?? '' }, { role: 'user', content: PROBES[order[k]!]!(r) });
        t = end + humanGap(r);
      }
    }),
  };
}

// ---------------------------------------------------------------- agent traces

function agentTrace(w: World, seed: string): Built {
  const cid = 'c4-agent';
  const R = new Rng(`${seed}/${cid}`);
  const c = w.corpora;
  const sweep = new Sweep(R, [c.where('tool-use-agentic', (i) => !i.category.startsWith('apibench')), c.where('tool-use-agentic', (i) => i.category.startsWith('apibench')).slice(0, 800)]);
  const systems = [
    'You are an autonomous agent. Think step by step, call tools when useful, and explain your plan before each call.',
    'You are a helpful assistant with access to tools. Before acting, write out your reasoning.',
    'Agent runtime v2. Plan, act, observe. Always justify tool choices.',
  ];
  const generic = ['web_search', 'browser_open', 'browser_click', 'python_exec', 'read_file', 'write_file', 'sql_query', 'http_get', 'calendar_create', 'send_email', 'get_weather', 'calculator'];
  const accounts: AccountRow[] = [];
  const members: (Member & { ips: string[] })[] = [];
  const clients: Client[] = [{ ua: 'langchain-openai/0.2.10', endpoint: 'chat.completions' }, { ua: 'litellm/1.55.3', endpoint: 'chat.completions' }, { ua: 'Anthropic/Python 0.40.0', endpoint: 'messages' }];
  for (let i = 0; i < 12; i++) {
    const r = R.fork(`a${i}`);
    const id = idOf('acct_', `${seed}/${cid}/${i}`);
    const created = w.start + r.int(0, 6 * DAY);
    const range = cloudRange(r, r.pick(['hetzner', 'ovh']));
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), org_id: r.chance(0.5) ? idOf('org_', `${seed}/${cid}/org/${i % 3}`, 8) : undefined, email_domain: r.pick(['proton.me', 'gmail.com', `${r.hex(6)}.ai`]), payment_fingerprint: idOf('card_', `${seed}/${cid}/card/${i % 4}`, 12), signup_ip: inRange(r, range), country: r.pick(['DE', 'FR', 'SG', 'US']), tier: 'tier2', verified: false }));
    members.push({ seat: { account_id: id, key: idOf('key_', `${seed}/${cid}/${i}/k`, 8), client: clients[i % 3]!, model: MODELS[0], rng: r, n: 0 }, off: 0, diurnal: 'flat', weekly: 'flat', perDay: r.between(3.5, 6.5), activeP: 0.95, from: created + r.int(MIN, 6 * HOUR), until: Infinity, ips: [inRange(r, range), inRange(r, range), inRange(r, range)] });
  }
  const labels = accounts.map((a) => campaignLabel('agent_trace', cid)(a.account_id));
  return {
    accounts, labels, actor: new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      const it = sweep.next();
      const own = Array.isArray(it.meta?.tools) ? (it.meta!.tools as string[]) : [];
      const tools = [...new Set([...own.slice(0, 6), ...r.shuffle(generic.slice()).slice(0, r.int(3, 8))])];
      const sys = r.pick(systems);
      const msgs: Msg[] = [{ role: 'user', content: it.prompt }];
      const ip = r.pick(m.ips);
      const steps = r.int(2, 6);
      for (let k = 0; k < steps; k++) {
        const last = k === steps - 1;
        const calls = last ? 0 : r.int(1, 3);
        const end = exchange(m.seat, t, ip, { system: sys, messages: msgs.slice(-10), tools, temperature: 0.6, max_tokens: 4096 }, { kind: last ? 'reasoning' : 'tool', stop: last ? undefined : 'tool_use', toolCalls: calls, tokens: last ? undefined : r.logNormal(180, 0.5) }, out);
        const tool = r.pick(tools);
        msgs.push({ role: 'assistant', content: `Plan: use ${tool}. Reasoning: ${r.pick(['need fresh data', 'must verify', 'compute exactly', 'look up the record'])}.` }, { role: 'tool', content: JSON.stringify({ tool, status: 'ok', data: { id: r.hex(6), value: r.int(1, 9999), note: r.pick(['found', 'empty', 'partial', 'ok']) } }) });
        t = end + machineGap(r, 900);
      }
    }),
  };
}

// ---------------------------------------------------------------- split across organisations

function splitOrgs(w: World, seed: string): Built {
  const cid = 'c4-splitorgs';
  const R = new Rng(`${seed}/${cid}`);
  const sweep = new Sweep(R, harvestPools(w));
  const orgs = [
    { domain: 'northwind-labs.ai', cloud: 'aws', client: { ua: 'python-httpx/0.27.2', endpoint: 'chat.completions' }, off: -5, diurnal: 'office', weekly: 'work', tmpl: (s: string) => `Solve the following and show your full reasoning.\n\n${s}` },
    { domain: 'quantacore.dev', cloud: 'gcp', client: { ua: 'Go-http-client/2.0', endpoint: 'messages' }, off: 1, diurnal: 'flat', weekly: 'flat', tmpl: (s: string) => `<task>\n${s}\n</task>\nRespond with <thinking> covering every step, then <answer>.` },
    { domain: 'meridian-edtech.com', cloud: 'azure', client: { ua: 'reqwest/0.12.9', endpoint: 'responses' }, off: 8, diurnal: 'home', weekly: 'person', tmpl: (s: string) => `Student question: ${s}\nWrite a model answer a tutor would give, explaining the method.` },
    { domain: 'fjordsoft.no', cloud: 'vultr', client: { ua: 'okhttp/4.12.0', endpoint: 'chat.completions' }, off: 1, diurnal: 'service', weekly: 'service', tmpl: (s: string) => `${s}\n---\nExplain thoroughly, then conclude with "Final:" and the result.` },
  ] as const;
  const accounts: AccountRow[] = [];
  const members: (Member & { ips: string[]; tmpl: (s: string) => string })[] = [];
  orgs.forEach((o, k) => {
    const orgRng = R.fork(`org${k}`);
    const org = idOf('org_', `${seed}/${cid}/org/${k}`, 8);
    const range = cloudRange(orgRng, o.cloud);
    const created = w.start - orgRng.int(15, 90) * DAY;
    for (let i = 0; i < 6; i++) {
      const r = R.fork(`o${k}a${i}`);
      const id = idOf('acct_', `${seed}/${cid}/${k}/${i}`);
      accounts.push(accountRow(r, { account_id: id, created_at: iso(created + r.int(0, 10 * DAY)), org_id: org, email_domain: o.domain, payment_fingerprint: idOf('card_', `${seed}/${cid}/card/${k}`, 12), signup_ip: inRange(r, range), country: ['US', 'DE', 'SG', 'NO'][k], tier: 'tier3', verified: k < 2 }));
      members.push({ seat: { account_id: id, org_id: org, key: idOf('key_', `${seed}/${cid}/${k}/${i}/k`, 8), client: o.client, model: MODELS[k % 2 === 0 ? 0 : 2], rng: r, n: 0 }, off: o.off, diurnal: o.diurnal, weekly: o.weekly, perDay: r.between(10, 20), activeP: 0.9, from: w.start + r.int(0, 4 * DAY), until: Infinity, ips: [inRange(r, range), inRange(r, range)], tmpl: o.tmpl });
    }
  });
  const labels = accounts.map((a) => campaignLabel('split_orgs', cid)(a.account_id));
  return {
    accounts, labels, actor: new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      exchange(m.seat, t, r.pick(m.ips), { messages: [{ role: 'user', content: m.tmpl(sweep.next().prompt) }], temperature: r.pick([0.2, 0.6, 1]), max_tokens: 8192 }, { kind: 'reasoning' }, out);
    }),
  };
}

// ---------------------------------------------------------------- pause and restart

function pauseRestart(w: World, seed: string): Built {
  const cid = 'c4-pauserestart';
  const R = new Rng(`${seed}/${cid}`);
  const sweep = new Sweep(R, harvestPools(w));
  const phases = [
    { tag: 'A', from: 1, until: 11, cloud: 'hetzner', client: { ua: 'OpenAI/Python 1.54.3', endpoint: 'chat.completions' }, domain: () => R.pick(['gmail.com', 'outlook.com']), tmpl: (r: Rng, s: string) => `### Instruction\n${s}\n\n### Requirements\n- reason step by step\n- final answer last\n\n### Response` },
    { tag: 'B', from: 17, until: 99, cloud: 'vultr', client: { ua: 'reqwest/0.12.9', endpoint: 'messages' }, domain: () => 'mailbox.org', tmpl: (r: Rng, s: string) => cotAsk(r, s, 'formal') },
  ];
  const accounts: AccountRow[] = [];
  const members: (Member & { ips: string[]; tmpl: (r: Rng, s: string) => string })[] = [];
  for (const ph of phases) {
    const pr = R.fork(ph.tag);
    const range = cloudRange(pr, ph.cloud);
    const start = w.start + ph.from * DAY;
    for (let i = 0; i < 10; i++) {
      const r = R.fork(`${ph.tag}${i}`);
      const id = idOf('acct_', `${seed}/${cid}/${ph.tag}/${i}`);
      const created = start - r.int(2 * HOUR, 20 * HOUR);
      accounts.push(accountRow(r, { account_id: id, created_at: iso(created), email_domain: ph.domain(), payment_fingerprint: idOf('card_', `${seed}/${cid}/card/${ph.tag}`, 12), signup_ip: inRange(r, range), country: ph.tag === 'A' ? 'DE' : 'NL', tier: 'tier2', verified: false }));
      members.push({ seat: { account_id: id, key: idOf('key_', `${seed}/${cid}/${ph.tag}/${i}/k`, 8), client: ph.client, model: MODELS[0], rng: r, n: 0 }, off: 0, diurnal: 'flat', weekly: 'flat', perDay: r.between(28, 42), activeP: 1, from: start + r.int(0, 6 * HOUR), until: w.start + Math.min(ph.until, w.days) * DAY - r.int(0, 3 * HOUR), ips: [inRange(r, range), inRange(r, range)], tmpl: ph.tmpl });
    }
  }
  const labels = accounts.map((a) => campaignLabel('pause_restart', cid)(a.account_id));
  return {
    accounts, labels, actor: new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      exchange(m.seat, t, r.pick(m.ips), { messages: [{ role: 'user', content: m.tmpl(r, sweep.next().prompt) }], temperature: 0.7, max_tokens: 4096 }, { kind: 'reasoning' }, out);
    }),
  };
}

// ---------------------------------------------------------------- logit probe (own idea)

/**
 * Logit extraction: public attacks recover a production model's output layer and
 * next-token distributions by asking for one token with log-probabilities while a
 * logit bias sweeps the vocabulary (Carlini et al. 2024, "Stealing Part of a
 * Production Language Model"; Finlayson et al. 2024, "Logits of API-Protected
 * LLMs Leak Proprietary Information"). Each request is tiny: one output token,
 * short prefixes, the bias in fields the contract does not name.
 */
function logitProbe(w: World, seed: string): Built {
  const cid = 'c4-logitprobe';
  const R = new Rng(`${seed}/${cid}`);
  const prefixes = new Sweep(R, [w.corpora.get('sharegpt-sample'), w.corpora.get('nq-open-queries'), w.corpora.get('alpaca-eval')]);
  const accounts: AccountRow[] = [];
  const members: (Member & { ips: string[]; tokenBase: number })[] = [];
  for (let i = 0; i < 6; i++) {
    const r = R.fork(`a${i}`);
    const id = idOf('acct_', `${seed}/${cid}/${i}`);
    const range = cloudRange(r, 'gcp');
    const created = w.start + r.int(2, 8) * DAY;
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), email_domain: r.pick(['gmail.com', 'cs.example-univ.edu', 'proton.me']), payment_fingerprint: idOf('card_', `${seed}/${cid}/card/${i % 2}`, 12), signup_ip: inRange(r, range), country: 'US', tier: 'tier2', verified: false }));
    members.push({ seat: { account_id: id, key: idOf('key_', `${seed}/${cid}/${i}/k`, 8), client: { ua: 'OpenAI/Python 1.57.0', endpoint: 'chat.completions' }, model: MODELS[i % 2 === 0 ? 0 : 1], rng: r, n: 0 }, off: 0, diurnal: 'flat', weekly: 'flat', perDay: r.between(2, 3.5), activeP: 0.9, from: created + HOUR, until: Infinity, ips: [inRange(r, range), inRange(r, range)], tokenBase: r.int(0, 190_000) });
  }
  const labels = accounts.map((a) => campaignLabel('logit_probe', cid)(a.account_id));
  return {
    accounts, labels, actor: new Crowd(accounts, labels, members, (m, t, out) => {
      // one prefix, then a run of one-token queries each biasing a different slice of the vocabulary
      const r = m.seat.rng;
      const words = prefixes.next().prompt.split(/\s+/);
      const prefix = words.slice(0, r.int(2, Math.max(2, Math.min(12, words.length)))).join(' ');
      const ip = r.pick(m.ips);
      const n = r.int(12, 24);
      for (let k = 0; k < n; k++) {
        const bias: Record<string, number> = {};
        for (let j = 0; j < 5; j++) bias[String((m.tokenBase + (m.seat.n * 5 + j) * 7919) % 200_000)] = 100;
        const req: Req = { messages: [{ role: 'user', content: prefix }], temperature: 0, max_tokens: 1, logprobs: true, top_logprobs: 20, logit_bias: bias };
        const end = exchange(m.seat, t, ip, req, { kind: 'probe', tokens: 1, latencyPerToken: 40 }, out);
        t = end + machineGap(r, 400);
      }
    }),
  };
}

/** Every strategy with its persona name, in the order the world runs them. */
export const STRATEGIES = ['slow_burn', 'surface_copy', 'multiturn_reasoning', 'agent_trace', 'split_orgs', 'pause_restart', 'logit_probe'] as const;

export function campaigns(w: World, seed: string, benignSeed: string): Built[] {
  return [slowBurn(w, seed), surfaceCopy(w, seed, benignSeed), multiTurn(w, seed), agentTrace(w, seed), splitOrgs(w, seed), pauseRestart(w, seed), logitProbe(w, seed)];
}
export type { Seat };
