import { createHash, randomBytes } from 'node:crypto';
import { contentLayout, type ContentLayout } from '../../../../src/swarm/layout.js';
import {
  contentIdHex,
  merkleLevels,
  merkleProof,
  verifyMerkleProof,
  hashLeaf,
  parseContentId,
  pieceLayerFromLeaves,
  pieceRoot,
  rootFromLeaves,
  rootFromPieceLayer,
  verifyPieceLayer,
  zeroSubtreeHash,
} from '../../../../src/swarm/merkle.js';
import { SwarmError } from '../../../../src/swarm/errors.js';

const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const ZERO = Buffer.alloc(32);

// Independent, obviously-correct recursion over the full tree of leafCount leaves.
function naiveRoot(leafHashes: Buffer[], lo: number, width: number): Buffer {
  if (width === 1) return leafHashes[lo] ?? ZERO;
  const half = width / 2;
  return sha(naiveRoot(leafHashes, lo, half), naiveRoot(leafHashes, lo + half, half));
}

function fakeLeaves(n: number): { flat: Uint8Array; list: Buffer[] } {
  const list = Array.from({ length: n }, (_, i) => sha(Buffer.from(`block ${i}`)));
  return { flat: new Uint8Array(Buffer.concat(list)), list };
}

const blocks = (n: number): bigint => BigInt(n) * 16368n;

describe('merkle', () => {
  it('hashLeaf is SHA-256 of the ciphertext block', () => {
    const block = randomBytes(16384);
    expect(Buffer.from(hashLeaf(block))).toEqual(sha(block));
  });

  it('one block: the root is the leaf', () => {
    const layout = contentLayout(1n);
    const { flat, list } = fakeLeaves(1);
    const layer = pieceLayerFromLeaves(flat, layout);
    expect(Buffer.from(layer)).toEqual(list[0]);
    expect(Buffer.from(rootFromPieceLayer(layer, layout))).toEqual(list[0]);
  });

  it('empty file: one block, root = its leaf', () => {
    const layout = contentLayout(0n);
    const leaf = hashLeaf(new Uint8Array(16384));
    expect(Buffer.from(rootFromLeaves(leaf, layout))).toEqual(Buffer.from(leaf));
  });

  it('17 blocks with 16-block pieces: known shape and root', () => {
    const layout = contentLayout(blocks(17));
    const { flat, list } = fakeLeaves(17);
    const layer = pieceLayerFromLeaves(flat, layout);
    expect(layer.length).toBe(64);
    expect(Buffer.from(layer.subarray(0, 32))).toEqual(naiveRoot(list, 0, 16));
    // The second piece: leaf 16 then 15 zero leaves.
    expect(Buffer.from(layer.subarray(32, 64))).toEqual(naiveRoot(list, 16, 16));
    expect(Buffer.from(pieceRoot(flat.subarray(16 * 32), 16))).toEqual(naiveRoot(list, 16, 16));
    const root = rootFromPieceLayer(layer, layout);
    expect(Buffer.from(root)).toEqual(naiveRoot(list, 0, 32));
    expect(Buffer.from(root)).toEqual(sha(layer.subarray(0, 32), layer.subarray(32, 64)));
  });

  it('equals the naive recursion for many sizes and piece sizes', () => {
    for (const n of [1, 2, 3, 5, 8, 9, 31, 33, 100, 257]) {
      for (const pb of [1, 2, 4, 16, 64, 1024]) {
        const layout = contentLayout(blocks(n), pb);
        const { flat, list } = fakeLeaves(n);
        const root = rootFromLeaves(flat, layout);
        expect(Buffer.from(root)).toEqual(naiveRoot(list, 0, layout.leafCount));
        expect(pieceLayerFromLeaves(flat, layout).length).toBe(layout.numPieces * 32);
      }
    }
  });

  it('rootFromPieceLayer pads with zero-subtree hashes', () => {
    // 5 pieces of 4 blocks (20 blocks, 32 leaves): the piece row has 8 slots, 3 are zero subtrees.
    const layout = contentLayout(blocks(20), 4);
    expect(layout.numPieces).toBe(5);
    const { flat } = fakeLeaves(20);
    const layer = pieceLayerFromLeaves(flat, layout);
    const p = (i: number): Uint8Array => layer.subarray(i * 32, (i + 1) * 32);
    const z2 = sha(sha(ZERO, ZERO), sha(ZERO, ZERO));
    expect(Buffer.from(zeroSubtreeHash(2))).toEqual(z2);
    const z3 = sha(z2, z2);
    const expected = sha(sha(sha(p(0), p(1)), sha(p(2), p(3))), sha(sha(p(4), z2), z3));
    expect(Buffer.from(rootFromPieceLayer(layer, layout))).toEqual(expected);
  });

  it('verifyPieceLayer accepts the right layer and rejects a flipped byte or a wrong length', () => {
    const layout: ContentLayout = contentLayout(blocks(40), 8);
    const { flat } = fakeLeaves(40);
    const layer = pieceLayerFromLeaves(flat, layout);
    const id = rootFromPieceLayer(layer, layout);
    expect(verifyPieceLayer(layer, layout, id)).toBe(true);
    for (const at of [0, 31, layer.length - 1]) {
      const bad = layer.slice();
      bad[at]! ^= 1;
      expect(verifyPieceLayer(bad, layout, id)).toBe(false);
    }
    const badId = id.slice();
    badId[7]! ^= 0x80;
    expect(verifyPieceLayer(layer, layout, badId)).toBe(false);
    expect(verifyPieceLayer(layer.subarray(32), layout, id)).toBe(false);
    expect(verifyPieceLayer(new Uint8Array(layer.length + 32), layout, id)).toBe(false);
    expect(verifyPieceLayer(layer, layout, id.subarray(1))).toBe(false);
  });

  it('bad inputs get clear errors', () => {
    const layout = contentLayout(blocks(3));
    expect(() => pieceLayerFromLeaves(new Uint8Array(64), layout)).toThrow(SwarmError);
    expect(() => rootFromPieceLayer(new Uint8Array(33), layout)).toThrow(/piece layer must be 1 hashes/);
    expect(() => pieceRoot(new Uint8Array(32 * 17), 16)).toThrow(SwarmError);
    expect(() => pieceRoot(new Uint8Array(0), 16)).toThrow(SwarmError);
  });

  it('content id hex round trip and rejection', () => {
    const id = sha(Buffer.from('x'));
    const hex = contentIdHex(id);
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(parseContentId(hex))).toEqual(id);
    expect(Buffer.from(parseContentId(hex.toUpperCase()))).toEqual(id);
    for (const bad of ['', hex.slice(1), hex + '0', 'g' + hex.slice(1), ` ${hex.slice(1)}`]) {
      try {
        parseContentId(bad);
        throw new Error('accepted a bad id');
      } catch (err) {
        expect((err as SwarmError).code).toBe('SWARM_BAD_CONTENT_ID');
      }
    }
    expect(() => contentIdHex(new Uint8Array(31))).toThrow(SwarmError);
  });
});

describe('merkle proofs', () => {
  it('every leaf proves against the root; a wrong leaf, index or sibling does not', () => {
    for (const n of [1, 2, 7, 16, 33]) {
      const layout = contentLayout(blocks(n));
      const { flat, list } = fakeLeaves(n);
      const root = rootFromLeaves(flat, layout);
      const levels = merkleLevels(flat, layout);
      expect(Buffer.from(levels.at(-1)!)).toEqual(Buffer.from(root));
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(levels, i);
        expect(proof.length).toBe(Math.log2(layout.leafCount) * 32);
        expect(verifyMerkleProof(list[i]!, i, proof, root)).toBe(true);
        if (n > 1) {
          expect(verifyMerkleProof(list[i]!, i ^ 1, proof, root)).toBe(false);
          expect(verifyMerkleProof(list[(i + 1) % n]!, i, proof, root)).toBe(false);
          const bad = proof.slice();
          bad[bad.length - 1]! ^= 1;
          expect(verifyMerkleProof(list[i]!, i, bad, root)).toBe(false);
        }
      }
      expect(() => merkleProof(levels, n)).toThrow(SwarmError);
    }
  });
});
