import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { StixBundle, exportBundle, importBundle, stableId } from './stix.js';
import { NO_CORPORA, client, testServer, world, type World } from './testing.js';
import type { RunningServer } from './server.js';

const CAMPAIGN = {
  campaign_id: 'c_1', accounts: ['a', 'b'], exchanges: 10, first_seen: '2026-05-02T00:00:00.000Z', last_seen: '2026-05-03T00:00:00.000Z',
  score: 0.9, signals: ['linkage.payment'], summary: 's', status: 'confirmed',
};
const SIG = {
  signature_id: 's_1', campaign_id: 'c_1', created_at: '2026-05-03T00:00:00.000Z', members: 2,
  kinds: [{ kind: 'net' as const, group: 'network' as const, campaign_share: 1, base_rate: 0 }, { kind: 'payment' as const, group: 'identity' as const, campaign_share: 1, base_rate: 0 }],
  keys: [
    { kind: 'net' as const, value: '203.0.113.0/24', campaign_share: 1, base_rate: 0 },
    { kind: 'net' as const, value: '2001:db8:0::/48', campaign_share: 0.5, base_rate: 0 },
    { kind: 'payment' as const, value: '0a1b2c3d', campaign_share: 1, base_rate: 0.001 },
  ],
  min_kinds: 2, action: 'review' as const,
};

describe('STIX 2.1 bundles', () => {
  test('an exported bundle passes the STIX checks: ids, timestamps, required properties per object type', () => {
    const b = exportBundle({ campaign: CAMPAIGN, signatures: [SIG], provider: 'Example Lab' });
    const r = StixBundle.safeParse(b);
    assert.ok(r.success, JSON.stringify(!r.success && r.error.issues));
    const types = b.objects.map((o) => (o as { type: string }).type);
    assert.equal(types.filter((t) => t === 'indicator').length, 3);
    assert.equal(types.filter((t) => t === 'relationship').length, 3);
    assert.ok(types.includes('identity') && types.includes('campaign'));
    const patterns = b.objects.filter((o) => (o as { type: string }).type === 'indicator').map((o) => (o as { pattern: string }).pattern);
    assert.ok(patterns.includes("[ipv4-addr:value ISSUBSET '203.0.113.0/24']"));
    assert.ok(patterns.some((p) => p.startsWith('[ipv6-addr:value ISSUBSET')));
    assert.ok(patterns.includes("[x-distillguard-signature:kind = 'payment' AND x-distillguard-signature:value = '0a1b2c3d']"));
  });

  test('the checks refuse what STIX 2.1 forbids', () => {
    const good = exportBundle({ campaign: CAMPAIGN, signatures: [SIG], provider: 'Example Lab' }) as unknown as { objects: Record<string, unknown>[] } & Record<string, unknown>;
    const ind = () => good.objects.findIndex((o) => o.type === 'indicator');
    const mutations: [string, (b: typeof good) => void][] = [
      ['indicator without pattern', (b) => { delete b.objects[ind()].pattern; }],
      ['indicator without valid_from', (b) => { delete b.objects[ind()].valid_from; }],
      ['wrong spec_version', (b) => { b.objects[0].spec_version = '2.0'; }],
      ['id not type--uuid', (b) => { b.objects[0].id = 'identity--123'; }],
      ['id of another type', (b) => { b.objects[ind()].id = b.objects[0].id; }],
      ['timestamp without zone', (b) => { b.objects[0].created = '2026-05-03T00:00:00'; }],
      ['identity without name', (b) => { delete b.objects[0].name; }],
      ['bundle with spec_version (2.0 form)', (b) => { b.spec_version = '2.1'; }],
      ['bad custom property name', (b) => { b.objects[ind()]['x_Bad-Name'] = 1; }],
      ['relationship without target_ref', (b) => { delete b.objects.find((o) => o.type === 'relationship')!.target_ref; }],
    ];
    for (const [what, mutate] of mutations) {
      const b = structuredClone(good);
      mutate(b);
      assert.equal(StixBundle.safeParse(b).success, false, what);
      assert.equal(importBundle(b).ok, false, what);
    }
  });

  test('a bundle round-trips through import into a watched signature with the same keys, which only ever sends to review', () => {
    const b = exportBundle({ campaign: CAMPAIGN, signatures: [SIG], provider: 'Example Lab' });
    const r = importBundle(JSON.parse(JSON.stringify(b)));
    assert.ok(r.ok);
    assert.equal(r.signatures.length, 1);
    const sig = r.signatures[0];
    assert.equal(sig.campaign_id, 'ext:Example Lab:c_1');
    assert.deepEqual(sig.keys.map((k) => [k.kind, k.value]).sort(), SIG.keys.map((k) => [k.kind, k.value]).sort());
    assert.equal(sig.action, 'review');
    assert.equal(sig.min_kinds, 2);
    // a plain address indicator from another tool is read as a range
    const foreign = { type: 'bundle', id: stableId('bundle', 'x'), objects: [{ type: 'indicator', spec_version: '2.1', id: stableId('indicator', 'y'), created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z', pattern: "[ipv4-addr:value = '198.51.100.0/24']", pattern_type: 'stix', valid_from: '2026-01-01T00:00:00Z' }] };
    const f = importBundle(foreign);
    assert.ok(f.ok);
    assert.deepEqual(f.signatures[0].keys.map((k) => k.value), ['198.51.100.0/24']);
    assert.equal(f.signatures[0].min_kinds, 1);
  });

  test('ids are stable: the same fact gets the same id, and they are UUIDv5', () => {
    assert.equal(stableId('indicator', 'x'), stableId('indicator', 'x'));
    assert.notEqual(stableId('indicator', 'x'), stableId('indicator', 'y'));
    assert.match(stableId('indicator', 'x'), /^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('indicators through the API', { skip: NO_CORPORA }, () => {
  let w: World;
  let s: RunningServer & { dir: string };
  let api: ReturnType<typeof client>;
  before(async () => {
    w = await world();
    s = await testServer({ accounts: w.accounts });
    api = client(s.url);
    await api('/api/v1/exchanges', { method: 'POST', as: 'analyst', body: w.lines.join('\n') });
    await s.service.settle();
  });
  after(async () => {
    await s.close();
    rmSync(s.dir, { recursive: true, force: true });
  });

  test('a confirmed campaign exports a valid bundle with no prompt text, which imports as a watched signature the gateway reads', async () => {
    const campaigns = (await api('/api/v1/campaigns?limit=1000')).json.campaigns as { campaign_id: string }[];
    const sigs = JSON.parse(readFileSync(s.service.files.signatures, 'utf8')).signatures as { campaign_id: string; keys: { kind: string; value: string }[] }[];
    const signed = campaigns.find((c) => sigs.some((x) => x.campaign_id === c.campaign_id));
    assert.ok(signed, 'a campaign with a signature');
    await api(`/api/v1/campaigns/${signed.campaign_id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'confirm', note: 'share it' } });
    const r = await api(`/api/v1/indicators?campaign=${signed.campaign_id}`);
    assert.equal(r.status, 200);
    assert.ok(StixBundle.safeParse(r.json).success);
    const text = r.text;
    const page = (await api(`/api/v1/campaigns/${signed.campaign_id}`)).json;
    for (const e of page.evidence as { excerpt: string }[]) {
      const words = e.excerpt.trim();
      if (words.length >= 24) assert.ok(!text.includes(JSON.stringify(words).slice(1, 25)), 'no evidence excerpt in the bundle');
    }
    assert.ok(r.json.objects.every((o: { confidence?: number; type: string }) => o.type === 'identity' || o.type === 'relationship' || o.confidence === 85));

    // another provider (here, a second service) takes the bundle
    const other = await testServer();
    try {
      const oapi = client(other.url);
      const viewer = await oapi('/api/v1/indicators', { method: 'POST', as: 'viewer', json: r.json });
      assert.equal(viewer.status, 403);
      const bad = await oapi('/api/v1/indicators', { method: 'POST', as: 'analyst', json: { type: 'bundle' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.code, 'invalid_bundle');
      const imp = await oapi('/api/v1/indicators', { method: 'POST', as: 'analyst', json: r.json });
      assert.equal(imp.status, 200, imp.text);
      assert.equal(imp.json.imported, 1);
      const file = JSON.parse(readFileSync(other.service.files.signatures, 'utf8'));
      const watched = file.signatures.find((x: { signature_id: string }) => x.signature_id === imp.json.signatures[0]);
      const mine = sigs.filter((x) => x.campaign_id === signed.campaign_id).flatMap((x) => x.keys.map((k) => `${k.kind}=${k.value}`));
      assert.deepEqual(watched.keys.map((k: { kind: string; value: string }) => `${k.kind}=${k.value}`).sort(), [...new Set(mine)].sort());
      const audit = (await oapi('/api/v1/audit')).json.entries;
      assert.equal(audit[0].action, 'indicators.import');
    } finally {
      await other.close();
      rmSync(other.dir, { recursive: true, force: true });
    }
  });

  test('a dismissed campaign\'s indicators are not shared; an unknown campaign is 404 and a missing one 400', async () => {
    const open = (await api('/api/v1/campaigns?status=open')).json.campaigns as { campaign_id: string }[];
    const id = open[open.length - 1].campaign_id;
    assert.equal((await api(`/api/v1/indicators?campaign=${id}`)).status, 200);
    await api(`/api/v1/campaigns/${id}/decision`, { method: 'POST', as: 'analyst', json: { action: 'dismiss', note: 'benign' } });
    const r = await api(`/api/v1/indicators?campaign=${id}`);
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'dismissed');
    assert.equal((await api('/api/v1/indicators?campaign=c_none')).status, 404);
    assert.equal((await api('/api/v1/indicators')).status, 400);
  });
});
