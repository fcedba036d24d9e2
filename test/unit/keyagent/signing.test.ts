import { createHash, randomBytes } from 'node:crypto';
import { Secp256k1 } from '@cosmjs/crypto';
import { toBech32 } from '@cosmjs/encoding';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { KeyBundle, KeyRequest, KeyResponse, RefusalCode, refusalCodeName } from '../../../src/codec/seedcast/keys.js';
import { ProtoError } from '../../../src/codec/errors.js';
import { buildKeyRequest, keyRequestProblem } from '../../../src/keyagent/request.js';
import { keyRequestSignBytes, ownerAddressOf, signKeyRequest, verifyKeyRequest } from '../../../src/keyagent/signing.js';
import { KeyAgentError } from '../../../src/keyagent/errors.js';

const priv = Uint8Array.from(Buffer.alloc(32, 7));
const contentId = Uint8Array.from(Buffer.alloc(32, 0xcc));

function request(over: Partial<Parameters<typeof buildKeyRequest>[0]> = {}): KeyRequest {
  return buildKeyRequest({
    chainId: 'seedcast-test',
    licenseId: 42n,
    contentId,
    agent: '12D3KooWAgent',
    requesterX25519: Uint8Array.from(Buffer.alloc(32, 1)),
    height: 1000n,
    ownerPrivkey: priv,
    ...over,
  });
}

describe('key request sign bytes', () => {
  it('is the tag then each field as u32 BE length || bytes, integers as 8-byte BE', () => {
    const req = request({ nonce: Uint8Array.from(Buffer.alloc(16, 9)) });
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const len = (n: number) => n.toString(16).padStart(8, '0');
    const expected =
      hex(Buffer.from('seedcast/keys/1.0.0 request\n')) +
      len(13) + hex(Buffer.from('seedcast-test')) +
      len(8) + '000000000000002a' +
      len(32) + 'cc'.repeat(32) +
      len(13) + hex(Buffer.from('12D3KooWAgent')) +
      len(32) + '01'.repeat(32) +
      len(8) + '00000000000003e8' +
      len(16) + '09'.repeat(16) +
      len(33) + hex(req.ownerPubkey);
    expect(hex(keyRequestSignBytes(req))).toBe(expected);
  });

  it('moving bytes between adjacent fields changes the sign bytes (length prefixes)', () => {
    const a = keyRequestSignBytes({ ...request(), chainId: 'ab', agent: 'c' });
    const b = keyRequestSignBytes({ ...request(), chainId: 'a', agent: 'bc' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

describe('signing and verifying', () => {
  it('signs with the owner key; cosmjs verifies the same signature over SHA-256(signBytes)', async () => {
    const req = request();
    expect(verifyKeyRequest(req)).toBe(true);
    const digest = createHash('sha256').update(keyRequestSignBytes(req)).digest();
    const { Secp256k1Signature } = await import('@cosmjs/crypto');
    const sig = Secp256k1Signature.fromFixedLength(req.signature);
    expect(await Secp256k1.verifySignature(sig, digest, req.ownerPubkey)).toBe(true);
  });

  it('any changed field, or another key, fails verification', () => {
    const req = request();
    expect(verifyKeyRequest({ ...req, licenseId: 43n })).toBe(false);
    expect(verifyKeyRequest({ ...req, height: 1001n })).toBe(false);
    expect(verifyKeyRequest({ ...req, agent: '12D3KooWOther' })).toBe(false);
    expect(verifyKeyRequest({ ...req, chainId: 'other' })).toBe(false);
    expect(verifyKeyRequest({ ...req, nonce: new Uint8Array(randomBytes(16)) })).toBe(false);
    expect(verifyKeyRequest({ ...req, requesterX25519: new Uint8Array(32) })).toBe(false);
    const other = secp256k1.getPublicKey(Uint8Array.from(Buffer.alloc(32, 8)), true);
    expect(verifyKeyRequest({ ...req, ownerPubkey: other })).toBe(false);
    const flipped = Uint8Array.from(req.signature);
    flipped[10] ^= 1;
    expect(verifyKeyRequest({ ...req, signature: flipped })).toBe(false);
    expect(verifyKeyRequest({ ...req, signature: new Uint8Array(12) })).toBe(false);
  });

  it('refuses to sign with a key that is not owner_pubkey', () => {
    const req = request();
    expect(() => signKeyRequest(req, Uint8Array.from(Buffer.alloc(32, 8)))).toThrow(KeyAgentError);
    expect(() => signKeyRequest(req, new Uint8Array(31))).toThrow(/32 bytes/);
  });

  it('derives the owner address as the chain does', () => {
    const req = request();
    const expected = toBech32('seed', ripemd160(createHash('sha256').update(req.ownerPubkey).digest()));
    expect(ownerAddressOf(req.ownerPubkey)).toBe(expected);
  });
});

describe('request shape', () => {
  it('accepts a built request and names each bad size', () => {
    const req = request();
    expect(keyRequestProblem(req)).toBeUndefined();
    expect(keyRequestProblem({ ...req, chainId: '' })).toMatch(/chain_id/);
    expect(keyRequestProblem({ ...req, licenseId: 0n })).toMatch(/license_id/);
    expect(keyRequestProblem({ ...req, contentId: new Uint8Array(31) })).toMatch(/content_id/);
    expect(keyRequestProblem({ ...req, agent: 'x'.repeat(200) })).toMatch(/agent/);
    expect(keyRequestProblem({ ...req, requesterX25519: new Uint8Array(33) })).toMatch(/requester_x25519/);
    expect(keyRequestProblem({ ...req, height: 0n })).toMatch(/height/);
    expect(keyRequestProblem({ ...req, nonce: new Uint8Array(15) })).toMatch(/nonce/);
    expect(keyRequestProblem({ ...req, nonce: new Uint8Array(33) })).toMatch(/nonce/);
    expect(keyRequestProblem({ ...req, ownerPubkey: new Uint8Array(65) })).toMatch(/owner_pubkey/);
    expect(keyRequestProblem({ ...req, signature: new Uint8Array(65) })).toMatch(/signature/);
  });
});

describe('keys codecs', () => {
  it('round-trips a request, a refusal, a bundle with a share or a key', () => {
    const req = request();
    const back = KeyRequest.decode(KeyRequest.encode(req));
    expect(verifyKeyRequest(back)).toBe(true);
    expect(back.licenseId).toBe(42n);
    const refusal = KeyResponse.decode(KeyResponse.encode({ refusal: { code: RefusalCode.NOT_OWNER, message: 'no' } }));
    expect(refusal).toEqual({ refusal: { code: RefusalCode.NOT_OWNER, message: 'no' }, requestId: 0 });
    expect(refusalCodeName(refusal.refusal!.code)).toBe('NOT_OWNER');
    expect(refusalCodeName(99)).toBe('UNKNOWN_99');
    const bundle = {
      contentId,
      licenseId: 2n ** 64n - 1n,
      licenseNumber: 7n,
      owner: 'seed1x',
      height: 5n,
      share: { index: 3, value: new Uint8Array(32).fill(5), threshold: 3 },
      mark: new Uint8Array(32).fill(6),
    };
    const decoded = KeyBundle.decode(KeyBundle.encode(bundle));
    expect(decoded.licenseId).toBe(2n ** 64n - 1n);
    expect(decoded.share?.index).toBe(3);
    expect(decoded.contentKey).toBeUndefined();
    const withKey = KeyBundle.decode(KeyBundle.encode({ ...bundle, share: undefined, contentKey: new Uint8Array(32).fill(1) }));
    expect(withKey.share).toBeUndefined();
    expect(withKey.contentKey?.length).toBe(32);
  });

  it('junk bytes give a ProtoError, not a crash', () => {
    for (const junk of [Uint8Array.of(0xff, 0xff, 0xff), Uint8Array.of(0x0a, 0x50), new Uint8Array(randomBytes(200))]) {
      expect(() => KeyRequest.decode(junk)).toThrow(ProtoError);
    }
    expect(() => KeyResponse.decode(Uint8Array.of(0x12, 0x05, 0x08))).toThrow(ProtoError);
  });
});
