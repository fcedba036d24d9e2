import { createDecipheriv, randomBytes } from 'node:crypto';
import { openBlock, sealBlock } from '../../../../src/swarm/seal.js';
import { SwarmError } from '../../../../src/swarm/errors.js';

const key = randomBytes(32);
const salt = randomBytes(32);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SwarmError ? err.code : 'not-a-SwarmError';
  }
  return undefined;
}

describe('seal', () => {
  it('a sealed block is 16 KiB and opens to the zero-padded plaintext', () => {
    const plain = randomBytes(1000);
    const sealed = sealBlock(key, salt, 7, plain);
    expect(sealed).toHaveLength(16384);
    const opened = openBlock(key, salt, 7, sealed);
    expect(opened).toHaveLength(16368);
    expect(Buffer.from(opened.subarray(0, 1000))).toEqual(plain);
    expect(opened.subarray(1000).every((b) => b === 0)).toBe(true);
  });

  it('follows the spec: nonce = index (12 bytes BE), AAD = salt || index (8 bytes BE)', () => {
    const index = 0x01020304;
    const plain = randomBytes(16368);
    const sealed = sealBlock(key, salt, index, plain);
    const nonce = Buffer.from('000000000000000001020304', 'hex');
    const aad = Buffer.concat([salt, Buffer.from('0000000001020304', 'hex')]);
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(16368));
    expect(Buffer.concat([d.update(sealed.subarray(0, 16368)), d.final()])).toEqual(plain);
  });

  it('fills a caller buffer', () => {
    const out = new Uint8Array(16384 + 10);
    const plain = randomBytes(16368);
    const sealed = sealBlock(key, salt, 0, plain, out);
    expect(sealed.buffer).toBe(out.buffer);
    const back = new Uint8Array(16368);
    openBlock(key, salt, 0, out.subarray(0, 16384), back);
    expect(Buffer.from(back)).toEqual(plain);
  });

  it('wrong key, salt or index, or a flipped bit: SWARM_DECRYPT without key bytes', () => {
    const sealed = sealBlock(key, salt, 3, randomBytes(500));
    const otherKey = randomBytes(32);
    expect(codeOf(() => openBlock(otherKey, salt, 3, sealed))).toBe('SWARM_DECRYPT');
    expect(codeOf(() => openBlock(key, randomBytes(32), 3, sealed))).toBe('SWARM_DECRYPT');
    expect(codeOf(() => openBlock(key, salt, 4, sealed))).toBe('SWARM_DECRYPT');
    for (const at of [0, 8000, 16383]) {
      const bad = sealed.slice();
      bad[at]! ^= 0x10;
      expect(codeOf(() => openBlock(key, salt, 3, bad))).toBe('SWARM_DECRYPT');
    }
    try {
      openBlock(otherKey, salt, 3, sealed);
    } catch (err) {
      const e = err as SwarmError;
      expect(e.message).toMatch(/key .*does not match.*or the block is corrupt/);
      const shown = e.message + JSON.stringify(e.context);
      expect(shown).not.toContain(otherKey.toString('hex'));
      expect(shown).not.toContain(key.toString('hex'));
    }
    // Nothing is written to the caller's buffer on failure.
    const out = new Uint8Array(16368).fill(0xaa);
    expect(codeOf(() => openBlock(otherKey, salt, 3, sealed, out))).toBe('SWARM_DECRYPT');
    expect(out.every((b) => b === 0xaa)).toBe(true);
  });

  it('rejects bad sizes', () => {
    expect(codeOf(() => sealBlock(key, salt, 0, new Uint8Array(16369)))).toBe('SWARM_BAD_BLOCK');
    expect(codeOf(() => sealBlock(key.subarray(1), salt, 0, new Uint8Array(1)))).toBe('SWARM_BAD_KEY');
    expect(codeOf(() => sealBlock(key, salt.subarray(1), 0, new Uint8Array(1)))).toBe('SWARM_BAD_KEY');
    expect(codeOf(() => sealBlock(key, salt, -1, new Uint8Array(1)))).toBe('SWARM_BAD_BLOCK');
    expect(codeOf(() => sealBlock(key, salt, 0, new Uint8Array(1), new Uint8Array(100)))).toBe('SWARM_BAD_BLOCK');
    expect(codeOf(() => openBlock(key, salt, 0, new Uint8Array(16383)))).toBe('SWARM_BAD_BLOCK');
  });
});
