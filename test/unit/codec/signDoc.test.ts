// Compatibility proof: what the real cosmjs wallet signs is what our code verifies.
import { DirectSecp256k1HdWallet, makeAuthInfoBytes, makeSignBytes, makeSignDoc, encodePubkey } from '@cosmjs/proto-signing';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { fromBase64 } from '@cosmjs/encoding';
import { SignDoc, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { signDocBytes } from '../../../src/codec/signDoc.js';
import { decodeTx } from '../../../src/codec/tx.js';
import { addressFromPubkey, toBech32Address } from '../../../src/codec/address.js';
import { verifySecp256k1 } from '../../../src/crypto/secp256k1.js';
import { sendBody } from './fixtures.js';

// A well-known test mnemonic (public; never holds value).
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

test('DirectSecp256k1HdWallet signatures verify with signDocBytes + verifySecp256k1', async () => {
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: 'seed' });
  const [account] = await wallet.getAccounts();
  expect(toBech32Address(addressFromPubkey(account.pubkey))).toBe(account.address);

  const bodyBytes = TxBody.encode(sendBody(account.address, 'compat')).finish();
  const pubkey = encodePubkey(encodeSecp256k1Pubkey(account.pubkey));
  const authInfoBytes = makeAuthInfoBytes([{ pubkey, sequence: 4 }], [{ denom: 'useed', amount: '5000' }], 200000, undefined, undefined);
  const signDoc = makeSignDoc(bodyBytes, authInfoBytes, 'seedcast-devnet', 12n);
  const { signature } = await wallet.signDirect(account.address, signDoc);
  const sig = fromBase64(signature.signature);

  const ours = signDocBytes(bodyBytes, authInfoBytes, 'seedcast-devnet', 12n);
  expect(Buffer.from(ours)).toEqual(Buffer.from(makeSignBytes(signDoc)));

  const tx = decodeTx(TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [sig] }).finish());
  const signer = tx.signerInfos[0];
  expect(signer.sequence).toBe(4n);
  expect(verifySecp256k1(signer.pubkey!, signDocBytes(tx.bodyBytes, tx.authInfoBytes, 'seedcast-devnet', 12n), tx.signatures[0])).toBe(true);
  // Wrong chain id or account number: the same signature no longer verifies.
  expect(verifySecp256k1(signer.pubkey!, signDocBytes(tx.bodyBytes, tx.authInfoBytes, 'other-chain', 12n), sig)).toBe(false);
  expect(verifySecp256k1(signer.pubkey!, signDocBytes(tx.bodyBytes, tx.authInfoBytes, 'seedcast-devnet', 13n), sig)).toBe(false);
});

test('signDocBytes writes the bytes of cosmjs-types SignDoc.encode, empty fields and edge numbers included', () => {
  const body = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const auth = Uint8Array.of(1, 2, 3);
  const cases: Array<[Uint8Array, Uint8Array, string, bigint]> = [
    [body, auth, 'seedcast-devnet', 12n],
    [new Uint8Array(), new Uint8Array(), '', 0n],
    [body, new Uint8Array(), 'chaîne-ünïcode', 0n],
    [new Uint8Array(), auth, 'c', (1n << 64n) - 1n],
    [auth, auth, 'x'.repeat(200), 127n],
    [auth, auth, 'x', 128n],
  ];
  for (const [b, a, chainId, accountNumber] of cases) {
    const reference = SignDoc.encode({ bodyBytes: b, authInfoBytes: a, chainId, accountNumber }).finish();
    expect(Buffer.from(signDocBytes(b, a, chainId, accountNumber))).toEqual(Buffer.from(reference));
  }
  expect(() => signDocBytes(body, auth, 'c', -1n)).toThrow(RangeError);
});
