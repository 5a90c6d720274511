/**
 * The HTML scoreboard: one self-contained file (inline CSS and SVG, no
 * scripts, no network) with leakage over time, score distributions per
 * persona, and the baselines beside us. All text from the inputs is escaped:
 * account, persona and campaign names come from files we do not control.
 */
import type { EvalReport } from './eval.js';
import type { SystemMetrics } from './metrics.js';
import { pct } from './table.js';

/** Escapes text for HTML element content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const COLORS = ['#1f6feb', '#d1242f', '#8250df', '#bf8700', '#1a7f37', '#57606a'];
// Defences often sit on the same line (100% leakage); dashes keep each one visible.
const DASHES = ['', '8 4', '3 3', '12 3 3 3', '1 3', '6 6'];

function lineChart(series: { name: string; points: (number | null)[] }[], labels: string[], title: string): string {
  const W = 820, H = 260, L = 50, R = 270, T = 24, B = 36;
  const n = labels.length;
  const x = (i: number) => L + (n <= 1 ? 0 : (i * (W - L - R)) / (n - 1));
  const y = (v: number) => T + (1 - v) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`);
  parts.push(`<text x="${L}" y="16" class="t">${esc(title)}</text>`);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" class="ax">${v * 100}%</text>`);
  }
  const step = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += step) parts.push(`<text x="${x(i)}" y="${H - B + 16}" text-anchor="middle" class="ax">${esc(labels[i].slice(5))}</text>`);
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    const pts = s.points.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter((p): p is string => p !== null);
    if (pts.length === 1) parts.push(`<circle cx="${pts[0].split(',')[0]}" cy="${pts[0].split(',')[1]}" r="3" fill="${color}"/>`);
    const dash = DASHES[k % DASHES.length] ? ` stroke-dasharray="${DASHES[k % DASHES.length]}"` : '';
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${pts.join(' ')}"/>`);
    const last = [...s.points].reverse().find((v) => v !== null);
    const label = `${s.name}${last !== undefined && last !== null ? ` (${(last * 100).toFixed(1)}%)` : ''}`;
    parts.push(`<line x1="${W - R + 8}" x2="${W - R + 26}" y1="${T + k * 18 + 1}" y2="${T + k * 18 + 1}" stroke="${color}" stroke-width="2"${dash}/><text x="${W - R + 30}" y="${T + k * 18 + 5}" class="ax">${esc(label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function histogramChart(name: string, label: string, bins: number[]): string {
  const W = 230, H = 110, L = 6, T = 20, B = 16;
  // Square-root heights: the few high-scoring accounts stay visible beside a tall bar at 0.
  const max = Math.sqrt(Math.max(1, ...bins));
  const bw = (W - 2 * L) / bins.length;
  const color = label === 'benign' ? '#1a7f37' : label === 'campaign' ? '#d1242f' : '#bf8700';
  const total = bins.reduce((a, b) => a + b, 0);
  const bars = bins.map((c, i) => {
    const h = (Math.sqrt(c) / max) * (H - T - B);
    return `<rect x="${(L + i * bw).toFixed(1)}" y="${(H - B - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${esc(`${(i / bins.length).toFixed(2)}–${((i + 1) / bins.length).toFixed(2)}: ${c}`)}</title></rect>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><text x="${L}" y="13" class="t">${esc(name)} (${esc(label)}, ${total})</text>${bars.join('')}<line x1="${L}" x2="${W - L}" y1="${H - B}" y2="${H - B}" class="grid"/><text x="${L}" y="${H - 3}" class="ax">0</text><text x="${W - L}" y="${H - 3}" text-anchor="end" class="ax">score 1</text></svg>`;
}

function systemRow(m: SystemMetrics, summary?: string): string {
  return `<tr><td>${esc(m.name)}${summary ? `<div class="s">${esc(summary)}</div>` : ''}</td><td>${pct(m.accountRecall)}</td><td>${pct(m.benignFPR, 2)}</td><td>${pct(m.precision)}</td><td>${pct(m.leakage)}</td><td>${m.campaignsFound}/${m.campaigns}</td></tr>`;
}

/** Renders the scoreboard page. */
export function renderScoreboardHtml(r: EvalReport): string {
  const systems: SystemMetrics[] = [r, ...r.baselines];
  const days = [...new Set(systems.flatMap((s) => s.leakageByDay.map((d) => d.day)))].sort();
  const seriesOf = (pick: (d: SystemMetrics['leakageByDay'][number]) => number | null) =>
    systems.map((s) => {
      const byDay = new Map(s.leakageByDay.map((d) => [d.day, pick(d)]));
      return { name: s.name, points: days.map((d) => byDay.get(d) ?? null) };
    });
  const cumulative = lineChart(seriesOf((d) => d.cumulativeLeakage), days, 'Cumulative leakage (campaign exchanges served before the flag)');
  const daily = lineChart(seriesOf((d) => (d.campaignExchanges > 0 ? d.leaked / d.campaignExchanges : null)), days, 'Leakage per day');
  const hist = Object.entries(r.scoreHistogram).map(([p, bins]) => histogramChart(p, r.perPersona[p]?.label ?? '?', bins)).join('');
  const personaHead = `<tr><th>persona</th><th>label</th><th>accounts</th>${systems.map((s) => `<th>${esc(s.name)}<br>flagged</th>`).join('')}<th>our leakage</th></tr>`;
  const personaRows = Object.entries(r.perPersona).map(([p, m]) =>
    `<tr class="${esc(m.label)}"><td>${esc(p)}</td><td>${esc(m.label)}</td><td>${m.accounts}</td>${systems.map((s) => `<td>${pct(s.perPersona[p]?.flaggedRate ?? null, 2)}</td>`).join('')}<td>${pct(m.leakage)}</td></tr>`).join('');
  const campRows = Object.entries(r.perCampaign).map(([id, c]) =>
    `<tr><td>${esc(id)}</td><td>${esc(c.personas.join(', '))}</td><td>${c.accounts}</td><td>${c.exchanges}</td>${systems.map((s) => { const x = s.perCampaign[id]; return `<td>${pct(x?.accountRecall ?? null)} / ${pct(x?.leakage ?? null)}</td>`; }).join('')}<td>${c.found ? 'yes' : 'no'}</td></tr>`).join('');
  const problems = r.problems.length > 0 ? `<h2>Problems with the inputs</h2><ul>${r.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : '';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>distillguard scoreboard${r.scenario ? ` — ${esc(r.scenario)}` : ''}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1f2328;padding:0 16px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border-bottom:1px solid #d0d7de;padding:4px 10px;text-align:right;vertical-align:top}
td:first-child,th:first-child{text-align:left}.s{color:#57606a;font-size:12px;max-width:420px}
tr.campaign td:first-child{color:#d1242f}.t{font-size:13px;font-weight:600}.ax{font-size:11px;fill:#57606a}.grid{stroke:#d0d7de}
.hist{display:flex;flex-wrap:wrap;gap:8px}
</style></head><body>
<h1>distillguard scoreboard${r.scenario ? `: ${esc(r.scenario)}` : ''}</h1>
<p>${r.exchanges.toLocaleString('en-US')} exchanges, ${r.labelledAccounts.toLocaleString('en-US')} labelled accounts, ${r.verdictAccounts.toLocaleString('en-US')} verdicts. World <code>${esc(r.world)}</code>, verdicts <code>${esc(r.verdictsDir)}</code>.</p>
<h2>Us beside the baselines</h2>
<table><tr><th>defence</th><th>account recall</th><th>benign FPR</th><th>precision</th><th>leakage</th><th>campaigns found</th></tr>
${systemRow(r)}${r.baselines.map((b) => systemRow(b, b.summary)).join('')}</table>
<p class="s">Leakage: campaign exchanges served before their account was flagged (all of them when it never was), over all campaign exchanges. A campaign is found when at least 90% of its accounts are flagged.</p>
<h2>Leakage over time</h2>
${cumulative}
${daily}
<h2>Score distributions per persona (distillguard)</h2>
<p class="s">Bar heights grow with the square root of the count; hover a bar for its count.</p>
<div class="hist">${hist}</div>
<h2>Per persona: share flagged</h2>
<table>${personaHead}${personaRows}</table>
${campRows ? `<h2>Per campaign: recall / leakage</h2><table><tr><th>campaign</th><th>personas</th><th>accounts</th><th>exchanges</th>${systems.map((s) => `<th>${esc(s.name)}</th>`).join('')}<th>found by us</th></tr>${campRows}</table>` : ''}
${problems}
</body></html>
`;
}
