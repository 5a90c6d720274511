/**
 * One harvest split across apparent organisations (`org_split` of our
 * simulator): three to six organisations, each its own customer with its own
 * domain, cards, cloud range, client, system prompt, generation settings and
 * hours, drawing distinct plain items from one queue. Each organisation's
 * seats are one customer to the linkage, and each seat's own traffic (a few
 * dozen plain questions a day) stays under every per-account line; sibling
 * organisations (src/engine/sibling-orgs.ts) tie the parts by their harvest.
 *
 * Asserted on labelled data at 1× and 3× the benign background of `mixed`
 * (company seats, agentic products, app back ends, batch jobs, benchmark
 * evaluators, classes): the operation's recall with the rule, and without
 * it (so the test fails when the rule stops working), and the benign
 * accounts: none sent to review by the rule, and the benign flagged rate no
 * higher than without it. Seed 31 was not looked at before the rule was
 * written. A few minutes on a busy machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateWorld } from '../simulate/index.js';
import { scan } from './scan.js';

const SEED = 31;
const SCALE = 0.3;
const DAYS = 4;

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Figures { hit: number; of: number; benign: number; benignFlagged: number; benignBySiblings: number }

function read(world: string, out: string): Figures {
  const labels = new Map<string, { label: string; persona: string }>();
  for (const l of readFileSync(join(world, 'labels.jsonl'), 'utf8').trim().split('\n')) {
    const x = JSON.parse(l) as { account_id: string; label: string; persona: string };
    labels.set(x.account_id, x);
  }
  const f: Figures = { hit: 0, of: 0, benign: 0, benignFlagged: 0, benignBySiblings: 0 };
  for (const l of readFileSync(join(out, 'verdicts.jsonl'), 'utf8').trim().split('\n')) {
    const v = JSON.parse(l) as { account_id: string; verdict: string; reasons: { signal: string }[] };
    const lab = labels.get(v.account_id);
    if (!lab) continue;
    const flagged = v.verdict !== 'allow';
    if (lab.persona === 'org_split') {
      f.of++;
      if (flagged) f.hit++;
    } else if (lab.label === 'benign') {
      f.benign++;
      if (flagged) f.benignFlagged++;
      if (flagged && v.reasons.some((r) => r.signal === 'campaign.sibling_orgs')) f.benignBySiblings++;
    }
  }
  return f;
}

async function measure(background: number): Promise<{ on: Figures; off: Figures }> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-siblings-'));
  dirs.push(dir);
  const world = join(dir, 'world');
  await simulateWorld({ scenario: 'org_split', scale: SCALE, background, seed: SEED, days: DAYS, out: world });
  const on = join(dir, 'on');
  const off = join(dir, 'off');
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: on, store: false, workers: 0 });
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: off, store: false, workers: 0, disable: ['siblings'] });
  return { on: read(world, on), off: read(world, off) };
}

test('a harvest split across apparent organisations is found at 1× and 3× the benign background, and no benign account is grouped so', async () => {
  for (const k of [1, 3]) {
    const { on, off } = await measure(k);
    assert.ok(on.of >= 24, `${k}×: ${on.of} org_split accounts`);
    assert.ok(on.hit / on.of >= 0.9, `${k}×: recall with sibling organisations ${on.hit}/${on.of}`);
    assert.ok(off.hit / off.of <= 0.5, `${k}×: without sibling organisations the split harvest should mostly pass (${off.hit}/${off.of}); if it no longer does, this test no longer tests the rule`);
    assert.equal(on.benignBySiblings, 0, `${k}×: benign accounts sent to review as sibling organisations`);
    assert.ok(on.benignFlagged <= off.benignFlagged, `${k}×: benign flagged ${off.benignFlagged}/${off.benign} → ${on.benignFlagged}/${on.benign}`);
  }
});
