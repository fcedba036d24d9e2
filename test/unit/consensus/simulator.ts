// Deterministic in-memory network of consensus cores: seeded PRNG for delays and drops,
// simulated time, an executor that "executes" blocks by hashing their txs. No real timers.
import type { KeyObject } from 'node:crypto';
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit, Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import { SignedMsgType } from 'cosmjs-types/tendermint/types/types';
import {
  ConsensusCore, DEFAULT_CONSENSUS_OPTIONS, addressFromPubKey, ed25519PrivateKeyObject, ed25519PublicKeyFromSeed, ed25519Sign,
  makeBlock, nextState, proposalSignBytes, proposalTimeMs, sha256, stateFromGenesis, toHex, validateBlock, voteSignBytes,
  msToTimestamp, type ChainState, type ConsensusAction, type ConsensusEvent, type ConsensusOptions,
} from '../../../src/consensus/index.js';

export class Prng {
  private s: number;
  constructor(seed: number) { this.s = (seed * 2654435761) >>> 0 || 1; }
  next(): number { // xorshift32
    let x = this.s; x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    this.s = x; return x;
  }
  int(lo: number, hi: number): number { return lo + (this.next() % (hi - lo + 1)); }
  chance(percent: number): boolean { return this.next() % 100 < percent; }
}

type Msg = { type: 'proposal'; proposal: Proposal; block: Block } | { type: 'vote'; vote: Vote } | { type: 'cert'; block: Block; commit: Commit };

interface SimNode {
  index: number;
  key: KeyObject;
  address: Uint8Array;
  core: ConsensusCore;
  state: ChainState;
  lastCommit?: Commit;
  ownMsgs: Msg[]; // own signed messages of the current height, re-gossiped
  certs: Map<bigint, Msg>; // commits we made, served to peers that are behind (catch-up)
  heldProposals: Msg[]; // proposals for a height we have not reached yet
  committed: Map<bigint, string>;
}

export interface SimOptions {
  seed: number;
  validators: number;
  powers?: bigint[];
  heights: number;
  dropPercent: number;
  minDelay: number;
  maxDelay: number;
  /** Before this simulated time, messages may be dropped; after it, all are delivered (GST). */
  gstMs: number;
  maxTimeMs: number;
  options?: Partial<ConsensusOptions>;
  /** Index of a Byzantine validator: it equivocates, sending each half of its peers a different proposal / vote. */
  byzantine?: number;
}

export interface SimResult {
  committedHeights: number[];
  conflicts: string[];
  evidence: number;
  timeMs: number;
  maxRound: number;
}

const keyCache = new Map<number, { key: KeyObject; pubKey: Uint8Array }>();
function validatorKey(i: number) {
  let k = keyCache.get(i);
  if (!k) {
    const seed = sha256(new TextEncoder().encode(`sim-validator-${i}`));
    k = { key: ed25519PrivateKeyObject(seed), pubKey: ed25519PublicKeyFromSeed(seed) };
    keyCache.set(i, k);
  }
  return k;
}

export function runSimulation(o: SimOptions): SimResult {
  const rng = new Prng(o.seed);
  const options = { ...DEFAULT_CONSENSUS_OPTIONS, ...o.options };
  const chainId = 'sim-chain';
  const keys = Array.from({ length: o.validators }, (_, i) => validatorKey(i));
  const genesis = stateFromGenesis({
    chainId, initialHeight: 1n, genesisTimeMs: 1_700_000_000_000n,
    validators: keys.map((k, i) => ({ pubKey: k.pubKey, power: o.powers?.[i] ?? 10n })),
  });
  const queue: { at: number; seq: number; node: number; ev: ConsensusEvent | { type: 'deliver'; msg: Msg } | { type: 'gossip' } }[] = [];
  let seq = 0;
  let now = 0;
  const push = (at: number, node: number, ev: (typeof queue)[number]['ev']) => {
    const item = { at, seq: seq++, node, ev };
    let i = queue.length; // keep sorted by (at, seq): insertion from the back
    while (i > 0 && (queue[i - 1].at > at || (queue[i - 1].at === at && queue[i - 1].seq > item.seq))) i--;
    queue.splice(i, 0, item);
  };
  const conflicts: string[] = [];
  const decidedBy = new Map<bigint, string>();
  let evidence = 0;
  let maxRound = 0;

  const nodes: SimNode[] = keys.map((k, index) => ({
    index, key: k.key, address: addressFromPubKey(k.pubKey),
    core: new ConsensusCore({ chainId, ownAddress: addressFromPubKey(k.pubKey), options }),
    state: genesis, ownMsgs: [], heldProposals: [], committed: new Map(), certs: new Map(),
  }));

  const send = (from: SimNode, msg: Msg, only?: (to: SimNode) => boolean) => {
    for (const to of nodes) {
      if (to === from || (only && !only(to))) continue;
      if (now < o.gstMs && rng.chance(o.dropPercent)) continue;
      push(now + rng.int(o.minDelay, o.maxDelay), to.index, { type: 'deliver', msg });
    }
  };

  const feed = (node: SimNode, ev: ConsensusEvent) => {
    for (const a of node.core.handle(ev)) apply(node, a);
  };

  const deliverProposal = (node: SimNode, msg: Msg & { type: 'proposal' }) => {
    const next = node.state.lastBlockHeight + 1n;
    if (msg.proposal.height > next) { if (node.heldProposals.length < 100) node.heldProposals.push(msg); return; }
    if (msg.proposal.height < next) return;
    let valid = true;
    try { validateBlock(node.state, msg.block); } catch { valid = false; }
    feed(node, { type: 'proposal', proposal: msg.proposal, block: msg.block, valid });
  };

  const apply = (node: SimNode, a: ConsensusAction) => {
    switch (a.type) {
      case 'scheduleTimeout':
        push(now + a.durationMs, node.index, { type: 'timeout', height: a.height, round: a.round, step: a.step });
        break;
      case 'propose': {
        maxRound = Math.max(maxRound, a.round);
        const value = a.value ?? (() => {
          const txs = Array.from({ length: rng.int(0, 3) }, () => new Uint8Array([node.index, rng.int(0, 255), rng.int(0, 255)]));
          const block = makeBlock(node.state, a.height, txs, node.lastCommit, proposalTimeMs(node.state, BigInt(1_700_000_000_000 + now)), node.address);
          return { block, blockId: blockIdOfBlock(block) };
        })();
        const proposal: Proposal = {
          type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height: a.height, round: a.round, polRound: a.polRound,
          blockId: value.blockId, timestamp: msToTimestamp(BigInt(1_700_000_000_000 + now)), signature: new Uint8Array(),
        };
        proposal.signature = ed25519Sign(node.key, proposalSignBytes(chainId, proposal));
        const msg: Msg = { type: 'proposal', proposal, block: value.block };
        if (node.index === o.byzantine) { // a second, different block for the odd-indexed peers
          const txs = [new Uint8Array([0xee, rng.int(0, 255)])];
          const block = makeBlock(node.state, a.height, txs, node.lastCommit, value.block.header.time.seconds * 1000n + 1n, node.address);
          const p2: Proposal = { ...proposal, blockId: blockIdOfBlock(block), signature: new Uint8Array() };
          p2.signature = ed25519Sign(node.key, proposalSignBytes(chainId, p2));
          const other: Msg = { type: 'proposal', proposal: p2, block };
          send(node, msg, (to) => to.index % 2 === 0);
          send(node, other, (to) => to.index % 2 === 1);
          feed(node, { type: 'proposal', proposal, block: value.block, valid: true });
          break;
        }
        node.ownMsgs.push(msg);
        send(node, msg);
        feed(node, { type: 'proposal', proposal, block: value.block, valid: true });
        break;
      }
      case 'vote': {
        const vote = { ...a.vote, timestamp: msToTimestamp(BigInt(1_700_000_000_000 + now)) };
        vote.signature = ed25519Sign(node.key, voteSignBytes(chainId, vote));
        const msg: Msg = { type: 'vote', vote };
        if (node.index === o.byzantine) { // vote for the block to some, for nil to the others
          const nil = { ...vote, blockId: { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } } };
          nil.signature = ed25519Sign(node.key, voteSignBytes(chainId, nil));
          send(node, msg, (to) => to.index % 2 === 0);
          send(node, { type: 'vote', vote: nil }, (to) => to.index % 2 === 1);
          node.ownMsgs.push(msg, { type: 'vote', vote: nil }); // gossip later relays both: evidence
          feed(node, { type: 'vote', vote });
          break;
        }
        node.ownMsgs.push(msg);
        send(node, msg);
        feed(node, { type: 'vote', vote });
        break;
      }
      case 'decide': {
        const hash = toHex(a.blockId.hash);
        const prior = decidedBy.get(a.height);
        if (prior && prior !== hash) conflicts.push(`height ${a.height}: ${prior} vs ${hash}`);
        decidedBy.set(a.height, hash);
        node.committed.set(a.height, hash);
        const appHash = sha256(Buffer.concat([node.state.appHash, ...a.block.data.txs]));
        node.state = nextState(node.state, a.block, a.blockId, { appHash, lastResultsHash: sha256(appHash), validatorUpdates: [] });
        node.lastCommit = a.commit;
        node.ownMsgs = [];
        node.certs.set(a.height, { type: 'cert', block: a.block, commit: a.commit });
        feed(node, { type: 'blockCommitted', height: a.height, next: { height: a.height + 1n, validators: node.state.validators } });
        const held = node.heldProposals; node.heldProposals = [];
        for (const m of held) deliverProposal(node, m as Msg & { type: 'proposal' });
        break;
      }
      case 'evidence': evidence++; break;
      case 'rejected': break;
    }
  };

  for (const node of nodes) {
    feed(node, { type: 'startHeight', start: { height: 1n, validators: genesis.validators } });
    push(rng.int(100, 600), node.index, { type: 'gossip' });
  }
  const done = () => nodes.every((n) => n.index === o.byzantine || n.committed.size >= o.heights);
  while (queue.length > 0 && !done()) {
    const item = queue.shift()!;
    if (item.at > o.maxTimeMs) break;
    now = item.at;
    const node = nodes[item.node];
    const ev = item.ev;
    if (ev.type === 'gossip') {
      for (const m of node.ownMsgs) send(node, m);
      for (const peer of nodes) { // like CometBFT's catch-up gossip: serve a lagging peer its height
        const cert = node.certs.get(peer.state.lastBlockHeight + 1n);
        if (peer !== node && cert && (now >= o.gstMs || !rng.chance(o.dropPercent))) {
          push(now + rng.int(o.minDelay, o.maxDelay), peer.index, { type: 'deliver', msg: cert });
        }
      }
      push(now + 500, node.index, { type: 'gossip' });
    } else if (ev.type === 'deliver') {
      const m = ev.msg;
      if (m.type === 'proposal') deliverProposal(node, m);
      else if (m.type === 'vote') feed(node, { type: 'vote', vote: m.vote });
      else feed(node, { type: 'commitCertificate', block: m.block, commit: m.commit });
    } else feed(node, ev);
  }
  const committedHeights = nodes.map((n) => n.committed.size);
  return { committedHeights, conflicts, evidence, timeMs: now, maxRound };
}

import { blockIdOf } from '../../../src/consensus/hashing.js';
function blockIdOfBlock(block: Block): BlockID { return blockIdOf(block); }
