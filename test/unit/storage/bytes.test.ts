// Byte helpers on the hot paths: they must give exactly what Buffer and DataView give, for
// small in-heap arrays, views into larger buffers and arrays from another realm alike.
import vm from 'node:vm';
import { readU32be, readU64be, u32be, u64be } from '../../../src/storage/bytes.js';
import { base64Of, base64urlOf, hexOf, latin1Bytes, latin1Of, utf8Of } from '../../../src/util/bytesText.js';
import { sha256, sha256Concat, txHashHex } from '../../../src/crypto/hash.js';
import { createHash } from 'node:crypto';

describe('byte text without a Buffer copy', () => {
  const samples = [new Uint8Array(), Uint8Array.from([0, 1, 0x7f, 0x80, 0xfe, 0xff]), Buffer.from('ünïcødé ✓ 🎬', 'utf8'), Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)];
  const views = samples.map((s) => {
    const big = new Uint8Array(s.length + 10);
    big.set(s, 7);
    return big.subarray(7, 7 + s.length);
  });
  const foreign = vm.runInNewContext('Uint8Array.from([104, 195, 169, 0, 255])') as Uint8Array;

  it('latin1, hex, base64 and utf8 match Buffer#toString', () => {
    for (const b of [...samples, ...views, foreign]) {
      const ref = Buffer.from(b);
      expect(latin1Of(b)).toBe(ref.toString('latin1'));
      expect(hexOf(b)).toBe(ref.toString('hex'));
      expect(base64Of(b)).toBe(ref.toString('base64'));
      expect(base64urlOf(b)).toBe(ref.toString('base64url'));
      expect(utf8Of(b)).toBe(ref.toString('utf8'));
      expect(Buffer.from(latin1Bytes(latin1Of(b)))).toEqual(ref);
    }
  });

  it('hashes equal node:crypto digests', () => {
    for (const b of [...samples, ...views]) {
      const ref = createHash('sha256').update(b).digest();
      expect(Buffer.from(sha256(b))).toEqual(ref);
      expect(Buffer.from(sha256Concat([b, b]))).toEqual(createHash('sha256').update(b).update(b).digest());
    }
    const tx = Uint8Array.from([1, 2, 3]);
    expect(txHashHex(tx)).toBe(createHash('sha256').update(tx).digest('hex').toUpperCase());
  });

  it('big-endian integers match DataView at every width edge', () => {
    for (const v of [0n, 1n, 255n, 256n, 0xffffffffn, 0x100000000n, 0x123456789abcdefn, 1n << 63n, (1n << 64n) - 1n]) {
      const dv = new DataView(new ArrayBuffer(8));
      dv.setBigUint64(0, v);
      expect(Buffer.from(u64be(v))).toEqual(Buffer.from(dv.buffer));
      const at = new Uint8Array(13);
      at.set(u64be(v), 3);
      expect(readU64be(at, 3)).toBe(v);
    }
    for (const n of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x01020304]) {
      const dv = new DataView(new ArrayBuffer(4));
      dv.setUint32(0, n);
      expect(Buffer.from(u32be(n))).toEqual(Buffer.from(dv.buffer));
      expect(readU32be(u32be(n))).toBe(n);
    }
    expect(() => u64be(-1n)).toThrow(/u64 range/);
    expect(() => u64be(1n << 64n)).toThrow(/u64 range/);
    expect(() => u32be(2 ** 32)).toThrow(/u32 range/);
    expect(() => readU64be(new Uint8Array(7))).toThrow(/truncated/);
  });
});
