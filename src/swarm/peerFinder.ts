// Where a download finds peers: the connected ones and the chain's provider records, dialled
// up to a cap, with a back-off for peers that could not open a session for this content.
import { errorMessage } from '../p2p/errors.js';
import type { DownloadEnv } from './downloader.js';

const DISCOVER_EVERY_MS = 1000;
const PROVIDERS_EVERY_MS = 5000;
export const MAX_PEERS = 16;

export class PeerFinder {
  private readonly backoff = new Map<string, number>();
  private readonly opening = new Set<string>();
  private nextDiscover = 0;
  private nextProviders = 0;
  private discovering = false;

  constructor(
    private readonly env: Pick<DownloadEnv, 'ctx' | 'openSession' | 'hasSession' | 'providers'>,
    /** Sessions the download has now, and whether it has ended. */
    private readonly state: () => { sessions: number; finished: boolean },
  ) {}

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
      const candidates = new Set(this.env.ctx.peers());
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
        void this.env.openSession(peer).then((r) => {
          this.opening.delete(peer);
          if (r !== 'open') this.backoff.set(peer, Date.now() + (r === 'unknown' ? 2000 : 5000));
        });
      }
    } finally {
      this.discovering = false;
    }
  }
}
