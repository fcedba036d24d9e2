// Tx gossip over direct streams (/seedcast/tx/1.0.0). Txs are batched (up to txBatchBytes or
// txBatchDelayMs), each tx is handed to the mempool once (hash dedupe), and only txs the
// mempool accepted are relayed on: junk stops at the first honest node.
import type { PeerContext } from './context.js';
import { errorMessage } from './errors.js';
import { GossipChannel } from './gossipChannel.js';
import { MAX_TX_BATCH_FRAME_BYTES, PROTOCOL_TX } from './options.js';
import { BoundedSet } from '../util/boundedSet.js';
import { txHashHex } from '../crypto/hash.js';
import { decodeTxBatch, encodeTxBatch } from './syncCodec.js';

export type TxVerdict = 'accept' | 'reject' | 'ignore';
export type TxHandler = (tx: Uint8Array, from: string) => Promise<TxVerdict>;

const SEEN_CAPACITY = 200_000;

interface Batch {
  txs: Uint8Array[];
  bytes: number;
}

export interface TxGossipOptions {
  batchBytes: number;
  batchDelayMs: number;
  maxQueuedBytesPerPeer: number;
}

export class TxGossip {
  private readonly channel: GossipChannel;
  private readonly seen = new BoundedSet(SEEN_CAPACITY);
  private handler: TxHandler = async () => 'ignore';
  private readonly batches = new Map<string, Batch>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ctx: PeerContext,
    private readonly opts: TxGossipOptions,
  ) {
    this.channel = new GossipChannel(ctx, PROTOCOL_TX, MAX_TX_BATCH_FRAME_BYTES, opts.maxQueuedBytesPerPeer, (frame, from) => this.onFrame(frame, from));
  }

  async start(): Promise<void> {
    await this.channel.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.flush();
    await this.channel.stop();
  }

  /** Where received txs go (the lead wires it to mempool.add). One handler; the last set wins. */
  onTx(handler: TxHandler): void {
    this.handler = handler;
  }

  /** Gossips a tx our mempool admitted (from RPC). Already-seen txs are not sent again. */
  publish(tx: Uint8Array): void {
    if (this.seen.add(txHashHex(tx))) this.enqueue(tx);
  }

  // Decoding errors throw: the channel bans the sender. Handler verdicts arrive later.
  private onFrame(frame: Uint8Array, from: string): void {
    const txs = decodeTxBatch(frame);
    for (const tx of txs) {
      // The tx hash, remembered per bytes object: the mempool looks the same one up next.
      if (!this.seen.add(txHashHex(tx))) continue;
      this.handler(tx, from).then(
        (verdict) => {
          if (verdict === 'accept') this.enqueue(tx, from);
          else if (verdict === 'reject') this.ctx.penalise(from, 'minor', 'tx gossip: rejected tx');
        },
        (err) => this.ctx.log.error('p2p: tx handler threw', { err: errorMessage(err) }),
      );
    }
  }

  // One pending batch per sender (local txs under ''), so a relayed batch skips its sender.
  private enqueue(tx: Uint8Array, from = ''): void {
    let batch = this.batches.get(from);
    if (!batch) {
      batch = { txs: [], bytes: 0 };
      this.batches.set(from, batch);
    }
    batch.txs.push(tx);
    batch.bytes += tx.length + 8;
    if (batch.bytes >= this.opts.batchBytes) this.flushOne(from, batch);
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.opts.batchDelayMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [from, batch] of this.batches) this.flushOne(from, batch);
  }

  private flushOne(from: string, batch: Batch): void {
    this.batches.delete(from);
    this.channel.broadcast(encodeTxBatch(batch.txs), from ? new Set([from]) : undefined);
  }
}
