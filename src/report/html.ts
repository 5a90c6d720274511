/**
 * The report a person reads: one self-contained HTML file (inline CSS, inline
 * SVG, a few lines of optional script; no external references), and a short
 * Markdown summary for terminals and tickets.
 *
 * Everything that came from the logs is hostile. It is cleaned (capped, hidden
 * characters made visible) and escaped where it is written, anchors are made
 * from indices rather than ids, and a Content-Security-Policy allows no
 * network access and no script but the page's own.
 */
import type { Campaign, Reason, Verdict, VerdictKind } from '../contract/types.js';
import type { ReportAccount, ReportCampaign, ReportData, ReportDetector, EvidenceSample } from './types.js';
import { clean, count, fmtBytes, fmtDuration, fmtInt, fmtTs, h, html, num, parseTs, score01 } from './escape.js';
import { graphSvg, kindColour, layoutGraph } from './layout.js';
import { hourOfDaySvg, scoreHistogramSvg, timelineSvg } from './svg.js';
import { CSS, SCRIPT, SCRIPT_HASH } from './style.js';

export { renderMarkdownSummary } from './markdown.js';
export type { ReportData } from './types.js';

/** How much the page shows at most; the rest is counted and pointed to. */
export const LIMITS = {
  /** campaigns drawn in full (graph, timeline, members); all are in the table */
  campaignCards: 50,
  campaignRows: 500,
  /** accounts in the flagged-accounts table */
  accountRows: 1000,
  /** accounts with a full card (reasons, evidence, charts) */
  accountCards: 100,
  /** members listed by id under a campaign */
  campaignMembers: 24,
  reasons: 12,
  evidence: 4,
  excerptChars: 480,
  idChars: 96,
  detailChars: 300,
  summaryChars: 1500,
  graphNodes: 150,
  graphEdges: 450,
  inputs: 20,
  /** campaign cards open at first; the rest open on demand */
  openCampaignCards: 3,
  /** rows a page of the flagged-accounts table shows (the script pages it; without it every row shows) */
  accountPage: 25,
  /** shared values listed per kind in a campaign card */
  sharedPerKind: 4,
};

const VERDICT_RANK: Record<string, number> = { block: 2, review: 1, allow: 0 };

/** Counts of scores in `bins` equal-width bins over 0..1 (a score of exactly 1 goes in the last). */
export function scoreHistogram(scores: Iterable<number>, bins = 50): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const s of scores) {
    if (typeof s !== 'number' || !Number.isFinite(s)) continue;
    out[Math.min(bins - 1, Math.max(0, Math.floor(s * bins)))]! += 1;
  }
  return out;
}

function arr<T>(x: T[] | undefined | null): T[] {
  return Array.isArray(x) ? x : [];
}

function verdictOf(v: unknown): VerdictKind {
  return v === 'block' || v === 'review' ? v : 'allow';
}

function badge(v: VerdictKind): string {
  return `<span class="badge v-${v}">${v}</span>`;
}

/** Renders one section; a failure shows as a note in the page, never as a thrown error. */
function section(name: string, build: () => string): string {
  try {
    return build();
  } catch (e) {
    return `<div class="error">The ${html(name)} section could not be drawn: ${h((e as Error)?.message ?? e, 300)}</div>`;
  }
}

interface Ctx {
  data: ReportData;
  thresholds: { review: number; block: number };
  /** account id → anchor of its card (only accounts that have one) */
  accountAnchor: Map<string, string>;
  /** account id → anchor of its row in the accounts table */
  accountRow: Map<string, string>;
  /** campaign id → anchor of its card or row */
  campaignAnchor: Map<string, string>;
  campaigns: ReportCampaign[];
  accounts: ReportAccount[];
  /** account id → its entry */
  byId: Map<string, ReportAccount>;
  flagged: ReportAccount[];
}

function sortAccounts(accounts: ReportAccount[]): ReportAccount[] {
  return accounts
    .filter((a) => a && a.verdict && typeof a.verdict === 'object')
    .map((a, i) => ({ a, i, r: VERDICT_RANK[verdictOf(a.verdict.verdict)]!, s: score01(a.verdict.score) }))
    .sort((x, y) => y.r - x.r || y.s - x.s || x.i - y.i)
    .map((x) => x.a);
}

function sortCampaigns(campaigns: ReportCampaign[]): ReportCampaign[] {
  return campaigns
    .filter((c) => c && c.campaign && typeof c.campaign === 'object')
    .map((c, i) => ({ c, i, s: score01(c.campaign.score), n: arr(c.campaign.accounts).length }))
    .sort((x, y) => y.s - x.s || y.n - x.n || x.i - y.i)
    .map((x) => x.c);
}

/**
 * Renders the whole report as one HTML document.
 *
 * @example writeFileSync(join(out, 'report.html'), renderReport(data))
 */
export function renderReport(data: ReportData): string {
  const d: ReportData = data && typeof data === 'object' ? data : ({} as ReportData);
  const thresholds = {
    review: score01(d.thresholds?.review ?? 0.5),
    block: score01(d.thresholds?.block ?? 0.8),
  };
  const accounts = sortAccounts(arr(d.accounts));
  const campaigns = sortCampaigns(arr(d.campaigns));
  const ctx: Ctx = {
    data: d,
    thresholds,
    accountAnchor: new Map(),
    accountRow: new Map(),
    campaignAnchor: new Map(),
    campaigns,
    accounts,
    byId: new Map(accounts.map((a) => [String(a.verdict.account_id), a] as const).reverse()),
    flagged: accounts.filter((a) => verdictOf(a.verdict.verdict) !== 'allow'),
  };
  campaigns.slice(0, LIMITS.campaignRows).forEach((c, i) => {
    const id = String(c.campaign.campaign_id);
    if (!ctx.campaignAnchor.has(id)) ctx.campaignAnchor.set(id, `c${i}`);
  });
  accountCardList(ctx).forEach((a, i) => {
    const id = String(a.verdict.account_id);
    if (!ctx.accountAnchor.has(id)) ctx.accountAnchor.set(id, `a${i}`);
  });
  ctx.flagged.slice(0, LIMITS.accountRows).forEach((a, i) => {
    const id = String(a.verdict.account_id);
    if (!ctx.accountRow.has(id)) ctx.accountRow.set(id, `r${i}`);
  });

  const body =
    section('summary', () => summarySection(ctx)) +
    section('campaigns', () => campaignsSection(ctx)) +
    section('organisations', () => organisationsSection(arr(d.organisations))) +
    section('accounts', () => accountsSection(ctx)) +
    section('score distribution', () => distributionSection(ctx)) +
    section('guide', () => guideSection(ctx));

  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${SCRIPT_HASH}; base-uri 'none'; form-action 'none'`;
  const title = `distillguard report: ${fmtInt(ctx.flagged.length)} flagged, ${fmtInt(campaigns.length)} campaigns`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(d.tool ?? 'distillguard', 60)}">
<title>${html(title)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="layout">
${section('table of contents', () => toc(ctx))}
<main>
<header>
<h1>Distillation scan report</h1>
<p class="sub">${h(d.tool ?? 'distillguard', 60)} · generated ${html(fmtTs(d.generatedAt))} · traffic ${html(fmtTs(d.scan?.firstTs))} → ${html(fmtTs(d.scan?.lastTs))}</p>
</header>
${body}
<footer class="note"><p>Self-contained report: no part of it is loaded from the network. Text from the logs is shown escaped and cut; invisible and direction-changing characters appear as ⟨U+XXXX⟩.</p></footer>
</main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function accountCardList(ctx: Ctx): ReportAccount[] {
  return ctx.flagged.slice(0, LIMITS.accountCards);
}

function toc(ctx: Ctx): string {
  let camp = '';
  ctx.campaigns.slice(0, LIMITS.campaignCards).forEach((c, i) => {
    camp += `<li><a href="#c${i}">${h(c.campaign.campaign_id, 40)} <span class="note">(${fmtInt(arr(c.campaign.accounts).length)})</span></a></li>`;
  });
  if (ctx.campaigns.length > LIMITS.campaignCards) camp += `<li><a href="#campaign-table">… ${fmtInt(ctx.campaigns.length - LIMITS.campaignCards)} more</a></li>`;
  return `<nav class="toc" aria-label="Contents"><p class="brand">distillguard</p><ol>
<li><a href="#summary">Summary</a></li>
<li><a href="#campaigns">Campaigns (${fmtInt(ctx.campaigns.length)})</a>${camp ? `<ol>${camp}</ol>` : ''}</li>
${arr(ctx.data.organisations).length ? `<li><a href="#organisations">Organisations whose seats act alike (${fmtInt(arr(ctx.data.organisations).length)})</a></li>\n` : ''}<li><a href="#accounts">Flagged accounts (${fmtInt(ctx.flagged.length)})</a></li>
<li><a href="#distribution">Score distribution</a></li>
<li><a href="#guide">How to read this report</a></li>
</ol></nav>`;
}

function tile(label: string, value: string, cls = ''): string {
  return `<div class="tile${cls ? ' ' + cls : ''}"><div class="v">${value}</div><div class="k">${label}</div></div>`;
}

function summarySection(ctx: Ctx): string {
  const s = ctx.data.scan ?? ({} as ReportData['scan']);
  const exchanges = count(s.exchanges);
  const elapsed = num(s.elapsedMs);
  const rate = elapsed > 0 ? exchanges / (elapsed / 1000) : 0;
  const review = count(s.review), block = count(s.block);
  const quarantined = count(s.quarantined);
  const qPath = s.quarantinePath ? h(s.quarantinePath, 200) : 'quarantine.jsonl';
  let out = `<section id="summary"><h2>Summary</h2>`;
  if (exchanges === 0 && count(s.accounts) === 0) {
    out += `<div class="empty">No exchanges were read, so there is nothing to judge.` +
      (quarantined > 0 ? ` ${fmtInt(quarantined)} lines were set aside as bad input: see <code>${qPath}</code>.` : ' Check that the inputs are exchange logs as described in the data contract.') +
      `</div>`;
  }
  out += `<div class="tiles">` +
    tile('exchanges', fmtInt(exchanges)) +
    tile('accounts', fmtInt(s.accounts)) +
    tile('blocked', fmtInt(block), block > 0 ? 'bad' : '') +
    tile('to review', fmtInt(review), review > 0 ? 'warn' : '') +
    tile('campaigns', fmtInt(ctx.campaigns.length), ctx.campaigns.length > 0 ? 'bad' : '') +
    tile('lines set aside', fmtInt(quarantined), quarantined > 0 ? 'warn' : '') +
    tile('exchanges / s', rate > 0 ? fmtInt(rate) : '—') +
    tile('elapsed', elapsed > 0 ? fmtDuration(elapsed) : '—') +
    `</div>`;
  const inputs = arr(s.inputs);
  const inputList = inputs.slice(0, LIMITS.inputs).map((p) => `<code>${h(p, 200)}</code>`).join(', ') +
    (inputs.length > LIMITS.inputs ? ` and ${fmtInt(inputs.length - LIMITS.inputs)} more` : '');
  out += `<dl class="facts">` +
    `<dt>Inputs</dt><dd>${inputList || '—'}</dd>` +
    `<dt>Traffic from</dt><dd>${html(fmtTs(s.firstTs, true))} to ${html(fmtTs(s.lastTs, true))}${spanText(s.firstTs, s.lastTs)}</dd>` +
    `<dt>Flagged</dt><dd>${fmtInt(review + block)} of ${fmtInt(s.accounts)} accounts${count(s.accounts) > 0 ? ` (${pct((review + block) / count(s.accounts))})` : ''}: ${fmtInt(block)} block, ${fmtInt(review)} review</dd>` +
    `<dt>Set aside</dt><dd>${quarantined > 0 ? `${fmtInt(quarantined)} bad input lines, each with file, line and reason in <code>${qPath}</code>` : 'no bad input lines'}</dd>` +
    (s.lateLines !== undefined ? `<dt>Late lines</dt><dd>${fmtInt(s.lateLines)} older than the reorder buffer (still processed)</dd>` : '') +
    (s.withoutText ? `<dt>Without prompt text</dt><dd>${fmtInt(s.withoutText)} exchanges: their content was not judged; a campaign among them is judged on its metadata (identity and address ties, automation, answer length) and goes to review</dd>` : '') +
    (s.peakMemoryBytes !== undefined ? `<dt>Peak memory</dt><dd>${fmtBytes(s.peakMemoryBytes)}</dd>` : '') +
    (arr(s.outputs).length ? `<dt>Outputs</dt><dd>${arr(s.outputs).slice(0, 10).map((o) => `<code>${h(o, 120)}</code>`).join(', ')}</dd>` : '') +
    `</dl>`;
  const chart = timelineSvg(ctx.data.activity, { width: 900, height: 130, titles: true });
  if (chart) out += `<h4>Exchanges over time</h4>${chart}`;
  return out + `</section>`;
}

function spanText(a: unknown, b: unknown): string {
  const x = parseTs(a), y = parseTs(b);
  if (x === null || y === null || y < x) return '';
  return ` <span class="note">(${fmtDuration(y - x)})</span>`;
}

function pct(x: number): string {
  const p = x * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p >= 0.1 ? p.toFixed(1) : p.toFixed(2)}%`;
}

function campaignsSection(ctx: Ctx): string {
  let out = `<section id="campaigns"><h2>Campaigns</h2>`;
  if (ctx.campaigns.length === 0) {
    return out + `<div class="empty">No campaign was detected: no group of accounts was linked strongly enough, with harvesting content, to be judged as one operation.</div></section>`;
  }
  out += `<p>${fmtInt(ctx.campaigns.length)} ${ctx.campaigns.length === 1 ? 'group' : 'groups'} of linked accounts judged as one operation each, strongest first. Each card shows the account graph (who is linked to whom, and by what) and when the campaign was active.</p>`;
  out += `<table class="sortable" id="campaign-table"><thead><tr><th>Campaign</th><th class="num">Score</th><th class="num">Accounts</th><th class="num">Exchanges</th><th>First seen</th><th>Last seen</th><th>Signals</th></tr></thead><tbody>`;
  ctx.campaigns.slice(0, LIMITS.campaignRows).forEach((rc, i) => {
    const c = rc.campaign;
    const link = i < LIMITS.campaignCards ? `<a href="#c${i}">${h(c.campaign_id, LIMITS.idChars)}</a>` : `<span id="c${i}">${h(c.campaign_id, LIMITS.idChars)}</span>`;
    out += `<tr><td class="id">${link}</td><td class="num" data-v="${score01(c.score)}">${score01(c.score).toFixed(2)}</td>` +
      `<td class="num" data-v="${arr(c.accounts).length}">${fmtInt(arr(c.accounts).length)}</td><td class="num" data-v="${count(c.exchanges)}">${fmtInt(c.exchanges)}</td>` +
      `<td data-v="${parseTs(c.first_seen) ?? 0}">${html(fmtTs(c.first_seen))}</td><td data-v="${parseTs(c.last_seen) ?? 0}">${html(fmtTs(c.last_seen))}</td>` +
      `<td>${arr(c.signals).slice(0, 6).map((s) => h(s, 40)).join(', ')}${arr(c.signals).length > 6 ? ', …' : ''}</td></tr>`;
  });
  out += `</tbody></table>`;
  if (ctx.campaigns.length > LIMITS.campaignRows) out += `<p class="note">${fmtInt(ctx.campaigns.length - LIMITS.campaignRows)} more campaigns are not listed here; all are in <code>campaigns.json</code>.</p>`;
  ctx.campaigns.slice(0, LIMITS.campaignCards).forEach((rc, i) => {
    out += section(`campaign ${clean(rc.campaign.campaign_id, 40)}`, () => campaignCard(ctx, rc, i));
  });
  if (ctx.campaigns.length > LIMITS.campaignCards) out += `<p class="note">Only the ${LIMITS.campaignCards} strongest campaigns are drawn; the table above lists more and <code>campaigns.json</code> has them all.</p>`;
  return out + `</section>`;
}

/** One organisation's seats acting alike: listed, not flagged (nothing when there are none). */
function organisationsSection(orgs: Campaign[]): string {
  if (orgs.length === 0) return '';
  let out = `<section id="organisations"><h2>Organisations whose seats act alike</h2>` +
    `<p>${fmtInt(orgs.length)} ${orgs.length === 1 ? 'group' : 'groups'} of linked accounts that are 80% or more one organisation. What ties them (one card, one office, one system prompt) is what any organisation's seats share, so they are not judged as campaigns: each seat is flagged only if its own traffic is. Look here when an organisation itself is suspect.</p>`;
  out += `<table class="sortable"><thead><tr><th>Cluster</th><th class="num">Score</th><th class="num">Accounts</th><th class="num">Exchanges</th><th>Summary</th></tr></thead><tbody>`;
  for (const c of orgs.slice(0, LIMITS.campaignRows)) {
    out += `<tr><td class="id">${h(c.campaign_id, LIMITS.idChars)}</td><td class="num" data-v="${score01(c.score)}">${score01(c.score).toFixed(2)}</td>` +
      `<td class="num" data-v="${arr(c.accounts).length}">${fmtInt(arr(c.accounts).length)}</td><td class="num" data-v="${count(c.exchanges)}">${fmtInt(c.exchanges)}</td>` +
      `<td>${h(c.summary, LIMITS.summaryChars)}</td></tr>`;
  }
  out += `</tbody></table>`;
  if (orgs.length > LIMITS.campaignRows) out += `<p class="note">${fmtInt(orgs.length - LIMITS.campaignRows)} more are not listed.</p>`;
  return out + `</section>`;
}

function campaignCard(ctx: Ctx, rc: ReportCampaign, i: number): string {
  const c: Campaign = rc.campaign;
  const members = arr(c.accounts);
  const verdicts = { block: 0, review: 0, allow: 0, unknown: 0 };
  const nodeVerdict = new Map<string, VerdictKind>();
  for (const n of arr(rc.graph?.nodes)) if (n && typeof n.id === 'string') nodeVerdict.set(n.id, verdictOf(n.verdict));
  for (const m of members) {
    const v = ctx.byId.get(String(m))?.verdict.verdict ?? nodeVerdict.get(String(m));
    if (v === undefined) verdicts.unknown++; else verdicts[verdictOf(v)]++;
  }
  let out = `<article class="card" id="c${i}"><details${i < LIMITS.openCampaignCards ? ' open' : ''}><summary class="card-head"><h3>${h(c.campaign_id, LIMITS.idChars)}</h3>` +
    `<span>score <span class="score">${score01(c.score).toFixed(2)}</span></span>` +
    `<span>${fmtInt(members.length)} accounts</span><span>${fmtInt(c.exchanges)} exchanges</span></summary>`;
  if (c.summary) out += `<p class="summary">${h(c.summary, LIMITS.summaryChars)}</p>`;
  out += `<dl class="facts"><dt>Active</dt><dd>${html(fmtTs(c.first_seen))} to ${html(fmtTs(c.last_seen))}${spanText(c.first_seen, c.last_seen)}</dd>` +
    `<dt>Members</dt><dd>${fmtInt(verdicts.block)} block, ${fmtInt(verdicts.review)} review, ${fmtInt(verdicts.allow)} allow${verdicts.unknown ? `, ${fmtInt(verdicts.unknown)} not in this report` : ''}</dd></dl>`;
  if (arr(c.signals).length) out += `<div class="chips">${arr(c.signals).slice(0, 16).map((s) => `<span class="chip">${h(s, 48)}</span>`).join('')}</div>`;
  out += sharedValues(c);

  const g = layoutGraph(rc.graph, { maxNodes: LIMITS.graphNodes, maxEdges: LIMITS.graphEdges });
  const graph = graphSvg(g, (id) => ctx.accountAnchor.get(id));
  const timeline = timelineSvg(rc.activity, { width: 460, height: 150, titles: true });
  out += `<div class="cols">`;
  if (graph) {
    const kinds = g.kinds.slice(0, 10).map(([k, n]) => `<span><i class="line" style="background:${kindColour(k)}"></i>${h(k, 24)} ${fmtInt(n)}</span>`).join('');
    const keys = g.keys.slice(0, 8).map(([k, n]) => `${h(k, 40)} ${fmtInt(n)}`).join(', ');
    out += `<div><h4>Account graph</h4>${graph}` +
      `<div class="legend"><span><i style="background:#c8453b"></i>block</span><span><i style="background:#e0a526"></i>review</span><span><i style="background:#8fa3b3"></i>allow</span>${kinds}</div>` +
      (keys ? `<p class="caption">Drawn links by the key behind them: ${keys}. Point at a link to see the value its accounts share.</p>` : '') +
      `<p class="caption">${fmtInt(g.nodes.length)} of the ${fmtInt(members.length)} accounts and ${fmtInt(g.edges.length)} links drawn` +
      (g.hiddenNodes > 0 ? `, and ${fmtInt(g.hiddenNodes)} more accounts not drawn (the best connected are shown)` : '') +
      (g.hiddenEdges > 0 ? `; ${fmtInt(g.hiddenEdges)} weaker links left out` : '') +
      `. ${g.edges.length === 0 ? 'They share no key the linkage draws as a link: what groups them is in the summary above. ' : 'Link counts by kind are over all links. '}Larger dots score higher.</p></div>`;
  } else {
    out += `<div><h4>Account graph</h4><div class="empty">No linkage graph was recorded for this campaign.</div></div>`;
  }
  out += `<div><h4>Activity</h4>${timeline || '<div class="empty">No activity series was recorded.</div>'}</div></div>`;

  if (members.length) {
    const shown = members.slice(0, LIMITS.campaignMembers).map((m) => {
      const id = String(m);
      const a = ctx.accountAnchor.get(id) ?? ctx.accountRow.get(id);
      return a ? `<a class="mono" href="#${a}">${h(id, 48)}</a>` : `<span class="mono">${h(id, 48)}</span>`;
    });
    out += `<h4>Accounts</h4><p>${shown.join(', ')}${members.length > LIMITS.campaignMembers ? ` and ${fmtInt(members.length - LIMITS.campaignMembers)} more (all in <code>verdicts.jsonl</code> under this campaign_id)` : ''}</p>`;
  }
  return out + `</details></article>`;
}

const SHARED_LABELS: Record<string, string> = {
  ip: 'IP addresses', ip_range: 'IP ranges', client: 'clients', payment_sha256: 'payment fingerprints (SHA-256)',
  email_domain: 'e-mail domains', org: 'organisations', signup_ip: 'sign-up addresses',
};

/** What the campaign's accounts share (campaigns.json `shared`), a few values of each kind with how many hold them. */
function sharedValues(c: Campaign): string {
  const byKind = new Map<string, { value: string; accounts: number }[]>();
  for (const v of arr(c.shared)) {
    if (!v || typeof v !== 'object') continue;
    const k = String(v.kind);
    (byKind.get(k) ?? byKind.set(k, []).get(k)!).push({ value: String(v.value), accounts: count(v.accounts) });
  }
  if (byKind.size === 0) return '';
  let out = `<dl class="facts shared">`;
  for (const [k, list] of byKind) {
    const shown = list.slice(0, LIMITS.sharedPerKind).map((v) => `<span class="mono">${h(k === 'payment_sha256' ? `${v.value.slice(0, 16)}…` : v.value, 80)}</span> <span class="note">(${fmtInt(v.accounts)})</span>`).join(', ');
    out += `<dt>${h(SHARED_LABELS[k] ?? k, 40)}</dt><dd>${shown}${list.length > LIMITS.sharedPerKind ? ` and ${fmtInt(list.length - LIMITS.sharedPerKind)} more in <code>campaigns.json</code>` : ''}</dd>`;
  }
  return out + `</dl><p class="note">Values at least two of its accounts share, with how many hold each.</p>`;
}

function accountsSection(ctx: Ctx): string {
  let out = `<section id="accounts"><h2>Flagged accounts</h2>`;
  if (ctx.flagged.length === 0) {
    out += `<div class="empty">No account was flagged.</div>`;
    const near = ctx.accounts.slice(0, 10);
    if (near.length) {
      out += `<h4>Highest scores below the review threshold</h4>` + accountTable(ctx, near, 'near-table', false);
    }
    return out + `</section>`;
  }
  const declared = count(ctx.data.scan?.review) + count(ctx.data.scan?.block);
  out += `<p>Accounts with a <em>review</em> or <em>block</em> verdict, strongest first, ${fmtInt(LIMITS.accountPage)} a page. The first ${fmtInt(Math.min(LIMITS.accountCards, ctx.flagged.length))} have a card below with their reasons, evidence samples and activity: open one from its id.</p>`;
  out += `<p class="filter" hidden><input type="search" placeholder="Filter accounts by id, campaign or reason…" aria-label="Filter accounts" data-filter="account-table"></p>`;
  out += accountTable(ctx, ctx.flagged.slice(0, LIMITS.accountRows), 'account-table', true, LIMITS.accountPage);
  const missing = Math.max(ctx.flagged.length, declared) - Math.min(ctx.flagged.length, LIMITS.accountRows);
  if (missing > 0) out += `<p class="note">${fmtInt(missing)} more flagged accounts are not listed here; every verdict is in <code>verdicts.jsonl</code>.</p>`;
  const cards = accountCardList(ctx);
  if (cards.length) out += `<h3 class="cards-title">Account details</h3><p class="note">Closed until opened: each holds the account's reasons, evidence samples and activity.</p>`;
  for (const [i, a] of cards.entries()) out += section(`account ${clean(a.verdict.account_id, 40)}`, () => accountCard(ctx, a, i));
  return out + `</section>`;
}

function accountTable(ctx: Ctx, rows: ReportAccount[], id: string, withAnchors: boolean, pageSize?: number): string {
  let out = `<table class="sortable" id="${id}"${pageSize && rows.length > pageSize ? ` data-page="${pageSize}"` : ''}><thead><tr><th>Account</th><th>Verdict</th><th class="num">Score</th><th>Flagged at</th><th>Campaign</th><th class="num">Exchanges</th><th>Strongest reason</th></tr></thead><tbody>`;
  rows.forEach((a, i) => {
    const v: Verdict = a.verdict;
    const vk = verdictOf(v.verdict);
    const aid = String(v.account_id);
    const card = ctx.accountAnchor.get(aid);
    const idCell = card ? `<a href="#${card}">${h(aid, LIMITS.idChars)}</a>` : h(aid, LIMITS.idChars);
    const camp = v.campaign_id === null || v.campaign_id === undefined ? '—' : campaignLink(ctx, v.campaign_id);
    const top = arr(v.reasons)[0] as Reason | undefined;
    out += `<tr${withAnchors ? ` id="r${i}"` : ''}><td class="id">${idCell}</td><td data-v="${VERDICT_RANK[vk]}">${badge(vk)}</td>` +
      `<td class="num" data-v="${score01(v.score)}">${score01(v.score).toFixed(2)}</td>` +
      `<td data-v="${parseTs(v.flagged_at) ?? 0}">${html(fmtTs(v.flagged_at))}</td><td class="id">${camp}</td>` +
      `<td class="num" data-v="${count(a.exchanges)}">${a.exchanges === undefined ? '—' : fmtInt(a.exchanges)}</td>` +
      `<td>${top ? `${h(top.signal, 40)}: ${h(top.detail, 120)}` : '—'}</td></tr>`;
  });
  return out + `</tbody></table>`;
}

function campaignLink(ctx: Ctx, id: unknown): string {
  const a = ctx.campaignAnchor.get(String(id));
  return a ? `<a href="#${a}">${h(id, 48)}</a>` : h(id, 48);
}

const INTENT_LABELS: Record<string, string> = {
  cot: 'step-by-step reasoning',
  reconstruct: 'reasoning reconstruction',
  judge: 'judge / rubric grading',
  safetyRewrite: 'safety rewrite',
  agentic: 'tool-use trace',
  benchmark: 'benchmark item',
  internals: 'hidden reasoning / system prompt',
  datagen: 'training-data generation',
};

function accountCard(ctx: Ctx, a: ReportAccount, i: number): string {
  const v = a.verdict;
  const vk = verdictOf(v.verdict);
  let out = `<article class="card" id="a${i}"><details><summary class="card-head"><h3>${h(v.account_id, LIMITS.idChars)}</h3>${badge(vk)}` +
    `<span>score <span class="score">${score01(v.score).toFixed(2)}</span></span>` +
    (v.campaign_id !== null && v.campaign_id !== undefined ? `<span>campaign ${h(v.campaign_id, 48)}</span>` : '') +
    (a.exchanges !== undefined ? `<span>${fmtInt(a.exchanges)} exchanges</span>` : '') + `</summary>` +
    (v.campaign_id !== null && v.campaign_id !== undefined ? `<p>Campaign ${campaignLink(ctx, v.campaign_id)}</p>` : '');
  const flaggedMs = parseTs(v.flagged_at), firstMs = parseTs(a.firstSeen);
  const after = flaggedMs !== null && firstMs !== null && flaggedMs >= firstMs ? ` <span class="note">(${fmtDuration(flaggedMs - firstMs)} after its first exchange)</span>` : '';
  out += `<dl class="facts"><dt>Flagged at</dt><dd>${html(fmtTs(v.flagged_at, true))}${after}</dd>` +
    (a.exchanges !== undefined ? `<dt>Exchanges</dt><dd>${fmtInt(a.exchanges)}</dd>` : '') +
    (a.firstSeen || a.lastSeen ? `<dt>Active</dt><dd>${html(fmtTs(a.firstSeen))} to ${html(fmtTs(a.lastSeen))}${spanText(a.firstSeen, a.lastSeen)}</dd>` : '') +
    arr(a.linkage).slice(0, 8).map((l) => `<dt>${h(l?.key, 32)}</dt><dd class="mono">${h(l?.value, 120)}</dd>`).join('') +
    `</dl>`;

  const reasons = arr(v.reasons).filter((r) => r && typeof r === 'object');
  if (reasons.length) {
    const maxW = Math.max(1e-9, ...reasons.slice(0, LIMITS.reasons).map((r) => Math.abs(num(r.weight))));
    out += `<h4>Reasons</h4><ol class="reasons">` + reasons.slice(0, LIMITS.reasons).map((r) => {
      const w = num(r.weight);
      const pc = Math.round((Math.abs(w) / maxW) * 100);
      // A negative weight is evidence against extraction (e.g. a verified organisation).
      return `<li><span class="sig">${h(r.signal, 60)}</span><span class="w${w < 0 ? ' neg' : ''}"><span style="width:${Math.max(2, Math.round(pc * 0.4))}px"></span>${w.toFixed(2)}</span><span class="d">${h(r.detail, LIMITS.detailChars)}</span></li>`;
    }).join('') + `</ol>`;
    if (reasons.length > LIMITS.reasons) out += `<p class="note">${fmtInt(reasons.length - LIMITS.reasons)} weaker reasons in <code>verdicts.jsonl</code>.</p>`;
  }

  const evidence = arr(a.evidence).filter((e) => e && typeof e === 'object');
  if (evidence.length) {
    out += `<h4>Evidence samples</h4><ul class="evidence">` + evidence.slice(0, LIMITS.evidence).map(evidenceItem).join('') + `</ul>`;
    if (evidence.length > LIMITS.evidence) out += `<p class="note">${fmtInt(evidence.length - LIMITS.evidence)} more samples in the store.</p>`;
  }

  const tl = timelineSvg(a.activity, { width: 520, height: 110 });
  const hod = hourOfDaySvg(a.hourOfDay);
  if (tl || hod) {
    out += `<div class="cols">` + (tl ? `<div><h4>Activity</h4>${tl}</div>` : '') + (hod ? `<div><h4>Hour of day (UTC)</h4>${hod}</div>` : '') + `</div>`;
  }
  return out + `</details></article>`;
}

function evidenceItem(e: EvidenceSample): string {
  let chips = '';
  if (Array.isArray(e.intents)) {
    chips = e.intents.slice(0, 5).map((k) => `<span class="chip hot">${h(INTENT_LABELS[String(k)] ?? k, 40)}</span>`).join('');
  } else if (e.intents && typeof e.intents === 'object') {
    chips = Object.entries(e.intents).filter(([, s]) => num(s) > 0).sort((x, y) => num(y[1]) - num(x[1])).slice(0, 5)
      .map(([k, s]) => `<span class="chip${num(s) >= 0.5 ? ' hot' : ''}">${h(INTENT_LABELS[k] ?? k, 40)} ${num(s).toFixed(2)}</span>`).join('');
  }
  const excerpt = clean(e.excerpt, LIMITS.excerptChars, { keepNewlines: true });
  return `<li><div class="meta"><span>${html(fmtTs(e.ts, true))}</span>` +
    (e.id !== undefined ? `<span class="mono">${h(e.id, 64)}</span>` : '') +
    (e.topic !== undefined ? `<span>topic: ${h(e.topic, 40)}</span>` : '') +
    chips + `</div><pre>${html(excerpt) || '<span class="note">(no text kept)</span>'}</pre></li>`;
}

function distributionSection(ctx: Ctx): string {
  let out = `<section id="distribution"><h2>Score distribution</h2>`;
  const given = ctx.data.scoreHistogram;
  const bins = given && typeof given.length === 'number' && given.length > 0
    ? given
    : scoreHistogram(ctx.accounts.map((a) => score01(a.verdict.score)));
  const total = Array.from({ length: Math.min(bins.length, 1000) }, (_, i) => count(bins[i])).reduce((x, y) => x + y, 0);
  if (total === 0) return out + `<div class="empty">No account scores to show.</div></section>`;
  out += `<p>How the scores of ${given ? 'all' : 'the listed'} ${fmtInt(total)} accounts spread between 0 and 1 (count on a log scale). Scores at or above ${ctx.thresholds.review.toFixed(2)} are flagged for review, at or above ${ctx.thresholds.block.toFixed(2)} for blocking. A healthy scan shows a large mass near 0 and a separate group at the top; many accounts just under a threshold deserve a look.</p>`;
  out += scoreHistogramSvg(bins, ctx.thresholds);
  out += `<div class="legend"><span><i style="background:#8fa3b3"></i>allow</span><span><i style="background:#e0a526"></i>review</span><span><i style="background:#c8453b"></i>block</span></div>`;
  return out + `</section>`;
}

const FAMILIES: [string, string][] = [
  ['content', 'What the prompts ask for: written-out step-by-step reasoning, reconstruction of reasoning for a given answer, rubric or judge grading, safety rewrites, tool-use traces, benchmark-style items, the hidden reasoning or system prompt. Harvesting asks for the model\'s work, not for help with a task.'],
  ['automation', 'How the traffic is produced: inter-arrival times more regular than a person\'s, activity around the clock, client libraries instead of apps, no conversational follow-ups.'],
  ['coverage', 'What ground the prompts cover: a systematic sweep over many topics or items with few returns to the same need, the opposite of a user or an app.'],
  ['tokens', 'Token economics: long outputs for short inputs, requests at the maximum output cap, answers cut at the cap.'],
  ['volume', 'How much the account sends per active day, against what one person or one ordinary app sends.'],
  ['account', 'What the account table says about the account (verified identity or organisation, age, tier). These usually count against a flag: their weight is negative.'],
  ['linkage', 'Ties between accounts: shared payment instruments, IP ranges, e-mail domains, user agents, sign-up bursts, prompt templates, synchronized or turn-taking activity. Common keys (a big cloud range, a free-mail domain) count for little.'],
  ['campaign', 'Membership of a detected campaign: the group as a whole was judged, and the account inherits its score. campaign.resemblance marks an account that shares no key with the campaign but behaves like its flagged members on ten measures (harvest share, conversation shape, answer length, daily rhythm, volume): it is sent to review with the campaign, never blocked on that alone.'],
  ['signature', 'A new account matched a found campaign\'s signature (what its flagged accounts share and ordinary accounts rarely do: templates, settings, client, address ranges, cards, sign-up pattern) on two independent kinds of key, and was assigned to the campaign at that exchange, before the next sweep. Blocked only when an address or identity tie and a content tie match together; otherwise for review. signatures.json lists every signature.'],
];

function guideSection(ctx: Ctx): string {
  const t = ctx.thresholds;
  let out = `<section id="guide" class="guide"><h2>How to read this report</h2><dl>
<dt>Score</dt><dd>A number from 0 to 1: how strongly the account's traffic, and the accounts it is linked to, look like part of an operation that harvests the model's answers to train another model. It is not a probability that a person intends harm; it is the weight of evidence the detectors found.</dd>
<dt>Verdict</dt><dd><span class="badge v-allow">allow</span> below ${t.review.toFixed(2)}; <span class="badge v-review">review</span> from ${t.review.toFixed(2)}: a person should look before anything is done; <span class="badge v-block">block</span> from ${t.block.toFixed(2)}: the evidence is strong enough for the policy to act. A verified account (identity or organisation checked) is never blocked automatically: whatever its score, it goes to review. Review and block both count as flagged.</dd>
<dt>Flagged at</dt><dd>The timestamp of the exchange at which the streaming engine first crossed the review threshold, computed only from the exchanges it had seen up to then, exactly as the live gateway would have. It is never moved earlier by a later look at the whole log, so it tells honestly how much the account had harvested before it could have been stopped. Campaign membership flags an account at the sweep that found the campaign.</dd>
<dt>Reasons</dt><dd>The evidence behind a score, strongest first, each with its weight and a sentence that can be checked against the logs; a negative weight (green bar) is evidence against. The signal name starts with its family:</dd>
</dl><dl>`;
  for (const [name, text] of FAMILIES) out += `<dt><code>${name}.*</code></dt><dd>${html(text)}</dd>`;
  out += `</dl><h3>Before blocking</h3><ol>
<li>Read the evidence samples: are the prompts harvesting (asking for the model's reasoning, grades or traces over a sweep of items) or using (a task, a conversation, a product feature)?</li>
<li>Follow the links: a campaign is credible when several independent kinds of link agree (payment and template and timing), not one shared IP.</li>
<li>Check the account table: verified organisations, long-standing customers and known partners deserve a conversation before a block.</li>
<li>Look at <em>flagged at</em> against first activity: a late flag on an old account may be a change of use worth asking about.</li>
<li>Prefer the mildest action that stops the harvest (throttle or challenge) when the evidence rests on one signal family.</li>
</ol>
<h3>Look-alikes that are deliberately not flagged</h3><ul>
<li><strong>Shared NAT</strong>: a campus class or an office behind one address is tightly linked and synchronized, but its prompts are use, not harvest.</li>
<li><strong>One organisation, many seats</strong>: shared card, domain and IP range are expected inside a company. A cluster that is 80% one organisation is listed under its own heading, not as a campaign; an assistant that offers one fixed set of tools is a product, and its tool use is not counted as harvest.</li>
<li><strong>App back ends</strong>: a fixed system prompt and a template are how products are built; the content in the template is a user's need.</li>
<li><strong>Batch jobs</strong>: regular, around-the-clock, templated traffic from one verified customer with a stable purpose.</li>
<li><strong>Evaluation runs</strong>: benchmark items in bulk look like a capability sweep but come from one account in a public harness's exact form (few-shot exemplars, a benchmark's fixed answer instruction); such accounts say so in their reasons and count half.</li>
</ul>`;
  const detectors = arr(ctx.data.detectors).filter((x): x is ReportDetector => !!x && typeof x === 'object');
  if (detectors.length) {
    out += `<h3>Detectors in this scan</h3><table><thead><tr><th>Detector</th><th>What it looks for</th><th>What evades it</th><th>What it could wrongly flag</th></tr></thead><tbody>` +
      detectors.slice(0, 40).map((x) => `<tr><td class="id">${h(x.id, 60)}</td><td>${h(x.summary, 400)}</td><td>${h(x.evadedBy ?? '—', 400)}</td><td>${h(x.falselyFlags ?? '—', 400)}</td></tr>`).join('') +
      `</tbody></table>`;
  }
  return out + `</section>`;
}
