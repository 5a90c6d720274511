import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstrumentIndex, PAYMENT, SIGNUP_IP } from './instruments.js';

test('counts and lists the holders of each instrument, across replaced rows', () => {
  const ix = new InstrumentIndex();
  ix.add({ account_id: 'a', payment_fingerprint: 'pm_1', signup_ip: '192.0.2.1' });
  ix.add({ account_id: 'b', payment_fingerprint: 'pm_1', verified: true });
  ix.add({ account_id: 'c', payment_fingerprint: '', signup_ip: '192.0.2.1' });
  ix.add({ account_id: 'd', payment_fingerprint: 'pm_1' });
  assert.equal(ix.holders(PAYMENT, 'pm_1'), 3);
  assert.deepEqual(ix.holderIds(PAYMENT, 'pm_1'), ['a', 'b', 'd']);
  assert.equal(ix.holders(PAYMENT, ''), 0, 'an empty fingerprint is no instrument');
  assert.equal(ix.holders(SIGNUP_IP, '192.0.2.1'), 2);
  assert.deepEqual(ix.holderIds(SIGNUP_IP, 'nowhere'), []);
  // b's row is replaced: now on another card
  ix.remove({ account_id: 'b', payment_fingerprint: 'pm_1', verified: true });
  ix.add({ account_id: 'b', payment_fingerprint: 'pm_2' });
  assert.deepEqual(ix.holderIds(PAYMENT, 'pm_1'), ['a', 'd']);
  assert.deepEqual(ix.holderIds(PAYMENT, 'pm_2'), ['b']);
  ix.remove({ account_id: 'd', payment_fingerprint: 'pm_1' });
  ix.remove({ account_id: 'a', payment_fingerprint: 'pm_1', signup_ip: '192.0.2.1' });
  assert.equal(ix.holders(PAYMENT, 'pm_1'), 0);
  assert.deepEqual(ix.holderIds(SIGNUP_IP, '192.0.2.1'), ['c']);
});
