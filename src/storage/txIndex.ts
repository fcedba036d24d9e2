// The tx index: txs by hash (cosmjs polls `tx.hash='HEX'` every 3 s: a direct lookup), by
// height, and by indexed event attributes, with CometBFT kv-indexer semantics for tx_search
// and block_search. Everything goes into the node's block batch. indexBlock() writes all
// attribute entries of a height at once, so call it once per height.
import type { AbciEvent, IndexedTx } from '../types/abci.js';
import type { Query, QueryCondition } from '../types/query.js';
import { Batch, Bucket, Db } from './db.js';
import { concatBytes, readU64be, u32be, u64be } from './bytes.js';
import { decodeIndexedTx, encodeIndexedTx } from './resultsCodec.js';
import { attributeValuePrefix, compositeKey, indexedAttributes, packTxIndexes } from './eventIndex/keys.js';
import { matchValue } from './eventIndex/match.js';
import { checkPage, pageOf, searchIds, type SearchPage, type SearchTarget } from './eventIndex/search.js';

export type { SearchPage } from './eventIndex/search.js';

const EMPTY = new Uint8Array(0);
const TX_TARGET: SearchTarget = { attrBucket: Bucket.TxEvent, allBucket: Bucket.TxByHeight, heightKey: 'tx.height', grouped: true };
const BLOCK_TARGET: SearchTarget = { attrBucket: Bucket.BlockEvent, allBucket: Bucket.BlockIndexed, heightKey: 'block.height', grouped: false };
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

export class TxIndex {
  constructor(
    private readonly db: Db,
    private readonly opts: { maxScannedEntries?: number } = {},
  ) {}

  indexBlock(height: bigint, txs: IndexedTx[], blockEvents: AbciEvent[], batch: Batch): void {
    const h = u64be(height);
    batch.put(Bucket.BlockIndexed, h, EMPTY);
    for (const [ck, value] of indexedAttributes(blockEvents)) {
      const key = attributeValuePrefix(ck, value, h);
      if (key) batch.put(Bucket.BlockEvent, key, EMPTY);
    }
    // One entry per (attribute, value) of this height, listing the txs that carry it. Grouped
    // by composite key, then value: a block of MsgSends has a few dozen keys and repeats most values.
    const groups = new Map<string, Map<string, number[]>>();
    for (const tx of txs) {
      batch.put(Bucket.TxByHash, tx.hash, encodeIndexedTx({ ...tx, height }));
      batch.put(Bucket.TxByHeight, concatBytes(h, u32be(tx.index)), tx.hash);
      for (const e of tx.result.events) {
        if (!e.type) continue;
        for (const a of e.attributes) {
          if (!a.index || !a.key) continue;
          const ck = compositeKey(e.type, a.key);
          let byValue = groups.get(ck);
          if (!byValue) groups.set(ck, (byValue = new Map()));
          const indexes = byValue.get(a.value);
          if (!indexes) byValue.set(a.value, [tx.index]);
          else if (indexes[indexes.length - 1] !== tx.index) indexes.push(tx.index);
        }
      }
    }
    for (const [ck, byValue] of groups) {
      for (const [value, indexes] of byValue) {
        const key = attributeValuePrefix(ck, value, h);
        if (key) batch.put(Bucket.TxEvent, key, packTxIndexes(indexes));
      }
    }
  }

  async getTx(hash: Uint8Array): Promise<IndexedTx | undefined> {
    return this.getTxSync(hash);
  }

  getTxSync(hash: Uint8Array): IndexedTx | undefined {
    if (hash.length === 0) return undefined;
    const bytes = this.db.getSync(Bucket.TxByHash, hash);
    return bytes ? decodeIndexedTx(Uint8Array.from(hash), bytes) : undefined;
  }

  async searchTxs(q: Query, page: SearchPage): Promise<{ txs: IndexedTx[]; total: number }> {
    checkPage(page);
    const byHash = q.conditions.find((c) => c.key === 'tx.hash');
    if (byHash) {
      const tx = this.lookupByHash(byHash);
      const ok = tx !== undefined && q.conditions.every((c) => c === byHash || matchesTx(tx, c));
      return { txs: ok && page.page === 1 ? [tx] : [], total: ok ? 1 : 0 };
    }
    const hits = await searchIds(this.db, TX_TARGET, q.conditions, page.orderBy, this.opts.maxScannedEntries);
    const txs: IndexedTx[] = [];
    for (const id of pageOf(hits.ids, page)) {
      const hash = this.db.getSync(Bucket.TxByHeight, Buffer.from(id, 'hex'));
      const tx = hash ? this.getTxSync(hash) : undefined;
      if (tx) txs.push(tx);
    }
    return { txs, total: hits.ids.length };
  }

  async searchBlocks(q: Query, page: SearchPage): Promise<{ heights: bigint[]; total: number }> {
    checkPage(page);
    const hits = await searchIds(this.db, BLOCK_TARGET, q.conditions, page.orderBy, this.opts.maxScannedEntries);
    const heights = pageOf(hits.ids, page).map((id) => readU64be(Buffer.from(id, 'hex')));
    return { heights, total: hits.ids.length };
  }

  private lookupByHash(cond: QueryCondition): IndexedTx | undefined {
    if (cond.op !== '=' || !cond.value || !HEX.test(cond.value.value)) return undefined;
    return this.getTxSync(Buffer.from(cond.value.value, 'hex'));
  }
}

/** A condition checked against one tx (used beside the direct hash lookup). */
function matchesTx(tx: IndexedTx, c: QueryCondition): boolean {
  if (c.key === 'tm.event') return true;
  if (c.key === 'tx.height') return matchValue(tx.height.toString(), c);
  for (const [ck, value] of indexedAttributes(tx.result.events)) if (ck === c.key && matchValue(value, c)) return true;
  return false;
}
