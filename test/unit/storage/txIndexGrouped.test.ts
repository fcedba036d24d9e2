// The grouped tx event index: one record per (attribute, value, height) listing tx indexes.
import { Bucket } from '../../../src/storage/db.js';
import { TxIndex } from '../../../src/storage/txIndex.js';
import { attributeValuePrefix, entryIds, packTxIndexes } from '../../../src/storage/eventIndex/keys.js';
import { concatBytes, u32be, u64be } from '../../../src/storage/bytes.js';
import type { IndexedTx } from '../../../src/types/abci.js';
import type { Query } from '../../../src/types/query.js';
import { collect, tempDb, utf8 } from './helpers.js';

const asc = { page: 1, perPage: 100, orderBy: 'asc' as const };
const bySender = (who: string): Query => ({ source: 't', conditions: [{ key: 'message.sender', op: '=', value: { kind: 'string', value: who } }] });

function tx(height: bigint, index: number, sender: string): IndexedTx {
  const attr = { key: 'sender', value: sender, index: true };
  return {
    hash: new Uint8Array(32).fill(index + 1),
    height,
    index,
    tx: utf8(`tx ${index}`),
    // the same attribute twice in one tx: indexed once
    result: { code: 0, codespace: '', log: '', info: '', data: new Uint8Array(0), gasWanted: 1n, gasUsed: 1n, events: [{ type: 'message', attributes: [attr, attr] }] },
  };
}

describe('grouped tx event index', () => {
  it('writes one record per value and height, and finds every tx in it (txs given out of order)', async () => {
    const t = await tempDb();
    try {
      const idx = new TxIndex(t.db);
      const batch = t.db.batch();
      idx.indexBlock(7n, [tx(7n, 2, 'alice'), tx(7n, 0, 'alice'), tx(7n, 1, 'bob'), tx(7n, 3, 'alice')], [], batch);
      await batch.write();
      const records = await collect(t.db.iterate(Bucket.TxEvent));
      expect(records).toHaveLength(2);
      const r = await idx.searchTxs(bySender('alice'), asc);
      expect(r.txs.map((x) => x.index)).toEqual([0, 2, 3]);
      expect(r.total).toBe(3);
      expect((await idx.searchTxs(bySender('bob'), asc)).txs.map((x) => x.index)).toEqual([1]);
    } finally {
      await t.cleanup();
    }
  });

  it('still reads entries of the one-entry-per-tx layout', async () => {
    const t = await tempDb();
    try {
      const idx = new TxIndex(t.db);
      const batch = t.db.batch();
      idx.indexBlock(3n, [tx(3n, 0, 'carol')], [], batch);
      // an old-layout entry for tx 1 of height 3: key ends in height || index, value = tx hash
      const old = tx(3n, 1, 'carol');
      batch.put(Bucket.TxByHash, old.hash, new Uint8Array(0));
      batch.put(Bucket.TxEvent, concatBytes(attributeValuePrefix('message.sender', 'carol')!, u64be(3n), u32be(1)), old.hash);
      await batch.write();
      const hits = await idx.searchTxs(bySender('carol'), asc);
      expect(hits.total).toBe(2);
    } finally {
      await t.cleanup();
    }
  });

  it('packs indexes ascending without repeats, and ignores malformed ids', () => {
    expect(Array.from(packTxIndexes([1, 5, 9]))).toEqual([0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 9]);
    expect(Array.from(packTxIndexes([9, 1, 9]))).toEqual([0, 0, 0, 1, 0, 0, 0, 9]);
    const ids = entryIds(u64be(4n), packTxIndexes([2, 3]), true);
    expect(ids.map((b) => Buffer.from(b).toString('hex'))).toEqual(['000000000000000400000002', '000000000000000400000003']);
    expect(entryIds(new Uint8Array(5), new Uint8Array(0), true)).toEqual([]);
    expect(entryIds(u64be(4n), new Uint8Array(0), false)).toHaveLength(1);
  });
});
