// secp256k1 verify throughput: node:crypto on one thread, @noble/curves on one thread, and the
// worker pool on every core. Prints one line; writes bench/results/verify.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { verifySecp256k1 } from '../src/crypto/secp256k1.js';
import { VerifyPool, type VerifyItem } from '../src/crypto/verifyPool.js';

const ITEMS = Number(process.env.VERIFY_BENCH_ITEMS ?? 6000);
const ACCOUNTS = 500;

function makeItems(n: number): VerifyItem[] {
  const keys = Array.from({ length: ACCOUNTS }, () => secp256k1.utils.randomSecretKey());
  return Array.from({ length: n }, (_, i) => {
    const sk = keys[i % ACCOUNTS];
    // Sign bytes of a realistic size (a SignDoc of a MsgSend is ~200 bytes).
    const message = new Uint8Array(200).fill(i & 0xff);
    new DataView(message.buffer).setUint32(0, i);
    return { pubkey: secp256k1.getPublicKey(sk, true), message, signature: secp256k1.sign(message, sk) };
  });
}

function perSecond(n: number, startNs: bigint): number {
  return Math.round((n * 1e9) / Number(process.hrtime.bigint() - startNs));
}

async function main(): Promise<void> {
  const items = makeItems(ITEMS);

  // Warm up both code paths (JIT, key cache) on a slice, then measure the whole set.
  for (const it of items.slice(0, 200)) verifySecp256k1(it.pubkey, it.message, it.signature);
  let t = process.hrtime.bigint();
  let ok = 0;
  for (const it of items) if (verifySecp256k1(it.pubkey, it.message, it.signature)) ok++;
  const nodeRate = perSecond(items.length, t);

  const nobleItems = items.slice(0, Math.max(500, Math.floor(ITEMS / 4)));
  t = process.hrtime.bigint();
  for (const it of nobleItems) if (secp256k1.verify(it.signature, it.message, it.pubkey)) ok++;
  const nobleRate = perSecond(nobleItems.length, t);

  const threads = availableParallelism();
  const pool = VerifyPool.create(threads);
  await pool.verify(items.slice(0, 1000)); // workers start and import their keys
  t = process.hrtime.bigint();
  // Batches of 500, several in flight, as CheckTx feeds them.
  const batches: Promise<boolean[]>[] = [];
  for (let i = 0; i < items.length; i += 500) batches.push(pool.verify(items.slice(i, i + 500)));
  for (const r of await Promise.all(batches)) ok += r.filter(Boolean).length;
  const poolRate = perSecond(items.length, t);
  await pool.close();

  if (ok !== items.length * 2 + nobleItems.length) throw new Error(`bench: ${ok} verified, some signatures failed`);
  const result = {
    bench: 'secp256k1-verify',
    items: items.length,
    threads,
    nodeCryptoPerSec: nodeRate,
    noblePerSec: nobleRate,
    poolPerSec: poolRate,
    nodeVsNoble: Number((nodeRate / nobleRate).toFixed(2)),
    poolVsNode: Number((poolRate / nodeRate).toFixed(2)),
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/verify.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  console.log(
    `secp256k1 verify/s: node:crypto ${nodeRate}, @noble/curves ${nobleRate}, pool(${threads} threads) ${poolRate}; ` +
      `node/noble ${result.nodeVsNoble}x, pool/node ${result.poolVsNode}x`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
