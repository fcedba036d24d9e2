// Keeps persistent peers connected: dial at start, and redial with doubling backoff, forever,
// whenever one drops (a restarted validator rejoins without operator action). A banned or
// blocked peer is retried once its cool-down ends.
import type { Libp2p } from '@libp2p/interface';
import type { Logger } from '../consensus/interface.js';
import type { PeerAddr } from './addr.js';
import { errorMessage } from './errors.js';

interface Target extends PeerAddr {
  delayMs: number;
  timer?: NodeJS.Timeout;
  dialing: boolean;
}

export interface DialPolicy {
  minMs: number;
  maxMs: number;
  dialTimeoutMs: number;
  /** ms until this peer may be dialled again (ban or block), 0 when it may be now. */
  refusedForMs(peer: string): number;
}

export class PersistentDialer {
  private readonly targets = new Map<string, Target>();
  private stopped = false;

  constructor(
    private readonly libp2p: Libp2p,
    peers: PeerAddr[],
    private readonly policy: DialPolicy,
    private readonly log: Logger,
  ) {
    for (const p of peers) this.targets.set(p.id, { ...p, delayMs: policy.minMs, dialing: false });
  }

  has(peer: string): boolean {
    return this.targets.has(peer);
  }

  start(): void {
    for (const t of this.targets.values()) this.schedule(t, 0);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.targets.values()) clearTimeout(t.timer);
  }

  /** A peer dropped: if it is persistent, dial it again after its backoff. */
  onDisconnect(peer: string): void {
    const t = this.targets.get(peer);
    if (t) this.schedule(t, t.delayMs);
  }

  /** Safety net, called periodically: any persistent peer not connected and not scheduled gets a dial. */
  check(): void {
    for (const t of this.targets.values()) {
      if (!t.timer && !t.dialing && this.libp2p.getConnections(t.peerId).length === 0) this.schedule(t, t.delayMs);
    }
  }

  private schedule(t: Target, delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      t.timer = undefined;
      void this.dial(t);
    }, delayMs);
  }

  private async dial(t: Target): Promise<void> {
    if (this.stopped || t.dialing || this.libp2p.getConnections(t.peerId).length > 0) return;
    const refusedMs = this.policy.refusedForMs(t.id);
    if (refusedMs > 0) return this.schedule(t, refusedMs + 10);
    t.dialing = true;
    try {
      await this.libp2p.dial(t.addr, { signal: AbortSignal.timeout(this.policy.dialTimeoutMs) });
      t.delayMs = this.policy.minMs;
      this.log.debug('p2p: dialled persistent peer', { peer: t.id });
    } catch (err) {
      if (this.stopped) return;
      t.delayMs = Math.min(t.delayMs * 2, this.policy.maxMs);
      this.log.debug('p2p: persistent peer dial failed', { peer: t.id, retryMs: t.delayMs, err: errorMessage(err) });
      this.schedule(t, t.delayMs);
    } finally {
      t.dialing = false;
    }
  }
}
