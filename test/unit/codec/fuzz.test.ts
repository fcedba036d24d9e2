// Fuzz-style: random and mutated byte strings must decode or fail with TxDecodeError, fast.
import { createHash } from 'node:crypto';
import { decodeTx } from '../../../src/codec/tx.js';
import { TxDecodeError } from '../../../src/codec/errors.js';
import { signedTx, testKey } from './fixtures.js';

/** Deterministic byte stream (SHA-256 in counter mode), so a failure reproduces. */
function prng(seed: string): () => number {
  let counter = 0;
  let block = new Uint8Array();
  let i = 0;
  return () => {
    if (i >= block.length) {
      block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      i = 0;
    }
    return block[i++];
  };
}

function mutate(base: Uint8Array, next: () => number): Uint8Array {
  const out = Array.from(base);
  const edits = 1 + (next() % 8);
  for (let e = 0; e < edits; e++) {
    const at = ((next() << 8) | next()) % Math.max(1, out.length);
    switch (next() % 5) {
      case 0: out[at] = next(); break; // replace
      case 1: out[at] ^= 1 << (next() % 8); break; // bit flip
      case 2: out.splice(at, 1 + (next() % 4)); break; // delete
      case 3: out.splice(at, 0, next(), next()); break; // insert
      default: out.length = at; // truncate
    }
  }
  return Uint8Array.from(out);
}

test('20,000 random and mutated inputs: only TxDecodeError, never a hang', () => {
  const next = prng('seedcast-codec-fuzz');
  const key = testKey();
  const seeds = [signedTx(key).bytes, signedTx(key, { signers: 3 }).bytes, signedTx(key, { sequence: 99 }).bytes];
  let decoded = 0;
  let rejected = 0;
  const t0 = Date.now();
  for (let n = 0; n < 20_000; n++) {
    let input: Uint8Array;
    if (n % 4 === 0) {
      input = Uint8Array.from({ length: next() % 200 }, next); // pure noise
    } else {
      input = mutate(seeds[n % seeds.length], next);
    }
    try {
      decodeTx(input);
      decoded++;
    } catch (err) {
      if (!(err instanceof TxDecodeError)) throw new Error(`input ${Buffer.from(input).toString('hex')} threw ${String(err)}`);
      expect(typeof err.code).toBe('number');
      rejected++;
    }
  }
  expect(decoded + rejected).toBe(20_000);
  expect(rejected).toBeGreaterThan(10_000); // the mutations do hit the checks
  expect(Date.now() - t0).toBeLessThan(20_000);
});
