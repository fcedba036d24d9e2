// Shared pieces for driver tests: a hashing application, an in-memory network, waiting helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Block } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit } from 'cosmjs-types/tendermint/types/types';
import {
  ConsensusDriver, FilePrivValidator, generatePrivValidatorKey, sha256, stateFromGenesis,
  type BlockExecutor, type BlockSource, type ConsensusMessage, type Logger, type SyncedBlock, type Transport,
} from '../../../src/consensus/index.js';
import type { BlockContext } from '../../../src/types/abci.js';

/** An application that "executes" a block by hashing its txs into the app hash. */
export class HashingExecutor implements BlockExecutor {
  mempool: Uint8Array[] = [];
  stored: { block: Block; blockId: BlockID; commit: Commit; state: Uint8Array; context: BlockContext }[] = [];
  private appHash: Uint8Array = new Uint8Array(32);
  private lastContext: BlockContext | null = null;
  reapTxs() { const t = this.mempool; this.mempool = []; return t; }
  async checkProposal() {}
  async executeBlock(block: Block, context: BlockContext) {
    if (block.data.txs.length > 0) this.appHash = sha256(Buffer.concat([this.appHash, ...block.data.txs]));
    this.lastContext = context;
    return { appHash: this.appHash, lastResultsHash: sha256(this.appHash), validatorUpdates: [] };
  }
  async commitBlock(block: Block, blockId: BlockID, commit: Commit, state: Uint8Array) {
    this.stored.push({ block, blockId, commit, state, context: this.lastContext! });
  }
}

/** Everyone hears everyone (async, like a socket); `cut` peers hear nothing. */
export class Hub {
  private readonly subs = new Map<string, (msg: ConsensusMessage, from: string) => void>();
  readonly reports: { peer: string; reporter: string; reason: string }[] = [];
  readonly sent: { from: string; msg: ConsensusMessage }[] = [];
  readonly cut = new Set<string>();
  transport(id: string): Transport {
    return {
      broadcast: (msg) => {
        this.sent.push({ from: id, msg });
        if (this.cut.has(id)) return;
        for (const [to, cb] of this.subs) if (to !== id && !this.cut.has(to)) setImmediate(() => cb(structuredClone(msg), id));
      },
      onMessage: (cb) => { this.subs.set(id, cb); return () => this.subs.delete(id); },
      reportInvalid: (peer, reason) => { this.reports.push({ peer, reporter: id, reason }); },
    };
  }
}

export const fastTimeouts = {
  timeoutProposeMs: 400, timeoutProposeDeltaMs: 100, timeoutPrevoteMs: 100, timeoutPrevoteDeltaMs: 50,
  timeoutPrecommitMs: 100, timeoutPrecommitDeltaMs: 50, timeoutCommitMs: 30, rebroadcastMs: 300, syncPollMs: 100, syncStallMs: 800,
};

export interface TestValidator { dir: string; keyPath: string; statePath: string; pubKey: Uint8Array; address: Uint8Array }

export function makeValidators(n: number): TestValidator[] {
  return Array.from({ length: n }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-drv-'));
    const keyPath = path.join(dir, 'priv_validator_key.json');
    const statePath = path.join(dir, 'priv_validator_state.json');
    const key = generatePrivValidatorKey(keyPath);
    return { dir, keyPath, statePath, pubKey: key.pubKey, address: key.address };
  });
}

export function genesisFor(vals: TestValidator[], chainId = 'net-chain') {
  return stateFromGenesis({ chainId, initialHeight: 1n, genesisTimeMs: 1_000n, validators: vals.map((v) => ({ pubKey: v.pubKey, power: 10n })), appHash: new Uint8Array(32) });
}

export function privvalOf(v: TestValidator): FilePrivValidator {
  return FilePrivValidator.load(v.keyPath, v.statePath);
}

export function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

export class CapturingLogger implements Logger {
  readonly lines: { level: string; msg: string; ctx?: Record<string, unknown> }[] = [];
  debug(msg: string, ctx?: Record<string, unknown>) { this.lines.push({ level: 'debug', msg, ctx }); }
  info(msg: string, ctx?: Record<string, unknown>) { this.lines.push({ level: 'info', msg, ctx }); }
  warn(msg: string, ctx?: Record<string, unknown>) { this.lines.push({ level: 'warn', msg, ctx }); }
  error(msg: string, ctx?: Record<string, unknown>) { this.lines.push({ level: 'error', msg, ctx }); }
}

const running: ConsensusDriver[] = [];
export function track(d: ConsensusDriver): ConsensusDriver { running.push(d); return d; }
export async function stopAll(): Promise<void> { await Promise.all(running.splice(0).map((d) => d.stop())); }

/** Block sync from the other nodes' stores (what peers would serve). */
export function peerBlockSource(peers: HashingExecutor[]): BlockSource {
  return {
    maxPeerHeight: () => BigInt(Math.max(0, ...peers.map((p) => p.stored.length))),
    fetchBlock: async (height: bigint): Promise<SyncedBlock> => {
      const i = peers.findIndex((p) => p.stored.length >= Number(height));
      if (i < 0) throw new Error('no peer has it');
      const s = peers[i].stored[Number(height) - 1];
      return { block: s.block, commit: s.commit, from: `peer${i}` };
    },
    reportInvalid: () => {},
  };
}
