import { secp256k1 } from '@noble/curves/secp256k1.js';
import { VerifyPool, VerifyPoolError, type VerifyItem } from '../../../src/crypto/verifyPool.js';
import { verifySecp256k1 } from '../../../src/crypto/secp256k1.js';

function makeItems(n: number): VerifyItem[] {
  const keys = Array.from({ length: 8 }, () => secp256k1.utils.randomSecretKey());
  return Array.from({ length: n }, (_, i) => {
    const sk = keys[i % keys.length];
    const message = new TextEncoder().encode(`tx ${i}`);
    return { pubkey: secp256k1.getPublicKey(sk, true), message, signature: secp256k1.sign(message, sk) };
  });
}

describe('VerifyPool', () => {
  let pool: VerifyPool;
  beforeAll(() => {
    pool = VerifyPool.create(2);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('verifies a batch across workers, results in input order, matching the main thread', async () => {
    const items = makeItems(200);
    // Spoil every seventh item in a different way.
    items.forEach((it, i) => {
      if (i % 7 !== 3) return;
      // Flip the first byte: zeroing it would leave one signature in 256 unchanged (and valid).
      if (i % 3 === 0) it.signature = Uint8Array.from(it.signature, (b, j) => (j === 0 ? b ^ 0xff : b));
      else if (i % 3 === 1) it.message = new TextEncoder().encode('tampered');
      else it.pubkey = it.pubkey.subarray(0, 20);
    });
    const results = await pool.verify(items);
    expect(results).toHaveLength(200);
    results.forEach((ok, i) => {
      expect(ok).toBe(i % 7 !== 3);
      expect(ok).toBe(verifySecp256k1(items[i].pubkey, items[i].message, items[i].signature));
    });
  });

  it('answers small and empty batches, and concurrent calls independently', async () => {
    expect(await pool.verify([])).toEqual([]);
    const a = makeItems(3);
    const b = makeItems(40);
    b[39].signature = new Uint8Array(64);
    const [ra, rb] = await Promise.all([pool.verify(a), pool.verify(b)]);
    expect(ra).toEqual([true, true, true]);
    expect(rb.slice(0, 39).every(Boolean)).toBe(true);
    expect(rb[39]).toBe(false);
  });

  it('calls of one turn share a batch, and each gets its own results back', async () => {
    const items = makeItems(60);
    items[5].signature = new Uint8Array(64);
    items[41].message = new TextEncoder().encode('tampered');
    // One item per call, as CheckTx asks; plus a two-item call and an empty one in between.
    const calls = items.slice(0, 50).map((it) => pool.verify([it]));
    const pair = pool.verify(items.slice(50, 52));
    const none = pool.verify([]);
    const rest = pool.verify(items.slice(52));
    const singles = await Promise.all(calls);
    expect(singles.map((r) => r.length)).toEqual(new Array(50).fill(1));
    singles.forEach(([ok], i) => expect(ok).toBe(i !== 5 && i !== 41));
    expect(await pair).toEqual([true, true]);
    expect(await none).toEqual([]);
    expect(await rest).toEqual(new Array(8).fill(true));
  });

  it('leaves the caller buffers intact (it copies into the transferred buffer)', async () => {
    const items = makeItems(32);
    const before = items.map((i) => Buffer.from(i.signature).toString('hex'));
    await pool.verify(items);
    expect(items.map((i) => Buffer.from(i.signature).toString('hex'))).toEqual(before);
  });

  it('rejects bad thread counts and calls after close with a typed error', async () => {
    expect(() => VerifyPool.create(0)).toThrow(RangeError);
    const p = VerifyPool.create(1);
    const pending = expect(p.verify(makeItems(20))).rejects.toBeInstanceOf(VerifyPoolError);
    await p.close();
    await pending;
    await expect(p.verify(makeItems(1))).rejects.toMatchObject({ code: 'VERIFY_POOL_CLOSED' });
    await p.close(); // idempotent
  });
});
