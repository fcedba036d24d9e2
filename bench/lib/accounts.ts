// Bench load accounts: fresh secp256k1 keys funded by one wallet, and MsgSend txs pre-signed
// for them (cosmjs's own signing pieces, so the txs are exactly what a wallet sends).
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { DirectSecp256k1Wallet, encodePubkey, makeAuthInfoBytes, makeSignDoc, Registry, type AccountData, type OfflineDirectSigner } from '@cosmjs/proto-signing';
import { defaultRegistryTypes, GasPrice, SigningStargateClient } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';

export const SEND_GAS = 60_000n;
export const SEND_FEE = (SEND_GAS * 25n) / 1000n; // 0.025useed per gas, what wallets pay

export interface LoadAccounts {
  chainId: string;
  wallets: DirectSecp256k1Wallet[];
  accounts: AccountData[];
  accountNumbers: bigint[];
}

/** Creates `count` fresh accounts and funds each with `perAccount` useed from `funder`, 64 sends per tx. */
export async function fundAccounts(rpc: string, funder: OfflineDirectSigner, count: number, perAccount: bigint): Promise<LoadAccounts> {
  const [{ address: from }] = await funder.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(rpc, funder, { gasPrice: GasPrice.fromString('0.025useed') });
  try {
    const wallets = await Promise.all(Array.from({ length: count }, () => DirectSecp256k1Wallet.fromKey(secp256k1.utils.randomSecretKey(), 'seed')));
    const accounts = await Promise.all(wallets.map(async (w) => (await w.getAccounts())[0]!));
    for (let i = 0; i < count; i += 64) {
      const msgs = accounts.slice(i, i + 64).map((a) => ({
        typeUrl: '/cosmos.bank.v1beta1.MsgSend',
        value: { fromAddress: from, toAddress: a.address, amount: [{ denom: 'useed', amount: perAccount.toString() }] },
      }));
      const res = await client.signAndBroadcast(from, msgs, 'auto');
      if (res.code !== 0) throw new Error(`funding failed: ${res.rawLog}`);
    }
    const chainId = await client.getChainId();
    const accountNumbers = await Promise.all(accounts.map(async (a) => BigInt((await client.getAccount(a.address))!.accountNumber)));
    return { chainId, wallets, accounts, accountNumbers };
  } finally {
    client.disconnect();
  }
}

/**
 * Signs `total` 1useed MsgSends, account i sending to account i+1, sequences from 0 up:
 * ordered by sequence, then account, so each account's txs keep their order in any subsequence.
 * Returns the tx bytes and, for each, the index of the account that signed it.
 */
export async function signSends(load: LoadAccounts, total: number): Promise<{ txs: Uint8Array[]; signer: number[] }> {
  const registry = new Registry(defaultRegistryTypes);
  const m = load.accounts.length;
  const per = Math.ceil(total / m);
  const txs: Uint8Array[] = [];
  const signer: number[] = [];
  for (let s = 0; s < per; s++) {
    for (let i = 0; i < m && txs.length < total; i++) {
      const a = load.accounts[i]!;
      const bodyBytes = registry.encodeTxBody({
        messages: [{ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: { fromAddress: a.address, toAddress: load.accounts[(i + 1) % m]!.address, amount: [{ denom: 'useed', amount: '1' }] } }],
        memo: '',
      });
      const authInfoBytes = makeAuthInfoBytes([{ pubkey: encodePubkey(encodeSecp256k1Pubkey(a.pubkey)), sequence: s }], [{ denom: 'useed', amount: String(SEND_FEE) }], Number(SEND_GAS), undefined, undefined);
      const { signature } = await load.wallets[i]!.signDirect(a.address, makeSignDoc(bodyBytes, authInfoBytes, load.chainId, load.accountNumbers[i]!));
      txs.push(TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [Buffer.from(signature.signature, 'base64')] }).finish());
      signer.push(i);
    }
  }
  return { txs, signer };
}

/** Balance each load account needs for `txsPerAccount` sends, with room to spare. */
export function fundingFor(txsPerAccount: number): bigint {
  return SEND_FEE * BigInt(txsPerAccount) + 1_000_000n;
}
