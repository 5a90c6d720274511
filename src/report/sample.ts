/**
 * Renders a sample report to look at:
 *   node --import tsx src/report/sample.ts [OUT.html] [ACCOUNTS] [CAMPAIGNS]
 * Evidence text comes from ../shared/corpora when present.
 */
import { writeFileSync } from 'node:fs';
import { loadCorpusPrompts, makeReportData } from './fixture.js';
import { renderMarkdownSummary, renderReport } from './html.js';

const out = process.argv[2] ?? '/tmp/report-sample.html';
const accounts = Number(process.argv[3] ?? 600);
const campaigns = Number(process.argv[4] ?? 4);
const campaignSize = Number(process.argv[5] ?? 60);
const harvest = loadCorpusPrompts(['gsm8k', 'math-competition', 'code-benchmarks', 'llm-judge-prompts'], 100);
const benign = loadCorpusPrompts(['oasst-prompts', 'sharegpt-sample'], 100);
if (!harvest) process.stderr.write('corpora not found at ../shared/corpora: using generated text\n');
const data = makeReportData({ accounts, campaigns, campaignSize, harvestPrompts: harvest ?? undefined, benignPrompts: benign ?? undefined });
const t0 = performance.now();
const page = renderReport(data);
const ms = performance.now() - t0;
writeFileSync(out, page);
process.stdout.write(renderMarkdownSummary(data) + '\n');
process.stderr.write(`wrote ${out}: ${(page.length / 1024).toFixed(0)} KiB in ${ms.toFixed(0)} ms\n`);
