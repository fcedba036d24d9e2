// The single-core node:crypto bound of packaging, on the swarm's block size: AES-256-GCM seal of
// a 16,368-byte block into 16 KiB plus SHA-256 of the sealed block, output buffers reused (fresh
// large allocations make the allocator swing the figure). Packing, seeding and fetching are
// compared with it (bench:packaging, bench:swarm).
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

const PLAIN = 16368;
const SEALED = 16384;

function sealAndHash(key: Buffer, plain: Buffer, out: Buffer, nonce: Buffer, aad: Buffer, i: number): void {
  nonce.writeUInt32BE(i, 8);
  aad.writeUInt32BE(i, 36);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(aad);
  out.set(c.update(plain), 0);
  c.final();
  out.set(c.getAuthTag(), PLAIN);
  createHash('sha256').update(out).digest();
}

/** MB/s (10^6 bytes of plaintext per second) of sealing and hashing `bytes` on one core. */
export function measureCryptoRate(bytes: number): { sealAndHashMBps: number } {
  const key = randomBytes(32);
  const plain = randomBytes(PLAIN);
  const out = Buffer.alloc(SEALED);
  const nonce = Buffer.alloc(12);
  const aad = Buffer.alloc(40);
  for (let i = 0; i < 64; i++) sealAndHash(key, plain, out, nonce, aad, i); // warm up
  const blocks = Math.max(1, Math.ceil(bytes / PLAIN));
  const t0 = performance.now();
  for (let i = 0; i < blocks; i++) sealAndHash(key, plain, out, nonce, aad, i);
  const seconds = (performance.now() - t0) / 1000;
  return { sealAndHashMBps: Number(((blocks * PLAIN) / 1e6 / seconds).toFixed(1)) };
}
