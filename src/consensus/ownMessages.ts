// What this validator signed in the current height: sent once, re-sent to everyone when the
// height stalls (messages lost to a partition), and recognised again when the WAL replays them.
import { bytesEqual } from './bytes.js';
import type { ConsensusMessage, Transport } from './interface.js';
import type { ConsensusEvent } from './types.js';

const MAX_OWN_MESSAGES = 16;

export class OwnMessages {
  private sent: ConsensusMessage[] = [];

  constructor(private readonly transport: Transport, private readonly me: Uint8Array) {}

  /** Broadcasts our signed vote or proposal (an event the core handles) and keeps it for re-sending. */
  send(ev: ConsensusEvent): void {
    const msg: ConsensusMessage | undefined = ev.type === 'vote' ? { type: 'vote', vote: ev.vote }
      : ev.type === 'proposal' ? { type: 'proposal', proposal: ev.proposal, block: ev.block } : undefined;
    if (!msg) return;
    this.transport.broadcast(msg);
    this.sent.push(msg);
    if (this.sent.length > MAX_OWN_MESSAGES) this.sent.shift();
  }

  /** Broadcasts again what we signed at `height`. */
  resendHeight(height: bigint): void {
    for (const msg of this.sent) {
      const h = msg.type === 'vote' ? msg.vote.height : msg.type === 'proposal' ? msg.proposal.height : -1n;
      if (h === height) this.transport.broadcast(msg);
    }
  }

  /** A new height: what we signed before is moot. */
  clear(): void {
    this.sent = [];
  }

  /** "v:type:round" / "p:round" when the event is our own signed vote or proposal. */
  keyOf(ev: ConsensusEvent): string | undefined {
    if (ev.type === 'vote' && bytesEqual(ev.vote.validatorAddress, this.me)) return `v:${ev.vote.type}:${ev.vote.round}`;
    if (ev.type === 'proposal' && bytesEqual(ev.block?.header?.proposerAddress ?? new Uint8Array(), this.me)) return `p:${ev.proposal.round}`;
    return undefined;
  }
}
