/**
 * Benign populations of heldout/v4. The world's benign traffic is whole copies of
 * one base mix (BASE_UNITS), so the per-persona mix is the same at every size and
 * a larger world holds every benign account of a smaller one. Several units are
 * look-alikes that crowd together as the population grows: a bootcamp cohort
 * behind two NATs sharing a notebook template and one org key, a support SaaS
 * wrapping end users' tickets in one system prompt, a contracted labelling vendor
 * whose annotators grade answers, a school district on staggered periods,
 * hackathon sign-ups in one evening, open-source CI running a fixed eval nightly,
 * power users with prompt libraries, and families sharing a device.
 */
import type { Item } from './corpora.js';
import {
  accountRow, APPS, cloudRange, COUNTRIES, CUSTOMER_COUNTRIES, DAY, EMAIL_FREE, exchange, followUp, HOUR, homeIp, humanGap, idOf, inRange, iso,
  machineGap, MIN, MODELS, SDKS,
  type AccountRow, type Actor, type Client, type Country, type Ev, type LabelRow, type Msg, type Req, type Seat, type World,
} from './core.js';
import { Crowd, type Member } from './crowd.js';
import { Rng } from './rng.js';

const label = (account_id: string, persona: string): LabelRow => ({ account_id, label: 'benign', campaign_id: null, persona });

/** A person's chat opener, in their language where the corpora have it. */
export function chatItem(w: World, r: Rng, lang: string): Item {
  const c = w.corpora;
  if (lang === 'ru' && r.chance(0.6)) return r.pick(c.get('wildchat-hard-ru'));
  if ((lang === 'ja' || lang === 'zh') && r.chance(0.5)) return r.pick(c.where('multilingual-chat', (i) => i.lang.startsWith(lang)));
  if (lang === 'ko' && r.chance(0.4)) return r.pick(c.where('arena-hard', (i) => i.lang === 'ko'));
  if (lang === 'es' && r.chance(0.3)) return r.pick(c.where('conala-so-questions', (i) => i.lang === 'es'));
  return r.pick(c.get(r.weighted([
    ['sharegpt-sample', 18], ['oasst-prompts', 8], ['arena-hard', 10], ['alpaca-eval', 8], ['self-instruct-user-oriented', 3], ['mt-bench-vicuna-bench', 2],
    ['nq-open-queries', 16], ['webquestions', 12], ['hh-rlhf-harmless-test', 3], ['multilingual-chat', 3], ['awesome-chatgpt-prompts', 2],
  ] as const)));
}

/** Messages of a conversation so far, trimmed to what a client keeps sending. */
function history(turns: Msg[], keep: number): Msg[] {
  return turns.length > keep ? turns.slice(turns.length - keep) : turns.slice();
}

/** A person's conversation: the item's own turns when it has them, then follow-ups. */
function converse(m: Member & { ip: () => string; sys?: string }, t: number, out: Ev[], first: Item, maxTurns: number, temp?: number): void {
  const r = m.seat.rng;
  const turns: Msg[] = [];
  const n = Math.min(maxTurns, first.turns && first.turns.length > 1 ? first.turns.length + (r.chance(0.3) ? 1 : 0) : 1 + Math.floor(-Math.log(1 - r.next()) / 0.8));
  const ip = m.ip();
  for (let k = 0; k < n; k++) {
    const text = first.turns?.[k] ?? (k === 0 ? first.prompt : followUp(r, turns[turns.length - 2]?.content ?? first.prompt));
    turns.push({ role: 'user', content: text });
    const req: Req = { system: m.sys, messages: history(turns, 9), temperature: temp };
    const end = exchange(m.seat, t, ip, req, { kind: first.category === 'search-query' ? 'short' : 'chat' }, out);
    const ans = out[out.length - 1]!.rec.response as { text: string } | undefined;
    turns.push({ role: 'assistant', content: ans?.text ?? '' });
    t = end + humanGap(r);
  }
}

function seatOf(r: Rng, account_id: string, client: Client, extra: Partial<Seat> = {}): Seat {
  return { account_id, client, model: r.weighted([[MODELS[0], 5], [MODELS[1], 3], [MODELS[2], 2]] as const), rng: r, n: 0, ...extra };
}
const countryOf = (r: Rng): Country => COUNTRIES[r.weighted(CUSTOMER_COUNTRIES)]!;

interface Unit { accounts: AccountRow[]; labels: LabelRow[]; actors: Actor[] }
type Maker = (w: World, key: string) => Unit;

// ---------------------------------------------------------------- people

const individuals: Maker = (w, key) => {
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { ip: () => string; lang: string; sys?: string })[] = [];
  for (let i = 0; i < 200; i++) {
    const name = `${key}/person/${i}`;
    const r = new Rng(name);
    const c = countryOf(r);
    const id = idOf('acct_', name);
    const home = homeIp(r, c);
    const mobile = homeIp(r, c);
    const created = w.start - r.int(1, 900) * DAY + r.int(0, DAY - 1);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), email_domain: r.pick(EMAIL_FREE), payment_fingerprint: r.chance(0.8) ? idOf('card_', `${name}/card`, 12) : undefined, signup_ip: homeIp(r, c), country: c.code, tier: r.pick(['free', 'tier1', 'tier1', 'tier2']), verified: false }));
    labels.push(label(id, 'individual'));
    const client = r.chance(0.85) ? r.pick(APPS) : r.pick(SDKS);
    members.push({
      seat: seatOf(r, id, client, { key: idOf('key_', `${name}/k`, 8) }), off: c.off, diurnal: r.chance(0.25) ? 'evening' : 'home', weekly: 'person',
      perDay: r.between(0.6, 3), activeP: r.between(0.15, 0.7), from: w.start, until: Infinity, lang: c.lang,
      ip: () => (r.chance(0.85) ? home : mobile), sys: r.chance(0.2) ? r.pick(['You are a helpful assistant.', 'Be concise.', 'You are ChatGPT-like assistant. Answer in markdown.', 'Antworte auf Deutsch.', 'Reply briefly, no disclaimers.']) : undefined,
    });
  }
  return { accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => converse(m, t, out, chatItem(w, m.seat.rng, m.lang), 7))] };
};

const families: Maker = (w, key) => {
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { ip: () => string; kid: boolean; lang: string })[] = [];
  for (let h = 0; h < 5; h++) {
    const hr = new Rng(`${key}/family/${h}`);
    const c = countryOf(hr);
    const home = homeIp(hr, c);
    const device = hr.pick(APPS.filter((a) => /iPhone|Android|Chrome/.test(a.ua ?? '')));
    const card = idOf('card_', `${key}/family/${h}/card`, 12);
    // household sizes are fixed so every copy of the base mix has the same number of family accounts
    const n = [2, 3, 4, 3, 3][h]!;
    for (let i = 0; i < n; i++) {
      const name = `${key}/family/${h}/${i}`;
      const r = new Rng(name);
      const id = idOf('acct_', name);
      const kid = i >= 2;
      accounts.push(accountRow(r, { account_id: id, created_at: iso(w.start - r.int(20, 400) * DAY), email_domain: hr.pick(EMAIL_FREE), payment_fingerprint: i === 0 || r.chance(0.5) ? card : undefined, signup_ip: home, country: c.code, tier: 'free', verified: false }));
      labels.push(label(id, 'family_shared'));
      members.push({ seat: seatOf(r, id, device), off: c.off, diurnal: 'evening', weekly: 'person', perDay: r.between(0.5, 2), activeP: 0.45, from: w.start, until: Infinity, ip: () => home, kid, lang: c.lang });
    }
  }
  return {
    accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      const item = m.kid && r.chance(0.5) ? r.pick(w.corpora.get('gsm8k')) : chatItem(w, r, m.lang);
      converse(m, t, out, item, 5);
    })],
  };
};

const powerUsers: Maker = (w, key) => {
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { ip: () => string; library: string[]; lang: string })[] = [];
  const roles = w.corpora.get('awesome-chatgpt-prompts');
  for (let i = 0; i < 20; i++) {
    const name = `${key}/power/${i}`;
    const r = new Rng(name);
    const c = countryOf(r);
    const id = idOf('acct_', name);
    const home = homeIp(r, c);
    const office = homeIp(r, c);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(w.start - r.int(60, 700) * DAY), email_domain: r.chance(0.5) ? r.pick(EMAIL_FREE) : `${r.hex(5)}.com`, payment_fingerprint: idOf('card_', `${name}/card`, 12), signup_ip: home, country: c.code, tier: r.pick(['tier2', 'tier3', 'tier4']), verified: r.chance(0.3) }));
    labels.push(label(id, 'power_user'));
    const library = Array.from({ length: r.int(5, 14) }, () => r.pick(roles).prompt.slice(0, 1500));
    members.push({ seat: seatOf(r, id, r.pick(APPS.slice(0, 2).concat(APPS.slice(6))), { key: idOf('key_', `${name}/k`, 8) }), off: c.off, diurnal: r.pick(['office', 'home']), weekly: 'person', perDay: r.between(2, 6), activeP: 0.75, from: w.start, until: Infinity, ip: () => (r.chance(0.6) ? office : home), library, lang: c.lang });
  }
  return {
    accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      // a saved prompt is used as the system prompt, or pasted with a fill-in
      const saved = r.pick(m.library);
      const item = chatItem(w, r, m.lang);
      if (r.chance(0.6)) converse({ ...m, sys: saved }, t, out, item, 6, r.chance(0.5) ? 0.7 : undefined);
      else converse(m, t, out, { ...item, turns: undefined, prompt: `${saved}\n\n${item.prompt}` }, 4);
    })],
  };
};

const developers: Maker = (w, key) => {
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { ip: () => string; lang: string })[] = [];
  for (let i = 0; i < 40; i++) {
    const name = `${key}/dev/${i}`;
    const r = new Rng(name);
    const c = countryOf(r);
    const id = idOf('acct_', name);
    const home = homeIp(r, c);
    const devbox = inRange(r, cloudRange(r, r.pick(['aws', 'gcp', 'hetzner', 'linode'])));
    accounts.push(accountRow(r, { account_id: id, created_at: iso(w.start - r.int(5, 800) * DAY), email_domain: r.chance(0.6) ? r.pick(EMAIL_FREE) : `${r.hex(6)}.dev`, payment_fingerprint: idOf('card_', `${name}/card`, 12), signup_ip: home, country: c.code, tier: r.pick(['tier1', 'tier2', 'tier3']), verified: false, org_id: r.chance(0.3) ? idOf('org_', `${name}/org`, 8) : undefined }));
    labels.push(label(id, 'developer'));
    members.push({ seat: seatOf(r, id, r.pick(SDKS), { key: idOf('key_', `${name}/k`, 8) }), off: c.off, diurnal: r.pick(['office', 'home', 'student']), weekly: 'person', perDay: r.between(1, 4), activeP: 0.55, from: w.start, until: Infinity, ip: () => (r.chance(0.7) ? home : devbox), lang: c.lang });
  }
  return {
    accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      const ip = m.ip();
      if (r.chance(0.35)) {
        // debugging an integration: the same request again and again while the code changes
        const base = r.pick(w.corpora.get(r.pick(['conala-so-questions', 'codealpaca', 'sharegpt-sample'])));
        const sys = r.chance(0.6) ? `You are a ${r.pick(['JSON extraction', 'SQL', 'commit message', 'release notes', 'log triage'])} helper. Reply with ${r.pick(['JSON only', 'one line', 'markdown'])}.` : undefined;
        const n = r.int(2, 10);
        for (let k = 0; k < n; k++) {
          const end = exchange(m.seat, t, ip, { system: sys, messages: [{ role: 'user', content: k % 4 === 3 ? `${base.prompt} (${r.pick(['v2', 'retry', 'test', 'again'])})` : base.prompt }], temperature: r.pick([0, 0.2, 1]), max_tokens: r.pick([256, 512, 1024, undefined]) }, { kind: 'code' }, out);
          t = end + machineGap(r, r.pick([3_000, 30_000, 120_000]));
        }
        return;
      }
      converse(m, t, out, r.pick(w.corpora.get(r.pick(['conala-so-questions', 'codealpaca', 'arena-hard']))), 5);
    })],
  };
};

// ---------------------------------------------------------------- look-alike organisations

/** The notebook template a bootcamp hands out; `copy` names the cohort (campaigns may wear cohort 0's). */
export function bootcampSurface(copy: string): { system: string; cell: (week: number, n: number, task: string) => string; ua: string; school: string } {
  const r = new Rng(`bootcamp-surface/${copy}`);
  const school = r.pick(['Northbeam', 'Codeforge', 'Datalift', 'Kiln', 'Brightpath', 'Lambda Yard']);
  const cohort = `${school} ${r.pick(['Data & AI', 'ML Engineering', 'Full-Stack AI'])} Bootcamp, cohort ${r.int(11, 48)}`;
  return {
    system: `You are the teaching assistant of the ${cohort}. Explain like a patient mentor, show Python in fenced blocks, and never hand over a full solution before the student has tried.`,
    cell: (week, n, task) => `## Week ${week} · Exercise ${n}\n${task}\n\n\`\`\`python\n# my attempt\n\`\`\`\nWhat am I getting wrong?`,
    ua: 'OpenAI/Python 1.57.0 (jupyter)',
    school,
  };
}

const bootcamp: Maker = (w, key) => {
  const br = new Rng(`${key}/bootcamp`);
  const c = COUNTRIES[br.pick(['DE', 'IN', 'BR', 'GB', 'US', 'PL'])]!;
  const surface = bootcampSurface(key);
  const org = idOf('org_', `${key}/bootcamp/org`, 8);
  const orgKey = idOf('key_', `${key}/bootcamp/key`, 8);
  const nats = [inRange(br, `${br.pick(c.res)}.${br.int(0, 255)}`), inRange(br, `${br.pick(c.res)}.${br.int(0, 255)}`)];
  const signup = w.start - br.int(3, 30) * DAY + 13 * HOUR - c.off * HOUR;
  const exercises = [...w.corpora.where('code-benchmarks', (i) => i.category.startsWith('mbpp')), ...w.corpora.get('gsm8k').slice(0, 400)];
  const plan = br.shuffle(exercises.slice()).slice(0, 120);
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { home: string; nat: string })[] = [];
  for (let i = 0; i < 48; i++) {
    const name = `${key}/bootcamp/${i}`;
    const r = new Rng(name);
    const id = idOf('acct_', name);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(signup + r.int(0, 3 * HOUR)), org_id: org, email_domain: `students.${surface.school.toLowerCase().replace(/\s+/g, '')}.academy`, signup_ip: nats[0], country: c.code, tier: 'org-seat', verified: true }));
    labels.push(label(id, 'bootcamp_student'));
    members.push({ seat: { account_id: id, org_id: org, key: orgKey, client: { ua: surface.ua, endpoint: 'chat.completions' }, model: MODELS[1], rng: r, n: 0 }, off: c.off, diurnal: 'student', weekly: 'person', perDay: r.between(1, 2.5), activeP: 0.8, from: w.start, until: Infinity, home: homeIp(r, c), nat: nats[i % 2]! });
  }
  return {
    accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      const week = Math.floor((t - w.start) / (7 * DAY));
      const { hour } = { hour: new Date(t + m.off * HOUR).getUTCHours() };
      const ip = hour >= 9 && hour < 17 ? m.nat : r.chance(0.7) ? m.home : m.nat;
      // this week's exercises: everybody in the cohort works on the same ten
      const n = r.int(1, 10);
      const ex = plan[(week * 10 + n - 1) % plan.length]!;
      const turns: Msg[] = [{ role: 'user', content: surface.cell(week + 1, n, ex.prompt) }];
      const k = r.int(1, 4);
      for (let j = 0; j < k; j++) {
        const end = exchange(m.seat, t, ip, { system: surface.system, messages: history(turns, 7), temperature: 0.3 }, { kind: 'code' }, out);
        const ans = (out[out.length - 1]!.rec.response as { text: string } | undefined)?.text ?? '';
        turns.push({ role: 'assistant', content: ans }, { role: 'user', content: followUp(r, ans) });
        t = end + humanGap(r) * 2;
      }
    })],
  };
};

/** A support SaaS's system prompt and ticket template; `copy` names the product. */
export function saasSurface(copy: string): { system: string; ticket: (r: Rng, body: string) => string; ua: string; product: string } {
  const r = new Rng(`saas-surface/${copy}`);
  const product = r.pick(['Parcelwise', 'Tallybook', 'Roomly', 'Fernway Travel', 'Ledgerly', 'Brightbox Energy']);
  const agent = r.pick(['Juniper', 'Max', 'Ada', 'Robin', 'Sol']);
  const names = ['Zoë Müller', 'Jürgen Weiß', 'Ana Lúcia', 'Søren Ås', 'Priya Raman', '李雷', 'Nguyễn Văn An', 'Chloé Dubois', 'José Álvarez', 'Oğuz Yılmaz', 'Małgorzata Nowak', 'Kwame Mensah', 'María José', 'Björn Ek', 'Ayşe Kaya'];
  return {
    product,
    system: `You are ${agent}, the customer support assistant of ${product}. Be warm and brief. Use the customer's name. Never promise refunds; offer to escalate to a human when unsure. Today's policies: ${r.pick(['returns within 30 days', 'invoices in the Billing tab', 'two-factor login required'])}.`,
    ticket: (tr, body) => `Ticket #${tr.int(100000, 999999)} | Plan: ${tr.pick(['Free', 'Plus', 'Business', 'Enterprise'])} | Channel: ${tr.pick(['email', 'chat', 'web form', 'WhatsApp'])}\nCustomer: ${tr.pick(names)}${tr.chance(0.2) ? ' 🙂' : ''}\nMessage:\n${body}`,
    ua: `helpdesk-ai-worker/3.${r.int(0, 9)} (${product.toLowerCase().replace(/\s+/g, '-')})`,
  };
}

const supportSaas: Maker = (w, key) => {
  const sr = new Rng(`${key}/saas`);
  const surface = saasSurface(key);
  const org = idOf('org_', `${key}/saas/org`, 8);
  const range = cloudRange(sr, 'aws');
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { ips: string[] })[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `${key}/saas/${i}`;
    const r = new Rng(name);
    const id = idOf('acct_', name);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(w.start - r.int(100, 600) * DAY), org_id: org, email_domain: `${surface.product.toLowerCase().replace(/\s+/g, '')}.com`, payment_fingerprint: idOf('card_', `${key}/saas/card`, 12), signup_ip: inRange(r, range), country: 'US', tier: 'tier5', verified: true }));
    labels.push(label(id, 'support_saas'));
    members.push({ seat: { account_id: id, org_id: org, key: idOf('key_', `${name}/k`, 8), client: { ua: surface.ua, endpoint: 'chat.completions' }, model: i === 2 ? MODELS[1] : MODELS[0], rng: r, n: 0, noContent: i === 1 }, off: -5, diurnal: 'service', weekly: 'service', perDay: [50, 30, 10][i]!, activeP: 1, from: w.start, until: Infinity, ips: [inRange(r, range), inRange(r, range), inRange(r, range)] });
  }
  return {
    accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      const body = r.pick(w.corpora.get(r.weighted([['nq-open-queries', 3], ['webquestions', 3], ['sharegpt-sample', 2], ['oasst-prompts', 1], ['wildchat-hard-ru', 0.3]] as const))).prompt.slice(0, 900);
      const turns: Msg[] = [{ role: 'user', content: surface.ticket(r, body) }];
      const k = r.chance(0.25) ? r.int(2, 3) : 1;
      for (let j = 0; j < k; j++) {
        const end = exchange(m.seat, t, r.pick(m.ips), { system: surface.system, messages: history(turns, 7), temperature: 0.4, max_tokens: 600 }, { kind: 'ticket' }, out);
        turns.push({ role: 'assistant', content: (out[out.length - 1]!.rec.response as { text: string } | undefined)?.text ?? '' }, { role: 'user', content: `Customer reply:\n${followUp(r, body)}` });
        t = end + r.logNormal(6 * MIN, 1);
      }
    })],
  };
};

const labellingVendor: Maker = (w, key) => {
  const vr = new Rng(`${key}/labelling`);
  const c = COUNTRIES[vr.pick(['KE', 'PH', 'IN', 'NG'])]!;
  const org = idOf('org_', `${key}/labelling/org`, 8);
  const office = [`${vr.pick(c.res)}.${vr.int(0, 255)}.${vr.int(0, 255)}.${vr.int(2, 250)}`, `${vr.pick(c.res)}.${vr.int(0, 255)}.${vr.int(0, 255)}.${vr.int(2, 250)}`];
  const vendor = vr.pick(['Annotera', 'LabelHive', 'Tasklane', 'Sembla Data']);
  const judges = w.corpora.get('llm-judge-prompts');
  const tasks = w.corpora.get('instruction-sweeps');
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { ip: string })[] = [];
  for (let i = 0; i < 16; i++) {
    const name = `${key}/labelling/${i}`;
    const r = new Rng(name);
    const id = idOf('acct_', name);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(w.start - r.int(10, 200) * DAY), org_id: org, email_domain: `${vendor.toLowerCase().replace(/\s+/g, '')}.co`, payment_fingerprint: idOf('card_', `${key}/labelling/card`, 12), signup_ip: office[0], country: c.code, tier: 'tier4', verified: true }));
    labels.push(label(id, 'labelling_vendor'));
    members.push({ seat: { account_id: id, org_id: org, key: idOf('key_', `${name}/k`, 8), client: { ua: `${vendor.toLowerCase().replace(/\s+/g, '')}-console/2.3 python-requests/2.32.3`, endpoint: 'chat.completions' }, model: MODELS[0], rng: r, n: 0 }, off: c.off, diurnal: 'office', weekly: 'work', perDay: r.between(1.5, 3), activeP: 0.85, from: w.start, until: Infinity, ip: office[i % 2]! });
  }
  return {
    accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => {
      // a batch of the day's contracted items: grade pairs, draft references, rate answers
      const r = m.seat.rng;
      const n = r.int(2, 7);
      for (let j = 0; j < n; j++) {
        const kind = r.next();
        let req: Req;
        if (kind < 0.45) {
          const it = r.pick(judges);
          req = { system: (it.meta?.system as string | undefined) ?? undefined, messages: [{ role: 'user', content: it.prompt }], temperature: 0, max_tokens: 1024 };
        } else if (kind < 0.75) {
          req = { system: `Project ${vendor}-RLHF-${r.int(3, 7)}: write a reference answer a careful expert would give.`, messages: [{ role: 'user', content: r.pick(tasks).prompt }], temperature: 0.7, max_tokens: 1500 };
        } else {
          const it = r.pick(w.corpora.get('alpaca-eval'));
          req = { messages: [{ role: 'user', content: `Rate the answer below from 1 (useless) to 7 (excellent) and give one sentence of reasons.\n\nQuestion: ${it.prompt}\n\nAnswer: ${r.pick(w.corpora.get('sharegpt-sample')).prompt.slice(0, 600)}` }], temperature: 0, max_tokens: 120 };
        }
        const end = exchange(m.seat, t, m.ip, req, { kind: kind < 0.45 ? 'judge' : kind < 0.75 ? 'chat' : 'label' }, out);
        t = end + r.logNormal(3 * MIN, 0.7);
      }
    })],
  };
};

/** A school district: schools start their periods at staggered times and sections use the tool in assigned periods. */
class SchoolDistrict implements Actor {
  accounts: AccountRow[] = [];
  labels: LabelRow[] = [];
  private students: { seat: Seat; school: number; section: number }[] = [];
  private schools: { nat: string; startMin: number }[] = [];
  private slots = new Map<string, number[]>();
  private readonly off: number;
  private readonly rng: Rng;

  constructor(private readonly w: World, key: string) {
    const r = (this.rng = new Rng(`${key}/district`));
    const c = COUNTRIES[r.pick(['US', 'CA', 'AU'])]!;
    this.off = c.off;
    const org = idOf('org_', `${key}/district/org`, 8);
    const created = w.start - r.int(7, 20) * DAY;
    for (let s = 0; s < 3; s++) this.schools.push({ nat: `${r.pick(c.res)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 250)}`, startMin: 7 * 60 + 45 + 30 * s });
    for (let s = 0; s < 3; s++) {
      for (let sec = 0; sec < 2; sec++) {
        // each section uses the assistant in two or three periods a week
        const slots: number[] = [];
        for (let k = 0, n = r.int(2, 3); k < n; k++) slots.push(r.int(0, 4) * 10 + r.int(0, 6));
        this.slots.set(`${s}/${sec}`, slots);
      }
      for (let i = 0; i < 26; i++) {
        const name = `${key}/district/${s}/${i}`;
        const rr = new Rng(name);
        const id = idOf('acct_', name);
        const teacher = i === 0;
        this.accounts.push(accountRow(rr, { account_id: id, created_at: iso(created + rr.int(0, 5 * DAY)), org_id: org, email_domain: `k12.${key.replace(/\W/g, '')}.edu`, signup_ip: this.schools[s]!.nat, country: c.code, tier: 'edu', verified: true }));
        this.labels.push(label(id, 'school_district'));
        this.students.push({ seat: { account_id: id, org_id: org, key: idOf('key_', `${key}/district/key/${s}`, 8), client: { ua: 'Mozilla/5.0 (X11; CrOS x86_64 15917.71.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', endpoint: 'responses', stream: true }, model: MODELS[1], rng: rr, n: 0 }, school: s, section: teacher ? -1 : i % 2 });
      }
    }
  }

  hour(t: number, out: Ev[]): void {
    const local = new Date(t + this.off * HOUR);
    const dow = (local.getUTCDay() + 6) % 7;
    if (dow > 4) return;
    const minuteOfDayStart = local.getUTCHours() * 60;
    for (let s = 0; s < 3; s++) {
      const school = this.schools[s]!;
      for (let p = 0; p < 7; p++) {
        const pStart = school.startMin + p * 55;
        if (pStart < minuteOfDayStart || pStart >= minuteOfDayStart + 60) continue;
        const periodT = t + (pStart - minuteOfDayStart) * MIN;
        for (const st of this.students) {
          if (st.school !== s) continue;
          const r = st.seat.rng;
          const inClass = st.section >= 0 && this.slots.get(`${s}/${st.section}`)!.includes(dow * 10 + p);
          if (!inClass && !(st.section < 0 && r.chance(0.15))) continue;
          if (r.chance(0.1)) continue; // absent
          let at = periodT + r.int(3, 15) * MIN;
          const n = r.int(1, 4);
          const lesson = new Rng(`${s}/${dow}/${p}/${Math.floor(t / DAY)}`);
          const pool = lesson.pick(['gsm8k', 'mmlu-redux', 'alpaca-eval', 'nq-open-queries']);
          for (let k = 0; k < n; k++) {
            const item = r.chance(0.5) ? this.w.corpora.get(pool)[lesson.int(0, 400) + k] ?? r.pick(this.w.corpora.get(pool)) : r.pick(this.w.corpora.get(pool));
            const prompt = r.chance(0.3) ? `${item.prompt}\n${r.pick(['explain pls', 'i dont get it', 'is this right?', 'help', 'can u check my answer'])}` : item.prompt;
            const end = exchange(st.seat, at, school.nat, { messages: [{ role: 'user', content: prompt }] }, { kind: 'chat' }, out);
            at = end + humanGap(r) * 1.5;
          }
        }
      }
    }
    // a little homework in the evening from home
    const h = local.getUTCHours();
    if (h >= 18 && h <= 21) {
      for (const st of this.students) {
        const r = st.seat.rng;
        if (!r.chance(0.012)) continue;
        const home = `${r.int(60, 99)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(2, 250)}`;
        exchange(st.seat, t + r.int(0, HOUR - 1), home, { messages: [{ role: 'user', content: r.pick(this.w.corpora.get('gsm8k')).prompt }] }, { kind: 'chat' }, out);
      }
    }
  }
}

const district: Maker = (w, key) => {
  const d = new SchoolDistrict(w, key);
  return { accounts: d.accounts, labels: d.labels, actors: [d] };
};

const hackathon: Maker = (w, key) => {
  const hr = new Rng(`${key}/hackathon`);
  const c = COUNTRIES[hr.pick(['US', 'GB', 'DE', 'IN', 'SG'])]!;
  // Friday of week two, 18:00 local: sign-ups through the evening; building until Sunday 14:00
  const friday = w.start + 11 * DAY - c.off * HOUR;
  const kickoff = friday + 18 * HOUR;
  const venue = [`${hr.pick(c.res)}.${hr.int(0, 255)}.${hr.int(0, 255)}.${hr.int(2, 250)}`, `${hr.pick(c.res)}.${hr.int(0, 255)}.${hr.int(0, 255)}.${hr.int(2, 250)}`];
  const tools = w.corpora.get('tool-use-agentic');
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  const members: (Member & { team: number; home: string })[] = [];
  for (let i = 0; i < 36; i++) {
    const name = `${key}/hackathon/${i}`;
    const r = new Rng(name);
    const id = idOf('acct_', name);
    const created = kickoff - HOUR + r.int(0, 4 * HOUR);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(created), email_domain: r.chance(0.7) ? r.pick(EMAIL_FREE) : r.pick(['stanford.edu', 'ucl.ac.uk', 'tum.de', 'iitb.ac.in', 'nus.edu.sg']), payment_fingerprint: r.chance(0.3) ? idOf('card_', `${name}/card`, 12) : undefined, signup_ip: venue[0], country: c.code, tier: 'free-credits', verified: false }));
    labels.push(label(id, 'hackathon'));
    const stays = r.chance(0.3);
    members.push({ seat: seatOf(r, id, r.pick(SDKS.slice(0, 7)), { key: idOf('key_', `${name}/k`, 8) }), off: c.off, diurnal: 'flat', weekly: 'flat', perDay: r.between(10, 25), activeP: 1, from: created + r.int(5 * MIN, 2 * HOUR), until: stays ? w.start + w.days * DAY : kickoff + 44 * HOUR, team: i % 9, home: homeIp(r, c) });
  }
  return {
    accounts, labels, actors: [new Crowd(accounts, labels, members, (m, t, out) => {
      const r = m.seat.rng;
      const after = t > kickoff + 44 * HOUR;
      if (after && !r.chance(0.08)) return; // after the event: a trickle
      const ip = after ? m.home : venue[m.team % 2]!;
      if (r.chance(0.5)) {
        const it = r.pick(tools);
        const toolNames = Array.isArray(it.meta?.tools) ? (it.meta!.tools as string[]).slice(0, 8) : ['search', 'fetch_url', 'run_python'];
        const sys = `You are team ${m.team + 1}'s hackathon agent. Use tools when needed.`;
        const msgs: Msg[] = [{ role: 'user', content: it.prompt }];
        for (let k = 0, n = r.int(1, 4); k < n; k++) {
          const last = k === n - 1;
          const end = exchange(m.seat, t, ip, { system: sys, messages: history(msgs, 8), tools: toolNames, temperature: 0.2 }, { kind: last ? 'chat' : 'tool', stop: last ? undefined : 'tool_use', toolCalls: last ? 0 : 1 }, out);
          msgs.push({ role: 'assistant', content: `calling ${r.pick(toolNames)}` }, { role: 'tool', content: JSON.stringify({ ok: true, result: r.hex(8) }) });
          t = end + machineGap(r, 1500);
        }
      } else converse({ ...m, ip: () => ip }, t, out, r.pick(w.corpora.get(r.pick(['conala-so-questions', 'codealpaca', 'sharegpt-sample']))), 4);
    })],
  };
};

/** Open-source projects whose CI runs one fixed eval nightly (and a smoke subset on pushes) from cloud runners. */
class OssCi implements Actor {
  accounts: AccountRow[] = [];
  labels: LabelRow[] = [];
  private projects: { seat: Seat; items: Item[]; atMin: number; fmt: (i: Item) => string }[] = [];

  constructor(private readonly w: World, key: string) {
    for (let p = 0; p < 3; p++) {
      const name = `${key}/ossci/${p}`;
      const r = new Rng(name);
      const id = idOf('acct_', name);
      const repo = r.pick(['tinyllm-eval', 'promptkit', 'rag-bench', 'evalite', 'open-grader', 'llm-regress']);
      this.accounts.push(accountRow(r, { account_id: id, created_at: iso(w.start - r.int(30, 500) * DAY), org_id: idOf('org_', `${name}/org`, 8), email_domain: `${repo}.org`, payment_fingerprint: idOf('card_', `${name}/card`, 12), country: r.pick(['US', 'DE', 'FR', 'GB']), tier: 'tier3', verified: true }));
      this.labels.push(label(id, 'oss_ci_eval'));
      const pool = [...w.corpora.get('mmlu-redux').slice(0, 300), ...w.corpora.get('gsm8k').slice(-300), ...w.corpora.where('code-benchmarks', (i) => i.category === 'humaneval/python')];
      const items = r.shuffle(pool.slice()).slice(0, r.int(30, 60));
      const style = r.int(0, 2);
      this.projects.push({
        seat: { account_id: id, key: idOf('key_', `${name}/ci`, 8), client: r.pick(SDKS.slice(0, 5)), model: r.pick(MODELS), rng: r, n: 0 },
        items, atMin: r.int(60, 300),
        fmt: (i) => (style === 0 ? i.prompt : style === 1 ? `${i.prompt}\n\nAnswer with only the final answer.` : `Q: ${i.prompt}\nA:`),
      });
    }
  }

  hour(t: number, out: Ev[]): void {
    const hourOfDay = new Date(t).getUTCHours();
    const dow = (new Date(t).getUTCDay() + 6) % 7;
    for (const pr of this.projects) {
      const r = pr.seat.rng;
      const nightly = hourOfDay === Math.floor(pr.atMin / 60);
      const push = dow < 5 && hourOfDay >= 8 && hourOfDay < 20 && r.chance(0.03);
      if (!nightly && !push) continue;
      const items = nightly ? pr.items : pr.items.slice(0, 10);
      const runner = inRange(r, cloudRange(r, 'azure'));
      let at = t + (nightly ? (pr.atMin % 60) * MIN + r.int(0, 4 * MIN) : r.int(0, HOUR - 1));
      for (const it of items) {
        const end = exchange(pr.seat, at, runner, { messages: [{ role: 'user', content: pr.fmt(it) }], temperature: 0, max_tokens: 512 }, { kind: 'short' }, out);
        at = end + machineGap(r, 300);
      }
    }
  }
}

const ossCi: Maker = (w, key) => {
  const o = new OssCi(w, key);
  return { accounts: o.accounts, labels: o.labels, actors: [o] };
};

const dormant: Maker = (w, key) => {
  const accounts: AccountRow[] = [];
  const labels: LabelRow[] = [];
  for (let i = 0; i < 10; i++) {
    const name = `${key}/dormant/${i}`;
    const r = new Rng(name);
    const c = countryOf(r);
    const id = idOf('acct_', name);
    accounts.push(accountRow(r, { account_id: id, created_at: iso(w.start - r.int(1, 300) * DAY), email_domain: r.pick(EMAIL_FREE), signup_ip: homeIp(r, c), country: c.code, tier: 'free', verified: false }));
    labels.push(label(id, 'dormant'));
  }
  return { accounts, labels, actors: [] };
};

/** The base mix: one copy of each unit per benign scale step. */
export const BASE_UNITS: readonly { name: string; persona: string; accounts: number; make: Maker }[] = [
  { name: 'individuals', persona: 'individual', accounts: 200, make: individuals },
  { name: 'families', persona: 'family_shared', accounts: 15, make: families },
  { name: 'power', persona: 'power_user', accounts: 20, make: powerUsers },
  { name: 'developers', persona: 'developer', accounts: 40, make: developers },
  { name: 'bootcamp', persona: 'bootcamp_student', accounts: 48, make: bootcamp },
  { name: 'saas', persona: 'support_saas', accounts: 3, make: supportSaas },
  { name: 'labelling', persona: 'labelling_vendor', accounts: 16, make: labellingVendor },
  { name: 'district', persona: 'school_district', accounts: 78, make: district },
  { name: 'hackathon', persona: 'hackathon', accounts: 36, make: hackathon },
  { name: 'ossci', persona: 'oss_ci_eval', accounts: 3, make: ossCi },
  { name: 'dormant', persona: 'dormant', accounts: 10, make: dormant },
];

/** Benign units for a world: `scale` whole copies of the base mix. Copy 0's key is `${seed}/0`. */
export function benignUnits(w: World, seed: string, scale: number): Unit[] {
  const units: Unit[] = [];
  for (let k = 0; k < scale; k++) for (const u of BASE_UNITS) units.push(u.make(w, `${seed}/${k}/${u.name}`));
  return units;
}
