/**
 * bench/signatures: the cost of campaign signatures on their own, apart from
 * the rest of the engine: exchanges matched per second on the hot path
 * (with and without signatures to match), one derivation over N accounts,
 * and the bytes held per account.
 *
 *   node --import tsx bench/signatures.ts [--accounts 100000] [--exchanges 1000000]
 */
import { SignatureBook } from '../src/signatures/index.js';
import { FakeAccount, fleetExchange, fleetRecord, ordinaryExchange, rand } from '../src/signatures/testing.js';

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(`--${k}`);
  return i >= 0 ? Number(process.argv[i + 1]) : Number(d);
};
const N = arg('accounts', '100000');
const E = arg('exchanges', '1000000');
const FLEET = Math.round(N * 0.02);
const r = rand(1);
const book = new SignatureBook({ reviewAt: 0.6, blockAt: 0.85 });
const accounts: FakeAccount[] = [];
for (let i = 0; i < N; i++) accounts.push(new FakeAccount(`a${i}`, i < FLEET ? fleetRecord(r, `a${i}`) : { account_id: `a${i}`, payment_fingerprint: `pm${i}` }));
// pre-built traffic, so the timing is the matcher's alone
const fleetTraffic = Array.from({ length: 256 }, () => fleetExchange(r, 'x'));
const ordinaryTraffic = Array.from({ length: 4096 }, (_, j) => ordinaryExchange(r, 'x', j % 3));

function run(label: string): void {
  const t0 = performance.now();
  for (let e = 0; e < E; e++) {
    const a = accounts[(e * 7919) % N];
    const x = (e * 7919) % N < FLEET ? fleetTraffic[e % 256] : ordinaryTraffic[e % 4096];
    a.n++;
    book.observe(a, x.ex, x.f);
  }
  const ms = performance.now() - t0;
  console.log(`${label}: ${E.toLocaleString()} exchanges in ${ms.toFixed(0)} ms, ${Math.round(E / (ms / 1000)).toLocaleString()} exchanges/s`);
}

run('observe, no signatures yet');
for (let i = 0; i < FLEET; i++) Object.assign(accounts[i], { campaignId: 'c_fleet', verdict: 'block' });
let t0 = performance.now();
book.derive(0, [{ campaignId: 'c_fleet', signals: [] }], accounts);
console.log(`derive over ${N.toLocaleString()} accounts: ${(performance.now() - t0).toFixed(0)} ms, ${book.signatures().length} signature(s), ${book.signatures()[0]?.keys.length ?? 0} keys`);
for (let i = 0; i < FLEET; i++) Object.assign(accounts[i], { campaignId: null, verdict: 'allow' });
t0 = performance.now();
run('observe and match against it');
const assigned = accounts.filter((a) => a.campaignId !== null).length;
console.log(`assigned by the signature: ${assigned} (fleet ${FLEET}, ordinary ${assigned - accounts.slice(0, FLEET).filter((a) => a.campaignId !== null).length})`);
console.log(`held: ~${Math.round(book.bytes() / N)} bytes per account`);
