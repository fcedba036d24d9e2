// The mempool over the real App and a real StateStore: admission, ordering, caps, eviction
// and the recheck after a block.
import { Mempool, txHash, type MempoolOptions } from '../../../src/mempool/mempool.js';
import { MempoolError } from '../../../src/mempool/errors.js';
import { makeHarness, send, signer, signTx, type Harness, type Signer } from '../state/harness.js';

let alice: Signer, bob: Signer, carol: Signer, dave: Signer;
let h: Harness;

beforeAll(async () => {
  [alice, bob, carol, dave] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2), signer('dave', 3)]);
});
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

const OPTS: MempoolOptions = { size: 100, maxTxBytes: 1024 * 1024, maxTxsBytes: 10 * 1024 * 1024, cacheSize: 1000 };
const pool = (o: Partial<MempoolOptions> = {}) => new Mempool({ ...OPTS, ...o }, h.app);

/** A MsgSend from `s` to bob (or alice when s is bob), paying `fee` for 200000 gas. */
const tx = (s: Signer, sequence: number, fee = '5000', memo = '') =>
  signTx(s, { sequence, msgs: [send(s.address, s === bob ? alice.address : bob.address, '1')], fee, memo });

async function refusal(p: Promise<unknown>): Promise<MempoolError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MempoolError);
  return err as MempoolError;
}

const hashes = (txs: Uint8Array[]) => txs.map(txHash);

describe('admission', () => {
  it('admits a valid tx once; the same bytes again are refused from the cache', async () => {
    const mp = pool();
    let available = 0;
    mp.onTxsAvailable(() => available++);
    const t = await tx(alice, 0);
    expect((await mp.add(t)).code).toBe(0);
    expect(mp.size).toBe(1);
    expect(mp.totalBytes).toBe(t.length);
    expect(mp.has(txHash(t).toLowerCase())).toBe(true);
    const err = await refusal(mp.add(t));
    expect(err.code).toBe('TX_IN_CACHE');
    expect(err.message).toBe('tx already exists in cache');
    expect(mp.size).toBe(1);
    expect((await mp.add(await tx(alice, 1))).code).toBe(0);
    expect(available).toBe(1); // fired only when the pool went from empty to non-empty
  });

  it('returns a failed CheckTx as a result; the same bytes may be submitted again', async () => {
    const mp = pool();
    const cheap = await tx(alice, 0, '1');
    expect((await mp.add(cheap)).code).toBe(13);
    expect((await mp.add(cheap)).code).toBe(13); // not "already in cache"
    expect(mp.size).toBe(0);
    expect((await mp.add(Uint8Array.of(9, 9, 9))).code).toBe(2);
  });

  it('refuses an oversized tx before checking it, and does not remember it', async () => {
    const t = await tx(alice, 0);
    const mp = pool({ maxTxBytes: t.length - 1 });
    const err = await refusal(mp.add(t));
    expect(err.code).toBe('TX_TOO_LARGE');
    expect(err.message).toMatch(/tx too large/);
    expect(mp.size).toBe(0);
    expect((await pool().add(t)).code).toBe(0); // the check state was not touched
  });

  it('admits concurrent submissions in arrival order (a sender may send seq 0..4 at once)', async () => {
    const mp = pool();
    const txs = await Promise.all([0, 1, 2, 3, 4].map((s) => tx(alice, s)));
    const results = await Promise.all(txs.map((t) => mp.add(t)));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(hashes(mp.reap(1 << 30, -1n))).toEqual(hashes(txs));
  });
});

describe('reap', () => {
  it('keeps each sender in sequence order and puts higher gas prices first across senders', async () => {
    const mp = pool();
    const a0 = await tx(alice, 0, '5000');
    const a1 = await tx(alice, 1, '900000'); // pays most, but must wait for a0
    const a2 = await tx(alice, 2, '5000');
    const b0 = await tx(bob, 0, '10000');
    const c0 = await tx(carol, 0, '500');
    for (const t of [c0, a0, a1, a2, b0]) expect((await mp.add(t)).code).toBe(0);
    expect(hashes(mp.reap(1 << 30, -1n))).toEqual(hashes([b0, a0, a1, a2, c0]));
    expect(mp.size).toBe(5); // reaping does not remove
  });

  it('respects the byte and gas limits of a block without breaking a sender\'s order', async () => {
    const mp = pool();
    const a0 = await tx(alice, 0, '9000');
    const a1 = await tx(alice, 1, '9000');
    const b0 = await tx(bob, 0, '5000');
    for (const t of [a0, a1, b0]) await mp.add(t);
    expect(hashes(mp.reap(1 << 30, 400_000n))).toEqual(hashes([a0, a1]));
    expect(hashes(mp.reap(a0.length + a1.length + b0.length - 1, -1n))).toEqual(hashes([a0, a1]));
    expect(hashes(mp.reap(a0.length, -1n))).toEqual(hashes([a0]));
    expect(mp.reap(0, -1n)).toEqual([]);
  });
});

describe('caps and eviction', () => {
  it("refuses a tx when the count cap is reached ('mempool is full'), leaving the sender free to resubmit", async () => {
    const mp = pool({ size: 2 });
    await mp.add(await tx(alice, 0));
    await mp.add(await tx(bob, 0));
    const c0 = await tx(carol, 0);
    const err = await refusal(mp.add(c0));
    expect(err.code).toBe('MEMPOOL_FULL');
    expect(err.message).toMatch(/^mempool is full/);
    expect(mp.size).toBe(2);
    // Once a block makes room, the very same tx is admitted: refusing it consumed nothing.
    const block = mp.reap(1 << 30, -1n);
    await h.commitBlock(block);
    mp.update(block);
    expect(mp.size).toBe(0);
    expect((await mp.add(c0)).code).toBe(0);
  });

  it('refuses a tx when the byte cap is reached', async () => {
    const a0 = await tx(alice, 0);
    const mp = pool({ maxTxsBytes: a0.length * 2 + 10 });
    await mp.add(a0);
    await mp.add(await tx(bob, 0));
    expect((await refusal(mp.add(await tx(carol, 0)))).code).toBe('MEMPOOL_FULL');
    expect(mp.totalBytes).toBeLessThanOrEqual(a0.length * 2 + 10);
  });

  it('a higher-paying tx evicts the lowest-paying tail; an equal or lower one does not', async () => {
    const mp = pool({ size: 3 });
    const a0 = await tx(alice, 0, '5000');
    const a1 = await tx(alice, 1, '20000');
    const b0 = await tx(bob, 0, '6000');
    for (const t of [a0, a1, b0]) await mp.add(t);
    // Tails are a1 (20000) and b0 (6000): b0 goes. a0 is cheaper but not a tail.
    const c0 = await tx(carol, 0, '50000');
    expect((await mp.add(c0)).code).toBe(0);
    expect(mp.size).toBe(3);
    expect(mp.has(txHash(b0))).toBe(false);
    expect(hashes(mp.reap(1 << 30, -1n))).toEqual(hashes([c0, a0, a1]));
    // Cheapest tail is now a1 (20000 = 100000 per gas unit scaled): dave at the same price cannot evict it.
    expect((await refusal(mp.add(await tx(dave, 0, '20000')))).code).toBe('MEMPOOL_FULL');
    // Carol's next tx pays more than the cheapest tail a1: a1 goes, a0 (now alice's tail) stays.
    const c1 = await tx(carol, 1, '900000');
    expect((await mp.add(c1)).code).toBe(0);
    expect(hashes(mp.reap(1 << 30, -1n))).toEqual(hashes([c0, c1, a0]));
    expect(mp.size).toBe(3);
  });

  it('a sender never evicts its own tail', async () => {
    const mp = pool({ size: 2 });
    await mp.add(await tx(alice, 0, '5000'));
    await mp.add(await tx(alice, 1, '5000'));
    expect((await refusal(mp.add(await tx(alice, 2, '900000')))).code).toBe('MEMPOOL_FULL');
    expect(mp.size).toBe(2);
  });

  it('after a "mempool is full" refusal the sender can bump the fee of the same sequence', async () => {
    const mp = pool({ size: 2 });
    await mp.add(await tx(alice, 0, '5000'));
    await mp.add(await tx(bob, 0, '5000'));
    expect((await refusal(mp.add(await tx(carol, 0, '5000')))).code).toBe('MEMPOOL_FULL');
    // The refused tx must not have consumed carol's sequence in the check state.
    const bumped = await tx(carol, 0, '50000');
    expect((await mp.add(bumped)).code).toBe(0);
    expect(mp.has(txHash(bumped))).toBe(true);
    expect(mp.size).toBe(2);
  });
});

describe('update after a block', () => {
  it('removes committed txs, keeps valid ones, and drops a tx made invalid together with its sender\'s later txs', async () => {
    const mp = pool();
    const a0 = await tx(alice, 0);
    const a1 = await tx(alice, 1);
    const c0 = await tx(carol, 0);
    const c1 = await tx(carol, 1);
    const d0 = await tx(dave, 0);
    for (const t of [a0, a1, c0, c1, d0]) expect((await mp.add(t)).code).toBe(0);

    // The block holds a0 (from the pool) and another carol seq-0 tx (from elsewhere).
    const c0other = await tx(carol, 0, '5000', 'sent through another node');
    const block = [a0, c0other];
    expect((await h.commitBlock(block)).map((r) => r.code)).toEqual([0, 0]);
    mp.update(block);

    expect(hashes(mp.reap(1 << 30, -1n))).toEqual(hashes([a1, d0]));
    expect(mp.size).toBe(2);
    // Committed bytes stay refused; dropped ones may come back (and fail CheckTx on their merits).
    expect((await refusal(mp.add(a0))).code).toBe('TX_IN_CACHE');
    expect((await mp.add(c1)).code).toBe(0);
    expect((await mp.add(c0)).code).toBe(32);
  });

  it('a tx still queued for admission when a block commits it is refused, unchecked, and stays refused', async () => {
    const mp = pool();
    const t = await tx(alice, 0);
    const queued = mp.add(t); // admission runs on a later turn
    mp.update([t]); // ...and a block from another node commits the tx first
    const err = await refusal(queued);
    expect(err.code).toBe('TX_IN_CACHE');
    expect(err.message).toMatch(/committed in a block/);
    expect(mp.size).toBe(0);
    expect((await refusal(mp.add(t))).code).toBe('TX_IN_CACHE');
  });

  it('after an empty block nothing changes', async () => {
    const mp = pool();
    for (const t of [await tx(alice, 0), await tx(alice, 1)]) await mp.add(t);
    await h.commitBlock([]);
    mp.update([]);
    expect(mp.size).toBe(2);
    expect((await mp.add(await tx(alice, 2))).code).toBe(0);
  });
});
