// Keys in the node (docs/keys.md): the key agent this node runs on /seedcast/keys/1.0.0, and the
// buyer's side of a fetch. As an agent it serves, to license holders, the content key of what it
// created (from the master secret in its vault) and its custody shares as a validator (sealed to
// its X25519 agent key on chain). As a buyer's node it sends the requests the CLI signed with the
// owner's account key, receives the key sealed to its own agent key, and keeps it in its vault.
import type { Libp2p } from '@libp2p/interface';
import type { Logger } from '../consensus/interface.js';
import { KeyRequest } from '../codec/seedcast/keys.js';
import { contentKey } from '../crypto/contentKeys.js';
import { KeyAgent } from '../keyagent/agent.js';
import { obtainContentKey } from '../keyagent/client.js';
import { creatorMaterial, custodyMaterial } from '../keyagent/material.js';
import type { KeyAgentOptions } from '../keyagent/options.js';
import type { KeyAgentDeps, KeyMaterial, LicenseInfo } from '../keyagent/types.js';
import { closeChannels } from '../keyagent/channel.js';
import type { AgentKey } from '../keys/agentKey.js';
import type { ContentVault } from '../keys/contentVault.js';
import { contentIdHex } from '../swarm/merkle.js';
import type { PeerAddr } from '../swarm/swarm.js';
import { AdminError } from './admin/server.js';
import type { CardInfo } from './contentService.js';
import type { KeyQueries } from './keyQueries.js';
import { bytesEqual } from '../util/bytes.js';

export interface KeyServiceDeps {
  libp2p: Libp2p;
  log: Logger;
  chainId: string;
  ownPeerId: string;
  latestHeight(): bigint;
  chain: KeyQueries;
  cardByContent(contentId: Uint8Array): Promise<CardInfo | undefined>;
  providers(contentId: Uint8Array): Promise<PeerAddr[]>;
  /** Master secrets of the contents this node's operator created. */
  masters: ContentVault;
  /** Content keys this node obtained for license holders. */
  bought: ContentVault;
  agentKey: AgentKey;
  agentOptions?: KeyAgentOptions;
  /** Request signatures checked off the main thread (the node's verify pool). */
  verifyBatch?: KeyAgentDeps['verifyBatch'];
}

export class KeyService {
  private agent?: KeyAgent;
  private operator?: string;

  constructor(private readonly d: KeyServiceDeps) {}

  async start(): Promise<void> {
    this.agent = await KeyAgent.start(this.d.libp2p, {
      chainId: this.d.chainId,
      latestHeight: this.d.latestHeight,
      license: async (id) => {
        const l = await this.d.chain.license(id);
        return l && { id: l.id, contentId: l.contentId, number: l.number, owner: l.owner };
      },
      material: (license) => this.material(license),
      log: this.d.log,
      ...(this.d.verifyBatch ? { verifyBatch: this.d.verifyBatch } : {}),
    }, this.d.agentOptions);
  }

  async stop(): Promise<void> {
    await closeChannels(this.d.libp2p);
    await this.agent?.stop();
  }

  stats() {
    return this.agent?.stats();
  }

  /** The content key when this node may decrypt: its own publication, or a key it obtained. Zero it after use. */
  keyFor(idHex: string): Uint8Array | undefined {
    const master = this.d.masters.get(idHex);
    if (master) {
      try {
        return contentKey(master);
      } finally {
        master.fill(0);
      }
    }
    return this.d.bought.get(idHex);
  }

  held(idHex: string): boolean {
    return this.d.masters.has(idHex) || this.d.bought.has(idHex);
  }

  /** What the CLI needs to sign key requests for this content (none of it secret). */
  async params(contentId: Uint8Array) {
    const card = await this.card(contentId);
    const custody = await this.custodyAgents(contentId);
    const agents = [...new Set([...card.keyAgents, ...(custody?.agents.map((a) => a.peerId) ?? [])])];
    return {
      key_held: this.held(contentIdHex(contentId)),
      chain_id: this.d.chainId,
      height: this.d.latestHeight().toString(),
      requester_x25519: Buffer.from(this.d.agentKey.publicKey).toString('base64'),
      agents,
      card_id: card.cardId.toString(),
    };
  }

  /** Sends the signed requests, combines what comes back and keeps the key in the vault. */
  async obtain(contentId: Uint8Array, encoded: unknown): Promise<{ via: string; agents: string[] }> {
    const requests = decodeRequests(encoded, contentId);
    const card = await this.card(contentId);
    const first = requests.values().next().value!;
    const providers = await this.d.providers(contentId).catch(() => [] as PeerAddr[]);
    const addrsOf = (peerId: string) => providers.find((p) => p.peerId === peerId)?.addrs ?? [];
    const custody = await this.custodyAgents(contentId);
    const { contentKey: key, via, agents } = await obtainContentKey({
      libp2p: this.d.libp2p,
      contentId,
      licenseId: first.licenseId,
      requests,
      creatorAgents: card.keyAgents.filter((p) => p !== this.d.ownPeerId).map((peerId) => ({ peerId, addrs: addrsOf(peerId) })),
      ...(custody ? { custody } : {}),
      receiverPriv: this.d.agentKey.privateKey,
    });
    try {
      this.d.bought.put(contentIdHex(contentId), key);
    } finally {
      key.fill(0);
    }
    this.d.log.info('keys: obtained a content key', { content: contentIdHex(contentId), license: first.licenseId.toString(), via, agents: agents.length });
    return { via, agents };
  }

  private async card(contentId: Uint8Array): Promise<CardInfo> {
    const card = await this.d.cardByContent(contentId);
    if (!card) throw new AdminError('CONTENT_UNKNOWN', `no card on chain carries content ${contentIdHex(contentId)}`);
    return card;
  }

  /** The custody deal of a content with each share's agent resolved, or undefined when none was dealt. */
  private async custodyAgents(contentId: Uint8Array) {
    const record = await this.d.chain.custody(contentId);
    if (!record) return undefined;
    const agents = [];
    for (const share of record.shares) {
      const agent = await this.d.chain.keyAgent(share.operator);
      if (agent && agent.peerId !== this.d.ownPeerId) agents.push({ peerId: agent.peerId, addrs: agent.addrs, index: share.index });
    }
    return { threshold: record.threshold, keyCheck: record.keyCheck, agents };
  }

  /** The content key (as its creator) or this validator's custody share of it, bound to the license. */
  private async material(license: LicenseInfo): Promise<KeyMaterial | undefined> {
    const own = await creatorMaterial((idHex) => this.d.masters.get(idHex))(license);
    if (own) return own;
    const record = await this.d.chain.custody(license.contentId);
    const operator = record && (await this.ownOperator(record.shares.map((s) => s.operator)));
    return operator ? custodyMaterial(this.d.agentKey.privateKey, operator, () => record, this.d.log)(license) : undefined;
  }

  /** The validator this node is the key agent of: its registration names our peer id and X25519 key. */
  private async ownOperator(operators: string[]): Promise<string | undefined> {
    if (this.operator && operators.includes(this.operator)) return this.operator;
    for (const operator of operators) {
      const agent = await this.d.chain.keyAgent(operator);
      if (agent && agent.peerId === this.d.ownPeerId && bytesEqual(agent.x25519PublicKey, this.d.agentKey.publicKey)) return (this.operator = operator);
    }
    return undefined;
  }
}

/** The admin body's `key_requests`: base64 KeyRequests for this content, one per agent. */
function decodeRequests(encoded: unknown, contentId: Uint8Array): Map<string, KeyRequest> {
  if (!Array.isArray(encoded) || encoded.length === 0 || encoded.length > 64 || !encoded.every((e) => typeof e === 'string' && e.length < 4096)) {
    throw new AdminError('ADMIN_BAD_REQUEST', '"key_requests" must be a list of 1 to 64 base64 key requests');
  }
  const out = new Map<string, KeyRequest>();
  for (const e of encoded as string[]) {
    let req: KeyRequest;
    try {
      req = KeyRequest.decode(new Uint8Array(Buffer.from(e, 'base64')));
    } catch (err) {
      throw new AdminError('ADMIN_BAD_REQUEST', `a key request does not decode: ${(err as Error).message}`);
    }
    if (!bytesEqual(req.contentId, contentId)) throw new AdminError('ADMIN_BAD_REQUEST', 'a key request names another content');
    out.set(req.agent, req);
  }
  return out;
}
