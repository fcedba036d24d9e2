// The signature cache: each signature is verified once from CheckTx to execution, and a cached
// verdict is never reused for a different signature or key.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { verifySecp256k1 } from '../../../src/crypto/secp256k1.js';
import { SigVerifier, type SigItem } from '../../../src/state/sigCache.js';
import { checkTx, devnetAppState, makeHarness, send, signer, signTx, type Harness } from './harness.js';

function signed(text: string): SigItem {
  const sk = secp256k1.utils.randomSecretKey();
  const message = new TextEncoder().encode(text);
  return { pubkey: secp256k1.getPublicKey(sk, true), message, signature: secp256k1.sign(message, sk) };
}

function countingVerifier(withPool = false) {
  const calls = { now: 0, batched: 0 };
  const real = (i: SigItem) => verifySecp256k1(i.pubkey, i.message, i.signature);
  const verifier = new SigVerifier(
    (i) => (calls.now++, real(i)),
    withPool ? async (items) => ((calls.batched += items.length), items.map(real)) : undefined,
  );
  return { verifier, calls };
}

test('a signature is verified once; later checks of the same or equal bytes hit the cache', () => {
  const { verifier, calls } = countingVerifier();
  const item = signed('sign doc 1');
  expect(verifier.verify(item)).toBe(true);
  expect(verifier.verify(item)).toBe(true);
  // Equal bytes in new arrays (a tx met again in a block's parts): found by content.
  expect(verifier.verify({ pubkey: Uint8Array.from(item.pubkey), message: Uint8Array.from(item.message), signature: Uint8Array.from(item.signature) })).toBe(true);
  expect(calls.now).toBe(1);
});

test('a cached verdict is not reused for another signature or another key over the same message', () => {
  const { verifier, calls } = countingVerifier();
  const item = signed('sign doc 2');
  expect(verifier.verify(item)).toBe(true);
  const flipped = Uint8Array.from(item.signature);
  flipped[5] ^= 1;
  expect(verifier.verify({ ...item, signature: flipped })).toBe(false);
  expect(verifier.verify({ ...item, pubkey: signed('other').pubkey })).toBe(false);
  expect(calls.now).toBe(3);
  // The valid pair still verifies, and a bad verdict is remembered as bad.
  expect(verifier.verify(item)).toBe(true);
  expect(verifier.verify({ ...item, signature: flipped })).toBe(false);
  expect(calls.now).toBe(3);
});

test('warm verifies a batch through the pool; verify then needs no verification on the thread', async () => {
  const { verifier, calls } = countingVerifier(true);
  const items = [signed('a'), signed('b'), signed('c')];
  await verifier.warm(items);
  await verifier.warm(items);
  expect(calls.batched).toBe(3);
  for (const i of items) expect(verifier.verify(i)).toBe(true);
  expect(calls.now).toBe(0);
});

describe('a proposal with txs this node has not checked', () => {
  let h: Harness;
  let calls: { now: number; batched: number };
  beforeEach(async () => {
    const counting = countingVerifier(true);
    calls = counting.calls;
    h = await makeHarness(devnetAppState(), 1 << 20, counting.verifier);
  });
  afterEach(() => h.close());

  it('has their signatures verified in one batch before execution, which then verifies none on its thread', async () => {
    const [alice, bob] = await Promise.all([signer('alice', 0), signer('bob', 1)]);
    const checked = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] });
    const unseen = await signTx(bob, { sequence: 0, msgs: [send(bob.address, alice.address, '2')] });
    expect((await checkTx(h.app, checked)).code).toBe(0); // CheckTx verifies alice's tx (batch of 1)
    expect(calls.batched).toBe(1);
    // The block brings both txs in new byte arrays (as block parts do).
    const block = [Uint8Array.from(checked), Uint8Array.from(unseen)];
    await h.app.warmSignatures(block);
    expect(calls.batched).toBe(2); // only bob's tx was left to verify
    await h.app.warmSignatures(block);
    expect(calls.batched).toBe(2);
    expect((await h.commitBlock(block)).map((r) => r.code)).toEqual([0, 0]);
    expect(calls.now).toBe(0);
  });

  it('a forged signature is warmed as invalid and the tx fails in the block', async () => {
    const [alice, bob] = await Promise.all([signer('alice', 0), signer('bob', 1)]);
    const forged = await signTx(alice, { sequence: 0, msgs: [send(alice.address, bob.address, '1')] });
    forged[forged.length - 5] ^= 1; // inside the signature, the TxRaw's last field
    await h.app.warmSignatures([forged]);
    expect(calls.batched).toBe(1);
    const [result] = await h.commitBlock([forged]);
    expect(result!.code).toBe(4); // unauthorized: signature verification failed
    expect(result!.log).toMatch(/signature verification failed/);
    expect(calls.now).toBe(0);
  });
});
