// Validator key agents (DESIGN.md §5): the X25519 key a validator's node opens custody shares
// with, and where that node serves /seedcast/keys/1.0.0. One record per validator under
// sub-prefix 0x09; MsgRegisterKeyAgent by the operator's own account writes or replaces it
// (key rotation). The custody module reads records through `keyAgentKeeper`.
import { multiaddr } from '@multiformats/multiaddr';
import { peerIdFromString } from '@libp2p/peer-id';
import { fromBech32Address, toBech32Address, VALOPER_PREFIX } from '../../../codec/address.js';
import {
  KeyAgent,
  MsgRegisterKeyAgent,
  MsgRegisterKeyAgentResponse,
  QueryKeyAgentRequest,
  QueryKeyAgentResponse,
  QueryKeyAgentsRequest,
  QueryKeyAgentsResponse,
} from '../../../codec/seedcast/custody.js';
import { bytesEqual } from '../../../util/bytes.js';
import { invalidArgument, notFound, SDK, sdkError } from '../../errors.js';
import type { MsgHandler, QueryHandler } from '../../module.js';
import { paginate } from '../../pagination.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import type { PageRequest } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import type { StakingKeeper } from './keeper.js';
import { keyAgentKey, keyAgentsPrefix } from './keys.js';
import { accountAddress, operatorAddress } from './msgs.js';

export const KEY_AGENT_LIMITS = { x25519Bytes: 32, addrs: 4, addrChars: 256, peerIdChars: 128 } as const;

const invalid = (message: string) => sdkError(SDK.InvalidRequest, `${message}: invalid request`);

/** The fields both the message and a genesis entry carry, checked without state. */
export interface KeyAgentFields {
  x25519PublicKey: Uint8Array;
  peerId: string;
  addrs: string[];
}

function validateAddr(addr: string, peerId: string): void {
  if (addr.length > KEY_AGENT_LIMITS.addrChars) throw invalid(`key agent addr is ${addr.length} characters long, at most ${KEY_AGENT_LIMITS.addrChars}`);
  let components;
  try {
    components = multiaddr(addr).getComponents();
  } catch (err) {
    throw invalid(`key agent addr ${JSON.stringify(addr.slice(0, 60))} is not a multiaddr (${(err as Error).message})`);
  }
  // A /p2p/ part naming another peer would send buyers to a node that does not hold the key.
  const named = components.filter((c) => c.name === 'p2p').pop()?.value;
  if (named !== undefined && named !== peerId) throw invalid(`key agent addr ${JSON.stringify(addr.slice(0, 60))} names peer ${named.slice(0, 60)}, not the registered peer_id`);
}

export function validateKeyAgentFields(f: KeyAgentFields): void {
  if (f.x25519PublicKey.length !== KEY_AGENT_LIMITS.x25519Bytes) {
    throw invalid(`key agent x25519_public_key must be ${KEY_AGENT_LIMITS.x25519Bytes} bytes, got ${f.x25519PublicKey.length}`);
  }
  // The all-zero point gives every sealer the same shared secret: nothing sealed to it is private.
  if (f.x25519PublicKey.every((b) => b === 0)) throw invalid('key agent x25519_public_key must not be all zeros');
  if (f.peerId.length > KEY_AGENT_LIMITS.peerIdChars) throw invalid(`key agent peer_id is ${f.peerId.length} characters long, at most ${KEY_AGENT_LIMITS.peerIdChars}`);
  try {
    peerIdFromString(f.peerId);
  } catch (err) {
    throw invalid(`key agent peer_id ${JSON.stringify(f.peerId.slice(0, 60))} is not a libp2p peer id (${(err as Error).message})`);
  }
  if (f.addrs.length > KEY_AGENT_LIMITS.addrs) throw invalid(`key agent has ${f.addrs.length} addrs, at most ${KEY_AGENT_LIMITS.addrs}`);
  for (const addr of f.addrs) validateAddr(addr, f.peerId);
}

export function validateRegisterKeyAgent(msg: MsgRegisterKeyAgent): { operator: Uint8Array } {
  const signer = accountAddress('signer', msg.signer);
  const operator = operatorAddress(msg.operator);
  if (!bytesEqual(signer, operator)) throw sdkError(SDK.Unauthorized, `key agent signer ${msg.signer} is not the account of validator ${msg.operator}: unauthorized`);
  validateKeyAgentFields(msg);
  return { operator };
}

export const keyAgentKeeper = {
  get(kv: ReadonlyKV, operator: Uint8Array): KeyAgent | undefined {
    const raw = kv.get(keyAgentKey(operator));
    return raw ? KeyAgent.decode(raw) : undefined;
  },

  /** Writes (or replaces) a validator's record; the operator string is stored in canonical form. */
  set(kv: KV, operator: Uint8Array, fields: KeyAgentFields, height: bigint): KeyAgent {
    const record: KeyAgent = { operator: toBech32Address(operator, VALOPER_PREFIX), x25519PublicKey: fields.x25519PublicKey, peerId: fields.peerId, addrs: fields.addrs, height };
    kv.set(keyAgentKey(operator), KeyAgent.encode(record));
    return record;
  },
};

export type KeyAgentKeeper = typeof keyAgentKeeper;

export function msgRegisterKeyAgentHandler(staking: StakingKeeper): MsgHandler<MsgRegisterKeyAgent> {
  return {
    typeUrl: MsgRegisterKeyAgent.typeUrl,
    decode: (bytes) => MsgRegisterKeyAgent.decode(bytes),
    signers: (msg) => [msg.signer],
    validate: (msg) => void validateRegisterKeyAgent(msg),
    execute(ctx, msg) {
      const { operator } = validateRegisterKeyAgent(msg);
      staking.mustGetValidator(ctx.kv, operator);
      const record = keyAgentKeeper.set(ctx.kv, operator, msg, ctx.block.height);
      ctx.events.emit('message', { sender: msg.signer, module: 'staking' });
      ctx.events.emit('key_agent', { operator: record.operator, peer_id: record.peerId });
      return { typeUrl: MsgRegisterKeyAgentResponse.typeUrl, value: MsgRegisterKeyAgentResponse.encode({}) };
    },
  };
}

function operatorArg(operator: string): Uint8Array {
  try {
    return fromBech32Address(operator, VALOPER_PREFIX);
  } catch (err) {
    throw invalidArgument(`invalid validator address ${JSON.stringify(operator.slice(0, 100))}: ${(err as Error).message}`);
  }
}

export const keyAgentQueries: Record<string, QueryHandler> = {
  '/seedcast.staking.v1.Query/KeyAgent': async (req, view) => {
    const { operator } = QueryKeyAgentRequest.decode(req);
    const keyAgent = keyAgentKeeper.get(view, operatorArg(operator));
    if (!keyAgent) throw notFound(`key agent of validator ${operator}`);
    return QueryKeyAgentResponse.encode({ keyAgent });
  },

  /** In operator-address order. */
  '/seedcast.staking.v1.Query/KeyAgents': async (req, view) => {
    const { pagination } = QueryKeyAgentsRequest.decode(req);
    const page = await paginate(view, keyAgentsPrefix(), pagination as PageRequest | undefined);
    return QueryKeyAgentsResponse.encode({ keyAgents: page.items.map(([, raw]) => KeyAgent.decode(raw)), pagination: page.response });
  },
};

/** Genesis JSON of one key agent (staking section, optional `key_agents`). */
export interface GenesisKeyAgentJson {
  operator: string;
  /** base64 of the raw 32-byte X25519 public key. */
  x25519_public_key: string;
  peer_id: string;
  addrs?: string[];
}

/** Writes the genesis key agents; each must name a validator already in state. */
export function initKeyAgentsGenesis(staking: StakingKeeper, kv: KV, list: unknown): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw invalid('genesis staking: key_agents must be a list');
  list.forEach((entry: unknown, i) => {
    const where = `genesis staking: key_agents[${i}]`;
    const j = (entry ?? {}) as Partial<GenesisKeyAgentJson>;
    try {
      if (typeof j.operator !== 'string') throw invalid('operator must be a seedvaloper address');
      const operator = operatorAddress(j.operator);
      if (typeof j.x25519_public_key !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(j.x25519_public_key)) throw invalid('x25519_public_key must be base64');
      if (typeof j.peer_id !== 'string') throw invalid('peer_id must be a string');
      const addrs = j.addrs ?? [];
      if (!Array.isArray(addrs) || addrs.some((a) => typeof a !== 'string')) throw invalid('addrs must be a list of strings');
      const fields = { x25519PublicKey: new Uint8Array(Buffer.from(j.x25519_public_key, 'base64')), peerId: j.peer_id, addrs };
      validateKeyAgentFields(fields);
      if (!staking.getValidator(kv, operator)) throw invalid(`validator ${j.operator} is not a genesis validator`);
      if (keyAgentKeeper.get(kv, operator)) throw invalid(`validator ${j.operator} has two key agents`);
      keyAgentKeeper.set(kv, operator, fields, 0n);
    } catch (err) {
      throw sdkError(SDK.InvalidRequest, `${where}: ${(err as Error).message}`);
    }
  });
}
