import { Secp256k1, sha256 as cosmjsSha256, ripemd160 as cosmjsRipemd } from '@cosmjs/crypto';
import { toBech32 } from '@cosmjs/encoding';
import { pubkeyToAddress } from '@cosmjs/amino';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { AddressError } from '../../../src/codec/errors.js';
import { addressFromPubkey, fromBech32Address, isBech32Address, toBech32Address } from '../../../src/codec/address.js';

describe('addresses', () => {
  const pk = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);

  it('derives the same address as cosmjs (ripemd160(sha256(pubkey)))', () => {
    const bytes = addressFromPubkey(pk);
    expect(bytes).toHaveLength(20);
    expect(Buffer.from(bytes)).toEqual(Buffer.from(cosmjsRipemd(cosmjsSha256(pk))));
    const address = toBech32Address(bytes);
    expect(address.startsWith('seed1')).toBe(true);
    expect(address).toBe(pubkeyToAddress({ type: 'tendermint/PubKeySecp256k1', value: Buffer.from(pk).toString('base64') }, 'seed'));
    expect(Buffer.from(fromBech32Address(address))).toEqual(Buffer.from(bytes));
    expect(Secp256k1.compressPubkey(Secp256k1.uncompressPubkey(pk))).toEqual(pk);
  });

  it('round-trips 32-byte addresses and other prefixes', () => {
    const b32 = new Uint8Array(32).fill(7);
    expect(fromBech32Address(toBech32Address(b32))).toEqual(b32);
    const val = toBech32Address(addressFromPubkey(pk), 'seedvaloper');
    expect(val.startsWith('seedvaloper1')).toBe(true);
    expect(fromBech32Address(val, 'seedvaloper')).toHaveLength(20);
  });

  it('rejects a wrong prefix, bad checksum, wrong length and junk with AddressError', () => {
    const good = toBech32Address(addressFromPubkey(pk));
    const cosmos = toBech32('cosmos', addressFromPubkey(pk));
    const flipped = good.slice(0, -1) + (good.endsWith('q') ? 'p' : 'q');
    const cases: [string, string, RegExp][] = [
      [cosmos, 'ADDRESS_WRONG_PREFIX', /expected "seed", got "cosmos"/],
      [flipped, 'ADDRESS_BAD_ENCODING', /invalid bech32/],
      [toBech32('seed', new Uint8Array(19)), 'ADDRESS_WRONG_LENGTH', /20 or 32 bytes, got 19/],
      ['', 'ADDRESS_BAD_ENCODING', /empty/],
      ['seed1' + 'q'.repeat(200), 'ADDRESS_BAD_ENCODING', /at most 90/],
      ['not an address', 'ADDRESS_BAD_ENCODING', /invalid bech32/],
    ];
    for (const [input, code, message] of cases) {
      let caught: unknown;
      try {
        fromBech32Address(input);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AddressError);
      expect(caught).toMatchObject({ code });
      expect((caught as Error).message).toMatch(message);
    }
    expect(isBech32Address(good)).toBe(true);
    expect(isBech32Address(cosmos)).toBe(false);
  });

  it('refuses to derive from or encode malformed input', () => {
    expect(() => addressFromPubkey(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), false))).toThrow(AddressError);
    expect(() => toBech32Address(new Uint8Array(21))).toThrow(/20 or 32 bytes, got 21/);
  });
});
