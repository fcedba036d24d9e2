// Merkle inclusion proof of a tx in its block's data hash, in CometBFT's TxProof JSON:
// leaves are sha256(tx), aunts listed from the leaf's sibling up to the root's child.
import { innerHash, leafHash, merkleRoot, sha256 } from '../consensus/merkle.js';
import { base64, hexUpper } from './jsonFormat.js';

/** Largest power of two strictly less than n (n >= 2), as CometBFT splits its trees. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function proveIndex(items: Uint8Array[], index: number): { root: Uint8Array; aunts: Uint8Array[] } {
  if (items.length === 1) return { root: leafHash(items[0]!), aunts: [] };
  const k = splitPoint(items.length);
  const left = items.slice(0, k);
  const right = items.slice(k);
  if (index < k) {
    const sub = proveIndex(left, index);
    const sibling = merkleRoot(right);
    return { root: innerHash(sub.root, sibling), aunts: [...sub.aunts, sibling] };
  }
  const sub = proveIndex(right, index - k);
  const sibling = merkleRoot(left);
  return { root: innerHash(sibling, sub.root), aunts: [...sub.aunts, sibling] };
}

export function txProofJson(blockTxs: Uint8Array[], index: number): Record<string, unknown> {
  const leaves = blockTxs.map(sha256);
  const { root, aunts } = proveIndex(leaves, index);
  return {
    root_hash: hexUpper(root),
    data: base64(blockTxs[index]),
    proof: {
      total: String(blockTxs.length),
      index: String(index),
      leaf_hash: base64(leafHash(leaves[index]!)),
      aunts: aunts.map((a) => base64(a)),
    },
  };
}
