// Where a download finds peers: the connected ones, the chain's provider records, and the peers
// its sessions tell it of (peer exchange), dialled up to a cap, with a back-off for peers that
// could not open a session for this content.
import type { Multiaddr } from '@multiformats/multiaddr';
import { errorMessage } from '../p2p/errors.js';
import { connectionsTo } from '../p2p/peerBook.js';
import type { DownloadEnv } from './downloader.js';
import { HANDSHAKE_TIMEOUT_MS } from './protocol.js';

const DISCOVER_EVERY_MS = 1000;
const PROVIDERS_EVERY_MS = 5000;
export const MAX_PEERS = 16;
/** Peers learned by peer exchange that are kept (the latest ones). */
const MAX_LEARNED = 64;

export class PeerFinder {
  private readonly backoff = new Map<string, number>();
  private readonly opening = new Set<string>();
  private nextDiscover = 0;
  private nextProviders = 0;
  private discovering = false;
  /** Peers from peer exchange, with the addresses to dial them at (oldest first). */
  private readonly learned = new Map<string, Multiaddr[]>();

  constructor(
    private readonly env: Pick<DownloadEnv, 'ctx' | 'openSession' | 'hasSession' | 'providers'>,
    /** Sessions the download has now, and whether it has ended. */
    private readonly state: () => { sessions: number; finished: boolean },
  ) {}

  /** Peers a session told us of: candidates from the next look (which comes at once). */
  learn(peers: Map<string, Multiaddr[]>): void {
    for (const [peer, addrs] of peers) {
      this.learned.delete(peer);
      this.learned.set(peer, addrs);
    }
    for (const peer of this.learned.keys()) {
      if (this.learned.size <= MAX_LEARNED) break;
      this.learned.delete(peer);
    }
    if (peers.size > 0) this.nextDiscover = 0;
  }

  /** Looks for more peers if it is time to (called from the download's timer). */
  tick(now: number): void {
    if (now < this.nextDiscover) return;
    this.nextDiscover = now + DISCOVER_EVERY_MS;
    void this.discover();
  }

  private async discover(): Promise<void> {
    if (this.discovering || this.state().sessions >= MAX_PEERS) return;
    this.discovering = true;
    try {
      const candidates = new Set([...this.env.ctx.peers(), ...this.learned.keys()]);
      const now = Date.now();
      if (this.env.providers && now >= this.nextProviders) {
        this.nextProviders = now + PROVIDERS_EVERY_MS;
        try {
          for (const p of await this.env.providers()) candidates.add(p);
        } catch (err) {
          this.env.ctx.log.debug('swarm: provider lookup failed', { err: errorMessage(err) });
        }
      }
      const self = this.env.ctx.libp2p.peerId.toString();
      for (const peer of candidates) {
        const { sessions, finished } = this.state();
        if (finished || sessions + this.opening.size >= MAX_PEERS) break;
        if (peer === self || this.opening.has(peer) || this.env.hasSession(peer) || this.env.ctx.isBanned(peer)) continue;
        if ((this.backoff.get(peer) ?? 0) > Date.now()) continue;
        this.opening.add(peer);
        void this.open(peer).then((r) => {
          this.opening.delete(peer);
          if (r !== 'open') this.backoff.set(peer, Date.now() + (r === 'unknown' ? 2000 : 5000));
        });
      }
    } finally {
      this.discovering = false;
    }
  }

  // A peer learned by peer exchange that we are not connected to is dialled at its addresses first.
  private async open(peer: string): Promise<'open' | 'unknown' | 'failed'> {
    const addrs = this.learned.get(peer);
    if (addrs && connectionsTo(this.env.ctx.libp2p, peer).length === 0) {
      try {
        await this.env.ctx.libp2p.dial(addrs, { signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) });
      } catch (err) {
        this.env.ctx.log.debug('swarm: cannot dial a peer from peer exchange', { peer, err: errorMessage(err) });
        return 'failed';
      }
    }
    return this.env.openSession(peer);
  }
}
