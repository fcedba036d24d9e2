import { secp256k1 } from '@noble/curves/secp256k1.js';
import { VerifyPool } from '../../../src/crypto/verifyPool.js';
import { buildKeyRequest } from '../../../src/keyagent/request.js';
import { RequestVerifier } from '../../../src/keyagent/verifier.js';

const priv = secp256k1.utils.randomSecretKey();
const req = (licenseId: bigint) =>
  buildKeyRequest({ chainId: 'c', licenseId, contentId: new Uint8Array(32), agent: 'a', requesterX25519: new Uint8Array(32).fill(1), height: 5n, ownerPrivkey: priv });

describe('RequestVerifier', () => {
  it('inline and on a verify pool, batched per turn, gives the same verdicts', async () => {
    const pool = VerifyPool.create(1);
    try {
      const good = Array.from({ length: 40 }, (_, i) => req(BigInt(i + 1)));
      const bad = good.map((r) => ({ ...r, licenseId: r.licenseId + 1000n }));
      for (const v of [new RequestVerifier(), new RequestVerifier((items) => pool.verify(items))]) {
        const verdicts = await Promise.all([...good, ...bad].map((r) => v.verify(r)));
        expect(verdicts.slice(0, 40).every(Boolean)).toBe(true);
        expect(verdicts.slice(40).some(Boolean)).toBe(false);
      }
    } finally {
      await pool.close();
    }
  });

  it('a closed pool rejects (the agent answers INTERNAL), it never says yes', async () => {
    const pool = VerifyPool.create(1);
    await pool.close();
    await expect(new RequestVerifier((items) => pool.verify(items)).verify(req(1n))).rejects.toThrow(/closed/);
  });
});
