/**
 * A short Markdown summary of a scan, for a terminal or a ticket. Every value
 * from the logs is cleaned (capped, one line, hidden characters and terminal
 * escapes made visible) and Markdown-escaped, so pasting it into a tracker
 * cannot open links, images or HTML.
 */
import type { ReportData } from './types.js';
import { count, fmtDuration, fmtInt, fmtTs as fmtTsRaw, md, num, parseTs, score01 } from './escape.js';

/** A timestamp that did not parse is shown as it was, so it is escaped like any text. */
function fmtTs(ts: unknown): string {
  return parseTs(ts) === null && ts !== null && ts !== undefined ? md(ts, 40) : fmtTsRaw(ts);
}

const RANK: Record<string, number> = { block: 2, review: 1, allow: 0 };

/**
 * Renders the summary, the campaigns and the top flagged accounts as Markdown.
 *
 * @example process.stdout.write(renderMarkdownSummary(data))
 */
export function renderMarkdownSummary(data: ReportData, opts: { campaigns?: number; accounts?: number } = {}): string {
  const d: ReportData = data && typeof data === 'object' ? data : ({} as ReportData);
  const maxCampaigns = opts.campaigns ?? 10;
  const maxAccounts = opts.accounts ?? 15;
  const s = d.scan ?? ({} as ReportData['scan']);
  const exchanges = count(s.exchanges);
  const elapsed = num(s.elapsedMs);
  const rate = elapsed > 0 ? ` (${fmtInt(exchanges / (elapsed / 1000))} exchanges/s)` : '';
  const campaigns = (Array.isArray(d.campaigns) ? d.campaigns : [])
    .filter((c) => c && c.campaign && typeof c.campaign === 'object')
    .map((c) => c.campaign)
    .sort((a, b) => score01(b.score) - score01(a.score));
  const flagged = (Array.isArray(d.accounts) ? d.accounts : [])
    .filter((a) => a && a.verdict && (a.verdict.verdict === 'review' || a.verdict.verdict === 'block'))
    .map((a) => a.verdict)
    .sort((a, b) => RANK[b.verdict]! - RANK[a.verdict]! || score01(b.score) - score01(a.score));
  const review = count(s.review), block = count(s.block);
  const lines: string[] = [];
  lines.push(`# distillguard scan, ${fmtTs(d.generatedAt)}`, '');
  lines.push(`Scanned ${fmtInt(exchanges)} exchanges from ${fmtInt(s.accounts)} accounts, ${fmtTs(s.firstTs)} to ${fmtTs(s.lastTs)}, in ${fmtDuration(elapsed)}${rate}.`, '');
  lines.push(`- **Flagged:** ${fmtInt(review + block)} accounts (${fmtInt(block)} block, ${fmtInt(review)} review)`);
  lines.push(`- **Campaigns:** ${fmtInt(campaigns.length)}`);
  const q = count(s.quarantined);
  lines.push(`- **Lines set aside:** ${fmtInt(q)}${q > 0 ? ` (see ${md(s.quarantinePath ?? 'quarantine.jsonl', 120)})` : ''}`);
  lines.push('');
  if (campaigns.length) {
    lines.push('## Campaigns', '', '| campaign | score | accounts | exchanges | active | signals |', '|---|---:|---:|---:|---|---|');
    for (const c of campaigns.slice(0, maxCampaigns)) {
      const accounts = Array.isArray(c.accounts) ? c.accounts.length : 0;
      const signals = (Array.isArray(c.signals) ? c.signals : []).slice(0, 4).map((x) => md(x, 32)).join(', ');
      lines.push(`| ${md(c.campaign_id, 40)} | ${score01(c.score).toFixed(2)} | ${fmtInt(accounts)} | ${fmtInt(c.exchanges)} | ${fmtTs(c.first_seen)} to ${fmtTs(c.last_seen)} | ${signals} |`);
    }
    if (campaigns.length > maxCampaigns) lines.push('', `…and ${fmtInt(campaigns.length - maxCampaigns)} more in campaigns.json.`);
    lines.push('');
    for (const c of campaigns.slice(0, Math.min(3, maxCampaigns))) {
      if (c.summary) lines.push(`> **${md(c.campaign_id, 40)}:** ${md(c.summary, 400)}`, '');
    }
  }
  if (flagged.length) {
    lines.push('## Top flagged accounts', '', '| account | verdict | score | flagged at | campaign | strongest reason |', '|---|---|---:|---|---|---|');
    for (const v of flagged.slice(0, maxAccounts)) {
      const r = Array.isArray(v.reasons) ? v.reasons[0] : undefined;
      lines.push(`| ${md(v.account_id, 48)} | ${v.verdict} | ${score01(v.score).toFixed(2)} | ${fmtTs(v.flagged_at)} | ${v.campaign_id == null ? '—' : md(v.campaign_id, 32)} | ${r ? `${md(r.signal, 32)}: ${md(r.detail, 100)}` : '—'} |`);
    }
    if (flagged.length > maxAccounts) lines.push('', `…and ${fmtInt(flagged.length - maxAccounts)} more in verdicts.jsonl.`);
    lines.push('');
  } else {
    lines.push('No account was flagged.', '');
  }
  return lines.join('\n');
}
