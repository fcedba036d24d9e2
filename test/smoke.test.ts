import { sha256 } from '@noble/hashes/sha2.js';
import { Secp256k1HdWallet } from '@cosmjs/amino';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { ClassicLevel } from 'classic-level';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';

test('toolchain loads', async () => {
  expect(sha256(new Uint8Array()).length).toBe(32);
  const w = await DirectSecp256k1HdWallet.generate(12, { prefix: 'seed' });
  const [a] = await w.getAccounts();
  expect(a.address.startsWith('seed1')).toBe(true);
  expect(TxRaw.encode(TxRaw.fromPartial({})).finish().length).toBe(0);
  expect(typeof ClassicLevel).toBe('function');
  expect(typeof Secp256k1HdWallet).toBe('function');
});
