import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { LIMITS, renderMarkdownSummary, renderReport } from './html.js';
import { loadCorpusPrompts, makeReportData } from './fixture.js';
import type { ReportData } from './types.js';

const harvest = loadCorpusPrompts(['gsm8k', 'llm-judge-prompts', 'code-benchmarks'], 60);
const benign = loadCorpusPrompts(['oasst-prompts'], 60);
if (!harvest) console.log('# ../shared/corpora not found: the fixtures use generated text instead');

function fixture(accounts: number, campaigns: number, campaignSize?: number): ReportData {
  return makeReportData({ accounts, campaigns, campaignSize, harvestPrompts: harvest ?? undefined, benignPrompts: benign ?? undefined });
}

/** Tag names used in the page's markup (not in text, where `<` is escaped). */
function tagNames(page: string): Set<string> {
  // The page's own script (checked by hash below) may compare with `<`.
  page = page.replace(/<script>[\s\S]*?<\/script>/, '<script></script>');
  return new Set([...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

/** Every attribute name on every tag, read the way a browser tokenizes them (quoted values skipped). */
function attributeNames(page: string): Set<string> {
  const names = new Set<string>();
  const attr = /\s*([^\s"'>\/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/y;
  for (const tag of page.matchAll(/<[a-zA-Z][a-zA-Z0-9-]*/g)) {
    attr.lastIndex = tag.index! + tag[0].length;
    let m: RegExpExecArray | null;
    while ((m = attr.exec(page)) !== null) names.add(m[1]!.toLowerCase());
  }
  return names;
}

const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'div', 'nav', 'ol', 'ul', 'li', 'a', 'main', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'p',
  'section', 'article', 'span', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'em', 'strong', 'input', 'i', 'details', 'summary',
  'svg', 'g', 'path', 'rect', 'circle', 'text', 'script',
]);

test('a report from a fixture shows every campaign and every flagged account', () => {
  const data = fixture(400, 5, 30);
  const page = renderReport(data);
  assert.equal(data.campaigns.length, 5);
  for (const c of data.campaigns) {
    assert.ok(page.includes(`<h3>${c.campaign.campaign_id}</h3>`), `campaign card for ${c.campaign.campaign_id}`);
  }
  const flagged = data.accounts.filter((a) => a.verdict.verdict !== 'allow');
  assert.ok(flagged.length > 0 && flagged.length <= LIMITS.accountRows);
  for (const a of flagged) assert.ok(page.includes(`>${a.verdict.account_id}<`), `row for ${a.verdict.account_id}`);
  // Cards for the strongest flagged accounts, each with its reasons and evidence.
  const cards = (page.match(/<article class="card" id="a\d+"/g) ?? []).length;
  assert.equal(cards, Math.min(flagged.length, LIMITS.accountCards));
  assert.ok(page.includes('Evidence samples'));
  // One graph per campaign, nodes coloured by verdict.
  assert.equal((page.match(/<svg class="graph"/g) ?? []).length, 5);
  assert.ok(page.includes('class="n-block"'));
  assert.match(page, /<a href="#summary">Summary<\/a>/);
});

test('hostile text from the logs is escaped and no injected tag or handler survives', () => {
  const data = fixture(60, 1, 12);
  const evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)><iframe src="https://evil.example/"></iframe>';
  const hidden = 'safe\u202Egnp.exe\u200B\u2066x\u{E0041}\u001b[31mred';
  const huge = 'A'.repeat(3_000_000) + evil;
  const acct = data.accounts.find((a) => a.verdict.verdict === 'block')!;
  acct.verdict.account_id = `${evil}${hidden}`;
  acct.verdict.reasons.unshift({ signal: `content.x"><svg onload=alert(3)>`, weight: 0.9, detail: evil });
  acct.evidence = [{ ts: evil, id: evil, excerpt: huge, intents: { [evil]: 0.9 }, topic: evil }, { ts: '2026-04-24T01:00:00Z', excerpt: hidden }];
  acct.linkage = [{ key: evil, value: evil }];
  const camp = data.campaigns[0]!;
  camp.campaign.summary = evil;
  camp.campaign.signals.push(evil);
  camp.campaign.first_seen = evil;
  camp.campaign.accounts.push(evil);
  camp.graph!.nodes.push({ id: evil, verdict: 'block', score: 1 });
  camp.graph!.edges.push({ source: evil, target: camp.graph!.nodes[0]!.id, kind: `"><script>alert(4)</script>`, weight: 5 });
  data.scan.inputs.push(evil);
  data.scan.quarantinePath = evil;
  data.generatedAt = evil;
  data.tool = evil;
  data.detectors = [{ id: evil, summary: evil, evadedBy: evil, falselyFlags: evil }];

  const page = renderReport(data);
  for (const t of tagNames(page)) assert.ok(ALLOWED_TAGS.has(t), `unexpected tag <${t}>`);
  for (const a of attributeNames(page)) assert.ok(!a.startsWith('on'), `event handler attribute ${a}`);
  assert.equal((page.match(/<script/g) ?? []).length, 1, 'only the page\'s own script');
  assert.ok(!page.includes('\u202E') && !page.includes('\u200B') && !page.includes('\u2066') && !page.includes('\u001b') && !page.includes('\u{E0041}'));
  assert.ok(page.includes('⟨U+202E⟩') && page.includes('⟨U+E0041⟩'), 'hidden characters are shown as markers');
  assert.ok(page.includes('&lt;/script&gt;'), 'the text is still there, escaped');
  assert.ok(page.length < 2_000_000, `a 3 MB excerpt is cut (page is ${page.length} chars)`);
  assert.ok(!page.includes('A'.repeat(LIMITS.excerptChars + 2)));
});

test('the page references nothing outside itself', () => {
  const data = fixture(200, 3, 20);
  data.accounts[0]!.verdict.reasons.push({ signal: 'content.x', weight: 0.1, detail: 'see https://example.com/a and <a href="http://evil.example/">x</a>' });
  const page = renderReport(data);
  const refs = [...page.matchAll(/\s(?:src|href|xlink:href|action|poster|data)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
  assert.ok(refs.length > 0);
  for (const r of refs) assert.ok(r.startsWith('#'), `reference ${r} is not in-page`);
  assert.ok(!/url\(/i.test(page) && !/@import/i.test(page), 'no CSS fetches');
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
});

test('the policy allows exactly the page\'s own script', () => {
  const page = renderReport(fixture(50, 1, 10));
  const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  assert.ok(page.includes(`script-src 'sha256-${hash}'`));
});

test('an empty scan renders a sensible page', () => {
  const data: ReportData = {
    generatedAt: '2026-05-01T00:00:00Z',
    scan: { inputs: ['empty.jsonl'], firstTs: null, lastTs: null, exchanges: 0, accounts: 0, review: 0, block: 0, quarantined: 3, quarantinePath: 'out/quarantine.jsonl', elapsedMs: 12 },
    thresholds: { review: 0.5, block: 0.8 },
    campaigns: [],
    accounts: [],
  };
  const page = renderReport(data);
  assert.match(page, /No exchanges were read/);
  assert.match(page, /3 lines were set aside as bad input: see <code>out\/quarantine\.jsonl<\/code>/);
  assert.match(page, /No campaign was detected/);
  assert.match(page, /No account was flagged/);
  assert.match(page, /No account scores to show/);
  assert.ok(page.trimEnd().endsWith('</html>'));
  assert.ok(!page.includes('could not be drawn'));
});

test('data the engine got wrong renders with notes instead of throwing', () => {
  const data = fixture(40, 1, 10) as unknown as Record<string, unknown>;
  const bad = data as unknown as ReportData;
  (bad.campaigns[0]!.campaign as unknown as Record<string, unknown>).accounts = null;
  (bad.campaigns[0]!.campaign as unknown as Record<string, unknown>).score = Number.NaN;
  (bad.accounts[0]!.verdict as unknown as Record<string, unknown>).reasons = 'not a list';
  bad.accounts[1]!.activity = { startMs: Number.NaN, bucketMs: -1, counts: [1, 2] };
  bad.accounts[2]!.hourOfDay = [Number.POSITIVE_INFINITY, -5, 3];
  bad.scoreHistogram = [Number.NaN, 3, -1];
  bad.thresholds = undefined as unknown as ReportData['thresholds'];
  (bad.scan as unknown as Record<string, unknown>).inputs = 'logs/';
  (bad.accounts as unknown[]).push(null, { verdict: null });
  const page = renderReport(bad);
  assert.ok(page.trimEnd().endsWith('</html>'));
  assert.doesNotThrow(() => renderReport(null as unknown as ReportData));
  assert.doesNotThrow(() => renderMarkdownSummary({} as ReportData));
});

test('a large scan stays bounded in size and in what it draws', () => {
  const data = fixture(5000, 50, 80);
  assert.equal(data.campaigns.length, 50);
  const page = renderReport(data);
  const CAP = 4 * 1024 * 1024;
  console.log(`# 5,000 accounts, 50 campaigns: ${(page.length / 1024).toFixed(0)} KiB`);
  assert.ok(page.length < CAP, `page is ${page.length} chars, cap ${CAP}`);
  for (const svg of page.match(/<svg class="graph"[\s\S]*?<\/svg>/g) ?? []) {
    assert.ok((svg.match(/<circle/g) ?? []).length <= LIMITS.graphNodes);
  }
  assert.equal((page.match(/<article class="card" id="a\d+"/g) ?? []).length, LIMITS.accountCards);
  const flagged = data.accounts.filter((a) => a.verdict.verdict !== 'allow').length;
  assert.ok(flagged > LIMITS.accountRows);
  assert.ok(page.includes(`${(flagged - LIMITS.accountRows).toLocaleString('en-US')} more flagged accounts are not listed here`));
  // Every campaign is at least in the table.
  for (const c of data.campaigns) assert.ok(page.includes(`>${c.campaign.campaign_id}<`));
});

test('a big campaign graph is drawn capped, with the rest counted', () => {
  const data = fixture(600, 1, 400);
  const page = renderReport(data);
  const svg = /<svg class="graph"[\s\S]*?<\/svg>/.exec(page)![0];
  assert.equal((svg.match(/<circle/g) ?? []).length, LIMITS.graphNodes);
  assert.match(page, new RegExp(`and ${400 - LIMITS.graphNodes} more accounts not drawn`));
});

test('the Markdown summary lists campaigns and flagged accounts and cannot be used to inject markup', () => {
  const data = fixture(300, 3, 20);
  const evil = '|x| [click](https://evil.example/) <img src=x> `code` \u001b[2J\n# heading';
  const top = data.accounts.find((a) => a.verdict.verdict === 'block')!;
  top.verdict.score = 1;
  top.verdict.account_id = evil;
  data.campaigns[0]!.campaign.summary = evil;
  const text = renderMarkdownSummary(data);
  for (const c of data.campaigns) assert.ok(text.includes(c.campaign.campaign_id.replace(/_/g, '_')));
  assert.ok(!text.includes('\u001b'));
  assert.ok(!/(?<!\\)\]\(/.test(text), 'no link can open');
  assert.ok(!/(?<!\\)<img/.test(text), 'no raw HTML');
  // Every table row keeps its column count: pipes in the text are escaped.
  for (const line of text.split('\n').filter((l) => l.startsWith('| '))) {
    const cells = line.replace(/\\\|/g, '').split('|').length;
    assert.equal(cells, 8, line);
  }
  assert.ok(!text.split('\n').some((l) => l.startsWith('# heading')));
});

/** The first unbalanced tag of a page, or null: a small check that the markup nests. */
function firstUnbalanced(page: string): string | null {
  const body = page.replace(/<(script|style)>[\s\S]*?<\/\1>/g, '').replace(/<!DOCTYPE[^>]*>/i, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g)) {
    const [, close, nameRaw, rest] = m;
    const name = nameRaw!.toLowerCase();
    if (!close && (rest!.endsWith('/') || name === 'meta' || name === 'input')) continue;
    if (!close) { stack.push(name); continue; }
    const top = stack.pop();
    if (top !== name) return `</${name}> closes <${top}> at ${m.index}`;
  }
  return stack.length ? `unclosed <${stack.at(-1)}>` : null;
}

test('the markup nests correctly, with and without hostile text', () => {
  assert.equal(firstUnbalanced(renderReport(fixture(300, 3, 25))), null);
  const data = fixture(40, 1, 10);
  data.campaigns[0]!.campaign.summary = '</p></article></section><div><table>';
  data.accounts[0]!.evidence = [{ ts: 'x', excerpt: '</pre></li></ul><pre>' }];
  assert.equal(firstUnbalanced(renderReport(data)), null);
});

test('organisations whose seats act alike are listed apart from the campaigns, escaped, and only when there are some', () => {
  const data = fixture(200, 2, 20);
  const none = renderReport(data);
  assert.ok(!none.includes('id="organisations"'));
  const org = { ...data.campaigns[0]!.campaign, campaign_id: 'c_org1', summary: 'one organisation\'s seats (org_<b>acme</b>, 100% of 20 accounts), judged as a customer, not a campaign' };
  const page = renderReport({ ...data, organisations: [org] });
  assert.match(page, /<section id="organisations"><h2>Organisations whose seats act alike<\/h2>/);
  assert.match(page, /<a href="#organisations">Organisations whose seats act alike \(1\)<\/a>/);
  assert.ok(page.includes('org_&lt;b&gt;acme&lt;/b&gt;'));
  assert.ok(!page.includes('<h3>c_org1</h3>'), 'no campaign card for an organisation');
  assert.equal((page.match(/<svg class="graph"/g) ?? []).length, 2);
});

test('a campaign whose accounts share no linkage key says what groups them instead of counting links', () => {
  const data = fixture(200, 2, 20);
  data.campaigns[0].graph = { nodes: data.campaigns[0].graph!.nodes, edges: [] };
  const page = renderReport(data);
  const cards = page.split('<article class="card" id="c').slice(1);
  assert.match(cards[0], /They share no key the linkage draws as a link: what groups them is in the summary above/);
  assert.doesNotMatch(cards[1], /They share no key/);
  assert.match(cards[1], /Link counts by kind are over all links/);
});
