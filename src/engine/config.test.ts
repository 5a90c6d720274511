import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScanConfig, ConfigError } from './config.js';
import { withoutFamilies, FamilyError, FAMILIES } from './families.js';
import { DETECTORS } from '../detectors/registry.js';

test('accepts a configuration with every section', () => {
  const c = parseScanConfig({
    scoring: { reviewAt: 0.5, blockAt: 0.9 },
    detectors: { 'coverage.sweep': { minExchanges: 40 } },
    linkage: { minCampaignAccounts: 5, weights: { userAgent: 0.1 } },
    engine: { reorderMinutes: 2, sweepMinutes: 15 },
    store: { memoryLimitMb: 128, threads: 2 },
  });
  assert.equal(c.store.memoryLimitMb, 128);
  assert.equal(c.store.threads, 2);
  assert.equal(c.scoring.reviewAt, 0.5);
  assert.deepEqual(c.detectors['coverage.sweep'], { minExchanges: 40 });
  assert.equal(c.engine.sweepMinutes, 15);
});

const bad: [string, unknown, RegExp][] = [
  ['block below review', { scoring: { reviewAt: 0.9, blockAt: 0.5 } }, /blockAt must be at least reviewAt/],
  ['a threshold above 1', { scoring: { reviewAt: 1.5 } }, /scoring\.reviewAt/],
  ['an unknown detector', { detectors: { 'content.nope': {} } }, /unknown detector "content\.nope"/],
  ['a mistyped detector setting', { detectors: { 'coverage.sweep': { minExchanges: 'many' } } }, /detectors\.coverage\.sweep\.minExchanges/],
  ['an unknown linkage field', { linkage: { frobnicate: 1 } }, /unknown key "linkage\.frobnicate"/],
  ['a misspelt scoring threshold', { scoring: { reviewAtt: 0.5 } }, /unknown key "scoring\.reviewAtt"; known in scoring: reviewAt, blockAt/],
  ['a misspelt detector setting', { detectors: { 'coverage.sweep': { minExchangez: 3 } } }, /unknown key "detectors\.coverage\.sweep\.minExchangez"; known in detectors\.coverage\.sweep: minExchanges/],
  ['a misspelt linkage weight', { linkage: { weights: { userAgentt: 0.1 } } }, /unknown key "linkage\.weights\.userAgentt"; known in linkage\.weights: ip, net/],
  ['an unknown section', { policy: {} }, /policy/],
  ['a negative sweep interval', { engine: { sweepMinutes: -1 } }, /engine\.sweepMinutes/],
  ['too little store memory', { store: { memoryLimitMb: 16 } }, /store\.memoryLimitMb/],
  ['a fractional number of store threads', { store: { threads: 1.5 } }, /store\.threads/],
];
for (const [name, raw, msg] of bad) {
  test(`rejects a configuration with ${name}, naming the field`, () => {
    assert.throws(() => parseScanConfig(raw, 'my.json'), (e: unknown) => e instanceof ConfigError && msg.test((e as Error).message) && (e as Error).message.startsWith('my.json'));
  });
}

test('turning a family off removes its detectors or zeroes its linkage weights', () => {
  const a = withoutFamilies(['content', 'timing']);
  assert.equal(a.detectors.length, DETECTORS.length - 1);
  assert.ok(!a.detectors.some((d) => d.id === 'content.harvest_intent'));
  assert.deepEqual(a.weights, { sync: 0, retryHop: 0 });
  assert.equal(a.linkage, true);
  assert.equal(withoutFamilies(['linkage']).linkage, false);
  assert.equal(a.resemblance, true);
  assert.equal(withoutFamilies(['resemblance']).resemblance, false);
  assert.equal(a.scriptCohorts, true);
  assert.equal(withoutFamilies(['scripts']).scriptCohorts, false);
  assert.throws(() => withoutFamilies(['vibes']), FamilyError);
  for (const [name, f] of Object.entries(FAMILIES)) assert.ok(f.summary.length > 10, name);
});

test('the fitted model is on by default and --disable model turns it off; enabling a default family changes nothing', () => {
  assert.equal(withoutFamilies([]).model, true);
  assert.equal(withoutFamilies(['model']).model, false);
  assert.deepEqual(withoutFamilies([], ['content', 'model']), withoutFamilies([]));
  assert.equal(withoutFamilies(['model'], ['model']).model, false);
  assert.throws(() => withoutFamilies([], ['vibes']), FamilyError);
});

test('the model may clear (when its file says so) unless --disable clearing or --disable model', () => {
  assert.equal(withoutFamilies([]).modelClears, true);
  assert.equal(withoutFamilies(['clearing']).modelClears, false);
  assert.equal(withoutFamilies(['clearing']).model, true);
  assert.equal(withoutFamilies(['model']).modelClears, false);
});
