/**
 * The scoreboard as plain text for a terminal: us beside the baselines, then
 * our figures per persona and per campaign.
 */
import type { EvalReport } from './eval.js';
import type { SystemMetrics } from './metrics.js';

/** A ratio as a percentage, or "n/a" when there was nothing to measure. */
export function pct(x: number | null, digits = 1): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
}

function pad(rows: string[][]): string {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, i) => { w[i] = Math.max(w[i] ?? 0, c.length); });
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ').trimEnd()).join('\n');
}

function systemRow(m: SystemMetrics): string[] {
  return [
    m.name,
    `${pct(m.accountRecall)} (${m.flaggedCampaignAccounts}/${m.campaignAccounts})`,
    `${pct(m.benignFPR, 2)} (${m.flaggedBenignAccounts}/${m.benignAccounts})`,
    pct(m.precision),
    pct(m.leakage),
    `${m.campaignsFound}/${m.campaigns}`,
  ];
}

/** Formats the whole scoreboard. */
export function formatScoreboard(r: EvalReport): string {
  const out: string[] = [];
  out.push(`scenario ${r.scenario ?? '(unknown)'}: ${r.exchanges.toLocaleString('en-US')} exchanges, ${r.labelledAccounts.toLocaleString('en-US')} labelled accounts, ${r.verdictAccounts.toLocaleString('en-US')} verdicts`);
  out.push('');
  out.push(pad([['defence', 'account recall', 'benign FPR', 'precision', 'leakage', 'campaigns found'], systemRow(r), ...r.baselines.map(systemRow)]));
  out.push('');
  const personaRows = [['persona', 'label', 'accounts', 'flagged', 'flagged %', 'leakage', ...r.baselines.map((b) => `${b.name} flagged %`)]];
  for (const [p, m] of Object.entries(r.perPersona)) {
    personaRows.push([p, m.label, String(m.accounts), String(m.flagged), pct(m.flaggedRate, 2), pct(m.leakage), ...r.baselines.map((b) => pct(b.perPersona[p]?.flaggedRate ?? null, 2))]);
  }
  out.push(pad(personaRows));
  const camps = Object.entries(r.perCampaign);
  if (camps.length > 0) {
    out.push('');
    const rows = [['campaign', 'personas', 'accounts', 'flagged', 'recall', 'leakage', 'found']];
    for (const [id, c] of camps) rows.push([id, c.personas.join(','), String(c.accounts), String(c.flagged), pct(c.accountRecall), pct(c.leakage), c.found ? 'yes' : 'no']);
    out.push(pad(rows));
  }
  if (r.problems.length > 0) {
    out.push('');
    out.push(`${r.problems.length} note(s) on the inputs (see eval.json):`);
    for (const p of r.problems.slice(0, 5)) out.push(`  ${p}`);
  }
  return out.join('\n');
}
