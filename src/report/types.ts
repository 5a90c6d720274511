/**
 * What the report renderers read. The engine fills a `ReportData` at the end of
 * a scan (or the console asks for one); `renderReport` and
 * `renderMarkdownSummary` (src/report/html.ts) turn it into a page.
 *
 * Everything that came from the logs (ids, prompt excerpts, reasons, summaries)
 * is hostile: the renderers escape and cap it, so the engine may pass it as it
 * is. The renderers also cap how much they show (accounts, nodes, edges, bars),
 * so the engine may pass more than fits; optional fields only make the page
 * richer, none is needed for it to render.
 */
import type { Campaign, Verdict, VerdictKind } from '../contract/types.js';

/** Counts of events in equal time buckets, e.g. hourly exchanges of one account. */
export interface TimeSeries {
  /** start of the first bucket, ms since the epoch (UTC) */
  startMs: number;
  /** width of one bucket in ms (3_600_000 for hourly, 86_400_000 for daily) */
  bucketMs: number;
  /** one count per bucket, in time order */
  counts: ArrayLike<number>;
}

/** What the scan read and how it went. */
export interface ScanSummary {
  /** the files or directories given to the scan, as the user wrote them */
  inputs: string[];
  /** `ts` of the earliest and latest exchange seen; null when none was */
  firstTs: string | null;
  lastTs: string | null;
  exchanges: number;
  accounts: number;
  /** accounts whose final verdict is `review` / `block` */
  review: number;
  block: number;
  /** lines set aside as bad input, and where they went (e.g. "quarantine.jsonl") */
  quarantined: number;
  quarantinePath?: string;
  /** lines older than the reorder buffer, still processed */
  lateLines?: number;
  /** exchanges without prompt text, whose content was not judged */
  withoutText?: number;
  /** wall-clock time of the whole scan */
  elapsedMs: number;
  peakMemoryBytes?: number;
  /** the other output files, by name, to point the reader at (e.g. verdicts.jsonl) */
  outputs?: string[];
}

/** One retained sample of an account's traffic, for the analyst to read. */
export interface EvidenceSample {
  /** `ts` of the exchange */
  ts: string;
  /** the exchange id, to find the full line in the logs */
  id?: string;
  /** an excerpt of the new user turn (the renderer cuts it further) */
  excerpt: string;
  /**
   * The intents that fired on the exchange: their names, or their scores (an
   * `IntentScores` fits; entries above 0 are shown, 0.5 and above highlighted).
   */
  intents?: string[] | Record<string, number>;
  /** a short label of the topic / capability bucket, if known */
  topic?: string;
}

/** One account as the report shows it. Only `verdict` is required. */
export interface ReportAccount {
  /** the contract record written to verdicts.jsonl */
  verdict: Verdict;
  exchanges?: number;
  firstSeen?: string;
  lastSeen?: string;
  /** bounded evidence sample, most telling first */
  evidence?: EvidenceSample[];
  /** exchanges over time (any bucket width; the renderer merges buckets when there are many) */
  activity?: TimeSeries;
  /** exchanges per hour of day, UTC, 24 counts */
  hourOfDay?: ArrayLike<number>;
  /** a few linkage facts worth showing, e.g. { key: "payment", value: "pm_…" } */
  linkage?: { key: string; value: string }[];
}

/** An edge of a campaign's account graph. */
export interface ReportEdge {
  source: string;
  target: string;
  /** what links the two: `payment`, `ip`, `template`, `timing`, `email`, `ua`, … */
  kind: string;
  /** strength of the link; larger draws the accounts closer. Defaults to 1. */
  weight?: number;
  /** the key behind the link: `{kind: "IP range", value: "198.51.100.0/24"}`, `{kind: "payment instrument", value: "sha256:ab12…"}` */
  key?: { kind: string; value: string };
}

/** A node of a campaign's account graph; its colour is its verdict. */
export interface ReportNode {
  id: string;
  verdict: VerdictKind;
  score?: number;
}

export interface ReportCampaign {
  /** the contract record written to campaigns.json */
  campaign: Campaign;
  /** the account graph of the campaign (the renderer lays it out and caps it) */
  graph?: { nodes: ReportNode[]; edges: ReportEdge[] };
  /** the campaign's exchanges over time */
  activity?: TimeSeries;
}

/** A detector as the guide lists it (a `DetectorSpec`'s text fits). */
export interface ReportDetector {
  id: string;
  summary: string;
  evadedBy?: string;
  falselyFlags?: string;
}

export interface ReportData {
  /** when the report was made, RFC 3339 */
  generatedAt: string;
  /** e.g. "distillguard 0.1.0" */
  tool?: string;
  scan: ScanSummary;
  /** score thresholds of the verdicts */
  thresholds: { review: number; block: number };
  /** campaigns, in any order (the renderer sorts by score) */
  campaigns: ReportCampaign[];
  /**
   * Clusters that are one organisation's seats acting alike: not campaigns
   * (their seats are judged on their own traffic), listed so that an analyst
   * can see them. Same record shape as a campaign.
   */
  organisations?: Campaign[];
  /**
   * Accounts worth showing: at least the flagged ones, best with the highest
   * scored of the rest. In any order; the renderer sorts by score and caps.
   */
  accounts: ReportAccount[];
  /**
   * Distribution of all accounts' scores: counts in equal-width bins over 0..1
   * (`scoreHistogram()` in html.ts makes one from scores). When absent, the
   * renderer bins the scores of `accounts`.
   */
  scoreHistogram?: ArrayLike<number>;
  /** exchanges of the whole scan over time */
  activity?: TimeSeries;
  /** the detectors that ran, for the guide */
  detectors?: ReportDetector[];
}
