// Tx inclusion proofs: recomputing the root from leaf and aunts must give the block's data hash.
import { createHash } from 'node:crypto';
import { dataHash } from '../../../src/consensus/hashing.js';
import { txProofJson } from '../../../src/rpc/txProof.js';

const h = (...parts: Uint8Array[]) => { const x = createHash('sha256'); parts.forEach((p) => x.update(p)); return new Uint8Array(x.digest()); };

/** RFC 6962 path verification as a light client does it, written independently of txProof.ts. */
function rootFromProof(leaf: Uint8Array, index: number, total: number, aunts: Uint8Array[]): Uint8Array {
  if (total === 1) return leaf;
  let k = 1;
  while (k * 2 < total) k *= 2;
  const sibling = aunts[aunts.length - 1]!;
  const rest = aunts.slice(0, -1);
  return index < k
    ? h(new Uint8Array([1]), rootFromProof(leaf, index, k, rest), sibling)
    : h(new Uint8Array([1]), sibling, rootFromProof(leaf, index - k, total - k, rest));
}

test.each([1, 2, 3, 5, 8])('every tx of a %i-tx block proves against the data hash', (n) => {
  const txs = Array.from({ length: n }, (_, i) => new Uint8Array([i, i + 1, 42]));
  const expected = Buffer.from(dataHash(txs)).toString('hex').toUpperCase();
  for (let i = 0; i < n; i++) {
    const p = txProofJson(txs, i) as { root_hash: string; data: string; proof: { total: string; index: string; leaf_hash: string; aunts: string[] } };
    expect(p.root_hash).toBe(expected);
    expect(p.proof.total).toBe(String(n));
    const leaf = new Uint8Array(Buffer.from(p.proof.leaf_hash, 'base64'));
    expect(leaf).toEqual(h(new Uint8Array([0]), h(txs[i]!)));
    const root = rootFromProof(leaf, i, n, p.proof.aunts.map((a) => new Uint8Array(Buffer.from(a, 'base64'))));
    expect(Buffer.from(root).toString('hex').toUpperCase()).toBe(expected);
  }
});
