// What a download keeps per session: the blocks and leaves the peer owes us, when it last
// delivered, whether it is snubbed, where its run of pieces goes on, and which pieces were
// asked of it before we knew what it holds.
import type { PickHint, Picker } from './picker.js';

export class DownloadPeer {
  readonly outstanding = new Map<number, true>();
  readonly leavesAsked = new Set<number>();
  /** Last time this peer sent a block, or began to owe us one. */
  lastActivity = Date.now();
  snubbedUntil = 0;
  readonly pickHint: PickHint = {};
  /** Pieces asked for before we knew what the peer holds (with the handshake): a refusal is no snub. */
  guessed?: Set<number>;

  /** Blocks [first, first + count) are owed no longer (refused, or the peer is gone). */
  release(picker: Picker | undefined, first: number, count: number): void {
    for (let b = first; b < first + count; b++) if (this.outstanding.delete(b)) picker?.release(b);
  }

  /** Nothing is owed any more (choked, closed, or the download ended). */
  releaseAll(picker: Picker | undefined): void {
    for (const b of this.outstanding.keys()) picker?.release(b);
    this.outstanding.clear();
  }
}
