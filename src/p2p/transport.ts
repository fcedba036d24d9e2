// Consensus gossip over direct streams (/seedcast/consensus/1.0.0). Each message is delivered
// once (content-hash dedupe) and relayed to the peers that did not send it, so validators that
// are not directly connected still hear each other. Our own messages of the latest height are
// kept and replayed to a peer when it (re)connects, so a restarted or healed peer catches up
// on the round in progress.
import type { ConsensusMessage, Transport } from '../consensus/interface.js';
import { decodeConsensusMessage, encodeConsensusMessage, maxConsensusFrameBytes } from './consensusCodec.js';
import type { PeerContext } from './context.js';
import { GossipChannel } from './gossipChannel.js';
import { PROTOCOL_CONSENSUS } from './options.js';
import { BoundedSet } from '../util/boundedSet.js';
import { contentId } from './contentId.js';

const SEEN_CAPACITY = 50_000;
const MAX_REPLAY_MESSAGES = 2_000;
/** Frames held for the driver before it listens: a peer's replay of one height fits. */
const MAX_EARLY_FRAMES = MAX_REPLAY_MESSAGES;
const MAX_EARLY_BYTES = 64 * 1024 * 1024;

export interface P2PTransportOptions {
  maxBlockBytes: number;
  maxQueuedBytesPerPeer: number;
  /** Relay messages from one peer to the others (default true). */
  relay?: boolean;
}

export class P2PTransport implements Transport {
  private readonly channel: GossipChannel;
  private readonly seen = new BoundedSet(SEEN_CAPACITY);
  private readonly listeners = new Set<(msg: ConsensusMessage, from: string) => void>();
  /** The frame each received message came in, until the driver has checked it and relays it. */
  private readonly received = new WeakMap<object, { frame: Uint8Array; from: string }>();
  private replay: { height: bigint; frames: Uint8Array[] } = { height: 0n, frames: [] };
  /**
   * Frames that came before the driver listened (peers replay their height to us as soon as we
   * are ready, which can be before consensus starts). Held, not marked seen: the rebroadcasts of
   * the same frames would otherwise be dropped as duplicates and never reach the driver.
   */
  private early: { frame: Uint8Array; from: string }[] = [];
  private earlyBytes = 0;
  private unsubscribeReady?: () => void;

  constructor(
    private readonly ctx: PeerContext,
    private readonly opts: P2PTransportOptions,
  ) {
    this.channel = new GossipChannel(ctx, PROTOCOL_CONSENSUS, maxConsensusFrameBytes(opts.maxBlockBytes), opts.maxQueuedBytesPerPeer, (frame, from) => this.onFrame(frame, from));
  }

  async start(): Promise<void> {
    await this.channel.start();
    this.unsubscribeReady = this.ctx.onPeerReady((peer) => {
      for (const frame of this.replay.frames) this.channel.send(peer, frame);
    });
  }

  async stop(): Promise<void> {
    this.unsubscribeReady?.();
    await this.channel.stop();
  }

  broadcast(msg: ConsensusMessage): void {
    const frame = encodeConsensusMessage(msg);
    this.seen.add(contentId(frame));
    this.remember(heightOf(msg), frame);
    this.channel.broadcast(frame);
  }

  onMessage(cb: (msg: ConsensusMessage, from: string) => void): () => void {
    this.listeners.add(cb);
    // On the next turn: the subscriber finishes its own start (the driver enters its height) first.
    setImmediate(() => {
      this.earlyBytes = 0;
      for (const { frame, from } of this.early.splice(0)) this.deliver(frame, from);
    });
    return () => this.listeners.delete(cb);
  }

  /** Relays a message the driver has checked, in the exact frame it arrived in, to all but its sender. */
  relay(msg: ConsensusMessage): void {
    const key = inner(msg);
    const got = key && this.received.get(key);
    if (!got) return;
    this.received.delete(key);
    this.channel.broadcast(got.frame, new Set([got.from]));
  }

  reportInvalid(from: string, reason: string): void {
    this.ctx.penalise(from, 'invalid', `consensus: ${reason}`);
  }

  // Throws on junk: the channel bans the sender.
  private onFrame(frame: Uint8Array, from: string): void {
    if (this.listeners.size === 0) {
      decodeConsensusMessage(frame, this.opts.maxBlockBytes); // junk is refused now, not later
      if (this.early.length < MAX_EARLY_FRAMES && this.earlyBytes + frame.length <= MAX_EARLY_BYTES) {
        this.early.push({ frame, from });
        this.earlyBytes += frame.length;
      }
      return;
    }
    this.deliver(frame, from);
  }

  private deliver(frame: Uint8Array, from: string): void {
    if (!this.seen.add(contentId(frame))) return;
    const msg = decodeConsensusMessage(frame, this.opts.maxBlockBytes);
    if (this.opts.relay !== false) this.received.set(inner(msg), { frame, from });
    for (const cb of this.listeners) {
      try {
        cb(msg, from);
      } catch (err) {
        this.ctx.log.error('p2p: consensus listener threw', { err: String(err) });
      }
    }
  }

  private remember(height: bigint, frame: Uint8Array): void {
    if (height > this.replay.height) this.replay = { height, frames: [] };
    if (height === this.replay.height && this.replay.frames.length < MAX_REPLAY_MESSAGES) this.replay.frames.push(frame);
  }
}

function heightOf(msg: ConsensusMessage): bigint {
  if (msg.type === 'proposal') return msg.proposal.height;
  if (msg.type === 'vote') return msg.vote.height;
  return 0n; // evidence is not replayed (height 0 is always below the latest)
}

/** The object a received message is known by (the driver hands back the same objects). */
function inner(msg: ConsensusMessage): object {
  return msg.type === 'proposal' ? msg.proposal : msg.type === 'vote' ? msg.vote : msg.evidence;
}
