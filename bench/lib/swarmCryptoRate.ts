// Stand-in for bench/lib/cryptoRate.ts (the packaging bench's) until it lands: the single-core
// node:crypto rate of sealing 16,368-byte blocks with AES-256-GCM into 16 KiB and SHA-256 of
// each sealed block, buffers reused (fresh 256 KiB allocations make glibc swing the rate 3x).
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

const PLAIN = 16368;

export function inlineCryptoRate(bytes: number): { sealAndHashMBps: number } {
  const key = randomBytes(32);
  const plain = randomBytes(PLAIN);
  const nonce = Buffer.alloc(12);
  const aad = Buffer.alloc(40);
  const blocks = Math.max(1, Math.ceil(bytes / PLAIN));
  const t0 = performance.now();
  for (let i = 0; i < blocks; i++) {
    nonce.writeUInt32BE(i, 8);
    aad.writeUInt32BE(i, 36);
    const c = createCipheriv('aes-256-gcm', key, nonce);
    c.setAAD(aad);
    const body = c.update(plain);
    c.final();
    createHash('sha256').update(body).update(c.getAuthTag()).digest();
  }
  const s = (performance.now() - t0) / 1000;
  return { sealAndHashMBps: (blocks * PLAIN) / 1e6 / s };
}
