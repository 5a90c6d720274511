/**
 * The fitted account model on labelled populations it was not trained on
 * (seeds outside the training plan): with the model (on by default), the
 * rules' catches stay and benign accounts stay unflagged, in a campaign's
 * world and in a world of look-alikes alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scan } from '../src/engine/scan.js';
import { readLabels, readVerdicts, score, tmp, world } from './helpers.js';

async function both(w: string) {
  const out = tmp('model');
  await scan({ inputs: [join(w, 'logs.jsonl.gz')], accounts: join(w, 'accounts.jsonl'), out: join(out, 'with'), store: false, workers: 0 });
  await scan({ inputs: [join(w, 'logs.jsonl.gz')], accounts: join(w, 'accounts.jsonl'), out: join(out, 'without'), store: false, workers: 0, disable: ['model'] });
  const labels = readLabels(w);
  return { with: score(labels, readVerdicts(join(out, 'with'))), without: score(labels, readVerdicts(join(out, 'without'))) };
}

test('on stealth accounts the model keeps every catch of the rules and flags no benign account beside them', async (t) => {
  // aged accounts on human hours with paraphrased wrappers and chat as cover: the rules alone flag half.
  // account-v2 reviews only above 0.93 (0.2% of benign accounts pooled over six generators): in this
  // small world it adds none of them (account-v1, at 0.08, added half); over the held-out simulator
  // worlds it added 1 of 24 stealth accounts (docs/model-card.md)
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
