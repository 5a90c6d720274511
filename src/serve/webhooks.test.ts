import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { Webhooks, sign, verifySignature } from './webhooks.js';
import { NO_CORPORA, client, testServer, world } from './testing.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers `fail` with 500 first, then 200. */
async function receiver(fail = 0): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  let n = 0;
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = n++ < fail ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => srv.close(() => r())) };
}

async function until(f: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a signature verifies only with the right secret over the exact body', () => {
  const body = '{"text":"hi"}';
  const h = sign('secret-1234', body);
  assert.match(h, /^sha256=[0-9a-f]{64}$/);
  assert.ok(verifySignature('secret-1234', body, h));
  assert.ok(!verifySignature('secret-9999', body, h));
  assert.ok(!verifySignature('secret-1234', body + ' ', h));
  assert.ok(!verifySignature('secret-1234', body, null));
});

test('a failing receiver is retried with growing waits until it takes the delivery', async () => {
  const r = await receiver(2);
  const hooks = new Webhooks(null, { attempts: 5, baseMs: 30, timeoutMs: 2000 });
  try {
    hooks.add({ url: r.url, secret: 'secret-1234' });
    const t0 = Date.now();
    hooks.emit('campaign.new', { campaign: { campaign_id: 'c_1' } }, 'New campaign c_1');
    await until(() => hooks.listDeliveries()[0]?.status === 'delivered');
    const d = hooks.listDeliveries()[0];
    assert.equal(d.attempts, 3);
    assert.equal(d.last_status, 200);
    assert.equal(r.got.length, 3);
    // waits of 30 then 60 ms: at least 90 ms in all
    assert.ok(Date.now() - t0 >= 90);
    for (const g of r.got) {
      assert.ok(verifySignature('secret-1234', g.body, g.headers['x-distillguard-signature'] as string));
      assert.equal(JSON.parse(g.body).text, 'New campaign c_1');
      assert.equal(g.headers['x-distillguard-event'], 'campaign.new');
    }
  } finally {
    await hooks.close();
    await r.close();
  }
});

test('a receiver that never takes it ends as failed after the last attempt; one that is down is retried too', async () => {
  const r = await receiver(100);
  const hooks = new Webhooks(null, { attempts: 3, baseMs: 10, timeoutMs: 2000 });
  try {
    hooks.add({ url: r.url, secret: 'secret-1234' });
    hooks.add({ url: 'http://127.0.0.1:9/down', secret: 'secret-1234' });
    hooks.emit('campaign.decision', {}, 'x');
    await until(() => hooks.listDeliveries().every((d) => d.status === 'failed'));
    const [a, b] = hooks.listDeliveries();
    assert.equal(a.attempts, 3);
    assert.equal(b.attempts, 3);
    assert.ok(hooks.listDeliveries().some((d) => d.last_status === 500));
    assert.ok(hooks.listDeliveries().some((d) => d.last_status === null && d.last_error));
  } finally {
    await hooks.close();
    await r.close();
  }
});

test('the service alerts on new campaigns and on decisions, signed, with a Slack-compatible text, and lists the deliveries', { skip: NO_CORPORA }, async () => {
  const w = await world();
  const r = await receiver(1);
  const s = await testServer({ accounts: w.accounts, webhooks: [{ url: r.url, secret: 'hook-secret-1' }], retry: { attempts: 4, baseMs: 20, timeoutMs: 2000 } });
  try {
    const api = client(s.url);
    await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body: w.lines.join('\n') });
    await s.service.settle();
    const campaigns = (await api('/api/v1/campaigns?limit=1000')).json.campaigns as { campaign_id: string }[];
    await until(() => new Set(r.got.map((g) => JSON.parse(g.body).delivery_id)).size >= campaigns.length);
    const news = new Set(r.got.map((g) => JSON.parse(g.body)).filter((b) => b.event === 'campaign.new').map((b) => b.campaign.campaign_id));
    for (const c of campaigns) assert.ok(news.has(c.campaign_id), `alert for ${c.campaign_id}`);
    const before = r.got.length;
    await api(`/api/v1/campaigns/${campaigns[0].campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'confirm', note: 'cards match' } });
    await until(() => r.got.slice(before).some((g) => JSON.parse(g.body).event === 'campaign.decision'));
    const d = r.got.slice(before).map((g) => ({ g, b: JSON.parse(g.body) })).find((x) => x.b.event === 'campaign.decision')!;
    assert.ok(verifySignature('hook-secret-1', d.g.body, d.g.headers['x-distillguard-signature'] as string));
    assert.match(d.b.text, /ana confirmed campaign .* cards match/);
    assert.equal(d.b.decision.note, 'cards match');
    const list = (await api('/api/v1/webhooks/deliveries')).json.deliveries as { status: string; attempts: number }[];
    assert.ok(list.length >= campaigns.length + 1);
    assert.ok(list.some((x) => x.attempts === 2), 'the first delivery was retried once');
    assert.ok(list.every((x) => x.status !== 'failed'));
  } finally {
    await s.close();
    await r.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('a campaign that doubles in size or crosses the block score after its first alert is escalated, and only then', { skip: NO_CORPORA }, async () => {
  const w = await world();
  const r = await receiver();
  const s = await testServer({ accounts: w.accounts, webhooks: [{ url: r.url, secret: 'hook-secret-2' }], retry: { attempts: 2, baseMs: 20, timeoutMs: 2000 } });
  try {
    const api = client(s.url);
    // The first 5% of the log (a campaign is found with two accounts in it), then the rest.
    const cut = Math.floor(w.lines.length * 0.05);
    await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body: w.lines.slice(0, cut).join('\n') });
    await s.service.settle();
    await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body: w.lines.slice(cut).join('\n') });
    await s.service.settle();
    const campaigns = (await api('/api/v1/campaigns?limit=1000')).json.campaigns as { campaign_id: string; accounts: string[]; score: number }[];
    await until(() => new Set(r.got.map((g) => JSON.parse(g.body).campaign?.campaign_id)).size >= campaigns.length);
    await new Promise((res) => setTimeout(res, 200));
    const blockAt = s.service.engine.scoring.blockAt;
    const alerts = r.got.map((g) => ({ g, b: JSON.parse(g.body) }));
    let escalations = 0;
    for (const c of campaigns) {
      const mine = alerts.filter((a) => a.b.campaign.campaign_id === c.campaign_id && a.b.event !== 'campaign.decision');
      assert.equal(mine[0].b.event, 'campaign.new', `${c.campaign_id}: the first alert is the new campaign`);
      assert.equal(mine.filter((a) => a.b.event === 'campaign.new').length, 1, `${c.campaign_id}: one new-campaign alert`);
      // each escalation is measured against the alert before it
      for (let i = 1; i < mine.length; i++) {
        const before = mine[i - 1].b.campaign;
        const now = mine[i].b.campaign;
        assert.equal(mine[i].b.event, 'campaign.escalated');
        assert.ok(verifySignature('hook-secret-2', mine[i].g.body, mine[i].g.headers['x-distillguard-signature'] as string));
        assert.ok(now.account_count >= 2 * before.account_count || (before.score < blockAt && now.score >= blockAt),
          `${c.campaign_id}: escalated from ${before.account_count} accounts (score ${before.score}) to ${now.account_count} (${now.score})`);
        assert.match(mine[i].b.text, new RegExp(`${c.campaign_id} escalated: ${before.account_count} -> ${now.account_count} accounts`));
        escalations++;
      }
      // and a campaign that doubled since its last alert, or crossed the line, was escalated
      const last = mine[mine.length - 1].b.campaign;
      assert.ok(c.accounts.length < 2 * last.account_count && !(last.score < blockAt && c.score >= blockAt),
        `${c.campaign_id} grew from ${last.account_count} to ${c.accounts.length} accounts (score ${last.score} -> ${c.score}) without an escalation`);
    }
    assert.ok(escalations >= 1, 'the second half of the world escalated at least one campaign');
  } finally {
    await s.close();
    await r.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});
