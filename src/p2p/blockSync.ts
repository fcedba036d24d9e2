// Block sync (/seedcast/blocksync/1.0.0): serve stored blocks with their commits, and fetch a
// height from peers whose status says they have it, failing over on timeout or error.
import type { BlockSource, SyncedBlock } from '../consensus/interface.js';
import type { PeerContext } from './context.js';
import { P2PError, errorMessage } from './errors.js';
import { BLOCK_FRAME_SLACK_BYTES, MAX_BLOCK_REQUEST_FRAME_BYTES, PROTOCOL_BLOCKSYNC } from './options.js';
import { request, serve } from './requestResponse.js';
import { type BlockWithCommit, decodeBlockRequest, decodeBlockResponse, encodeBlockRequest, encodeBlockResponse } from './syncCodec.js';

export type BlockProvider = (height: bigint) => Promise<BlockWithCommit | undefined>;

export interface PeerHeight {
  id: string;
  height: bigint;
  base: bigint;
  score: number;
}

export interface BlockSyncOptions {
  maxBlockBytes: number;
  requestTimeoutMs: number;
}

export async function serveBlocks(ctx: PeerContext, provider: BlockProvider, opts: BlockSyncOptions): Promise<void> {
  await serve(ctx, PROTOCOL_BLOCKSYNC, { maxRequestBytes: MAX_BLOCK_REQUEST_FRAME_BYTES, timeoutMs: opts.requestTimeoutMs }, async (req) => {
    const height = decodeBlockRequest(req);
    return encodeBlockResponse(await provider(height));
  });
}

export class P2PBlockSource implements BlockSource {
  private rotation = 0;

  constructor(
    private readonly ctx: PeerContext,
    private readonly peers: () => PeerHeight[],
    private readonly opts: BlockSyncOptions,
  ) {}

  maxPeerHeight(): bigint {
    let max = 0n;
    for (const p of this.peers()) if (p.height > max) max = p.height;
    return max;
  }

  async fetchBlock(height: bigint, signal?: AbortSignal): Promise<SyncedBlock> {
    const candidates = this.candidates(height);
    const failures: string[] = [];
    for (const peer of candidates) {
      if (signal?.aborted) break;
      try {
        const bytes = await request(this.ctx, peer, PROTOCOL_BLOCKSYNC, encodeBlockRequest(height), {
          maxResponseBytes: this.opts.maxBlockBytes + BLOCK_FRAME_SLACK_BYTES,
          timeoutMs: this.opts.requestTimeoutMs,
          signal,
        });
        const found = decodeBlockResponseFrom(this.ctx, peer, bytes);
        if (!found) {
          failures.push(`${peer}: does not have it`);
          continue;
        }
        if (found.block.header?.height !== height) {
          this.ctx.penalise(peer, 'invalid', `blocksync: asked for height ${height}, got ${found.block.header?.height}`);
          failures.push(`${peer}: wrong height`);
          continue;
        }
        return { block: found.block, commit: found.commit, from: peer };
      } catch (err) {
        if (err instanceof P2PError && err.code === 'P2P_FRAME_TOO_LARGE') this.ctx.penalise(peer, 'fatal', `blocksync: ${err.message}`);
        failures.push(`${peer}: ${errorMessage(err)}`);
      }
    }
    throw new P2PError('P2P_NO_PEER_HAS_BLOCK', `no peer served height ${height} (${candidates.length} asked)`, { height, failures });
  }

  reportInvalid(from: string, reason: string): void {
    this.ctx.penalise(from, 'invalid', `blocksync: ${reason}`);
  }

  // Peers that have the height, best score first; equal scores take turns to spread the load.
  private candidates(height: bigint): string[] {
    const ready = new Set(this.ctx.readyPeers());
    const have = this.peers().filter((p) => ready.has(p.id) && p.height >= height && p.base <= height);
    const start = this.rotation++ % Math.max(1, have.length);
    const rotated = [...have.slice(start), ...have.slice(0, start)];
    return rotated.sort((a, b) => b.score - a.score).map((p) => p.id);
  }
}

function decodeBlockResponseFrom(ctx: PeerContext, peer: string, bytes: Uint8Array): BlockWithCommit | undefined {
  try {
    return decodeBlockResponse(bytes);
  } catch (err) {
    ctx.penalise(peer, 'fatal', `blocksync: ${errorMessage(err)}`);
    throw err;
  }
}
