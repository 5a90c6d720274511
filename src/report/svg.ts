/**
 * Small inline-SVG charts: a timeline of counts, an hour-of-day histogram and
 * the score distribution. Each draws its bars as one compact <path> per colour
 * so a page with hundreds of charts stays small; the numbers are in <title>s
 * and captions, so the charts read without colour or JavaScript.
 */
import type { TimeSeries } from './types.js';
import { count, fmtInt, fmtMs, html, num } from './escape.js';

/** At most this many bars per timeline: adjacent buckets are merged past it. */
export const MAX_BARS = 120;
/** A hostile or mistaken series longer than this is read only up to here. */
const MAX_BUCKETS_READ = 1_000_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A series merged down to at most `maxBars` buckets. */
export function rebin(ts: TimeSeries, maxBars = MAX_BARS): { startMs: number; bucketMs: number; counts: number[] } | null {
  const startMs = num(ts?.startMs, NaN);
  const bucketMs = num(ts?.bucketMs, NaN);
  const src = ts?.counts;
  if (!Number.isFinite(startMs) || !(bucketMs > 0) || !src || typeof src.length !== 'number') return null;
  const n = Math.min(count(src.length), MAX_BUCKETS_READ);
  if (n === 0) return null;
  const factor = Math.max(1, Math.ceil(n / maxBars));
  const out = new Array<number>(Math.ceil(n / factor)).fill(0);
  for (let i = 0; i < n; i++) out[Math.floor(i / factor)] += count(src[i]);
  return { startMs, bucketMs: bucketMs * factor, counts: out };
}

function bucketLabel(bucketMs: number): string {
  if (bucketMs % DAY === 0) return bucketMs === DAY ? 'day' : `${bucketMs / DAY} days`;
  if (bucketMs % HOUR === 0) return bucketMs === HOUR ? 'hour' : `${bucketMs / HOUR} hours`;
  if (bucketMs >= 60_000) return `${Math.round(bucketMs / 60_000)} min`;
  return `${Math.round(bucketMs / 1000)} s`;
}

function barsPath(values: number[], x0: number, barW: number, baseY: number, h: number, max: number, gap: number, pick?: (i: number) => boolean): string {
  let d = '';
  const w = Math.max(0.5, barW - gap);
  for (let i = 0; i < values.length; i++) {
    if (pick && !pick(i)) continue;
    const v = values[i]!;
    if (v <= 0) continue;
    const bh = Math.max(1, (v / max) * h);
    d += `M${r1(x0 + i * barW)} ${r1(baseY)}v${r1(-bh)}h${r1(w)}v${r1(bh)}z`;
  }
  return d;
}

function r1(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/**
 * A timeline bar chart of a series, `width`×`height` px, with the first, middle
 * and last dates under it and the peak count beside it. `label` names what is
 * counted ("exchanges"). Returns an empty string when there is nothing to draw.
 */
export function timelineSvg(ts: TimeSeries | undefined, opts: { width?: number; height?: number; label?: string; titles?: boolean } = {}): string {
  if (!ts) return '';
  const s = rebin(ts);
  if (!s) return '';
  const width = opts.width ?? 640;
  const height = opts.height ?? 110;
  const label = opts.label ?? 'exchanges';
  const padL = 40, padR = 8, padT = 8, padB = 22;
  const plotW = width - padL - padR, plotH = height - padT - padB;
  const max = Math.max(1, ...s.counts);
  const total = s.counts.reduce((a, b) => a + b, 0);
  const barW = plotW / s.counts.length;
  const baseY = padT + plotH;
  const endMs = s.startMs + s.bucketMs * s.counts.length;
  const desc = `${fmtInt(total)} ${label} from ${fmtMs(s.startMs)} to ${fmtMs(endMs)}, per ${bucketLabel(s.bucketMs)}; peak ${fmtInt(max)}`;
  let body = `<path class="bar" d="${barsPath(s.counts, padL, barW, baseY, plotH, max, barW > 3 ? 1 : 0)}"/>`;
  if (opts.titles) {
    // Invisible hit areas carry the per-bar numbers for a mouse-over.
    body += '<g class="hit">';
    for (let i = 0; i < s.counts.length; i++) {
      body += `<rect x="${r1(padL + i * barW)}" y="${padT}" width="${r1(barW)}" height="${plotH}"><title>${html(fmtMs(s.startMs + i * s.bucketMs))}: ${fmtInt(s.counts[i])}</title></rect>`;
    }
    body += '</g>';
  }
  const mid = s.startMs + (endMs - s.startMs) / 2;
  const axis =
    `<path class="axis" d="M${padL} ${baseY + 0.5}h${plotW}"/>` +
    `<text class="tick" x="${padL}" y="${height - 6}">${html(shortDate(s.startMs, s.bucketMs))}</text>` +
    `<text class="tick" x="${r1(padL + plotW / 2)}" y="${height - 6}" text-anchor="middle">${html(shortDate(mid, s.bucketMs))}</text>` +
    `<text class="tick" x="${width - padR}" y="${height - 6}" text-anchor="end">${html(shortDate(endMs, s.bucketMs))}</text>` +
    `<text class="tick" x="${padL - 4}" y="${padT + 8}" text-anchor="end">${compact(max)}</text>` +
    `<text class="tick" x="${padL - 4}" y="${baseY}" text-anchor="end">0</text>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${html(desc)}"><title>${html(desc)}</title>${body}${axis}</svg>`;
}

function shortDate(ms: number, bucketMs: number): string {
  const iso = new Date(ms).toISOString();
  return bucketMs >= DAY ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

/** A 24-bar histogram of activity by hour of day (UTC). */
export function hourOfDaySvg(hours: ArrayLike<number> | undefined, opts: { width?: number; height?: number } = {}): string {
  if (!hours || typeof hours.length !== 'number' || hours.length === 0) return '';
  const v: number[] = [];
  for (let i = 0; i < 24; i++) v.push(i < hours.length ? count(hours[i]) : 0);
  const total = v.reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const width = opts.width ?? 260, height = opts.height ?? 110;
  const padL = 6, padR = 6, padT = 8, padB = 22;
  const plotW = width - padL - padR, plotH = height - padT - padB;
  const max = Math.max(...v);
  const barW = plotW / 24;
  const baseY = padT + plotH;
  const active = v.filter((x) => x > 0).length;
  const desc = `Exchanges by hour of day (UTC): active in ${active} of 24 hours; peak ${fmtInt(max)} at ${v.indexOf(max)}:00`;
  let ticks = '';
  for (const hh of [0, 6, 12, 18]) ticks += `<text class="tick" x="${r1(padL + hh * barW)}" y="${height - 6}">${hh}h</text>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${html(desc)}"><title>${html(desc)}</title>` +
    `<path class="bar" d="${barsPath(v, padL, barW, baseY, plotH, max, 1)}"/>` +
    `<path class="axis" d="M${padL} ${baseY + 0.5}h${plotW}"/>${ticks}</svg>`;
}

/**
 * The distribution of account scores as a histogram over 0..1 on a log scale
 * (allowed accounts outnumber flagged ones by orders of magnitude), the bars
 * coloured by the verdict their scores give, the two thresholds marked.
 */
export function scoreHistogramSvg(bins: ArrayLike<number>, thresholds: { review: number; block: number }, opts: { width?: number; height?: number } = {}): string {
  const n = Math.min(count(bins?.length), 1000);
  if (n === 0) return '';
  const v: number[] = [];
  for (let i = 0; i < n; i++) v.push(count(bins[i]));
  const total = v.reduce((a, b) => a + b, 0);
  const width = opts.width ?? 720, height = opts.height ?? 200;
  const padL = 44, padR = 10, padT = 22, padB = 26;
  const plotW = width - padL - padR, plotH = height - padT - padB;
  const logv = v.map((x) => Math.log10(1 + x));
  const max = Math.max(1e-9, ...logv);
  const barW = plotW / n;
  const baseY = padT + plotH;
  const mid = (i: number) => (i + 0.5) / n;
  const rv = thresholds.review, bl = thresholds.block;
  const paths =
    `<path class="s-allow" d="${barsPath(logv, padL, barW, baseY, plotH, max, barW > 4 ? 1 : 0, (i) => mid(i) < rv)}"/>` +
    `<path class="s-review" d="${barsPath(logv, padL, barW, baseY, plotH, max, barW > 4 ? 1 : 0, (i) => mid(i) >= rv && mid(i) < bl)}"/>` +
    `<path class="s-block" d="${barsPath(logv, padL, barW, baseY, plotH, max, barW > 4 ? 1 : 0, (i) => mid(i) >= bl)}"/>`;
  // The review label sits left of its line and the block label right of its
  // own, so close thresholds never print over each other.
  const line = (t: number, name: string, cls: string, side: 'end' | 'start') => {
    const x = padL + t * plotW;
    const tx = side === 'end' ? Math.max(padL + 70, x - 4) : Math.min(width - padR - 70, x + 4);
    return `<path class="thr ${cls}" d="M${r1(x)} ${padT - 4}V${baseY}"/><text class="tick thr-label" x="${r1(tx)}" y="${padT - 8}" text-anchor="${side}">${name} ≥ ${t.toFixed(2)}</text>`;
  };
  let ticks = '';
  for (let t = 0; t <= 10; t += 2) ticks += `<text class="tick" x="${r1(padL + (t / 10) * plotW)}" y="${height - 8}" text-anchor="middle">${(t / 10).toFixed(1)}</text>`;
  const maxCount = Math.max(...v);
  const yt = `<text class="tick" x="${padL - 4}" y="${padT + 8}" text-anchor="end">${compact(maxCount)}</text><text class="tick" x="${padL - 4}" y="${baseY}" text-anchor="end">0</text>`;
  const desc = `Scores of ${fmtInt(total)} accounts in ${n} bins from 0 to 1 (log scale); review at ${rv.toFixed(2)}, block at ${bl.toFixed(2)}`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${html(desc)}"><title>${html(desc)}</title>${paths}` +
    `<path class="axis" d="M${padL} ${baseY + 0.5}h${plotW}"/>${line(rv, 'review', 'thr-review', 'end')}${line(bl, 'block', 'thr-block', 'start')}${ticks}${yt}</svg>`;
}
