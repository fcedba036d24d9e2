// What the protocols need from the host: the libp2p node, who is ready, and the score book.
import type { Libp2p, PeerId } from '@libp2p/interface';
import type { Logger } from '../consensus/interface.js';
import type { Offence } from './scoreBook.js';

export interface PeerContext {
  readonly libp2p: Libp2p;
  readonly log: Logger;
  /** Connected peers whose chain id matched ours (they get gossip). */
  readyPeers(): string[];
  peerIdOf(peer: string): PeerId | undefined;
  /** Scores the peer down; bans and disconnects it at the threshold. `reason` is logged. */
  penalise(peer: string, offence: Offence, reason: string): void;
  /** Called when a peer becomes ready (after its chain id matched). Returns an unsubscribe. */
  onPeerReady(cb: (peer: string) => void): () => void;
}
