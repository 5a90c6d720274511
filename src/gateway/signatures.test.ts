/**
 * The gateway follows a signatures file (`--signatures`): a new account whose
 * first request matches a signature is decided on it before the engine has
 * seen one of its exchanges. The file is the one `scan` writes for a labelled
 * world from the shared corpora; each account of the world comes back as a
 * new account (a new id, no account-table row) sending its first logged
 * request after the signatures were derived: the campaign's next accounts, and
 * ordinary newcomers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exchange, Label } from '../contract/types.js';
import { scan } from '../engine/scan.js';
import { simulateWorld } from '../simulate/index.js';
import type { SignaturesFile } from '../signatures/index.js';
import { headersOf, loadAnswers, orderedExchanges, requestOf } from './replay.js';
import { startGateway, type Gateway } from './server.js';
import { startStandIn, type StandIn } from './testing/upstream.js';

const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
const skip = existsSync(CORPORA) ? false : `corpora not found at ${CORPORA}; the signature tests are skipped`;
const POLICY = { version: 1 as const, rules: [{ id: 'signature', when: { signature: true }, action: 'block' as const, mode: 'enforce' as const }] };

describe('a gateway following signatures.json decides a new account on its first request', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-gw-sig-'));
  const world = join(dir, 'world');
  const followed = join(dir, 'followed.json');
  let file: SignaturesFile;
  let labels: Map<string, Label>;
  /** each account's first logged exchange, and its first few */
  const first = new Map<string, Exchange>();
  const firstFew = new Map<string, Exchange[]>();
  let up: StandIn;
  let gw: Gateway;
  let after0: number;

  before(async () => {
    await simulateWorld({ scenario: 'hydra', scale: 0.02, seed: 3, days: 2, corpus: CORPORA, out: world, quiet: true } as Parameters<typeof simulateWorld>[0]);
    await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: join(dir, 'scan'), store: false, workers: 0 });
    file = JSON.parse(readFileSync(join(dir, 'scan', 'signatures.json'), 'utf8')) as SignaturesFile;
    assert.ok(file.signatures.length > 0, 'scan derived no signature: nothing to follow');
    labels = new Map(readFileSync(join(world, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => [(JSON.parse(l) as Label).account_id, JSON.parse(l) as Label]));
    for await (const b of orderedExchanges([join(world, 'logs.jsonl.gz')], { n: 0 })) for (const ex of b) {
      if (!first.has(ex.account_id)) first.set(ex.account_id, ex);
      const few = firstFew.get(ex.account_id) ?? firstFew.set(ex.account_id, []).get(ex.account_id)!;
      if (few.length < 4) few.push(ex);
    }
    after0 = Math.max(...file.signatures.map((s) => Date.parse(s.created_at))) + 3_600_000;
    up = await startStandIn({ answers: await loadAnswers([join(world, 'logs.jsonl.gz')]) });
    // followed before the file exists: no signatures yet
    gw = await startGateway({ upstream: up.url, listen: '127.0.0.1:0', policyFile: POLICY, replayClock: true, signatures: followed, defaultMetrics: false });
  });
  after(async () => {
    await gw?.close();
    await up?.close();
  });

  /** Sends `ex` as a request of account `id` at event time `at`; returns the decision. */
  async function send(ex: Exchange, id: string, at: number, g: Gateway = gw): Promise<string> {
    const { path, body } = requestOf(ex);
    const headers = { ...headersOf(ex), 'x-account-id': id, 'x-event-time': new Date(at).toISOString() };
    const r = await fetch(g.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    await r.arrayBuffer();
    return (r.headers.get('x-distillguard-decision') ?? '').split(';')[0];
  }

  /** Every account's first request, as a new account `prefix` + id; refused accounts by label. */
  async function newcomers(prefix: string, at: number): Promise<{ campaign: number; refusedCampaign: number; benign: number; refusedBenign: string[] }> {
    const out = { campaign: 0, refusedCampaign: 0, benign: 0, refusedBenign: [] as string[] };
    for (const [id, ex] of first) {
      const refused = (await send(ex, prefix + id, at)) === 'block';
      if (labels.get(id)?.label === 'campaign') {
        out.campaign++;
        if (refused) out.refusedCampaign++;
      } else {
        out.benign++;
        if (refused) out.refusedBenign.push(`${id} (${labels.get(id)?.persona})`);
      }
    }
    return out;
  }

  test('campaign accounts are refused at their first request once the file is there, benign newcomers never; the file is followed as it changes', async (t) => {
    const none = await newcomers('before-', after0);
    assert.equal(none.refusedCampaign + none.refusedBenign.length, 0, 'refused with no signatures followed');
    // the service replaces the file whole
    writeFileSync(followed + '.tmp', JSON.stringify(file));
    renameSync(followed + '.tmp', followed);
    const deadline = Date.now() + 5_000;
    const probe = [...first].find(([id]) => labels.get(id)?.label === 'campaign')!;
    let k = 0;
    while ((await send(probe[1], `probe-${k++}`, after0)) !== 'block' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const got = await newcomers('new-', after0);
    t.diagnostic(`${got.refusedCampaign}/${got.campaign} campaign accounts refused at their first request, ${got.refusedBenign.length}/${got.benign} benign`);
    assert.deepEqual(got.refusedBenign, []);
    assert.ok(got.refusedCampaign >= 0.5 * got.campaign, `${got.refusedCampaign}/${got.campaign} campaign accounts refused at their first request`);
    // a matched account stays refused after the engine has seen its (refused) first exchange
    const matched = [...first].find(([id]) => labels.get(id)?.label === 'campaign')!;
    await gw.online.settled();
    assert.equal(await send(matched[1], `new-${matched[0]}`, after0 + 60_000), 'block');
    // a damaged file leaves the signatures in force
    writeFileSync(followed, '{"version": 1, "signatures": [');
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(await send(probe[1], 'after-damage', after0), 'block');
  });

  test('a request from before the signature was derived is left to the engine', async () => {
    const [id, ex] = [...first].find(([a]) => labels.get(a)?.label === 'campaign')!;
    assert.equal(await send(ex, `early-${id}`, Date.parse(file.signatures[0].created_at) - 86_400_000), 'allow');
  });

  test('the engine matches a new account\'s later exchanges against the followed signatures too, as against its own', async (t) => {
    // in shadow, every request is answered and the engine reads each exchange whole
    const shadow = { version: 1 as const, rules: [{ id: 'signature', when: { signature: true }, action: 'block' as const, mode: 'shadow' as const }] };
    const path = join(dir, 'followed-2.json');
    writeFileSync(path, JSON.stringify(file));
    const g = await startGateway({ upstream: up.url, listen: '127.0.0.1:0', policyFile: shadow, replayClock: true, signatures: path, defaultMetrics: false });
    try {
      let campaign = 0;
      let assigned = 0;
      let benignAssigned = 0;
      for (const [id, few] of firstFew) {
        let at = after0;
        for (const ex of few) await send(ex, `later-${id}`, (at += 60_000), g);
        await g.online.settled();
        const s = await g.online.account(`later-${id}`);
        const inSig = !!s?.campaignId && file.signatures.some((x) => x.campaign_id === s.campaignId);
        if (labels.get(id)?.label === 'campaign') {
          campaign++;
          if (inSig) assigned++;
        } else if (inSig) benignAssigned++;
      }
      t.diagnostic(`the engine put ${assigned}/${campaign} new campaign accounts in the signature's campaign after their first ${4} exchanges, ${benignAssigned} benign`);
      assert.equal(benignAssigned, 0);
      assert.ok(assigned >= 0.5 * campaign, `${assigned}/${campaign}`);
    } finally {
      await g.close();
    }
  });
});
