// Runs the pure core for real: timers, the signer (one place for the double-sign guard), the
// application (execute + atomic commit) and the transport. Events are handled one at a time,
// in arrival order, by a serial loop (as CometBFT's receiveRoutine).
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import { SignedMsgType, type BlockID, type Commit, type Proposal, type Vote } from 'cosmjs-types/tendermint/types/types';
import { emptyCommit, makeBlock, proposalTimeMs, validateBlock } from './block.js';
import { bytesEqual, toHex } from './bytes.js';
import { nextState, type ChainState } from './chainState.js';
import { encodeChainState } from './chainStateCodec.js';
import { ConsensusCore } from './core.js';
import { ConsensusError } from './errors.js';
import { blockIdOf, encodeBlock } from './hashing.js';
import type { BlockExecutor, ConsensusMessage, ConsensusWal, Logger, Transport } from './interface.js';
import { silentLogger } from './interface.js';
import type { BlockContext } from '../types/abci.js';
import { DEFAULT_CONSENSUS_OPTIONS, type ConsensusOptions } from './options.js';
import type { PrivValidator } from './privval.js';
import { msToTimestamp } from './time.js';
import { NoopTransport } from './transport.js';
import type { ConsensusAction, ConsensusEvent, HeightStart } from './types.js';

export interface DriverModules {
  /** The last committed chain state (from disk after a restart, or genesis). */
  state: ChainState;
  /** The seen commit of state.lastBlockHeight; required once a block exists (the next header carries it). */
  lastCommit?: Commit;
  privval: PrivValidator;
  executor: BlockExecutor;
  transport?: Transport;
  /** Wall clock in ms: block and vote timestamps only, never consensus decisions. */
  clock: () => bigint;
  logger?: Logger;
  wal?: ConsensusWal;
}

export type CommitListener = (state: ChainState, block: Block, blockId: BlockID, commit: Commit) => void;

const MAX_HELD_PROPOSALS = 64;
/** Room kept for the header, last commit and framing when reaping txs. */
const BLOCK_OVERHEAD_MARGIN = 1024;

export class ConsensusDriver {
  private readonly opts: ConsensusOptions;
  private readonly core: ConsensusCore;
  private readonly transport: Transport;
  private readonly log: Logger;
  private state: ChainState;
  private lastCommit: Commit | undefined;
  private readonly queue: ConsensusEvent[] = [];
  private pumping: Promise<void> | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly commitListeners: CommitListener[] = [];
  private heldProposals: ConsensusMessage[] = [];
  private txsAvailable = false;
  private running = false;
  private unsubscribe: (() => void) | null = null;
  private fatal: Error | null = null;
  private readonly haltListeners: ((err: Error) => void)[] = [];

  constructor(opts: Partial<ConsensusOptions>, private readonly m: DriverModules) {
    this.opts = { ...DEFAULT_CONSENSUS_OPTIONS, ...opts };
    this.state = m.state;
    this.lastCommit = m.lastCommit;
    this.transport = m.transport ?? new NoopTransport();
    this.log = m.logger ?? silentLogger;
    this.core = new ConsensusCore({ chainId: m.state.chainId, ownAddress: m.privval.address, options: this.opts });
  }

  get chainState(): ChainState { return this.state; }
  get roundState() { return this.core.roundState; }
  /** Set when block execution or storage failed: the driver has stopped. */
  get error(): Error | null { return this.fatal; }

  /** Called once if block execution or storage fails and the driver stops for good. */
  onHalt(cb: (err: Error) => void): void {
    this.haltListeners.push(cb);
  }

  onCommit(cb: CommitListener): () => void {
    this.commitListeners.push(cb);
    return () => { const i = this.commitListeners.indexOf(cb); if (i >= 0) this.commitListeners.splice(i, 1); };
  }

  /** The mempool calls this when it holds txs (needed when createEmptyBlocks is false). */
  notifyTxsAvailable(): void {
    if (this.txsAvailable) return;
    this.txsAvailable = true;
    this.enqueue({ type: 'txsAvailable' });
  }

  async start(): Promise<void> {
    if (this.running) return;
    const s = this.state;
    if (s.lastBlockHeight >= s.initialHeight && !this.lastCommit) {
      throw new ConsensusError('CONSENSUS_INVALID_COMMIT', 'the seen commit of the last block is needed to continue the chain', { height: s.lastBlockHeight });
    }
    this.running = true;
    this.unsubscribe = this.transport.onMessage((msg) => this.onNetworkMessage(msg));
    const height = s.lastBlockHeight + 1n;
    // After a restart the signer may already have signed in this height: start one round
    // later instead of being refused (the WAL of the next issue will replay instead).
    const last = this.m.privval.lastSigned;
    const round = last && last.height === height ? last.round + 1 : 0;
    this.log.info('consensus starting', { height, round });
    this.enqueue({ type: 'startHeight', start: this.heightStart(height, true, round) });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    if (this.pumping) await this.pumping; // let a block being stored finish
  }

  private heightStart(height: bigint, needProofBlock: boolean, round = 0): HeightStart {
    return { height, validators: this.state.validators, needProofBlock, txsAvailable: this.txsAvailable, round };
  }

  private onNetworkMessage(msg: ConsensusMessage): void {
    if (msg?.type === 'vote' && msg.vote) this.enqueue({ type: 'vote', vote: msg.vote });
    else if (msg?.type === 'proposal' && msg.proposal && msg.block) this.enqueueProposal(msg.proposal, msg.block, false);
  }

  // ---- the serial loop ----

  private enqueue(ev: ConsensusEvent): void {
    if (!this.running) return;
    this.queue.push(ev);
    if (!this.pumping) this.pumping = this.pump().finally(() => { this.pumping = null; });
  }

  /** Proposals from peers are checked by the application first; their verdict rides in the event. */
  private enqueueProposal(proposal: Proposal, block: Block, own: boolean): void {
    this.enqueue({ type: 'proposal', proposal, block, valid: own });
  }

  private async pump(): Promise<void> {
    while (this.running && this.queue.length > 0) {
      const ev = this.queue.shift()!;
      try {
        await this.process(ev);
      } catch (err) {
        this.fatal = err as Error;
        this.log.error('consensus halted', { error: (err as Error).message, event: ev.type });
        this.running = false;
        for (const t of this.timers) clearTimeout(t);
        this.timers.clear();
        for (const cb of this.haltListeners) cb(this.fatal);
      }
    }
  }

  private async process(ev: ConsensusEvent): Promise<void> {
    if (ev.type === 'proposal' && !ev.valid) {
      const verdict = await this.checkProposal(ev.proposal, ev.block);
      if (verdict === 'hold' || verdict === 'drop') return;
      ev = { ...ev, valid: verdict === 'valid' };
    }
    await this.m.wal?.append({ type: 'event', event: ev });
    const actions = this.core.handle(ev);
    for (const a of actions) await this.apply(a);
  }

  private async checkProposal(proposal: Proposal, block: Block): Promise<'valid' | 'invalid' | 'hold' | 'drop'> {
    const next = this.state.lastBlockHeight + 1n;
    const height = block?.header?.height;
    if (typeof height !== 'bigint' || height !== proposal.height || height < next) return 'drop';
    if (height > next) {
      if (this.heldProposals.length < MAX_HELD_PROPOSALS) this.heldProposals.push({ type: 'proposal', proposal, block });
      return 'hold';
    }
    try {
      validateBlock(this.state, block);
      await this.m.executor.checkProposal(block);
      return 'valid';
    } catch (err) {
      this.log.debug('proposal rejected', { height, reason: (err as Error).message });
      return 'invalid';
    }
  }

  private async apply(a: ConsensusAction): Promise<void> {
    switch (a.type) {
      case 'scheduleTimeout': return this.schedule(a);
      case 'propose': return this.propose(a);
      case 'vote': return this.signAndSendVote(a.vote);
      case 'decide': return this.commit(a.height, a.block, a.blockId, a.commit);
      case 'evidence':
        this.log.warn('duplicate vote seen', { validator: toHex(a.evidence.voteA.validatorAddress), height: a.evidence.voteA.height });
        return;
      case 'rejected':
        this.log.debug('consensus message rejected', { reason: a.reason });
        return;
    }
  }

  private schedule(a: Extract<ConsensusAction, { type: 'scheduleTimeout' }>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue({ type: 'timeout', height: a.height, round: a.round, step: a.step });
    }, a.durationMs);
    this.timers.add(t);
  }

  private propose(a: Extract<ConsensusAction, { type: 'propose' }>): void {
    const value = a.value ?? this.buildBlock(a.height);
    const unsigned: Proposal = {
      type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height: a.height, round: a.round, polRound: a.polRound,
      blockId: value.blockId, timestamp: msToTimestamp(this.m.clock()), signature: new Uint8Array(),
    };
    let proposal: Proposal;
    try {
      proposal = this.m.privval.signProposal(this.state.chainId, unsigned);
    } catch (err) {
      this.log.warn('signer refused to sign a proposal', { height: a.height, round: a.round, reason: (err as Error).message });
      return;
    }
    this.transport.broadcast({ type: 'proposal', proposal, block: value.block });
    this.enqueueProposal(proposal, value.block, true);
  }

  private buildBlock(height: bigint): { block: Block; blockId: BlockID } {
    const s = this.state;
    const time = proposalTimeMs(s, this.m.clock());
    const lastCommit = height === s.initialHeight ? emptyCommit() : this.lastCommit;
    const emptySize = encodeBlock(makeBlock(s, height, [], lastCommit, time, this.m.privval.address)).length;
    const budget = Number(s.consensusParams.blockMaxBytes) - emptySize - BLOCK_OVERHEAD_MARGIN;
    const txs = budget > 0 ? this.m.executor.reapTxs(budget, s.consensusParams.blockMaxGas) : [];
    const block = makeBlock(s, height, txs, lastCommit, time, this.m.privval.address);
    return { block, blockId: blockIdOf(block) };
  }

  private signAndSendVote(unsigned: Vote): void {
    let vote: Vote;
    try {
      vote = this.m.privval.signVote(this.state.chainId, { ...unsigned, timestamp: msToTimestamp(this.m.clock()) });
    } catch (err) {
      this.log.warn('signer refused to sign a vote', { height: unsigned.height, round: unsigned.round, reason: (err as Error).message });
      return;
    }
    this.transport.broadcast({ type: 'vote', vote });
    this.enqueue({ type: 'vote', vote });
  }

  /** Execute, then store block + commit + results + app state + chain state in one batch. */
  private async commit(height: bigint, block: Block, blockId: BlockID, commit: Commit): Promise<void> {
    const prev = this.state;
    const outcome = await this.m.executor.executeBlock(block, lastCommitContext(prev, block));
    const next = nextState(prev, block, blockId, outcome);
    await this.m.executor.commitBlock(block, blockId, commit, encodeChainState(next));
    await this.m.wal?.append({ type: 'endHeight', height });
    this.state = next;
    this.lastCommit = commit;
    const hadTxs = block.data.txs.length > 0;
    this.txsAvailable = false;
    this.log.info('committed block', { height, txs: block.data.txs.length, appHash: toHex(next.appHash) });
    for (const cb of this.commitListeners) {
      try { cb(next, block, blockId, commit); } catch (err) { this.log.error('commit listener failed', { error: (err as Error).message }); }
    }
    // A block whose txs changed the app hash needs a next block to carry it (proof block).
    const needProof = hadTxs || !bytesEqual(prev.appHash, next.appHash);
    for (const a of this.core.handle({ type: 'blockCommitted', height, next: this.heightStart(height + 1n, needProof) })) await this.apply(a);
    const held = this.heldProposals;
    this.heldProposals = [];
    for (const m of held) if (m.type === 'proposal') this.enqueueProposal(m.proposal, m.block, false);
  }
}

/** Who signed the block's last commit, by the set that was asked to (state.lastValidators). */
function lastCommitContext(prev: ChainState, block: Block): BlockContext {
  const sigs = block.lastCommit?.signatures ?? [];
  const lastCommit = prev.lastValidators.validators.map((v, i) => ({
    address: v.address,
    power: v.votingPower,
    signed: sigs[i]?.blockIdFlag === BlockIDFlag.BLOCK_ID_FLAG_COMMIT,
  }));
  return { lastCommit, misbehavior: [], proposer: block.header!.proposerAddress };
}
