import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { SignedMsgType, type BlockID, type Commit } from 'cosmjs-types/tendermint/types/types';
import {
  ConsensusDriver, FilePrivValidator, generatePrivValidatorKey, stateFromGenesis, decodeChainState, verifyCommit, sha256, toHex,
  msToTimestamp, emptyBlockId, type BlockExecutor, type ChainState,
} from '../../../src/consensus/index.js';

/** An application that "executes" a block by hashing its txs into the app hash. */
class HashingExecutor implements BlockExecutor {
  mempool: Uint8Array[] = [];
  stored: { block: Block; blockId: BlockID; commit: Commit; state: Uint8Array }[] = [];
  failExecute = false;
  private appHash: Uint8Array = new Uint8Array(32);
  reapTxs(_maxBytes: number, _maxGas: bigint) { const t = this.mempool; this.mempool = []; return t; }
  async checkProposal() {}
  async executeBlock(block: Block, _context: unknown) {
    if (this.failExecute) throw new Error('disk on fire');
    if (block.data.txs.length > 0) this.appHash = sha256(Buffer.concat([this.appHash, ...block.data.txs]));
    return { appHash: this.appHash, lastResultsHash: sha256(this.appHash), validatorUpdates: [] };
  }
  async commitBlock(block: Block, blockId: BlockID, commit: Commit, state: Uint8Array) { this.stored.push({ block, blockId, commit, state }); }
}

// Every driver made here is stopped after its test, even a failing one (no stray timers).
const running: ConsensusDriver[] = [];
afterEach(async () => { await Promise.all(running.splice(0).map((d) => d.stop())); });
function track(d: ConsensusDriver): ConsensusDriver { running.push(d); return d; }

const fast = { timeoutProposeMs: 500, timeoutPrevoteMs: 100, timeoutPrecommitMs: 100, timeoutCommitMs: 50 };

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-driver-'));
  const keyPath = path.join(dir, 'priv_validator_key.json');
  const statePath = path.join(dir, 'priv_validator_state.json');
  const key = generatePrivValidatorKey(keyPath);
  const genesis = stateFromGenesis({ chainId: 'driver-chain', initialHeight: 1n, genesisTimeMs: 1_000n, validators: [{ pubKey: key.pubKey, power: 10n }], appHash: new Uint8Array(32) });
  return { keyPath, statePath, genesis };
}

function waitForHeight(driver: ConsensusDriver, height: bigint, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (driver.chainState.lastBlockHeight >= height) return resolve();
    const timer = setTimeout(() => reject(new Error(`height ${height} not reached; at ${driver.chainState.lastBlockHeight}`)), timeoutMs);
    const off = driver.onCommit((s) => { if (s.lastBlockHeight >= height) { clearTimeout(timer); off(); resolve(); } });
  });
}

describe('ConsensusDriver (single validator, real timers)', () => {
  test('commits 5 linked, signed blocks quickly, then stops cleanly and resumes after a restart', async () => {
    const { keyPath, statePath, genesis } = setup();
    const executor = new HashingExecutor();
    const driver = track(new ConsensusDriver(fast, { state: genesis, privval: FilePrivValidator.load(keyPath, statePath), executor, clock: () => BigInt(Date.now()) }));
    executor.mempool.push(new Uint8Array([1, 2, 3]));
    const t0 = Date.now();
    await driver.start();
    await waitForHeight(driver, 5n);
    expect(Date.now() - t0).toBeLessThan(3000);
    await driver.stop();
    const countAtStop = executor.stored.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(executor.stored.length).toBe(countAtStop); // no timers left running

    expect(executor.stored[0].block.data.txs).toEqual([new Uint8Array([1, 2, 3])]);
    let prev: ChainState = genesis;
    for (const s of executor.stored) {
      const h = s.block.header;
      expect(h.height).toBe(prev.lastBlockHeight + 1n);
      expect(h.appHash).toEqual(prev.appHash); // the app hash of the previous block rides in this header
      verifyCommit('driver-chain', prev.validators, s.blockId, h.height, s.commit);
      if (h.height > 1n) verifyCommit('driver-chain', prev.lastValidators, prev.lastBlockId, h.height - 1n, s.block.lastCommit);
      prev = decodeChainState(s.state);
    }

    // Restart from what was stored: same height onwards, no conflicting signature.
    const last = executor.stored[executor.stored.length - 1];
    const restarted = track(new ConsensusDriver(fast, {
      state: decodeChainState(last.state), lastCommit: last.commit, privval: FilePrivValidator.load(keyPath, statePath), executor, clock: () => BigInt(Date.now()),
    }));
    await restarted.start();
    await waitForHeight(restarted, BigInt(countAtStop + 2));
    await restarted.stop();
    expect(executor.stored[countAtStop].block.header.height).toBe(BigInt(countAtStop + 1));
    expect(restarted.error).toBeNull();
  });

  test('after a crash mid-height the signer refuses round 0 again, so the node moves on to round 1', async () => {
    const { keyPath, statePath, genesis } = setup();
    const pv = FilePrivValidator.load(keyPath, statePath);
    // "Crash" right after prevoting for some block at height 1, round 0.
    pv.signVote('driver-chain', {
      type: SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, height: 1n, round: 0, blockId: { hash: new Uint8Array(32).fill(9), partSetHeader: { total: 1, hash: new Uint8Array(32) } },
      timestamp: msToTimestamp(5n), validatorAddress: pv.address, validatorIndex: 0, signature: new Uint8Array(), extension: new Uint8Array(), extensionSignature: new Uint8Array(),
    });
    const executor = new HashingExecutor();
    const driver = track(new ConsensusDriver(fast, { state: genesis, privval: FilePrivValidator.load(keyPath, statePath), executor, clock: () => BigInt(Date.now()) }));
    await driver.start();
    await waitForHeight(driver, 2n);
    await driver.stop();
    expect(executor.stored[0].commit.round).toBe(1);
  });

  test('a chain past genesis needs its last commit to start', async () => {
    const { keyPath, statePath, genesis } = setup();
    const state = { ...genesis, lastBlockHeight: 3n, lastBlockId: emptyBlockId() };
    const driver = track(new ConsensusDriver(fast, { state, privval: FilePrivValidator.load(keyPath, statePath), executor: new HashingExecutor(), clock: () => 0n }));
    await expect(driver.start()).rejects.toThrow(/seen commit/);
  });

  test('with createEmptyBlocks false it waits for txs, then makes the tx block and one proof block', async () => {
    const { keyPath, statePath, genesis } = setup();
    const executor = new HashingExecutor();
    const driver = track(new ConsensusDriver({ ...fast, createEmptyBlocks: false }, { state: genesis, privval: FilePrivValidator.load(keyPath, statePath), executor, clock: () => BigInt(Date.now()) }));
    await driver.start();
    await waitForHeight(driver, 1n); // the first height always proposes (genesis needs its proof)
    await new Promise((r) => setTimeout(r, 400));
    const idle = executor.stored.length;
    expect(idle).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 400));
    expect(executor.stored.length).toBe(idle); // idle: no empty blocks
    executor.mempool.push(new Uint8Array([7]));
    driver.notifyTxsAvailable();
    await waitForHeight(driver, BigInt(idle + 2));
    await new Promise((r) => setTimeout(r, 400));
    await driver.stop();
    const txBlock = executor.stored[idle];
    expect(txBlock.block.data.txs).toEqual([new Uint8Array([7])]);
    expect(executor.stored.length).toBe(idle + 2); // the tx block and the proof block carrying its app hash
  });

  test('an application failure halts consensus with the error, without crashing', async () => {
    const { keyPath, statePath, genesis } = setup();
    const executor = new HashingExecutor();
    executor.failExecute = true;
    const driver = track(new ConsensusDriver(fast, { state: genesis, privval: FilePrivValidator.load(keyPath, statePath), executor, clock: () => BigInt(Date.now()) }));
    await driver.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(driver.error?.message).toMatch(/disk on fire/);
    expect(driver.chainState.lastBlockHeight).toBe(0n);
    await driver.stop();
    expect(toHex(driver.chainState.appHash)).toBe(toHex(genesis.appHash));
  });
});
