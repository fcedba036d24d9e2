import { createHash } from 'node:crypto';
import { Block } from 'cosmjs-types/tendermint/types/block';
import type { BlockID, Commit } from 'cosmjs-types/tendermint/types/types';
import { BlockStore } from '../../../src/storage/blockStore.js';
import type { BlockResults } from '../../../src/types/abci.js';
import { hex, tempDb, utf8, type TempDb } from './helpers.js';

const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

function makeCommit(height: bigint, blockId: BlockID, round = 0): Commit {
  return {
    height,
    round,
    blockId,
    signatures: [{ blockIdFlag: 2 /* BLOCK_ID_FLAG_COMMIT */, validatorAddress: new Uint8Array(20).fill(1), timestamp: { seconds: 1000n + height, nanos: 0 }, signature: new Uint8Array(64).fill(2) }],
  };
}

function makeBlock(height: bigint, lastCommit: Commit | undefined, txs: Uint8Array[]): { block: Block; blockId: BlockID } {
  const block = Block.fromPartial({
    header: { chainId: 'seedcast-test', height, time: { seconds: 1000n + height, nanos: 0 }, appHash: new Uint8Array(32).fill(Number(height)) },
    data: { txs },
    evidence: { evidence: [] },
    lastCommit,
  });
  const hash = sha(Block.encode(block).finish());
  return { block, blockId: { hash, partSetHeader: { total: 1, hash: sha(hash) } } };
}

describe('BlockStore', () => {
  let t: TempDb;
  beforeEach(async () => {
    t = await tempDb();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  async function saveChain(store: BlockStore, from: bigint, to: bigint) {
    const ids: BlockID[] = [];
    let last: Commit | undefined;
    for (let h = from; h <= to; h++) {
      const { block, blockId } = makeBlock(h, last, [utf8(`tx-${h}-a`), utf8(`tx-${h}-b`)]);
      const seen = makeCommit(h, blockId, 1); // our own seen commit: round 1
      const batch = t.db.batch();
      store.saveBlock(block, blockId, seen, batch);
      store.saveBlockResults({ height: h, txResults: [], finalizeBlockEvents: [], appHash: new Uint8Array(32) }, batch);
      await batch.write();
      store.applySaved(h);
      last = makeCommit(h, blockId, 0); // the canonical commit carried by the next block: round 0
      ids.push(blockId);
    }
    return ids;
  }

  it('starts empty', async () => {
    const s = await BlockStore.load(t.db);
    expect(s.height()).toBe(0n);
    expect(s.base()).toBe(0n);
    expect(await s.loadBlock(1n)).toBeUndefined();
    expect(await s.loadCommit(1n)).toBeUndefined();
    expect(s.loadChainState()).toBeUndefined();
  });

  it('saves and loads blocks by height and hash, metas and commits, and survives reload', async () => {
    const s = await BlockStore.load(t.db);
    const ids = await saveChain(s, 1n, 3n);
    expect(s.height()).toBe(3n);
    expect(s.base()).toBe(1n);
    await t.reopen();
    const r = await BlockStore.load(t.db);
    expect(r.height()).toBe(3n);
    expect(r.base()).toBe(1n);
    const b2 = await r.loadBlock(2n);
    expect(b2!.header.height).toBe(2n);
    expect(b2!.data.txs.map((x) => Buffer.from(x).toString())).toEqual(['tx-2-a', 'tx-2-b']);
    const byHash = await r.loadBlockByHash(ids[1]!.hash);
    expect(byHash!.block.header.height).toBe(2n);
    expect(hex(byHash!.blockId.hash)).toBe(hex(ids[1]!.hash));
    expect(await r.loadBlockByHash(new Uint8Array(32))).toBeUndefined();
    expect(await r.loadBlockByHash(utf8('short'))).toBeUndefined();
    const meta = await r.loadBlockMeta(3n);
    expect(meta!.numTxs).toBe(2);
    expect(meta!.blockSize).toBe(Block.encode((await r.loadBlock(3n))!).finish().length);
    expect(meta!.header.chainId).toBe('seedcast-test');
    expect(hex(meta!.blockId.hash)).toBe(hex(ids[2]!.hash));
    // canonical commit of 2 comes from block 3's lastCommit; the top has only our seen commit
    const c2 = await r.loadCommit(2n);
    expect(c2!.canonical).toBe(true);
    expect(c2!.commit.round).toBe(0);
    const c3 = await r.loadCommit(3n);
    expect(c3!.canonical).toBe(false);
    expect(c3!.commit.round).toBe(1);
    expect((await r.loadSeenCommit(2n))!.round).toBe(1);
    expect(await r.loadBlock(4n)).toBeUndefined();
    expect(await r.loadBlock(0n)).toBeUndefined();
  });

  it('height moves only after applySaved; an unwritten batch leaves nothing behind', async () => {
    const s = await BlockStore.load(t.db);
    await saveChain(s, 1n, 1n);
    const { block, blockId } = makeBlock(2n, undefined, []);
    const batch = t.db.batch();
    s.saveBlock(block, blockId, makeCommit(2n, blockId), batch);
    expect(s.height()).toBe(1n);
    expect(await s.loadBlock(2n)).toBeUndefined();
    // batch never written ("crash"): reload sees height 1
    const r = await BlockStore.load(t.db);
    expect(r.height()).toBe(1n);
    expect(await r.loadBlockByHash(blockId.hash)).toBeUndefined();
  });

  it('rejects blocks that do not follow on', async () => {
    const s = await BlockStore.load(t.db);
    await saveChain(s, 5n, 6n); // first block may start anywhere (initial height)
    expect(s.base()).toBe(5n);
    const { block, blockId } = makeBlock(8n, undefined, []);
    expect(() => s.saveBlock(block, blockId, makeCommit(8n, blockId), t.db.batch())).toThrow('STORAGE_BLOCK_HEIGHT');
    expect(() => s.applySaved(9n)).toThrow('STORAGE_BLOCK_HEIGHT');
  });

  it('stores block results (bigints, bytes, events) and the chain-state blob', async () => {
    const s = await BlockStore.load(t.db);
    await saveChain(s, 1n, 1n);
    const results: BlockResults = {
      height: 1n,
      txResults: [
        {
          code: 5,
          codespace: 'sdk',
          log: 'insufficient funds',
          info: '',
          data: Uint8Array.of(1, 2, 3),
          gasWanted: 2n ** 62n,
          gasUsed: 12345n,
          events: [{ type: 'transfer', attributes: [{ key: 'amount', value: '10useed', index: true }, { key: 'x', value: '', index: false }] }],
        },
      ],
      finalizeBlockEvents: [{ type: 'mint', attributes: [{ key: 'amount', value: '7', index: true }] }],
      appHash: new Uint8Array(32).fill(9),
    };
    const batch = t.db.batch();
    s.saveBlockResults(results, batch);
    s.saveChainState(utf8('opaque-chain-state'), batch);
    await batch.write();
    await t.reopen();
    const r = await BlockStore.load(t.db);
    expect(await r.loadBlockResults(1n)).toEqual({ ...results, txResults: [{ ...results.txResults[0], data: expect.anything() }] });
    const got = (await r.loadBlockResults(1n))!;
    expect(hex(got.txResults[0]!.data)).toBe('010203');
    expect(got.txResults[0]!.gasWanted).toBe(2n ** 62n);
    expect(hex(got.appHash)).toBe(hex(results.appHash));
    expect(Buffer.from(r.loadChainState()!).toString()).toBe('opaque-chain-state');
    expect(await r.loadBlockResults(2n)).toBeUndefined();
  });
});
