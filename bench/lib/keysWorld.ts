// bench:keys setup: agent hosts (one creator agent, or four custody agents with t = 3) and
// client hosts on 127.0.0.1, a license table of generated owners, and pre-signed requests (so the
// timed loop measures the agents, not the owners' signing).
import { randomBytes } from 'node:crypto';
import type { Libp2p } from '@libp2p/interface';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { KeyRequest } from '../../src/codec/seedcast/keys.js';
import { silentLogger } from '../../src/consensus/interface.js';
import { contentKey, custodyPolynomialSeed, keyCheck } from '../../src/crypto/contentKeys.js';
import { sealTo, x25519Keypair, type X25519Keypair } from '../../src/crypto/ecies.js';
import { splitSecret } from '../../src/crypto/shamir.js';
import { KeyAgent } from '../../src/keyagent/agent.js';
import type { CustodyAgentAddress } from '../../src/keyagent/client.js';
import { custodyShareContext } from '../../src/keyagent/constants.js';
import { creatorMaterial, custodyMaterial, type CustodyRecordView } from '../../src/keyagent/material.js';
import type { KeyAgentOptions } from '../../src/keyagent/options.js';
import { buildKeyRequest } from '../../src/keyagent/request.js';
import { ownerAddressOf, ownerPublicKey } from '../../src/keyagent/signing.js';
import type { KeyAgentDeps, LicenseInfo } from '../../src/keyagent/types.js';
import { bareLibp2p, dialAddrs } from './swarmNet.js';

export const CHAIN_ID = 'seedcast-bench-keys';
export const HEIGHT = 1000n;

/** Limits raised so the bench measures serving, not refusing (said in the bench's output). */
export const BENCH_AGENT_OPTIONS: KeyAgentOptions = {
  perPeerPerSec: 1e9,
  perPeerBurst: 1e9,
  perLicensePerMin: 1e9,
  maxInflight: 100_000,
  maxInboundStreams: 1024,
  maxNonces: 10_000_000,
};

export interface Agents {
  hosts: Libp2p[];
  agents: KeyAgent[];
  addrs: CustodyAgentAddress[];
}

export interface KeysWorld {
  contentId: Uint8Array;
  key: Uint8Array;
  keyCheck: Uint8Array;
  licenses: { info: LicenseInfo; priv: Uint8Array }[];
  clients: Libp2p[];
  receiver: X25519Keypair;
  creator: Agents;
  custody: Agents & { threshold: number };
  stop(): Promise<void>;
}

export async function startKeysWorld(licenseCount: number, clientCount: number, verifyBatch?: KeyAgentDeps['verifyBatch'], custodyCount = 4, threshold = 3): Promise<KeysWorld> {
  const contentId = new Uint8Array(randomBytes(32));
  const master = new Uint8Array(randomBytes(32));
  const key = contentKey(master);
  const table = new Map<bigint, LicenseInfo>();
  const licenses: KeysWorld['licenses'] = [];
  for (let n = 1n; n <= BigInt(licenseCount); n++) {
    const priv = secp256k1.utils.randomSecretKey();
    const info = { id: n, contentId, number: n, owner: ownerAddressOf(ownerPublicKey(priv)) };
    table.set(n, info);
    licenses.push({ info, priv });
  }
  const deps = (material: Parameters<typeof KeyAgent.start>[1]['material']) => ({
    chainId: CHAIN_ID,
    latestHeight: () => HEIGHT,
    license: async (id: bigint) => table.get(id),
    material,
    log: silentLogger,
    ...(verifyBatch ? { verifyBatch } : {}),
  });
  const startAgents = async (materials: Parameters<typeof deps>[0][], indices: number[]): Promise<Agents> => {
    const out: Agents = { hosts: [], agents: [], addrs: [] };
    for (let i = 0; i < materials.length; i++) {
      const host = await bareLibp2p();
      out.hosts.push(host);
      out.agents.push(await KeyAgent.start(host, deps(materials[i]!), BENCH_AGENT_OPTIONS));
      out.addrs.push({ peerId: host.peerId.toString(), addrs: dialAddrs(host), index: indices[i]! });
    }
    return out;
  };

  const creator = await startAgents([creatorMaterial(() => Uint8Array.from(master))], [0]);
  const shares = splitSecret(key, threshold, custodyCount, custodyPolynomialSeed(master, contentId));
  const xkeys = shares.map(() => x25519Keypair());
  const idHex = Buffer.from(contentId).toString('hex');
  const record: CustodyRecordView = {
    threshold,
    shares: shares.map((s, i) => ({ operator: `op${i}`, index: s.index, sealedShare: sealTo(xkeys[i]!.publicKey, s.value, custodyShareContext(idHex, s.index)) })),
  };
  const custody = await startAgents(
    shares.map((_, i) => custodyMaterial(xkeys[i]!.privateKey, `op${i}`, async () => record)),
    shares.map((s) => s.index),
  );

  const clients: Libp2p[] = [];
  for (let i = 0; i < clientCount; i++) clients.push(await bareLibp2p());
  const all = [...creator.hosts, ...custody.hosts, ...clients];
  return {
    contentId,
    key,
    keyCheck: keyCheck(key),
    licenses,
    clients,
    receiver: x25519Keypair(),
    creator,
    custody: { ...custody, threshold },
    async stop() {
      await Promise.all([...creator.agents, ...custody.agents].map((a) => a.stop()));
      await Promise.all(all.map((h) => Promise.resolve(h.stop()).catch(() => {})));
    },
  };
}

/** A signed request of license `i % count` for `agent`, with a fresh nonce. */
export function benchRequest(w: KeysWorld, i: number, agent: string): KeyRequest {
  const l = w.licenses[i % w.licenses.length]!;
  return buildKeyRequest({
    chainId: CHAIN_ID,
    licenseId: l.info.id,
    contentId: w.contentId,
    agent,
    requesterX25519: w.receiver.publicKey,
    height: HEIGHT,
    ownerPrivkey: l.priv,
  });
}
