// The client side of our own message: a real cosmjs wallet + our Registry build and sign a
// MsgSetProfile tx as SigningStargateClient does; our decoder and verifier accept it.
import { DirectSecp256k1HdWallet, encodePubkey, makeAuthInfoBytes, makeSignDoc } from '@cosmjs/proto-signing';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { fromBase64 } from '@cosmjs/encoding';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { seedcastRegistry } from '../../../src/client/registry.js';
import { MsgSetProfile } from '../../../src/codec/seedcast/social.js';
import { decodeTx } from '../../../src/codec/tx.js';
import { signDocBytes } from '../../../src/codec/signDoc.js';
import { verifySecp256k1 } from '../../../src/crypto/secp256k1.js';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

test('sign a MsgSetProfile through cosmjs, then decode and verify it with our code', async () => {
  const registry = seedcastRegistry();
  expect(registry.lookupType('/cosmos.bank.v1beta1.MsgSend')).toBeDefined(); // stargate defaults kept
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: 'seed' });
  const [account] = await wallet.getAccounts();

  const message = { typeUrl: '/seedcast.social.v1.MsgSetProfile', value: { signer: account.address, name: 'Ada', bio: 'first', avatar: 'ipfs://x' } };
  // As SigningStargateClient.signDirect builds it:
  const bodyBytes = registry.encode({ typeUrl: '/cosmos.tx.v1beta1.TxBody', value: { messages: [message], memo: 'hi' } });
  const authInfoBytes = makeAuthInfoBytes([{ pubkey: encodePubkey(encodeSecp256k1Pubkey(account.pubkey)), sequence: 0 }], [{ denom: 'useed', amount: '5000' }], 200000, undefined, undefined);
  const { signed, signature } = await wallet.signDirect(account.address, makeSignDoc(bodyBytes, authInfoBytes, 'seedcast-devnet', 3n));
  const txBytes = TxRaw.encode({ bodyBytes: signed.bodyBytes, authInfoBytes: signed.authInfoBytes, signatures: [fromBase64(signature.signature)] }).finish();

  const tx = decodeTx(txBytes);
  expect(tx.messages[0].typeUrl).toBe(MsgSetProfile.typeUrl);
  expect(MsgSetProfile.decode(tx.messages[0].value)).toEqual(message.value);
  expect(registry.decode(tx.messages[0])).toEqual(message.value);
  const ok = verifySecp256k1(tx.signerInfos[0].pubkey!, signDocBytes(tx.bodyBytes, tx.authInfoBytes, 'seedcast-devnet', 3n), tx.signatures[0]);
  expect(ok).toBe(true);
});

test('the registry refuses an ill-typed MsgSetProfile with a clear error', () => {
  const registry = seedcastRegistry();
  expect(() => registry.encode({ typeUrl: '/seedcast.social.v1.MsgSetProfile', value: { signer: 42 } })).toThrow(/signer: string expected/);
  expect(() => registry.encode({ typeUrl: '/seedcast.social.v1.Nope', value: {} })).toThrow(/Unregistered type url/);
});
