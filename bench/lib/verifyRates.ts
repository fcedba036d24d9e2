// secp256k1 verify rates measured in the bench process itself, the bound a tx rate is compared with.
import { createHash } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { secp256k1Backend } from '../../src/crypto/secp256k1.js';
import { verifyWithLibsecp256k1, verifyWithNodeCrypto } from '../../src/crypto/secp256k1Core.mjs';
import { VerifyPool, type VerifyItem } from '../../src/crypto/verifyPool.js';

/** n signed ~200-byte messages over `keyCount` keys (a MsgSend SignDoc is ~200 bytes). */
export function signedItems(n: number, keyCount = 100): VerifyItem[] {
  const keys = Array.from({ length: keyCount }, () => secp256k1.utils.randomSecretKey());
  return Array.from({ length: n }, (_, i) => {
    const sk = keys[i % keys.length]!;
    const message = new Uint8Array(200).fill(i & 0xff);
    new DataView(message.buffer).setUint32(0, i);
    return { pubkey: secp256k1.getPublicKey(sk, true), message, signature: secp256k1.sign(message, sk) };
  });
}

export interface VerifyRates {
  /** The library the node verifies with (libsecp256k1 unless its addon failed to load). */
  backend: string;
  /** Verifies/s on one core of that library: the bound a tx rate is compared with. */
  node: number;
  libsecp256k1: number | null;
  nodeCrypto: number;
  noble: number;
}

/** Single-core secp256k1 verifies/s of each library: libsecp256k1, node:crypto, @noble/curves. */
export function singleCoreVerifyRates(): VerifyRates {
  const priv = secp256k1.utils.randomSecretKey();
  const pub = secp256k1.getPublicKey(priv, true);
  const msg = new TextEncoder().encode('a sign doc of typical size '.repeat(8));
  const digest = createHash('sha256').update(msg).digest();
  const sig = secp256k1.sign(digest, priv, { prehash: false, lowS: true });
  const rate = (fn: () => boolean) => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 1000) {
      if (!fn()) throw new Error('verify failed');
      n++;
    }
    return Math.round((n * 1000) / (performance.now() - t0));
  };
  const libsecp256k1 = secp256k1Backend === 'libsecp256k1' ? rate(() => verifyWithLibsecp256k1(pub, msg, sig) === true) : null;
  const nodeCrypto = rate(() => verifyWithNodeCrypto(pub, msg, sig));
  const noble = rate(() => secp256k1.verify(sig, digest, pub, { prehash: false }));
  return { backend: secp256k1Backend, node: libsecp256k1 ?? nodeCrypto, libsecp256k1, nodeCrypto, noble };
}

/** Verifies/s of the node's worker pool on `threads` threads over `items` (or that many fresh ones). */
export async function poolVerifyRate(threads: number, items: VerifyItem[] | number = 6000): Promise<number> {
  const all = typeof items === 'number' ? signedItems(items) : items;
  const pool = VerifyPool.create(threads);
  try {
    await pool.verify(all.slice(0, 1000)); // workers start and import their keys
    const t = process.hrtime.bigint();
    const batches: Promise<boolean[]>[] = [];
    for (let i = 0; i < all.length; i += 500) batches.push(pool.verify(all.slice(i, i + 500))); // as CheckTx feeds them
    const ok = (await Promise.all(batches)).flat().filter(Boolean).length;
    if (ok !== all.length) throw new Error(`pool verified ${ok} of ${all.length}`);
    return Math.round((all.length * 1e9) / Number(process.hrtime.bigint() - t));
  } finally {
    await pool.close();
  }
}
