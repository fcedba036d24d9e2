// Shared setup of the key-agent and custody tests: a genesis with three bonded validators
// (alice, bob, carol), genesis key agents for bob and carol, and a tx runner that reads the
// signer's sequence from state.
import type { EncodeObject } from '@cosmjs/proto-signing';
import { QueryAccountRequest, QueryAccountResponse } from 'cosmjs-types/cosmos/auth/v1beta1/query';
import { BaseAccount } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { fromBech32Address, toBech32Address, VALOPER_PREFIX } from '../../../../src/codec/address.js';
import { MsgDealCustody, MsgRegisterKeyAgent, type CustodyShare } from '../../../../src/codec/seedcast/custody.js';
import { sealTo, x25519Keypair, type X25519Keypair } from '../../../../src/crypto/ecies.js';
import { addGenesisValidator } from '../../../../src/state/modules/staking/genesisBuilder.js';
import type { TxResult } from '../../../../src/types/abci.js';
import { devnetAppState, signTx, type Harness, type Signer } from '../harness.js';

export const valoper = (s: Signer | string): string => toBech32Address(fromBech32Address(typeof s === 'string' ? s : s.address), VALOPER_PREFIX);
export const contentHex = (id: Uint8Array): string => Buffer.from(id).toString('hex');

export interface AgentIdentity {
  keys: X25519Keypair;
  peerId: string;
}

/** App state with alice, bob and carol bonded; bob and carol have genesis key agents. */
export function custodyAppState(validators: Signer[], agents: Map<string, AgentIdentity>, keyAgentsFor: Signer[]): Record<string, unknown> {
  const g: any = { validators: [], app_state: devnetAppState() };
  validators.forEach((v, i) => addGenesisValidator(g, { operator: v.address, consensusPubKey: new Uint8Array(32).fill(0xa0 + i), moniker: `val-${i}`, selfDelegation: 10_000_000n }));
  g.app_state.staking.key_agents = keyAgentsFor.map((v) => {
    const a = agents.get(v.address)!;
    return { operator: valoper(v), x25519_public_key: Buffer.from(a.keys.publicKey).toString('base64'), peer_id: a.peerId, addrs: [`/ip4/127.0.0.1/tcp/26656/p2p/${a.peerId}`] };
  });
  return g.app_state;
}

export async function agentIdentity(newPeerId: () => Promise<string>): Promise<AgentIdentity> {
  return { keys: x25519Keypair(), peerId: await newPeerId() };
}

export const registerMsg = (value: Partial<MsgRegisterKeyAgent> & { operator: string; signer: string }): EncodeObject => ({
  typeUrl: MsgRegisterKeyAgent.typeUrl,
  value: { x25519PublicKey: new Uint8Array(32).fill(5), peerId: '', addrs: [], ...value },
});

export const dealMsg = (value: MsgDealCustody): EncodeObject => ({ typeUrl: MsgDealCustody.typeUrl, value });

/** A share of a 32-byte secret sealed to `agentPub` in the context the key agents open it with. */
export function sealedShare(operator: string, index: number, agentPub: Uint8Array, contentId: Uint8Array, share = new Uint8Array(32).fill(index)): CustodyShare {
  return { operator, index, sealedShare: sealTo(agentPub, share, `custody-share/${contentHex(contentId)}/${index}`) };
}

/** Signs one tx with the signer's current sequence and commits it alone in a block. */
export async function runTx(h: Harness, s: Signer, msgs: EncodeObject[], rawMsgs?: Any[]): Promise<TxResult> {
  const acct = await h.query('/cosmos.auth.v1beta1.Query/Account', QueryAccountRequest.encode({ address: s.address }).finish());
  const sequence = Number(BaseAccount.decode(QueryAccountResponse.decode(acct.value).account!.value).sequence);
  const tx = await signTx(s, { sequence, msgs, ...(rawMsgs ? { rawMsgs } : {}), gas: 2_000_000n, fee: '10000' });
  const [r] = await h.commitBlock([tx]);
  return r!;
}
