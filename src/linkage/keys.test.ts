import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ipv6Prefix48, isClientLibrary, isFreeMail, keyOf, keyPattern, Kind, kindOf, parseIpv4, valueOf } from './keys.js';
import { NumIndex } from './numindex.js';

it('parses IPv4 addresses and rejects malformed ones', () => {
  assert.equal(parseIpv4('203.0.113.7'), 203 * 2 ** 24 + 113 * 256 + 7);
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', 'a.b.c.d', '1.2.3.4 ']) assert.equal(parseIpv4(bad), -1, bad);
});

it('takes the /48 of IPv6 addresses, compressed or not', () => {
  assert.equal(ipv6Prefix48('2001:db8:abcd:12::1'), 0x2001 * 2 ** 32 + 0xdb8 * 65536 + 0xabcd);
  assert.equal(ipv6Prefix48('2001:0db8:abcd:0012:0000:0000:0000:0001'), ipv6Prefix48('2001:db8:abcd:12::1'));
  assert.equal(ipv6Prefix48('::1'), 0);
  assert.equal(ipv6Prefix48('10.0.0.1'), -1);
  assert.equal(ipv6Prefix48('2001:zz::1'), -1);
});

it('masks scripted API-key names to one pattern and ignores random provider ids', () => {
  assert.equal(keyPattern('worker-017'), keyPattern('worker-942'));
  assert.equal(keyPattern('sk-9f8e7d6c5b4a39281706'), '');
  assert.notEqual(keyPattern('harvest-bot-3'), keyPattern('worker-3'));
});

it('knows free-mail domains and client libraries', () => {
  assert.ok(isFreeMail('Gmail.com'));
  assert.ok(!isFreeMail('acme-logistics.com'));
  assert.ok(isClientLibrary('python-httpx/0.27.0'));
  assert.ok(!isClientLibrary('Mozilla/5.0 (Windows NT 10.0) Chrome/130'));
});

it('round-trips kind and value through a key', () => {
  const k = keyOf(Kind.TemplateBand, 15 * 2 ** 32 + 0xdeadbeef);
  assert.equal(kindOf(k), Kind.TemplateBand);
  assert.equal(valueOf(k), 15 * 2 ** 32 + 0xdeadbeef);
});

it('interns large integer keys to dense indices across table growth', () => {
  const t = new NumIndex(4);
  const keys = Array.from({ length: 5000 }, (_, i) => keyOf(i % 14, i * 7919));
  keys.forEach((k, i) => assert.equal(t.intern(k), i));
  keys.forEach((k, i) => assert.equal(t.get(k), i));
  assert.equal(t.get(keyOf(3, 1)), -1);
  assert.equal(t.size, 5000);
});
