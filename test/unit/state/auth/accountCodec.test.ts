// The hand-written BaseAccount codec writes exactly cosmjs-types' bytes and reads back what it
// wrote; bytes in any other layout are still read (by cosmjs-types), never misread.
import { randomBytes } from 'node:crypto';
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { toBech32Address } from '../../../../src/codec/address.js';
import { decodeBaseAccount, encodeBaseAccount, SECP256K1_PUBKEY_URL, type AccountFields } from '../../../../src/state/modules/auth/accountCodec.js';

const cosmjsEncode = (a: AccountFields) =>
  BaseAccount.encode(
    BaseAccount.fromPartial({
      address: a.address,
      accountNumber: a.accountNumber,
      sequence: a.sequence,
      pubKey: a.pubKey ? { typeUrl: SECP256K1_PUBKEY_URL, value: PubKey.encode({ key: a.pubKey }).finish() } : undefined,
    }),
  ).finish();

const NUMBERS = [0n, 1n, 127n, 128n, 300n, 16_383n, 16_384n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];

function accounts(): AccountFields[] {
  const out: AccountFields[] = [];
  for (const accountNumber of NUMBERS) {
    for (const sequence of [0n, 1n, 255n, 2n ** 40n + 7n, 2n ** 64n - 1n]) {
      for (const withKey of [false, true]) {
        const key = Uint8Array.from(randomBytes(33));
        key[0] = 0x02 | (key[0]! & 1);
        out.push({ address: toBech32Address(Uint8Array.from(randomBytes(20))), accountNumber, sequence, pubKey: withKey ? key : undefined });
      }
    }
  }
  out.push({ address: toBech32Address(Uint8Array.from(randomBytes(32))), accountNumber: 5n, sequence: 9n }); // a 32-byte module address
  out.push({ address: '', accountNumber: 0n, sequence: 0n });
  return out;
}

test('encodes byte for byte as cosmjs-types, and decodes what it encodes', () => {
  for (const a of accounts()) {
    const bytes = encodeBaseAccount(a);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(cosmjsEncode(a)).toString('hex'));
    expect(decodeBaseAccount(bytes)).toEqual({ accountNumber: a.accountNumber, sequence: a.sequence, pubKey: a.pubKey });
  }
});

test('bytes in another layout (unknown fields, another key length) decode as cosmjs-types reads them', () => {
  const a = accounts()[13]!;
  const withExtra = Uint8Array.from([...cosmjsEncode(a), 0x2a, 0x03, 0x61, 0x62, 0x63]); // field 5, 3 bytes
  expect(decodeBaseAccount(withExtra)).toEqual({ accountNumber: a.accountNumber, sequence: a.sequence, pubKey: a.pubKey });
  const longKey = { ...a, pubKey: Uint8Array.from(randomBytes(65)) };
  expect(Buffer.from(encodeBaseAccount(longKey)).equals(Buffer.from(cosmjsEncode(longKey)))).toBe(true);
  expect(decodeBaseAccount(encodeBaseAccount(longKey)).pubKey).toEqual(longKey.pubKey);
});

test('truncated or corrupt bytes throw instead of decoding to a wrong account', () => {
  const bytes = encodeBaseAccount(accounts()[25]!);
  for (let cut = 1; cut < bytes.length; cut++) {
    let decoded: ReturnType<typeof decodeBaseAccount> | undefined;
    try {
      decoded = decodeBaseAccount(bytes.subarray(0, cut));
    } catch {
      continue;
    }
    // A prefix that happens to parse must be what cosmjs-types reads from it too.
    const b = BaseAccount.decode(bytes.subarray(0, cut));
    expect(decoded).toEqual({ accountNumber: b.accountNumber, sequence: b.sequence, pubKey: b.pubKey ? PubKey.decode(b.pubKey.value).key : undefined });
  }
});
