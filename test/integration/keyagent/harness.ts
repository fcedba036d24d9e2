// In-process key agents for tests: bare libp2p hosts on 127.0.0.1, a license table the test
// controls (a plain Map), a creator agent serving K from M, custody agents serving Shamir shares
// sealed to their X25519 keys, and a buyer host asking them.
import { randomBytes } from 'node:crypto';
import type { Libp2p } from '@libp2p/interface';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { KeyRequest } from '../../../src/codec/seedcast/keys.js';
import type { Logger } from '../../../src/consensus/interface.js';
import { contentKey, custodyPolynomialSeed, keyCheck } from '../../../src/crypto/contentKeys.js';
import { sealTo, x25519Keypair, type X25519Keypair } from '../../../src/crypto/ecies.js';
import { splitSecret } from '../../../src/crypto/shamir.js';
import { KeyAgent } from '../../../src/keyagent/agent.js';
import type { AgentAddress, CustodyAgentAddress } from '../../../src/keyagent/client.js';
import { custodyShareContext } from '../../../src/keyagent/constants.js';
import { creatorMaterial, custodyMaterial, type CustodyRecordView } from '../../../src/keyagent/material.js';
import type { KeyAgentOptions } from '../../../src/keyagent/options.js';
import { buildKeyRequest } from '../../../src/keyagent/request.js';
import { ownerAddressOf, ownerPublicKey } from '../../../src/keyagent/signing.js';
import type { KeyAgentDeps, KeyMaterial, LicenseInfo } from '../../../src/keyagent/types.js';
import { bareLibp2p } from '../../../src/p2p/stack.js';

export const CHAIN_ID = 'seedcast-keyagent-test';
export const THRESHOLD = 3;
export const CUSTODIANS = 4;

export interface Owner {
  priv: Uint8Array;
  pub: Uint8Array;
  address: string;
}

export function newOwner(): Owner {
  const priv = secp256k1.utils.randomSecretKey();
  const pub = ownerPublicKey(priv);
  return { priv, pub, address: ownerAddressOf(pub) };
}

/** Every log line any agent wrote, for the no-secrets check. */
export const logLines: string[] = [];
export const recordingLog: Logger = {
  debug: (m, c) => void logLines.push(`${m} ${JSON.stringify(c ?? {})}`),
  info: (m, c) => void logLines.push(`${m} ${JSON.stringify(c ?? {})}`),
  warn: (m, c) => void logLines.push(`${m} ${JSON.stringify(c ?? {})}`),
  error: (m, c) => void logLines.push(`${m} ${JSON.stringify(c ?? {})}`),
};

export interface AgentHost {
  libp2p: Libp2p;
  peerId: string;
  addrs: string[];
  agent?: KeyAgent;
  address(): AgentAddress;
  stopAgent(): Promise<void>;
}

export interface World {
  chain: { height: bigint; licenses: Map<bigint, LicenseInfo> };
  contentId: Uint8Array;
  master: Uint8Array;
  key: Uint8Array;
  keyCheck: Uint8Array;
  creator: AgentHost;
  custodians: (AgentHost & { index: number; operator: string; x25519: X25519Keypair })[];
  custodyRecord: CustodyRecordView;
  buyer: Libp2p;
  buyerX25519: X25519Keypair;
  hosts: Libp2p[];
  /** Starts another agent (own host) on the same chain; the material source is the creator's unless given. */
  extraAgent(opts: KeyAgentOptions, material?: KeyAgentDeps['material']): Promise<AgentHost>;
  /** A license (number n) to `owner`, id = n + 100. */
  mint(owner: Owner, number: bigint): LicenseInfo;
  request(owner: Owner, license: LicenseInfo, agent: string, over?: Partial<Parameters<typeof buildKeyRequest>[0]>): KeyRequest;
  requestsFor(owner: Owner, license: LicenseInfo): Map<string, KeyRequest>;
  custodyParams(): { threshold: number; keyCheck: Uint8Array; agents: CustodyAgentAddress[] };
  stop(): Promise<void>;
}

async function host(): Promise<Pick<AgentHost, 'libp2p' | 'peerId' | 'addrs' | 'address'>> {
  const libp2p = await bareLibp2p();
  const peerId = libp2p.peerId.toString();
  const addrs = libp2p.getMultiaddrs().map((m) => m.toString());
  return { libp2p, peerId, addrs, address: () => ({ peerId, addrs }) };
}

export async function startWorld(opts: { creator?: KeyAgentOptions; custody?: KeyAgentOptions; byzantine?: number[] } = {}): Promise<World> {
  const chain = { height: 100n, licenses: new Map<bigint, LicenseInfo>() };
  const contentId = new Uint8Array(randomBytes(32));
  const master = new Uint8Array(randomBytes(32));
  const key = contentKey(master);
  const check = keyCheck(key);
  const hosts: Libp2p[] = [];
  const depsWith = (material: KeyAgentDeps['material']): KeyAgentDeps => ({
    chainId: CHAIN_ID,
    latestHeight: () => chain.height,
    license: async (id) => chain.licenses.get(id),
    material,
    log: recordingLog,
  });
  const withAgent = async (material: KeyAgentDeps['material'], agentOpts: KeyAgentOptions = {}): Promise<AgentHost> => {
    const h = await host();
    hosts.push(h.libp2p);
    const out: AgentHost = {
      ...h,
      agent: await KeyAgent.start(h.libp2p, depsWith(material), agentOpts),
      async stopAgent() {
        await out.agent?.stop();
        await h.libp2p.stop();
      },
    };
    return out;
  };

  const creator = await withAgent(creatorMaterial(() => Uint8Array.from(master)), opts.creator);

  const seed = custodyPolynomialSeed(master, contentId);
  const shares = splitSecret(key, THRESHOLD, CUSTODIANS, seed);
  const keys = shares.map(() => x25519Keypair());
  const idHex = Buffer.from(contentId).toString('hex');
  const custodyRecord: CustodyRecordView = {
    threshold: THRESHOLD,
    shares: shares.map((s, i) => ({ operator: `seedvaloper1op${i}`, index: s.index, sealedShare: sealTo(keys[i]!.publicKey, s.value, custodyShareContext(idHex, s.index)) })),
  };
  const custodians: World['custodians'] = [];
  for (let i = 0; i < CUSTODIANS; i++) {
    const operator = `seedvaloper1op${i}`;
    let material = custodyMaterial(keys[i]!.privateKey, operator, async (cid) => (Buffer.from(cid).equals(Buffer.from(contentId)) ? custodyRecord : undefined), recordingLog);
    if (opts.byzantine?.includes(i)) {
      const honest = material;
      material = async (l): Promise<KeyMaterial | undefined> => {
        const m = await honest(l);
        if (m?.kind === 'share') m.value.set(randomBytes(32));
        return m;
      };
    }
    const h = await withAgent(material, opts.custody);
    custodians.push({ ...h, index: shares[i]!.index, operator, x25519: keys[i]! });
  }

  const buyer = await bareLibp2p();
  hosts.push(buyer);
  const buyerX25519 = x25519Keypair();
  const all = (): AgentHost[] => [creator, ...custodians];

  const world: World = {
    chain,
    contentId,
    master,
    key,
    keyCheck: check,
    creator,
    custodians,
    custodyRecord,
    buyer,
    buyerX25519,
    hosts,
    extraAgent: (agentOpts, material) => withAgent(material ?? creatorMaterial(() => Uint8Array.from(master)), agentOpts),
    mint(owner, number) {
      const license = { id: number + 100n, contentId, number, owner: owner.address };
      chain.licenses.set(license.id, license);
      return license;
    },
    request: (owner, license, agent, over = {}) =>
      buildKeyRequest({
        chainId: CHAIN_ID,
        licenseId: license.id,
        contentId: license.contentId,
        agent,
        requesterX25519: buyerX25519.publicKey,
        height: chain.height,
        ownerPrivkey: owner.priv,
        ...over,
      }),
    requestsFor: (owner, license) => new Map(all().map((a) => [a.peerId, world.request(owner, license, a.peerId)])),
    custodyParams: () => ({ threshold: THRESHOLD, keyCheck: check, agents: custodians.map((c) => ({ peerId: c.peerId, addrs: c.addrs, index: c.index })) }),
    async stop() {
      await Promise.all(all().map((a) => a.agent?.stop().catch(() => {})));
      await Promise.all(hosts.map((h) => Promise.resolve(h.stop()).catch(() => {})));
    },
  };
  return world;
}

/** Every string form a secret could leak as. */
export function secretForms(secret: Uint8Array): string[] {
  const b = Buffer.from(secret);
  return [b.toString('hex'), b.toString('base64'), b.toString('base64url').replace(/=+$/, '')];
}

/** The text of an error as it would reach a log or an RPC answer: message and JSON context. */
export function errorText(err: unknown): string {
  const e = err as { message?: string; context?: unknown };
  return `${e.message ?? String(err)} ${JSON.stringify(e.context ?? {}, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
}
