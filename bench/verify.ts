// secp256k1 verify throughput over the same signed items (500 keys, ~200-byte sign docs): each
// library on one thread (libsecp256k1, node:crypto, @noble/curves) and the node's worker pool on
// every core. Prints one line; writes bench/results/verify.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { secp256k1Backend } from '../src/crypto/secp256k1.js';
import { verifyWithLibsecp256k1, verifyWithNodeCrypto } from '../src/crypto/secp256k1Core.mjs';
import type { VerifyItem } from '../src/crypto/verifyPool.js';
import { poolVerifyRate, signedItems } from './lib/verifyRates.js';

const ITEMS = Number(process.env.VERIFY_BENCH_ITEMS ?? 6000);
const ACCOUNTS = 500;

/** Verifies/s of fn over items, after a warm-up slice (JIT, key caches); throws on a false. */
function rate(items: VerifyItem[], fn: (it: VerifyItem) => boolean | null): number {
  for (const it of items.slice(0, 200)) fn(it);
  const t = process.hrtime.bigint();
  for (const it of items) if (fn(it) !== true) throw new Error('bench: a valid signature failed to verify');
  return Math.round((items.length * 1e9) / Number(process.hrtime.bigint() - t));
}

async function main(): Promise<void> {
  const items = signedItems(ITEMS, ACCOUNTS);
  const libsecp = secp256k1Backend === 'libsecp256k1' ? rate(items, (it) => verifyWithLibsecp256k1(it.pubkey, it.message, it.signature)) : null;
  const nodeCrypto = rate(items, (it) => verifyWithNodeCrypto(it.pubkey, it.message, it.signature));
  const noble = rate(items.slice(0, Math.max(500, ITEMS >> 2)), (it) => secp256k1.verify(it.signature, it.message, it.pubkey));

  const threads = availableParallelism();
  const poolRate = await poolVerifyRate(threads, items);

  const node = libsecp ?? nodeCrypto;
  const result = {
    bench: 'secp256k1-verify',
    items: items.length,
    backend: secp256k1Backend,
    threads,
    libsecp256k1PerSec: libsecp,
    nodeCryptoPerSec: nodeCrypto,
    noblePerSec: noble,
    poolPerSec: poolRate,
    libsecp256k1VsNodeCrypto: libsecp === null ? null : Number((libsecp / nodeCrypto).toFixed(2)),
    nodeCryptoVsNoble: Number((nodeCrypto / noble).toFixed(2)),
    poolVsOneThread: Number((poolRate / node).toFixed(2)),
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/verify.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  console.log(
    `secp256k1 verify/s, 1 thread: libsecp256k1 ${libsecp ?? '-'}, node:crypto ${nodeCrypto}, @noble/curves ${noble}; ` +
      `pool(${threads} threads, ${secp256k1Backend}) ${poolRate}; libsecp256k1/node:crypto ${result.libsecp256k1VsNodeCrypto}x, ` +
      `pool/1 thread ${result.poolVsOneThread}x`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
