import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { BinaryWriter } from 'cosmjs-types/binary';
import { createHash } from 'node:crypto';
import { decodeTx } from '../../../src/codec/tx.js';
import { DEFAULT_TX_LIMITS } from '../../../src/codec/txLimits.js';
import { TxDecodeError } from '../../../src/codec/errors.js';
import { authInfoBytes, sendBody, signedTx, testKey } from './fixtures.js';

const key = testKey();

function decodeError(bytes: Uint8Array, opts?: { simulate?: boolean }, limits = DEFAULT_TX_LIMITS): TxDecodeError {
  try {
    decodeTx(bytes, limits, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(TxDecodeError);
    expect((err as TxDecodeError).codespace).toBe('sdk');
    return err as TxDecodeError;
  }
  throw new Error('expected decodeTx to fail');
}

/** A bare protobuf field: tag + length-delimited payload. */
function field(no: number, payload: Uint8Array): Uint8Array {
  const w = new BinaryWriter();
  w.uint32((no << 3) | 2).bytes(payload);
  return w.finish();
}

describe('decodeTx: valid txs', () => {
  it('decodes a cosmjs-built tx and keeps the raw bytes the signature covers', () => {
    const { bytes } = signedTx(key, { sequence: 5, body: sendBody(key.address, 'hello'), gas: 123456n });
    const tx = decodeTx(bytes);
    const raw = TxRaw.decode(bytes);
    expect(Buffer.from(tx.bodyBytes)).toEqual(Buffer.from(raw.bodyBytes));
    expect(Buffer.from(tx.authInfoBytes)).toEqual(Buffer.from(raw.authInfoBytes));
    expect(Buffer.from(tx.hash).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(tx.memo).toBe('hello');
    expect(tx.messages).toHaveLength(1);
    expect(tx.messages[0].typeUrl).toBe('/cosmos.bank.v1beta1.MsgSend');
    expect(tx.signerInfos).toEqual([{ pubkey: key.pk, mode: SignMode.SIGN_MODE_DIRECT, sequence: 5n }]);
    expect(tx.fee).toEqual({ amount: [{ denom: 'useed', amount: 5000n }], gasLimit: 123456n, payer: '', granter: '' });
    expect(tx.signatures).toHaveLength(1);
  });

  it('keeps non-canonical body bytes untouched (never re-encodes)', () => {
    // Same body with an unknown non-critical field (1025) appended: allowed, and kept verbatim.
    const base = TxBody.encode(sendBody(key.address)).finish();
    const extra = new BinaryWriter().uint32((1025 << 3) | 0).uint64(9n).finish();
    const bodyBytes = Uint8Array.from([...base, ...extra]);
    const tx = decodeTx(signedTx(key, { bodyBytes }).bytes);
    expect(Buffer.from(tx.bodyBytes)).toEqual(Buffer.from(bodyBytes));
  });

  it('accepts a simulate tx as cosmjs sends it (UNSPECIFIED mode, one empty signature) only in simulate', () => {
    const { bytes } = signedTx(key, { mode: SignMode.SIGN_MODE_UNSPECIFIED, signatures: [new Uint8Array()], fee: [] });
    const tx = decodeTx(bytes, DEFAULT_TX_LIMITS, { simulate: true });
    expect(tx.signerInfos[0].mode).toBe(SignMode.SIGN_MODE_UNSPECIFIED);
    expect(decodeError(bytes).code).toBe(4);
    const noSigs = signedTx(key, { signatures: [] }).bytes;
    expect(decodeTx(noSigs, DEFAULT_TX_LIMITS, { simulate: true }).signatures).toEqual([]);
    expect(decodeError(noSigs).code).toBe(15);
  });

  it('accepts a signer info without a public key (the key is then on chain)', () => {
    const bytes = signedTx(key, { authInfoBytes: authInfoBytes({ signerInfos: [{ modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } }, sequence: 3n }], fee: { gasLimit: 1n } }) }).bytes;
    expect(decodeTx(bytes).signerInfos[0]).toEqual({ pubkey: undefined, mode: SignMode.SIGN_MODE_DIRECT, sequence: 3n });
  });
});

describe('decodeTx: every limit and rule, each with its SDK code', () => {
  const small = { ...DEFAULT_TX_LIMITS, maxTxBytes: 300 };

  const cases: [string, () => Uint8Array, number, RegExp, object?, typeof DEFAULT_TX_LIMITS?][] = [
    ['empty bytes', () => new Uint8Array(), 2, /empty/],
    ['garbage', () => Uint8Array.of(0xff, 0xff, 0xff), 2, /tx parse error/],
    ['oversized tx', () => signedTx(key, { body: sendBody(key.address, 'x'.repeat(250)) }).bytes, 21, /at most 300/, undefined, small],
    ['too many messages', () => signedTx(key, { body: sendBody(key.address, '', 65) }).bytes, 18, /65 messages, at most 64/],
    ['no messages', () => signedTx(key, { body: TxBody.fromPartial({}) }).bytes, 18, /at least one message/],
    ['memo too large', () => signedTx(key, { body: sendBody(key.address, 'm'.repeat(257)) }).bytes, 12, /257.*memo too large/],
    ['memo too large in UTF-8 bytes', () => signedTx(key, { body: sendBody(key.address, 'é'.repeat(129)) }).bytes, 12, /258/],
    ['too many signers', () => signedTx(key, { signers: 8 }).bytes, 14, /signatures: 8, limit: 7/],
    ['no signer infos', () => signedTx(key, { signers: 0, signatures: [] }).bytes, 15, /no signer infos/],
    ['no signatures', () => signedTx(key, { signatures: [] }).bytes, 15, /no signatures/],
    ['empty signature', () => signedTx(key, { signatures: [new Uint8Array()] }).bytes, 15, /signature 0 is empty/],
    ['signature count mismatch', () => signedTx(key, { signers: 2, signatures: [new Uint8Array(64).fill(1)] }).bytes, 4, /expected 2, got 1/],
    ['SIGN_MODE_LEGACY_AMINO_JSON', () => signedTx(key, { mode: SignMode.SIGN_MODE_LEGACY_AMINO_JSON }).bytes, 4, /only SIGN_MODE_DIRECT/],
    ['UNSPECIFIED outside simulate', () => signedTx(key, { mode: SignMode.SIGN_MODE_UNSPECIFIED }).bytes, 4, /only SIGN_MODE_DIRECT/],
    ['missing mode info', () => signedTx(key, { authInfoBytes: authInfoBytes({ signerInfos: [{ sequence: 0n }] }) }).bytes, 4, /mode info/],
    [
      'multisig mode info',
      () => signedTx(key, { authInfoBytes: authInfoBytes({ signerInfos: [{ modeInfo: { multi: { modeInfos: [] } } }] }) }).bytes,
      2,
      /multisig/,
    ],
    [
      'ed25519 public key',
      () =>
        signedTx(key, {
          authInfoBytes: authInfoBytes({
            signerInfos: [{ publicKey: { typeUrl: '/cosmos.crypto.ed25519.PubKey', value: PubKey.encode({ key: new Uint8Array(32) }).finish() }, modeInfo: { single: { mode: 1 } } }],
          }),
        }).bytes,
      8,
      /only \/cosmos.crypto.secp256k1.PubKey/,
    ],
    [
      'uncompressed secp256k1 key',
      () =>
        signedTx(key, {
          authInfoBytes: authInfoBytes({
            signerInfos: [{ publicKey: { typeUrl: '/cosmos.crypto.secp256k1.PubKey', value: PubKey.encode({ key: new Uint8Array(65).fill(4) }).finish() }, modeInfo: { single: { mode: 1 } } }],
          }),
        }).bytes,
      8,
      /33-byte compressed/,
    ],
    [
      'garbage public key bytes',
      () =>
        signedTx(key, {
          authInfoBytes: authInfoBytes({ signerInfos: [{ publicKey: { typeUrl: '/cosmos.crypto.secp256k1.PubKey', value: Uint8Array.of(0x0a, 0x40) }, modeInfo: { single: { mode: 1 } } }] }),
        }).bytes,
      8,
      /does not decode/,
    ],
    ['bad fee denom', () => signedTx(key, { fee: [{ denom: '1seed', amount: '1' }] }).bytes, 10, /invalid fee denom "1seed"/],
    ['negative fee amount', () => signedTx(key, { fee: [{ denom: 'useed', amount: '-1' }] }).bytes, 10, /invalid fee amount "-1"/],
    ['decimal fee amount', () => signedTx(key, { fee: [{ denom: 'useed', amount: '1.5' }] }).bytes, 10, /invalid fee amount/],
    ['fee amount over 256 bits', () => signedTx(key, { fee: [{ denom: 'useed', amount: (1n << 256n).toString() }] }).bytes, 10, /256 bits/],
    ['duplicate fee denom', () => signedTx(key, { fee: [{ denom: 'useed', amount: '1' }, { denom: 'useed', amount: '2' }] }).bytes, 10, /duplicate/],
    ['gas limit over int64', () => signedTx(key, { authInfoBytes: authInfoBytes({ signerInfos: [{ modeInfo: { single: { mode: 1 } } }], fee: { gasLimit: 1n << 63n } }) }).bytes, 18, /invalid gas/],
    ['tip', () => signedTx(key, { authInfoBytes: authInfoBytes({ signerInfos: [{ modeInfo: { single: { mode: 1 } } }], tip: { tipper: 'x', amount: [] } }) }).bytes, 18, /tips/],
    ['unordered', () => signedTx(key, { body: { ...sendBody(key.address), unordered: true } }).bytes, 18, /unordered/],
    ['extension options', () => signedTx(key, { body: { ...sendBody(key.address), extensionOptions: [{ typeUrl: '/x', value: new Uint8Array() }] } }).bytes, 18, /extension/],
    ['empty message type URL', () => signedTx(key, { body: TxBody.fromPartial({ messages: [{ typeUrl: '', value: new Uint8Array() }] }) }).bytes, 2, /empty type URL/],
    ['unknown critical field in body', () => signedTx(key, { bodyBytes: Uint8Array.from([...TxBody.encode(sendBody(key.address)).finish(), 0x30, 0x01]) }).bytes, 2, /unknown field 6 in TxBody/],
    ['unknown field in TxRaw', () => Uint8Array.from([...signedTx(key).bytes, 0x20, 0x01]), 2, /unknown field 4 in TxRaw/],
    ['wrong wire type', () => Uint8Array.of(0x08, 0x01), 2, /wire type 0, expected 2/],
    ['truncated tx', () => signedTx(key).bytes.subarray(0, 60), 2, /tx parse error/],
    ['invalid UTF-8 in memo', () => signedTx(key, { bodyBytes: Uint8Array.from([...TxBody.encode(sendBody(key.address)).finish(), 0x12, 0x02, 0xc3, 0x28]) }).bytes, 2, /not valid UTF-8/],
    ['group wire type in TxRaw', () => Uint8Array.of(0x0b, 0x0c), 2, /wire type 3, expected 2/],
    [
      'group in a non-critical body field',
      () => signedTx(key, { bodyBytes: Uint8Array.from([...TxBody.encode(sendBody(key.address)).finish(), ...new BinaryWriter().uint32((1025 << 3) | 3).finish()]) }).bytes,
      2,
      /groups are not proto3/,
    ],
  ];

  // A loop, not it.each: it.each would take the missing trailing columns for jest's `done`.
  for (const [name, build, code, message, opts, limits] of cases) {
    it(name, () => {
      const err = decodeError(build(), opts as { simulate?: boolean } | undefined, limits ?? DEFAULT_TX_LIMITS);
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
    });
  }

  it('never copies attacker text unbounded into errors', () => {
    const long = 'z'.repeat(5000);
    const err = decodeError(signedTx(key, { fee: [{ denom: long, amount: '1' }] }).bytes);
    expect(err.message.length).toBeLessThan(200);
  });
});

describe('decodeTx: depth is bounded by the schema', () => {
  it('rejects 100k nested groups quickly, where the generated decoder alone would overflow the stack', () => {
    // Start-group tags on a non-critical field number: a lenient decoder skips them recursively.
    const groupTag = new BinaryWriter().uint32((1025 << 3) | 3).finish();
    const nested = new Uint8Array(groupTag.length * 100_000);
    for (let i = 0; i < 100_000; i++) nested.set(groupTag, i * groupTag.length);
    const bodyBytes = Uint8Array.from([...TxBody.encode(sendBody(key.address)).finish(), ...nested]);
    expect(() => TxBody.decode(bodyBytes)).toThrow(RangeError); // the hazard is real
    const t0 = process.hrtime.bigint();
    const err = decodeError(signedTx(key, { bodyBytes }).bytes);
    expect(err.code).toBe(2);
    expect(err.message).toMatch(/groups are not proto3/);
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(1000);
  });

  it('keeps a deeply nested Any payload as opaque bytes', () => {
    // 10k levels of length-delimited nesting inside a message value: the decoder never looks inside.
    let inner: Uint8Array = Uint8Array.of(0x08, 0x01);
    for (let i = 0; i < 10_000; i++) inner = field(1, inner);
    const body = TxBody.fromPartial({ messages: [{ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: inner }] });
    const tx = decodeTx(signedTx(key, { body }).bytes);
    expect(tx.messages[0].value.length).toBe(inner.length);
  });

  it('refuses nesting through unknown fields that a lenient decoder would skip', () => {
    let inner: Uint8Array = new Uint8Array();
    for (let i = 0; i < 1000; i++) inner = field(6, inner);
    const bodyBytes = Uint8Array.from([...TxBody.encode(sendBody(key.address)).finish(), ...inner]);
    expect(decodeError(signedTx(key, { bodyBytes }).bytes).message).toMatch(/unknown field 6/);
  });
});
