/**
 * The fitted account model on labelled populations it was not trained on
 * (seeds outside the training plan): with the model (on by default), the
 * rules' catches stay and benign accounts stay unflagged, in a campaign's
 * world and in a world of look-alikes alone; and the model's clearing, when a
 * model file lets it act, lowers only the rules' reviews on an account's own
 * evidence, each with the reason that says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../src/engine/scan.js';
import { SHIPPED_MODEL } from '../src/model/account-model.js';
import { readLabels, readVerdicts, score, tmp, world } from './helpers.js';

async function run(w: string, out: string, extra: { disable?: string[]; modelFile?: string } = {}) {
  await scan({ inputs: [join(w, 'logs.jsonl.gz')], accounts: join(w, 'accounts.jsonl'), out, store: false, workers: 0, ...extra });
  return readVerdicts(out);
}

async function both(w: string) {
  const out = tmp('model');
  const labels = readLabels(w);
  return { with: score(labels, await run(w, join(out, 'with'))), without: score(labels, await run(w, join(out, 'without'), { disable: ['model'] })) };
}

test('on stealth accounts the model keeps every catch of the rules and flags no benign account beside them', async (t) => {
  // the model reviews only above its review threshold (0.2% of benign accounts pooled over eight
  // generators): in this small world it adds none of them (docs/model-card.md). Aged accounts on
  // human hours with paraphrased wrappers and chat as cover: the rules alone flag half.
  const w = await world('stealth', 0.1, 4242, 10);
  if (!w) return t.skip('shared corpora not found');
  const r = await both(w);
  assert.ok(r.with.recall >= r.without.recall, `recall ${r.with.recall} with the model, ${r.without.recall} without`);
  assert.ok(r.with.recall >= 0.5, `recall with the model ${r.with.recall}`);
  assert.equal(r.with.flaggedBenign.length, r.without.flaggedBenign.length, `benign flagged: ${r.with.flaggedBenign.map((l) => l.persona).join(', ')}`);
});

test('a world of benign look-alikes stays unflagged with the model', async (t) => {
  // the look-alikes the model was trained beside; the quick-reply apps and public-benchmark runners
  // added to `lookalikes` since are not yet at zero with the model on (docs/detection.md, issue 18)
  const w = await world('lookalikes_core', 0.2, 4243, 10);
  if (!w) return t.skip('shared corpora not found');
  const r = await both(w);
  assert.equal(r.with.flaggedBenign.length, 0, `flagged: ${r.with.flaggedBenign.map((l) => `${l.account_id} (${l.persona})`).join(', ')}`);
});

test('clearing lowers only the rules\' reviews on an account\'s own evidence, and says so in the verdict', async (t) => {
  // A model file whose clear threshold acts at probability 1 clears every review that rests on an
  // account's own evidence: what changes against `--disable clearing` is exactly those accounts. A
  // harvest without cover from few accounts (the rules review several on their own traffic before any
  // campaign ties them) and a mixed world (reviews through campaign ties, and blocks).
  const worlds = [await world('naive', 0.05, 4244, 5), await world('mixed', 0.05, 4244, 5)];
  if (!worlds[0] || !worlds[1]) return t.skip('shared corpora not found');
  const out = tmp('model-clear');
  const file = JSON.parse(readFileSync(SHIPPED_MODEL, 'utf8'));
  const acts = file.thresholds.clear?.acts === true;
  file.thresholds.clear = { probability: 1, acts: true, keep: 0, decision: 'test: clears every review on own evidence' };
  const modelFile = join(out, 'clears-all.json');
  writeFileSync(modelFile, JSON.stringify(file));
  let changed = 0, tied = 0, blocked = 0;
  for (const [i, w] of worlds.entries()) {
    const kept = await run(w!, join(out, `kept${i}`), { modelFile, disable: ['clearing'] });
    const cleared = await run(w!, join(out, `cleared${i}`), { modelFile });
    for (const [id, k] of kept) {
      const c = cleared.get(id)!;
      if (k.verdict === 'block') {
        blocked++;
        assert.equal(c.verdict, 'block', `${id}: blocks stay with the rules`);
      }
      if (k.verdict === 'review' && k.campaign_id !== null) {
        tied++;
        assert.equal(c.verdict, 'review', `${id}: a review through campaign ${k.campaign_id} stays with the rules`);
      }
      if (c.verdict === k.verdict) continue;
      changed++;
      assert.equal(k.verdict, 'review', `${id}: only a review is cleared (was ${k.verdict})`);
      assert.equal(c.verdict, 'allow', id);
      assert.equal(c.campaign_id, null, `${id}: a campaign member is never cleared`);
      assert.equal(c.reasons[0]?.signal, 'model.cleared', `${id}: the reason says the model cleared it`);
    }
    // and the shipped file clears only when its leave-one-generator-out rule held
    if (!acts && i === 0) {
      const shipped = await run(w!, join(out, 'shipped'));
      assert.ok(![...shipped.values()].some((v) => v.reasons.some((r) => r.signal === 'model.cleared')), 'a shipped file whose rule did not hold never clears');
    }
  }
  assert.ok(changed > 0 && tied > 0 && blocked > 0, `reviews on own evidence cleared: ${changed}; reviews through campaign ties: ${tied}; blocks: ${blocked}`);
});
