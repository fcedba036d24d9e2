// Runs the pure core for real: timers, the signer (one place for the double-sign guard), the
// WAL, the application (execute + atomic commit), evidence, block sync and the transport.
// Events are handled one at a time, in arrival order, by a serial loop (CometBFT's receiveRoutine).
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { SignedMsgType, type BlockID, type Commit, type Proposal, type Vote } from 'cosmjs-types/tendermint/types/types';
import { emptyCommit, makeBlock, proposalTimeMs, validateBlock, verifyCommit } from './block.js';
import { BlockSync, SyncRejection } from './blockSync.js';
import { bytesEqual, toHex } from './bytes.js';
import { nextState, type ChainState } from './chainState.js';
import { encodeChainState } from './chainStateCodec.js';
import { ConsensusCore } from './core.js';
import { ConsensusError } from './errors.js';
import { blockContext } from './blockContext.js';
import { EvidenceError, EvidencePool } from './evidencePool.js';
import { OwnMessages } from './ownMessages.js';
import { blockIdOf, encodeBlock } from './hashing.js';
import type { BlockExecutor, BlockSource, ConsensusMessage, ConsensusWal, Logger, SyncedBlock, Transport } from './interface.js';
import { silentLogger } from './interface.js';
import { sha256 } from './merkle.js';
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
  /** Wall clock in ms: block and vote timestamps and I/O pacing only, never consensus decisions. */
  clock: () => bigint;
  logger?: Logger;
  /** With replayFor (FileWal): a restart inside a height replays it instead of skipping a round. */
  wal?: ConsensusWal;
  /** Where a node that is behind fetches committed blocks. */
  blockSource?: BlockSource;
}

export type CommitListener = (state: ChainState, block: Block, blockId: BlockID, commit: Commit) => void;

type QueueItem =
  | { kind: 'event'; ev: ConsensusEvent; from?: string; logged?: boolean }
  | { kind: 'synced'; sb: SyncedBlock; done: (err?: Error) => void }
  | { kind: 'replayDone' }
  | { kind: 'syncDone'; applied: boolean };

const MAX_HELD_PROPOSALS = 64;
/** Room kept for the header, last commit and framing when reaping txs. */
const BLOCK_OVERHEAD_MARGIN = 1024;

export class ConsensusDriver {
  private readonly opts: ConsensusOptions;
  private readonly core: ConsensusCore;
  private readonly transport: Transport;
  private readonly log: Logger;
  /** Verified duplicate votes, pending until a block carries them. */
  readonly evidence: EvidencePool;
  private state: ChainState;
  private lastCommit: Commit | undefined;
  private readonly queue: QueueItem[] = [];
  private pumping: Promise<void> | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly commitListeners: CommitListener[] = [];
  private heldProposals: ConsensusMessage[] = [];
  /** Own signed events made while handling one item: handled next, in order (WAL order = handling order). */
  private ownNext: ConsensusEvent[] = [];
  /** Own messages of the current height, re-sent when the height stalls. */
  private readonly own: OwnMessages;
  /** During WAL replay: own votes/proposals already in the WAL ("v:type:round" / "p:round"). */
  private replayOwn: Set<string> | null = null;
  private readonly sync: BlockSync | null;
  /** Proposals of this height already checked (a re-sent proposal is not validated again). */
  private seenProposals = new Set<string>();
  /** The core still sits at a height block sync has already stored: its events are moot. */
  private coreStale = false;
  private lastProgressMs = 0n;
  /** When the core decided the current height's block (wall clock, for pacing only). */
  private decidedAtMs: bigint | undefined;
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
    this.own = new OwnMessages(this.transport, m.privval.address);
    this.log = m.logger ?? silentLogger;
    this.core = new ConsensusCore({ chainId: m.state.chainId, ownAddress: m.privval.address, options: this.opts });
    this.evidence = new EvidencePool(m.state.chainId);
    this.sync = m.blockSource ? new BlockSync(m.blockSource, {
      nextHeight: () => this.state.lastBlockHeight + 1n,
      apply: (sb) => new Promise<void>((resolve, reject) => this.push({ kind: 'synced', sb, done: (err) => (err ? reject(err) : resolve()) })),
      finished: (applied) => this.push({ kind: 'syncDone', applied: applied > 0 }),
      log: this.log,
    }) : null;
  }

  get chainState(): ChainState { return this.state; }
  get roundState() { return this.core.roundState; }
  /** True while block sync is fetching and applying blocks. */
  get syncing(): boolean { return this.sync?.running ?? false; }
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
    const height = s.lastBlockHeight + 1n;
    const replay = this.m.wal?.replayFor?.(height); // throws on a damaged WAL: before anything runs
    this.running = true;
    this.lastProgressMs = this.m.clock();
    this.evidence.recordValidators(height, s.validators);
    if (s.lastBlockHeight >= s.initialHeight) {
      this.evidence.recordValidators(s.lastBlockHeight, s.lastValidators);
      this.evidence.recordCommit(s.lastBlockHeight, s.lastBlockTime);
    }
    this.unsubscribe = this.transport.onMessage((msg, from) => this.onNetworkMessage(msg, from));
    let round: number;
    if (replay && replay.events.length > 0) {
      round = replay.startRound;
      this.replayOwn = new Set(replay.events.flatMap((ev) => this.own.keyOf(ev) ?? []));
    } else {
      // Nothing to replay: the signer may already have signed in this height; start one round later.
      const last = this.m.privval.lastSigned;
      round = last && last.height === height ? last.round + 1 : 0;
    }
    this.log.info('consensus starting', { height, round, replayEvents: replay?.events.length ?? 0 });
    this.push({ kind: 'event', ev: { type: 'startHeight', start: this.heightStart(height, true, round) } });
    if (replay && replay.events.length > 0) {
      for (const ev of replay.events) this.push({ kind: 'event', ev, logged: true, from: 'wal' });
      this.push({ kind: 'replayDone' });
    }
    this.every(this.opts.syncPollMs, () => this.pollSync(false));
    this.every(this.opts.rebroadcastMs, () => this.rebroadcast());
    this.pollSync(false);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.sync?.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const item of this.queue) if (item.kind === 'synced') item.done(new Error('stopped'));
    this.queue.length = 0;
    if (this.pumping) await this.pumping; // let a block being stored finish
  }

  private heightStart(height: bigint, needProofBlock: boolean, round = 0): HeightStart {
    return { height, validators: this.state.validators, needProofBlock, txsAvailable: this.txsAvailable, round };
  }

  private onNetworkMessage(msg: ConsensusMessage, from: string): void {
    if (msg?.type === 'vote' && msg.vote) this.enqueue({ type: 'vote', vote: msg.vote }, from);
    else if (msg?.type === 'proposal' && msg.proposal && msg.block) this.enqueue({ type: 'proposal', proposal: msg.proposal, block: msg.block, valid: false }, from);
    else if (msg?.type === 'evidence' && msg.evidence) {
      try {
        if (this.evidence.addFromPeer(msg.evidence) === 'added') {
          this.log.info('evidence received', { height: msg.evidence.voteA?.height });
          this.transport.relay?.(msg);
        }
      } catch (err) {
        if (!(err instanceof EvidenceError)) throw err;
        this.transport.reportInvalid(from, `evidence: ${err.message}`);
      }
    }
  }

  // ---- the serial loop ----

  private enqueue(ev: ConsensusEvent, from?: string): void {
    this.push({ kind: 'event', ev, from });
  }

  private push(item: QueueItem): void {
    if (!this.running) { if (item.kind === 'synced') item.done(new Error('stopped')); return; }
    this.queue.push(item);
    if (!this.pumping) this.pumping = this.pump().finally(() => { this.pumping = null; });
  }

  private async pump(): Promise<void> {
    while (this.running && this.queue.length > 0) {
      const item = this.queue.shift()!;
      try {
        await this.process(item);
        if (this.ownNext.length > 0) {
          const own = this.ownNext.map((ev): QueueItem => ({ kind: 'event', ev, logged: true }));
          this.ownNext = [];
          this.queue.unshift(...own);
        }
      } catch (err) {
        this.halt(err as Error, item.kind === 'event' ? item.ev.type : item.kind);
        if (item.kind === 'synced') item.done(err as Error);
      }
    }
  }

  private halt(err: Error, what: string): void {
    this.fatal = err;
    this.log.error('consensus halted', { error: err.message, event: what });
    this.running = false;
    this.sync?.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const cb of this.haltListeners) cb(err);
  }

  private async process(item: QueueItem): Promise<void> {
    if (item.kind === 'replayDone') { this.replayOwn = null; return; }
    if (item.kind === 'synced') return this.applySynced(item.sb, item.done);
    if (item.kind === 'syncDone') return this.afterSync(item.applied);
    let ev = item.ev;
    if (this.coreStale && ev.type !== 'txsAvailable') return; // block sync is ahead of the core
    if (ev.type === 'proposal' && !ev.valid && !item.logged) {
      const key = `${ev.proposal?.height}:${ev.proposal?.round}:${Buffer.from(ev.proposal?.signature ?? []).toString('hex')}`;
      if (this.seenProposals.has(key)) return;
      const verdict = await this.checkProposal(ev.proposal, ev.block);
      if (verdict === 'hold' || verdict === 'drop') return;
      if (this.seenProposals.size < MAX_HELD_PROPOSALS * 4) this.seenProposals.add(key);
      ev = { ...ev, valid: verdict === 'valid' };
    }
    if (!item.logged) await this.m.wal?.append({ type: 'event', event: ev });
    if (item.from === 'wal' && this.own.keyOf(ev)) this.own.send(ev); // our own signed message, re-sent after a crash
    const actions = this.core.handle(ev);
    if (item.from && item.from !== 'wal' && !actions.some((a) => a.type === 'rejected')) this.relayChecked(ev);
    for (const a of actions) await this.apply(a, item.from);
  }

  /** A peer's vote or proposal of our height passed the core's checks: it may travel on. */
  private relayChecked(ev: ConsensusEvent): void {
    if (ev.type === 'vote' && ev.vote.height === this.state.lastBlockHeight + 1n) this.transport.relay?.({ type: 'vote', vote: ev.vote });
    else if (ev.type === 'proposal') this.transport.relay?.({ type: 'proposal', proposal: ev.proposal, block: ev.block });
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
      validateBlock(this.state, block, (b) => { this.evidence.verifyBlockEvidence(b); });
      await this.m.executor.checkProposal(block);
      return 'valid';
    } catch (err) {
      this.log.debug('proposal rejected', { height, reason: (err as Error).message });
      return 'invalid';
    }
  }

  private async apply(a: ConsensusAction, from?: string): Promise<void> {
    switch (a.type) {
      case 'scheduleTimeout': return this.schedule(a);
      case 'propose':
        if (this.replayOwn?.has(`p:${a.round}`)) return; // already signed and logged: it replays as an event
        return this.propose(a);
      case 'vote':
        if (this.replayOwn?.has(`v:${a.vote.type}:${a.vote.round}`)) return;
        return this.signAndSendVote(a.vote);
      case 'decide':
        this.decidedAtMs = this.m.clock();
        return this.commit(a.height, a.block, a.blockId, a.commit);
      case 'evidence': {
        this.log.warn('duplicate vote seen', { validator: toHex(a.evidence.voteA.validatorAddress), height: a.evidence.voteA.height });
        const ev = this.evidence.addDuplicateVote(a.evidence);
        if (ev) this.transport.broadcast({ type: 'evidence', evidence: ev });
        return;
      }
      case 'missingBlock':
        this.log.info('+2/3 precommitted a block we do not have', { height: a.height, round: a.round });
        this.pollSync(true);
        return;
      case 'rejected':
        this.log.debug('consensus message rejected', { reason: a.reason });
        if (from && from !== 'wal' && /signature|not signed/.test(a.reason)) this.transport.reportInvalid(from, a.reason);
        return;
    }
  }

  private schedule(a: Extract<ConsensusAction, { type: 'scheduleTimeout' }>): void {
    // As CometBFT, the next height starts timeout_commit after the decision, not after the
    // block was executed and stored: a slow block does not stretch the block interval.
    const spent = a.step === 'commit' && this.decidedAtMs !== undefined ? Number(this.m.clock() - this.decidedAtMs) : 0;
    this.after(Math.max(0, a.durationMs - spent), () => this.enqueue({ type: 'timeout', height: a.height, round: a.round, step: a.step }));
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
  }

  private every(ms: number, fn: () => void): void {
    this.after(ms, () => { if (!this.running) return; fn(); this.every(ms, fn); });
  }

  private async propose(a: Extract<ConsensusAction, { type: 'propose' }>): Promise<void> {
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
    await this.sendOwn({ type: 'proposal', proposal, block: value.block, valid: true });
  }

  private buildBlock(height: bigint): { block: Block; blockId: BlockID } {
    const s = this.state;
    const time = proposalTimeMs(s, this.m.clock());
    const lastCommit = height === s.initialHeight ? emptyCommit() : this.lastCommit;
    const evidence = this.evidence.pending(height);
    const emptySize = encodeBlock(makeBlock(s, height, [], lastCommit, time, this.m.privval.address, evidence)).length;
    const budget = Number(s.consensusParams.blockMaxBytes) - emptySize - BLOCK_OVERHEAD_MARGIN;
    const txs = budget > 0 ? this.m.executor.reapTxs(budget, s.consensusParams.blockMaxGas) : [];
    const block = makeBlock(s, height, txs, lastCommit, time, this.m.privval.address, evidence);
    return { block, blockId: blockIdOf(block) };
  }

  private async signAndSendVote(unsigned: Vote): Promise<void> {
    let vote: Vote;
    try {
      vote = this.m.privval.signVote(this.state.chainId, { ...unsigned, timestamp: msToTimestamp(this.m.clock()) });
    } catch (err) {
      this.log.warn('signer refused to sign a vote', { height: unsigned.height, round: unsigned.round, reason: (err as Error).message });
      return;
    }
    await this.sendOwn({ type: 'vote', vote });
    if (this.opts.equivocate && vote.type === SignedMsgType.SIGNED_MSG_TYPE_PREVOTE && this.m.privval.signVoteUnguarded) {
      const junk = sha256(Buffer.concat([Buffer.from('equivocate'), vote.signature]));
      const second = this.m.privval.signVoteUnguarded(this.state.chainId, { ...vote, blockId: { hash: junk, partSetHeader: { total: 1, hash: junk } } });
      this.log.warn('TEST equivocation: sent a second prevote', { height: vote.height, round: vote.round });
      this.transport.broadcast({ type: 'vote', vote: second });
    }
  }

  /** Own signed message: logged and fsynced BEFORE it leaves, then handled right after the current item. */
  private async sendOwn(ev: Extract<ConsensusEvent, { type: 'vote' } | { type: 'proposal' }>): Promise<void> {
    await this.m.wal?.append({ type: 'event', event: ev }, { fsync: true });
    this.own.send(ev);
    this.ownNext.push(ev);
  }

  /** Liveness: a height that has not committed for a while re-sends what we signed in it. */
  private rebroadcast(): void {
    if (this.m.clock() - this.lastProgressMs < BigInt(this.opts.rebroadcastMs)) return;
    this.own.resendHeight(this.core.roundState.height);
  }

  // ---- committing: decided by our core, or fetched by block sync ----

  private async commit(height: bigint, block: Block, blockId: BlockID, commit: Commit): Promise<void> {
    const prev = this.state;
    await this.store(block, blockId, commit);
    // A block whose txs changed the app hash needs a next block to carry it (proof block).
    const needProof = block.data.txs.length > 0 || !bytesEqual(prev.appHash, this.state.appHash);
    for (const a of this.core.handle({ type: 'blockCommitted', height, next: this.heightStart(height + 1n, needProof) })) await this.apply(a);
    this.releaseHeldProposals();
  }

  /** Execute, then store block + commit + results + app state + chain state in one batch. */
  private async store(block: Block, blockId: BlockID, commit: Commit): Promise<void> {
    const prev = this.state;
    const height = block.header.height;
    const outcome = await this.m.executor.executeBlock(block, blockContext(prev, block));
    const next = nextState(prev, block, blockId, outcome);
    await this.m.executor.commitBlock(block, blockId, commit, encodeChainState(next));
    await this.m.wal?.append({ type: 'endHeight', height });
    this.state = next;
    this.lastCommit = commit;
    this.txsAvailable = false;
    this.own.clear();
    this.seenProposals.clear();
    this.lastProgressMs = this.m.clock();
    this.evidence.markCommitted(block);
    this.evidence.recordCommit(height, next.lastBlockTime);
    this.evidence.recordValidators(height + 1n, next.validators);
    this.log.info('committed block', { height, round: commit.round, txs: block.data.txs.length, appHash: toHex(next.appHash) });
    for (const cb of this.commitListeners) {
      try { cb(next, block, blockId, commit); } catch (err) { this.log.error('commit listener failed', { error: (err as Error).message }); }
    }
  }

  private releaseHeldProposals(): void {
    const held = this.heldProposals;
    this.heldProposals = [];
    for (const m of held) if (m.type === 'proposal') this.enqueue({ type: 'proposal', proposal: m.proposal, block: m.block, valid: false });
  }

  // ---- block sync ----

  /** Start block sync when peers are 2+ heights ahead, or 1 ahead and this height is stuck. */
  private pollSync(stuck: boolean): void {
    const source = this.m.blockSource;
    if (!this.sync || !source || this.sync.running || !this.running) return;
    const next = this.state.lastBlockHeight + 1n;
    const peer = source.maxPeerHeight();
    const stalled = stuck || this.m.clock() - this.lastProgressMs >= BigInt(this.opts.syncStallMs);
    if (peer > next || (peer >= next && stalled)) {
      this.log.info('block sync starting', { from: next, peerHeight: peer });
      this.sync.start();
    }
  }

  private async applySynced(sb: SyncedBlock, done: (err?: Error) => void): Promise<void> {
    const height = this.state.lastBlockHeight + 1n;
    if (sb.block?.header?.height !== undefined && sb.block.header.height < height) return done(); // consensus got there first
    let blockId: BlockID;
    try {
      if (sb.block?.header?.height !== height) throw new Error(`block is for height ${sb.block?.header?.height}, wanted ${height}`);
      blockId = blockIdOf(sb.block);
      verifyCommit(this.state.chainId, this.state.validators, blockId, height, sb.commit);
      validateBlock(this.state, sb.block, (b) => { this.evidence.verifyBlockEvidence(b, true); });
    } catch (err) {
      return done(new SyncRejection((err as Error).message));
    }
    await this.store(sb.block, blockId, sb.commit);
    this.coreStale = true;
    done();
  }

  /** Sync ended: if it stored blocks, consensus restarts at the next height (no timeoutCommit wait). */
  private afterSync(applied: boolean): void {
    if (!applied || !this.coreStale) return;
    this.coreStale = false;
    const height = this.state.lastBlockHeight + 1n;
    const last = this.m.privval.lastSigned;
    const round = last && last.height === height ? last.round + 1 : 0;
    this.log.info('block sync caught up; consensus resumes', { height, round });
    this.push({ kind: 'event', ev: { type: 'startHeight', start: this.heightStart(height, true, round) } });
    this.releaseHeldProposals();
  }
}
