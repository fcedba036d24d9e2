// Deterministic in-memory network of consensus cores: seeded PRNG for delays and drops,
// simulated time, partitions that heal, crash/restart (a restarted node rebuilds its core from
// its WAL, as the driver does), and byzantine validators (equivocation, silence, junk votes).
// Safety is checked at every commit (and every honest signature is checked against the
// double-sign rule); liveness is what the caller checks from committedHeights.
import type { KeyObject } from 'node:crypto';
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit, Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import { SignedMsgType } from 'cosmjs-types/tendermint/types/types';
import {
  ConsensusCore, DEFAULT_CONSENSUS_OPTIONS, addressFromPubKey, blockIdKey, ed25519PrivateKeyObject, ed25519PublicKeyFromSeed, ed25519Sign,
  makeBlock, nextState, proposalSignBytes, proposalTimeMs, sha256, stateFromGenesis, toHex, validateBlock, voteSignBytes, blockIdOf,
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
export type ByzantineKind = 'equivocate' | 'silent' | 'junk';

interface SimNode {
  index: number;
  key: KeyObject;
  address: Uint8Array;
  core: ConsensusCore;
  state: ChainState;
  lastCommit?: Commit;
  ownMsgs: Msg[]; // own signed messages of the current height, re-gossiped
  certs: Map<bigint, Msg>; // commits we made, served to peers that are behind (block sync)
  heldProposals: Msg[]; // proposals for a height we have not reached yet
  committed: Map<bigint, string>;
  wal: ConsensusEvent[]; // events the core handled in the current height
  signed: Map<string, string>; // double-sign guard: "h:r:type" -> block id key
  down: boolean;
  byzantine?: ByzantineKind;
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
  /** Byzantine validators (their power must stay below 1/3) and how they misbehave. */
  byzantine?: number | number[];
  byzantineKind?: ByzantineKind;
  /** Until endMs, messages between groupA and the rest are lost (in both directions). */
  partition?: { startMs: number; endMs: number; groupA: number[] };
  /** Honest nodes that crash (losing timers and in-flight messages) and restart from their WAL. */
  crashes?: { node: number; atMs: number; downMs: number }[];
}

export interface SimResult {
  committedHeights: number[];
  conflicts: string[];
  evidence: number;
  timeMs: number;
  maxRound: number;
  restarts: number;
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

const T0 = 1_700_000_000_000;
type QueueEv = ConsensusEvent | { type: 'deliver'; msg: Msg; from: number } | { type: 'gossip' } | { type: 'crash' } | { type: 'restart' };

export function runSimulation(o: SimOptions): SimResult {
  const rng = new Prng(o.seed);
  const options = { ...DEFAULT_CONSENSUS_OPTIONS, ...o.options };
  const chainId = 'sim-chain';
  const byz = new Set(typeof o.byzantine === 'number' ? [o.byzantine] : o.byzantine ?? []);
  const keys = Array.from({ length: o.validators }, (_, i) => validatorKey(i));
  const genesis = stateFromGenesis({
    chainId, initialHeight: 1n, genesisTimeMs: BigInt(T0),
    validators: keys.map((k, i) => ({ pubKey: k.pubKey, power: o.powers?.[i] ?? 10n })),
  });
  const queue: { at: number; seq: number; node: number; ev: QueueEv }[] = [];
  let seq = 0;
  let now = 0;
  const push = (at: number, node: number, ev: QueueEv) => {
    const item = { at, seq: seq++, node, ev };
    let i = queue.length; // keep sorted by (at, seq): insertion from the back
    while (i > 0 && (queue[i - 1].at > at || (queue[i - 1].at === at && queue[i - 1].seq > item.seq))) i--;
    queue.splice(i, 0, item);
  };
  const conflicts: string[] = [];
  const decidedBy = new Map<bigint, string>();
  let evidence = 0;
  let maxRound = 0;
  let restarts = 0;

  const newCore = (address: Uint8Array) => new ConsensusCore({ chainId, ownAddress: address, options });
  const nodes: SimNode[] = keys.map((k, index) => ({
    index, key: k.key, address: addressFromPubKey(k.pubKey), core: newCore(addressFromPubKey(k.pubKey)),
    state: genesis, ownMsgs: [], heldProposals: [], committed: new Map(), certs: new Map(), wal: [], signed: new Map(), down: false,
    byzantine: byz.has(index) ? o.byzantineKind ?? 'equivocate' : undefined,
  }));

  const cutOff = (a: number, b: number) => {
    const p = o.partition;
    if (!p || now < p.startMs || now >= p.endMs) return false;
    return p.groupA.includes(a) !== p.groupA.includes(b);
  };
  const lossy = () => now < o.gstMs && rng.chance(o.dropPercent);
  const send = (from: SimNode, msg: Msg, only?: (to: SimNode) => boolean) => {
    if (from.byzantine === 'silent') return;
    for (const to of nodes) {
      if (to === from || (only && !only(to)) || cutOff(from.index, to.index) || lossy()) continue;
      push(now + rng.int(o.minDelay, o.maxDelay), to.index, { type: 'deliver', msg, from: from.index });
    }
  };

  /** During a restart: own proposals/votes already in the WAL ("p:round", "v:type:round"); they replay as events. */
  let replayOwn: Set<string> | null = null;
  const feed = (node: SimNode, ev: ConsensusEvent) => {
    node.wal.push(ev);
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

  const sign = (node: SimNode, vote: Vote): Vote => {
    const key = `${vote.height}:${vote.round}:${vote.type}`;
    const prior = node.signed.get(key);
    if (!node.byzantine && prior !== undefined && prior !== blockIdKey(vote.blockId)) {
      conflicts.push(`honest node ${node.index} double-signed ${key}`);
    }
    node.signed.set(key, blockIdKey(vote.blockId));
    const v = { ...vote, timestamp: msToTimestamp(BigInt(T0 + now)) };
    v.signature = ed25519Sign(node.key, voteSignBytes(chainId, v));
    return v;
  };

  const apply = (node: SimNode, a: ConsensusAction) => {
    switch (a.type) {
      case 'scheduleTimeout':
        push(now + a.durationMs, node.index, { type: 'timeout', height: a.height, round: a.round, step: a.step });
        break;
      case 'propose': {
        if (replayOwn?.has(`p:${a.round}`)) break; // signed before the crash: it replays as an event
        maxRound = Math.max(maxRound, a.round);
        const value = a.value ?? (() => {
          const txs = Array.from({ length: rng.int(0, 3) }, () => new Uint8Array([node.index, rng.int(0, 255), rng.int(0, 255)]));
          const block = makeBlock(node.state, a.height, txs, node.lastCommit, proposalTimeMs(node.state, BigInt(T0 + now)), node.address);
          return { block, blockId: blockIdOf(block) };
        })();
        const proposal: Proposal = {
          type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height: a.height, round: a.round, polRound: a.polRound,
          blockId: value.blockId, timestamp: msToTimestamp(BigInt(T0 + now)), signature: new Uint8Array(),
        };
        proposal.signature = ed25519Sign(node.key, proposalSignBytes(chainId, proposal));
        const msg: Msg = { type: 'proposal', proposal, block: value.block };
        if (node.byzantine === 'equivocate') { // a second, different block for the odd-indexed peers
          const txs = [new Uint8Array([0xee, rng.int(0, 255)])];
          const block = makeBlock(node.state, a.height, txs, node.lastCommit, value.block.header.time.seconds * 1000n + 1n, node.address);
          const p2: Proposal = { ...proposal, blockId: blockIdOf(block), signature: new Uint8Array() };
          p2.signature = ed25519Sign(node.key, proposalSignBytes(chainId, p2));
          send(node, msg, (to) => to.index % 2 === 0);
          send(node, { type: 'proposal', proposal: p2, block }, (to) => to.index % 2 === 1);
        } else {
          node.ownMsgs.push(msg);
          send(node, msg);
        }
        feed(node, { type: 'proposal', proposal, block: value.block, valid: true });
        break;
      }
      case 'vote': {
        if (replayOwn?.has(`v:${a.vote.type}:${a.vote.round}`)) break;
        let vote = a.vote;
        if (node.byzantine === 'junk') vote = { ...vote, blockId: junkBlockId(rng) };
        const signedVote = sign(node, vote);
        const msg: Msg = { type: 'vote', vote: signedVote };
        if (node.byzantine === 'equivocate') { // the block to some, nil to the others
          const nil = { ...signedVote, blockId: { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } } };
          nil.signature = ed25519Sign(node.key, voteSignBytes(chainId, nil));
          send(node, msg, (to) => to.index % 2 === 0);
          send(node, { type: 'vote', vote: nil }, (to) => to.index % 2 === 1);
          node.ownMsgs.push(msg, { type: 'vote', vote: nil }); // gossip later relays both: evidence
        } else {
          node.ownMsgs.push(msg);
          send(node, msg);
        }
        feed(node, { type: 'vote', vote: signedVote });
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
        node.wal = []; // end-of-height marker
        node.certs.set(a.height, { type: 'cert', block: a.block, commit: a.commit });
        feed(node, { type: 'blockCommitted', height: a.height, next: { height: a.height + 1n, validators: node.state.validators } });
        const held = node.heldProposals; node.heldProposals = [];
        for (const m of held) deliverProposal(node, m as Msg & { type: 'proposal' });
        break;
      }
      case 'evidence': evidence++; break;
      case 'missingBlock': case 'rejected': break;
    }
  };

  /** The driver's restart: a fresh core at the next height, the WAL replayed, own votes re-sent. */
  const restart = (node: SimNode) => {
    restarts++;
    node.down = false;
    node.core = newCore(node.address);
    const wal = node.wal;
    node.wal = [];
    const mine = (addr: Uint8Array | undefined) => addr !== undefined && Buffer.from(addr).equals(Buffer.from(node.address));
    replayOwn = new Set(wal.flatMap((ev) => ev.type === 'vote' && mine(ev.vote.validatorAddress) ? [`v:${ev.vote.type}:${ev.vote.round}`]
      : ev.type === 'proposal' && mine(ev.block.header?.proposerAddress) ? [`p:${ev.proposal.round}`] : []));
    try {
      feed(node, { type: 'startHeight', start: { height: node.state.lastBlockHeight + 1n, validators: node.state.validators } });
      for (const ev of wal) {
        if (ev.type === 'startHeight') continue;
        if (ev.type === 'vote' && mine(ev.vote.validatorAddress)) send(node, { type: 'vote', vote: ev.vote }); // re-sent
        feed(node, ev);
      }
    } finally { replayOwn = null; }
  };

  for (const c of o.crashes ?? []) {
    push(c.atMs, c.node, { type: 'crash' });
    push(c.atMs + c.downMs, c.node, { type: 'restart' });
  }
  for (const node of nodes) {
    feed(node, { type: 'startHeight', start: { height: 1n, validators: genesis.validators } });
    push(rng.int(100, 600), node.index, { type: 'gossip' });
  }
  const done = () => nodes.every((n) => n.byzantine || n.committed.size >= o.heights);
  while (queue.length > 0 && !done()) {
    const item = queue.shift()!;
    if (item.at > o.maxTimeMs) break;
    now = item.at;
    const node = nodes[item.node];
    const ev = item.ev;
    if (ev.type === 'crash') { node.down = true; continue; }
    if (ev.type === 'restart') { restart(node); push(now + 500, node.index, { type: 'gossip' }); continue; }
    if (node.down) continue; // a crashed node loses its timers and everything sent to it
    if (ev.type === 'gossip') {
      for (const m of node.ownMsgs) send(node, m);
      for (const peer of nodes) { // like block sync: serve a lagging peer its next height
        const cert = node.certs.get(peer.state.lastBlockHeight + 1n);
        if (peer !== node && cert && !cutOff(node.index, peer.index) && !lossy()) {
          push(now + rng.int(o.minDelay, o.maxDelay), peer.index, { type: 'deliver', msg: cert, from: node.index });
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
  return { committedHeights, conflicts, evidence, timeMs: now, maxRound, restarts };
}

function junkBlockId(rng: Prng): BlockID {
  const hash = sha256(new Uint8Array([rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)]));
  return { hash, partSetHeader: { total: 1, hash } };
}

/**
 * A random scenario for a seed: 4..10 validators with random powers, byzantine validators
 * holding < 1/3 of the power, maybe a partition that heals, maybe honest crashes.
 */
export function randomScenario(seed: number, base: Partial<SimOptions> = {}): SimOptions {
  const rng = new Prng(seed ^ 0x5eed);
  const n = rng.int(4, 10);
  const powers = Array.from({ length: n }, () => BigInt(rng.int(1, 20)));
  const total = powers.reduce((a, b) => a + b, 0n);
  const byzantine: number[] = [];
  let byzPower = 0n;
  if (rng.chance(70)) {
    for (const i of Array.from({ length: n }, (_, k) => k).filter(() => rng.chance(40))) {
      if ((byzPower + powers[i]) * 3n < total) { byzantine.push(i); byzPower += powers[i]; }
    }
  }
  const kinds: ByzantineKind[] = ['equivocate', 'silent', 'junk'];
  const honest = Array.from({ length: n }, (_, i) => i).filter((i) => !byzantine.includes(i));
  const gstMs = rng.int(1000, 4000);
  const partition = rng.chance(40)
    ? { startMs: rng.int(0, 1000), endMs: gstMs, groupA: honest.filter(() => rng.chance(50)) }
    : undefined;
  const crashes = rng.chance(40)
    ? honest.filter(() => rng.chance(25)).map((node) => ({ node, atMs: rng.int(100, 2500), downMs: rng.int(100, 1500) }))
    : undefined;
  return {
    seed, validators: n, powers, heights: 3, dropPercent: rng.int(0, 30), minDelay: 1, maxDelay: rng.int(20, 200),
    gstMs: Math.max(gstMs, ...(crashes ?? []).map((c) => c.atMs + c.downMs)), maxTimeMs: 180_000,
    byzantine, byzantineKind: kinds[rng.int(0, 2)], partition, crashes, ...base,
  };
}

/** The check CI and the long run share: safety always, liveness after GST. Returns a failure text or null. */
export function checkScenario(o: SimOptions): { failure: string | null; result: SimResult } {
  const r = runSimulation(o);
  const byz = new Set(typeof o.byzantine === 'number' ? [o.byzantine] : o.byzantine ?? []);
  if (r.conflicts.length > 0) return { failure: `SAFETY: ${r.conflicts.join('; ')}`, result: r };
  const stuck = r.committedHeights.map((h, i) => ({ h, i })).filter(({ h, i }) => !byz.has(i) && h < o.heights);
  if (stuck.length > 0) return { failure: `LIVENESS: honest nodes ${stuck.map((s) => `${s.i}@${s.h}`).join(',')} short of ${o.heights} heights`, result: r };
  return { failure: null, result: r };
}

/** How to reproduce a failing run. */
export function reproduce(o: SimOptions): string {
  return `seed ${o.seed}; options ${JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`;
}
