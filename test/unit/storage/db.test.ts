import fs from 'node:fs';
import { Bucket, Db } from '../../../src/storage/db.js';
import { StorageError } from '../../../src/storage/errors.js';
import { collect, hex, tempDb, utf8, type TempDb } from './helpers.js';

describe('Db', () => {
  let t: TempDb;
  beforeEach(async () => {
    t = await tempDb();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('writes a batch across buckets atomically and reads it back sync and async', async () => {
    const b = t.db.batch();
    b.put(Bucket.Block, utf8('k'), utf8('block'));
    b.put(Bucket.BlockHash, utf8('k'), utf8('hash'));
    expect(t.db.getSync(Bucket.Block, utf8('k'))).toBeUndefined();
    await b.write();
    expect(Buffer.from(t.db.getSync(Bucket.Block, utf8('k'))!).toString()).toBe('block');
    expect(Buffer.from((await t.db.get(Bucket.BlockHash, utf8('k')))!).toString()).toBe('hash');
    expect(t.db.getSync(Bucket.StateValue, utf8('k'))).toBeUndefined();
  });

  it('refuses to reuse a written batch', async () => {
    const b = t.db.batch();
    b.put(Bucket.Block, utf8('a'), utf8('1'));
    await b.write();
    expect(() => b.put(Bucket.Block, utf8('b'), utf8('2'))).toThrow(StorageError);
    await expect(b.write()).rejects.toThrow('STORAGE_BATCH_WRITTEN');
  });

  it('iterates one bucket only, without the bucket byte, with bounds, prefix, reverse and limit', async () => {
    const b = t.db.batch();
    for (const k of ['a1', 'a2', 'a3', 'b1', 'c1']) b.put(Bucket.StateValue, utf8(k), utf8(k.toUpperCase()));
    b.put(Bucket.StateNode, utf8('a0'), utf8('other bucket'));
    b.put(Bucket.StateMeta, utf8('a0'), utf8('other bucket'));
    await b.write();
    const keys = async (opts: Parameters<Db['iterate']>[1]) =>
      (await collect(t.db.iterate(Bucket.StateValue, opts))).map(([k]) => Buffer.from(k).toString());
    expect(await keys({})).toEqual(['a1', 'a2', 'a3', 'b1', 'c1']);
    expect(await keys({ prefix: utf8('a') })).toEqual(['a1', 'a2', 'a3']);
    expect(await keys({ prefix: utf8('a'), gte: utf8('a2') })).toEqual(['a2', 'a3']);
    expect(await keys({ gte: utf8('a2'), lt: utf8('c') })).toEqual(['a2', 'a3', 'b1']);
    expect(await keys({ reverse: true, limit: 2 })).toEqual(['c1', 'b1']);
    expect(await keys({ prefix: utf8('z') })).toEqual([]);
    expect(await keys({ gte: utf8('c'), lt: utf8('a') })).toEqual([]);
  });

  it('handles a prefix of 0xff bytes (no successor key)', async () => {
    const b = t.db.batch();
    b.put(Bucket.StateValue, Uint8Array.of(0xff, 0xff, 1), utf8('x'));
    b.put(Bucket.StateNode, Uint8Array.of(0), utf8('next bucket'));
    await b.write();
    const got = await collect(t.db.iterate(Bucket.StateValue, { prefix: Uint8Array.of(0xff, 0xff) }));
    expect(got.map(([k]) => hex(k))).toEqual(['ffff01']);
  });

  it('survives reopen and reports a clear error when the db is locked or closed', async () => {
    const b = t.db.batch();
    b.put(Bucket.ChainState, Uint8Array.of(0), utf8('state'));
    await b.write();
    await expect(Db.open(t.dir)).rejects.toThrow('STORAGE_DB_LOCKED');
    const db = await t.reopen();
    expect(Buffer.from(db.getSync(Bucket.ChainState, Uint8Array.of(0))!).toString()).toBe('state');
    const closed = await Db.open(t.dir + '-other');
    await closed.close();
    expect(() => closed.getSync(Bucket.Block, utf8('a'))).toThrow('STORAGE_DB_CLOSED');
    fs.rmSync(t.dir + '-other', { recursive: true, force: true });
  });
});
