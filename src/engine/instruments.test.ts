import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstrumentIndex, PAYMENT, SIGNUP_IP } from './instruments.js';

test('counts the holders of each instrument and lists the verified ones, across replaced rows', () => {
  const ix = new InstrumentIndex();
  assert.equal(ix.hasVerified(), false);
  ix.add({ account_id: 'a', payment_fingerprint: 'pm_1', signup_ip: '192.0.2.1' });
  ix.add({ account_id: 'b', payment_fingerprint: 'pm_1', verified: true });
  ix.add({ account_id: 'c', payment_fingerprint: '', signup_ip: '192.0.2.1', verified: true });
  assert.equal(ix.holders(PAYMENT, 'pm_1'), 2);
  assert.equal(ix.holders(PAYMENT, ''), 0, 'an empty fingerprint is no instrument');
  assert.equal(ix.holders(SIGNUP_IP, '192.0.2.1'), 2);
  assert.deepEqual(ix.verifiedHolders(PAYMENT, 'pm_1'), ['b']);
  assert.deepEqual(ix.verifiedHolders(SIGNUP_IP, '192.0.2.1'), ['c']);
  assert.equal(ix.hasVerified(), true);
  // b's row is replaced: now unverified, on another card
  ix.remove({ account_id: 'b', payment_fingerprint: 'pm_1', verified: true });
  ix.add({ account_id: 'b', payment_fingerprint: 'pm_2' });
  assert.equal(ix.holders(PAYMENT, 'pm_1'), 1);
  assert.deepEqual(ix.verifiedHolders(PAYMENT, 'pm_1'), []);
  ix.remove({ account_id: 'c', signup_ip: '192.0.2.1', verified: true });
  assert.equal(ix.hasVerified(), false);
  assert.equal(ix.holders(SIGNUP_IP, '192.0.2.1'), 1);
});
