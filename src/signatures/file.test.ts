import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSignatures, parseSignatures, toSignaturesFile, writeSignatures, SignatureBook } from './index.js';
import { simulateWorld } from '../simulate/index.js';
import { scan } from '../engine/scan.js';
import { FakeAccount, fleetExchange, fleetRecord, ordinaryExchange, rand } from './testing.js';
import { exchangeKeys, EXCHANGE_KEYS, recordKeys } from './kinds.js';

function derived() {
  const r = rand(3);
  const book = new SignatureBook({ reviewAt: 0.6, blockAt: 0.85 });
  const all: FakeAccount[] = [];
  for (let i = 0; i < 324; i++) {
    const fleet = i < 24;
    const a = new FakeAccount(`a${i}`, fleet ? fleetRecord(r, `a${i}`) : { account_id: `a${i}` });
    all.push(a);
    for (let k = 0; k < 12; k++) {
      const x = fleet ? fleetExchange(r, a.id) : ordinaryExchange(r, a.id, i % 3);
      a.n++;
      book.observe(a, x.ex, x.f);
    }
    if (fleet) Object.assign(a, { campaignId: 'c_fleet', verdict: 'block' });
  }
  book.derive(Date.parse('2026-10-01T00:00:00Z'), [{ campaignId: 'c_fleet', signals: [] }], all);
  return { book, r };
}

test('signatures.json round-trips: the loaded index finds what the engine\'s index finds', async () => {
  const { book, r } = derived();
  assert.equal(book.signatures().length, 1);
  const dir = mkdtempSync(join(tmpdir(), 'dg-sigfile-'));
  const path = join(dir, 'signatures.json');
  await writeSignatures(path, book.signatures(), Date.parse('2026-10-02T00:00:00Z'));
  const loaded = await loadSignatures(path);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.reason);
  assert.equal(loaded.file.version, 1);
  assert.equal(loaded.file.generated_at, '2026-10-02T00:00:00.000Z');
  assert.deepEqual(loaded.index.signatures.map((s) => s.keys.map((k) => k.key)), book.signatures().map((s) => s.keys.map((k) => k.key)));
  // every key of a fleet exchange and row the engine would match, the loaded index matches too
  const keys = new Float64Array(EXCHANGE_KEYS);
  let hits = 0;
  for (let i = 0; i < 50; i++) {
    const x = fleetExchange(r, 'n');
    const n = exchangeKeys(x.ex, x.f, keys);
    for (const k of [...keys.subarray(0, n), ...recordKeys(fleetRecord(r, 'n'))]) if (loaded.index.lookup(k)) hits++;
  }
  assert.ok(hits >= 100, `keys of new fleet traffic found in the loaded index: ${hits}`);
});

test('a bad signatures file is a value, not an exception', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-sigbad-'));
  assert.equal((await loadSignatures(join(dir, 'absent.json'))).ok, false);
  writeFileSync(join(dir, 'bad.json'), '{');
  assert.equal((await loadSignatures(join(dir, 'bad.json'))).ok, false);
  const good = toSignaturesFile(derived().book.signatures(), 0);
  assert.equal(parseSignatures({ ...good, version: 2 }).ok, false, 'another version');
  const s = good.signatures[0];
  const text = parseSignatures({ ...good, signatures: [{ ...s, keys: [{ kind: 'template', value: 'explain step by step', campaign_share: 1, base_rate: 0 }] }] });
  assert.equal(text.ok, false, 'prompt text where a hash belongs');
  assert.equal(parseSignatures({ ...good, signatures: [{ ...s, action: 'throttle' }] }).ok, false, 'an unknown action');
});

test('scan writes a valid signatures.json, with the campaign it found signed, and an empty one when the family is off', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dg-sigscan-'));
  const world = join(root, 'w');
  await simulateWorld({ scenario: 'hydra', scale: 0.02, seed: 5, days: 3, out: world });
  const on = join(root, 'on');
  const off = join(root, 'off');
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: on, store: false, workers: 0 });
  await scan({ inputs: [join(world, 'logs.jsonl.gz')], accounts: join(world, 'accounts.jsonl'), out: off, store: false, workers: 0, disable: ['signatures'] });
  const a = await loadSignatures(join(on, 'signatures.json'));
  assert.ok(a.ok, a.ok ? '' : a.reason);
  assert.ok(a.file.signatures.length >= 1, 'the hydra campaign is signed');
  for (const s of a.file.signatures) {
    assert.ok(s.kinds.length >= 2 && s.keys.length >= 2);
    for (const k of s.keys) assert.ok(k.base_rate <= 0.01, `${k.kind} ${k.value}: base rate ${k.base_rate}`);
  }
  const b = await loadSignatures(join(off, 'signatures.json'));
  assert.ok(b.ok && b.file.signatures.length === 0, 'signatures off: the file is there, empty');
});
