import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountRecord, Exchange } from '../contract/types.js';
import { evidenceExcerpt, extractFeatures } from '../features/index.js';
import { Engine } from '../engine/engine.js';
import { accountProfile } from '../engine/profile.js';
import { loadCorpus, corporaAvailable, CORPORA_DIR } from './testing/population.js';
import { createLinkage } from './index.js';
import { lcg } from '../util/random.js';

const skip = corporaAvailable() ? false : `corpora not found at ${CORPORA_DIR}; class retraction test skipped`;
const T0 = Date.parse('2026-04-06T00:00:00Z');
const HOUR = 3_600_000;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/**
 * A class of 40 behind one campus NAT, signed up in one week from one address
 * with one e-mail domain. On its first evening each student asks one question
 * of their own, step by step (little traffic, nothing shared); from the next
 * day on, the whole class works through the same homework, each question
 * pasted as set, step by step, with a follow-up now and then.
 */
function classWorld(): { accounts: AccountRecord[]; exchanges: Exchange[]; students: string[] } {
  const items = loadCorpus('gsm8k', 400).map((p) => p.prompt);
  const accounts: AccountRecord[] = [];
  const exchanges: Exchange[] = [];
  const students: string[] = [];
  let seq = 0;
  const rnd = lcg(7);
  const send = (id: string, tsMs: number, content: string): void => {
    exchanges.push({ id: `e${seq++}`, ts: new Date(tsMs).toISOString(), tsMs, account_id: id, ip: '130.91.4.17', user_agent: BROWSER, request: { messages: [{ role: 'user', content }], max_tokens: 1024 }, response: { text: 'Step 1: ... so the answer is 42.', stop_reason: 'end_turn' }, usage: { input_tokens: 80, output_tokens: 420 } });
  };
  for (let i = 0; i < 40; i++) {
    const id = `stu_${i}`;
    students.push(id);
    accounts.push({ account_id: id, created_at: new Date(T0 - 3 * 86_400_000 + i * 600_000).toISOString(), email_domain: 'students.uni.example.edu', signup_ip: '130.91.4.17', payment_fingerprint: `pm_${i}` });
    send(id, T0 + 19 * HOUR + Math.floor(rnd() * 3 * HOUR), `${items[i]}\nCan you explain it step by step?`);
  }
  // homework: six questions a day, set for everyone, over three days, in the evening
  for (let day = 1; day <= 3; day++) {
    const set = items.slice(100 + 6 * day, 106 + 6 * day);
    for (const id of students) {
      let t = T0 + day * 86_400_000 + (17 + Math.floor(rnd() * 4)) * HOUR;
      for (const q of set) {
        if (rnd() < 0.2) continue;
        send(id, t, `${q}\nPlease show every step of the working.`);
        t += 120_000 + Math.floor(rnd() * 900_000);
      }
    }
  }
  exchanges.sort((a, b) => a.tsMs - b.tsMs);
  return { accounts, exchanges, students };
}

test('a class judged a campaign on its first thin evening is re-read once it shares its homework, and no student is flagged', { skip }, () => {
  const w = classWorld();
  // a sweep every hour of event time, as in a provider's traffic where the class is a small part;
  // every campaign the linkage reports is acted on, as `scan` runs it (campaignMinScore 0)
  const engine = new Engine({ extract: extractFeatures, excerpt: evidenceExcerpt, linkage: createLinkage({ sweepEveryMinutes: 60 }), profile: accountProfile, sweepMaxGapMinutes: 60, campaignMinScore: 0 });
  for (const a of w.accounts) engine.addAccount(a);
  for (const ex of w.exchanges) engine.push(ex);
  engine.finish();
  // The class was judged a campaign at some sweep (else this test shows nothing), then re-read.
  const found = engine.campaignFindings().filter((c) => c.accounts.some((id) => id.startsWith('stu_')));
  assert.ok(found.length > 0, 'the class was judged a campaign on its first evening');
  for (const c of found) {
    assert.match(c.retracted ?? '', /^re-read since: content is use/, `campaign ${c.campaignId} is not retracted`);
    assert.ok(c.score < 0.5, `campaign ${c.campaignId} still scores ${c.score}`);
    assert.match(c.summary, /Re-read since: content is use: many members ask the same items \(\d+% of sampled prompts shared across accounts\)/);
  }
  // Streaming acts on what it has seen: a student whose own traffic carried it over the
  // line while the class still looked like a sweep stays flagged (2 here, on the first
  // homework evening); nobody is flagged after that (without the re-reading, 4 students in
  // all, two of them two days later).
  const flagged = engine.verdicts().filter((v) => v.verdict !== 'allow');
  assert.ok(flagged.length <= 3, `students flagged: ${flagged.map((v) => `${v.account_id} ${v.verdict} ${v.flagged_at}`).join(', ')}`);
  const firstEvening = Date.parse('2026-04-08T00:00:00Z');
  assert.deepEqual(flagged.filter((v) => Date.parse(v.flagged_at!) >= firstEvening).map((v) => v.account_id), [], 'flagged after the first homework evening');
  // The campaign stays listed for the students whose verdicts name it, and says it was re-read.
  assert.deepEqual(engine.campaignList().map((c) => c.campaign_id), [...new Set(flagged.map((v) => v.campaign_id))]);
});
