import { DecodedTxCache } from '../../../src/state/decodedTxCache.js';
import { checkTx, makeHarness, send, signer, signTx, type Harness } from '../state/harness.js';

describe('DecodedTxCache', () => {
  it('keys by content and keeps at most two generations', () => {
    const c = new DecodedTxCache<number>(2);
    const k = (s: string) => DecodedTxCache.keyOf(Buffer.from(s));
    expect(k('a')).toBe(DecodedTxCache.keyOf(Uint8Array.from(Buffer.from('a'))));
    expect(k('a')).not.toBe(k('b'));
    c.set(k('a'), 1);
    c.set(k('b'), 2);
    c.set(k('c'), 3); // a, b move to the old generation
    expect(c.get(k('a'))).toBe(1); // promoted: young = c, a
    c.set(k('d'), 4); // young full: old = {c, a}, young = {d}
    expect(c.get(k('b'))).toBeUndefined();
    expect(c.get(k('a'))).toBe(1);
    expect(c.size).toBeLessThanOrEqual(4);
  });
});

describe('App.decodeTxCached', () => {
  let h: Harness;
  beforeAll(async () => { h = await makeHarness(); });
  afterAll(async () => { await h.close(); });

  it('decodes equal bytes in another array once, and the block still executes them', async () => {
    const alice = await signer('alice', 0);
    const bob = await signer('bob', 1);
    const tx = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '5')] });
    expect((await checkTx(h.app, tx)).code).toBe(0);
    const copy = Uint8Array.from(tx); // as a peer's proposal carries it
    const a = h.app.decodeTxCached(tx);
    expect(h.app.decodeTxCached(copy)).toBe(a);
    const [r] = await h.commitBlock([copy]);
    expect(r!.code).toBe(0);
  });

  it('throws on bad bytes every time, as the decoder does', () => {
    const junk = Uint8Array.of(0xff, 0xff, 0xff);
    expect(() => h.app.decodeTxCached(junk)).toThrow();
    expect(() => h.app.decodeTxCached(Uint8Array.from(junk))).toThrow();
  });
});
