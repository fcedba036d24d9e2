import { createHash } from 'node:crypto';
import { TxIndex } from '../../../src/storage/txIndex.js';
import { StorageError } from '../../../src/storage/errors.js';
import type { AbciEvent, IndexedTx } from '../../../src/types/abci.js';
import type { Query, QueryCondition, QueryValue } from '../../../src/types/query.js';
import { hex, tempDb, utf8, type TempDb } from './helpers.js';

const s = (value: string): QueryValue => ({ kind: 'string', value });
const n = (value: string): QueryValue => ({ kind: 'number', value });
const q = (...conditions: QueryCondition[]): Query => ({ source: 'test', conditions });
const asc = { page: 1, perPage: 100, orderBy: 'asc' as const };

function makeTx(height: bigint, index: number, sender: string, amount: number): IndexedTx {
  const tx = utf8(`tx ${height}/${index} from ${sender}`);
  const events: AbciEvent[] = [
    { type: 'message', attributes: [{ key: 'sender', value: sender, index: true }, { key: 'action', value: '/cosmos.bank.v1beta1.MsgSend', index: true }] },
    { type: 'transfer', attributes: [{ key: 'amount', value: String(amount), index: true }, { key: 'memo', value: `note-${index}`, index: false }] },
  ];
  return {
    hash: new Uint8Array(createHash('sha256').update(tx).digest()),
    height,
    index,
    tx,
    result: { code: 0, codespace: '', log: '', info: '', data: new Uint8Array(0), gasWanted: 100000n, gasUsed: 50000n + BigInt(index), events },
  };
}

describe('TxIndex', () => {
  let t: TempDb;
  let idx: TxIndex;
  const all: IndexedTx[] = [];
  beforeAll(async () => {
    t = await tempDb();
    idx = new TxIndex(t.db);
    // 20 blocks, 3 txs each: senders rotate alice/bob/carol, amounts = height*10 + index
    for (let h = 1n; h <= 20n; h++) {
      const txs = [0, 1, 2].map((i) => makeTx(h, i, ['alice', 'bob', 'carol'][(Number(h) + i) % 3]!, Number(h) * 10 + i));
      all.push(...txs);
      const blockEvents: AbciEvent[] = [{ type: 'mint', attributes: [{ key: 'amount', value: String(Number(h) * 100), index: true }, { key: 'era', value: h % 2n ? 'odd' : 'even', index: true }] }];
      const batch = t.db.batch();
      idx.indexBlock(h, txs, blockEvents, batch);
      await batch.write();
    }
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const ids = (txs: IndexedTx[]) => txs.map((x) => `${x.height}/${x.index}`);
  const expected = (pred: (x: IndexedTx) => boolean) => ids(all.filter(pred));
  const sender = (x: IndexedTx) => x.result.events[0]!.attributes[0]!.value;
  const amount = (x: IndexedTx) => Number(x.result.events[1]!.attributes[0]!.value);

  it('gets a tx by hash, and finds it with tx.hash in upper or lower case hex', async () => {
    const target = all[17]!;
    const got = await idx.getTx(target.hash);
    expect(got!.height).toBe(target.height);
    expect(got!.index).toBe(target.index);
    expect(hex(got!.tx)).toBe(hex(target.tx));
    expect(got!.result.gasUsed).toBe(target.result.gasUsed);
    for (const h of [hex(target.hash).toUpperCase(), hex(target.hash)]) {
      const r = await idx.searchTxs(q({ key: 'tm.event', op: '=', value: s('Tx') }, { key: 'tx.hash', op: '=', value: s(h) }), asc);
      expect(r.total).toBe(1);
      expect(ids(r.txs)).toEqual([`${target.height}/${target.index}`]);
    }
    // hash plus a condition the tx does not meet
    const miss = await idx.searchTxs(q({ key: 'tx.hash', op: '=', value: s(hex(target.hash)) }, { key: 'tx.height', op: '>', value: n('100') }), asc);
    expect(miss.total).toBe(0);
    expect(await idx.getTx(new Uint8Array(32))).toBeUndefined();
    expect((await idx.searchTxs(q({ key: 'tx.hash', op: '=', value: s('zz-not-hex') }), asc)).total).toBe(0);
  });

  it('searches height ranges with = < <= > >=', async () => {
    expect(ids((await idx.searchTxs(q({ key: 'tx.height', op: '=', value: n('5') }), asc)).txs)).toEqual(['5/0', '5/1', '5/2']);
    const r = await idx.searchTxs(q({ key: 'tx.height', op: '>', value: n('3') }, { key: 'tx.height', op: '<=', value: n('5') }), asc);
    expect(ids(r.txs)).toEqual(expected((x) => x.height > 3n && x.height <= 5n));
    const r2 = await idx.searchTxs(q({ key: 'tx.height', op: '>=', value: n('19') }), asc);
    expect(r2.total).toBe(6);
    const r3 = await idx.searchTxs(q({ key: 'tx.height', op: '<', value: n('2') }), asc);
    expect(ids(r3.txs)).toEqual(['1/0', '1/1', '1/2']);
    expect((await idx.searchTxs(q({ key: 'tx.height', op: '=', value: n('2.5') }), asc)).total).toBe(0);
  });

  it('matches attribute equality across many blocks, and ignores tm.event', async () => {
    const r = await idx.searchTxs(q({ key: 'tm.event', op: '=', value: s('Tx') }, { key: 'message.sender', op: '=', value: s('bob') }), asc);
    expect(r.total).toBe(20);
    expect(ids(r.txs)).toEqual(expected((x) => sender(x) === 'bob'));
  });

  it('ANDs two attributes, and attributes with a height range', async () => {
    const r = await idx.searchTxs(q({ key: 'message.sender', op: '=', value: s('alice') }, { key: 'transfer.amount', op: '>=', value: n('150') }), asc);
    expect(ids(r.txs)).toEqual(expected((x) => sender(x) === 'alice' && amount(x) >= 150));
    expect(r.total).toBeGreaterThan(0);
    const r2 = await idx.searchTxs(q({ key: 'message.sender', op: '=', value: s('carol') }, { key: 'tx.height', op: '<=', value: n('4') }), asc);
    expect(ids(r2.txs)).toEqual(expected((x) => sender(x) === 'carol' && x.height <= 4n));
  });

  it('compares numbers exactly (decimals, not strings)', async () => {
    // as strings "100" < "99"; as numbers it is the other way round
    const r = await idx.searchTxs(q({ key: 'transfer.amount', op: '<', value: n('99.5') }), asc);
    expect(ids(r.txs)).toEqual(expected((x) => amount(x) < 99.5));
    const eq = await idx.searchTxs(q({ key: 'transfer.amount', op: '=', value: n('101.0') }), asc);
    expect(ids(eq.txs)).toEqual(['10/1']);
  });

  it('supports CONTAINS and EXISTS, and non-indexed attributes are not searchable', async () => {
    const c = await idx.searchTxs(q({ key: 'message.sender', op: 'CONTAINS', value: s('aro') }), asc);
    expect(ids(c.txs)).toEqual(expected((x) => sender(x) === 'carol'));
    const e = await idx.searchTxs(q({ key: 'transfer.amount', op: 'EXISTS' }), asc);
    expect(e.total).toBe(60);
    expect((await idx.searchTxs(q({ key: 'transfer.memo', op: 'EXISTS' }), asc)).total).toBe(0);
    expect((await idx.searchTxs(q({ key: 'nosuch.attr', op: '=', value: s('x') }), asc)).total).toBe(0);
  });

  it('orders asc/desc by (height, index) and pages, with total counting every match', async () => {
    const cond = { key: 'message.action', op: '=' as const, value: s('/cosmos.bank.v1beta1.MsgSend') };
    const p1 = await idx.searchTxs(q(cond), { page: 1, perPage: 7, orderBy: 'desc' });
    expect(p1.total).toBe(60);
    expect(ids(p1.txs)).toEqual(ids(all).reverse().slice(0, 7));
    const p3 = await idx.searchTxs(q(cond), { page: 3, perPage: 7, orderBy: 'asc' });
    expect(ids(p3.txs)).toEqual(ids(all).slice(14, 21));
    const beyond = await idx.searchTxs(q(cond), { page: 100, perPage: 7, orderBy: 'asc' });
    expect(beyond.txs).toEqual([]);
    expect(beyond.total).toBe(60);
    const none = await idx.searchTxs(q({ key: 'message.sender', op: '=', value: s('nobody') }), asc);
    expect(none).toEqual({ txs: [], total: 0 });
    await expect(idx.searchTxs(q(cond), { page: 0, perPage: 7, orderBy: 'asc' })).rejects.toThrow(StorageError);
  });

  it('searches blocks by height and by finalize-block event attributes', async () => {
    const r = await idx.searchBlocks(q({ key: 'block.height', op: '>=', value: n('18') }), asc);
    expect(r).toEqual({ heights: [18n, 19n, 20n], total: 3 });
    const odd = await idx.searchBlocks(q({ key: 'mint.era', op: '=', value: s('odd') }, { key: 'mint.amount', op: '>', value: n('1500') }), { page: 1, perPage: 2, orderBy: 'desc' });
    expect(odd).toEqual({ heights: [19n, 17n], total: 2 });
    const all20 = await idx.searchBlocks(q(), asc);
    expect(all20.total).toBe(20);
    expect((await idx.searchBlocks(q({ key: 'mint.era', op: '=', value: s('none') }), asc)).total).toBe(0);
  });

  it('bounds the work of a search with a clear error', async () => {
    const small = new TxIndex(t.db, { maxScannedEntries: 10 });
    await expect(small.searchTxs(q({ key: 'transfer.amount', op: 'EXISTS' }), asc)).rejects.toThrow('STORAGE_SEARCH_TOO_BROAD');
    await expect(small.searchBlocks(q(), asc)).rejects.toThrow(/narrow it/);
    // a narrow query still works under the same bound, and the hash path never scans
    expect((await small.searchTxs(q({ key: 'message.sender', op: '=', value: s('bob') }, { key: 'tx.height', op: '<=', value: n('3') }), asc)).total).toBe(3);
    expect((await small.searchTxs(q({ key: 'tx.hash', op: '=', value: s(hex(all[0]!.hash)) }), asc)).total).toBe(1);
  });

  it('returns everything for an empty query and rejects bad pages', async () => {
    expect((await idx.searchTxs(q(), asc)).total).toBe(60);
    await expect(idx.searchBlocks(q(), { page: 1, perPage: 0, orderBy: 'asc' })).rejects.toThrow('STORAGE_BAD_ARGUMENT');
  });
});
