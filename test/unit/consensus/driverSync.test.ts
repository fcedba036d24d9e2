// Block sync in the driver, from a fake in-memory BlockSource serving real signed blocks.
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { Commit } from 'cosmjs-types/tendermint/types/types';
import { ConsensusDriver, decodeChainState, toHex, type BlockSource, type SyncedBlock } from '../../../src/consensus/index.js';
import { HashingExecutor, fastTimeouts, genesisFor, makeValidators, privvalOf, stopAll, track, waitFor } from './driverHelpers.js';

afterEach(stopAll);

class FakeSource implements BlockSource {
  reports: { from: string; reason: string }[] = [];
  fetched: { height: bigint; from: string }[] = [];
  /** Peers that serve a tampered block at this height (until reported). */
  bad = new Map<bigint, string[]>();
  constructor(private readonly blocks: { block: Block; commit: Commit }[], private height = BigInt(blocks.length)) {}
  maxPeerHeight() { return this.height; }
  async fetchBlock(height: bigint): Promise<SyncedBlock> {
    await new Promise((r) => setImmediate(r));
    const b = this.blocks[Number(height) - 1];
    if (!b) throw new Error('no peer has it');
    const liars = this.bad.get(height) ?? [];
    const liar = liars.find((p) => !this.reports.some((r) => r.from === p));
    this.fetched.push({ height, from: liar ?? 'good' });
    if (liar) { // same header, different txs: the block id no longer matches the commit
      return { block: { ...b.block, data: { txs: [new Uint8Array([0xba, 0xd])] } }, commit: b.commit, from: liar };
    }
    return { ...b, from: 'good' };
  }
  reportInvalid(from: string, reason: string) { this.reports.push({ from, reason }); }
}

/** 50 real blocks from a single-validator chain (with txs, so app hashes move). */
async function produceChain(n: number) {
  const [v] = makeValidators(1);
  const genesis = genesisFor([v], 'sync-chain');
  const exec = new HashingExecutor();
  const d = track(new ConsensusDriver({ ...fastTimeouts, timeoutCommitMs: 1 }, { state: genesis, privval: privvalOf(v), executor: exec, clock: () => BigInt(Date.now()) }));
  for (let i = 0; i < n; i++) exec.mempool.push(new Uint8Array([i]));
  await d.start();
  await waitFor(() => exec.stored.length >= n, `${n} blocks`);
  await d.stop();
  return { genesis, blocks: exec.stored.slice(0, n), validator: v };
}

describe('block sync in the driver', () => {
  test('a new full node syncs 50 blocks, rejects a bad one (reporting the peer), uses another peer, then follows consensus', async () => {
    const chain = await produceChain(50);
    const source = new FakeSource(chain.blocks);
    source.bad.set(10n, ['evil1', 'evil2']);
    const [observer] = makeValidators(1); // not in the set: follows, never votes
    const exec = new HashingExecutor();
    const d = track(new ConsensusDriver(fastTimeouts, { state: chain.genesis, privval: privvalOf(observer), executor: exec, clock: () => BigInt(Date.now()), blockSource: source }));
    const t0 = Date.now();
    await d.start();
    await waitFor(() => d.chainState.lastBlockHeight === 50n && !d.syncing, 'synced to 50');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(source.reports.map((r) => r.from)).toEqual(['evil1', 'evil2']);
    expect(source.reports[0].reason).toMatch(/commits another block|data_hash/);
    expect(exec.stored).toHaveLength(50);
    for (let i = 0; i < 50; i++) {
      expect(toHex(exec.stored[i].blockId.hash)).toBe(toHex(chain.blocks[i].blockId.hash));
      expect(toHex(decodeChainState(exec.stored[i].state).appHash)).toBe(toHex(decodeChainState(chain.blocks[i].state).appHash));
    }
    expect(d.roundState.height).toBe(51n); // consensus runs at the next height
    expect(d.error).toBeNull();
  });

  test('peers that cannot serve: sync gives up and consensus keeps its height; a stale peer height starts nothing', async () => {
    const chain = await produceChain(3);
    const source = new FakeSource([], 5n); // claims 5, serves nothing
    const [observer] = makeValidators(1);
    const d = track(new ConsensusDriver(fastTimeouts, { state: chain.genesis, privval: privvalOf(observer), executor: new HashingExecutor(), clock: () => BigInt(Date.now()), blockSource: source }));
    await d.start();
    await waitFor(() => d.syncing, 'sync started');
    await waitFor(() => !d.syncing, 'sync gave up', 10_000);
    expect(d.chainState.lastBlockHeight).toBe(0n);
    expect(d.error).toBeNull();
    expect(d.roundState.height).toBe(1n);
  });
});
