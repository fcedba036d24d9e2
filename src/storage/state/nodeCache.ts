// A bounded cache of decoded tree nodes, keyed by node hash. Two generations approximate LRU
// without per-hit bookkeeping: hits in the old generation are promoted, and when the young
// generation fills up the old one is dropped whole.
import type { TreeNode } from './node.js';
import { latin1Of } from '../../util/bytesText.js';

export const hashKey = (h: Uint8Array): string => latin1Of(h);

export class NodeCache {
  private young = new Map<string, TreeNode>();
  private old = new Map<string, TreeNode>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: string): TreeNode | undefined {
    const y = this.young.get(key);
    if (y) return y;
    const o = this.old.get(key);
    if (o) this.set(key, o);
    return o;
  }

  set(key: string, node: TreeNode): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, node);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
