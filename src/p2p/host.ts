// The libp2p host: TCP + noise + yamux + identify under the node key, persistent and bootstrap
// peers, peer exchange, chain-id check through the status protocol, peer scoring, and the
// gossip/sync protocols.
import '../polyfills.js';
import type { Libp2p, PeerId } from '@libp2p/interface';
import { createLibp2p } from 'libp2p';
import { type Logger, silentLogger } from '../consensus/interface.js';
import type { SwarmContext } from '../swarm/context.js';
import { listenMultiaddr, parsePeerAddr } from './addr.js';
import { type BlockProvider, P2PBlockSource, type PeerHeight, serveBlocks } from './blockSync.js';
import type { PeerContext } from './context.js';
import { P2PError, errorMessage } from './errors.js';
import { loadNodeKey } from './nodeKey.js';
import { connectionsTo } from './peerBook.js';
import { DEFAULT_MAX_BLOCK_BYTES, DEFAULT_TUNING, MAX_STATUS_FRAME_BYTES, type P2PTuning, PROTOCOL_STATUS } from './options.js';
import { PersistentDialer } from './persistentDialer.js';
import { PeerExchange } from './pex.js';
import { libp2pStack } from './stack.js';
import { request, serve } from './requestResponse.js';
import { type Offence, ScoreBook } from './scoreBook.js';
import { type PeerStatus, decodeStatus, encodeStatus } from './syncCodec.js';
import { P2PTransport } from './transport.js';
import { TxGossip } from './txGossip.js';

export interface P2PHostOptions {
  nodeKeyPath: string;
  /** `/ip4/HOST/tcp/PORT` or `tcp://HOST:PORT`; port 0 picks a free port. */
  listen: string;
  /** Multiaddrs with /p2p/<peer id>; dialled at start and redialled forever. */
  persistentPeers: string[];
  /** Multiaddrs with /p2p/<peer id>; dialled at start and while below the target peer count (peer exchange). */
  bootstrapPeers?: string[];
  chainId: string;
  log?: Logger;
  /** Inbound connections beyond this many peers are refused (persistent peers always get in). */
  maxPeers?: number;
  /** Our committed height and lowest stored height, for the status protocol. */
  statusProvider: () => { height: bigint; base: bigint };
  /** A stored block and a +2/3 commit for it, for block sync. */
  blockProvider: BlockProvider;
  /** The block_max_bytes consensus param (default 4 MiB): caps proposals and synced blocks. */
  maxBlockBytes?: number;
  tuning?: Partial<P2PTuning>;
}

interface PeerEntry {
  peerId: PeerId;
  height: bigint;
  base: bigint;
  ready: boolean;
}

export class P2PHost {
  readonly transport: P2PTransport;
  readonly txGossip: TxGossip;
  readonly blockSource: P2PBlockSource;
  readonly pex: PeerExchange;
  readonly peerId: string;
  private readonly table = new Map<string, PeerEntry>();
  private readonly readyListeners = new Set<(peer: string) => void>();
  private readonly polling = new Set<string>();
  private readonly scores: ScoreBook;
  private readonly dialer: PersistentDialer;
  private readonly ctx: PeerContext;
  private blocked = new Set<string>();
  private statusTimer?: NodeJS.Timeout;
  private stopped = false;

  /** Creates and starts a host: listening, protocols registered, persistent peers being dialled. */
  static async create(opts: P2PHostOptions): Promise<P2PHost> {
    const tuning = { ...DEFAULT_TUNING, ...opts.tuning };
    const persistent = opts.persistentPeers.filter((s) => s.trim() !== '').map(parsePeerAddr);
    const bootstrap = (opts.bootstrapPeers ?? []).filter((s) => s.trim() !== '').map(parsePeerAddr);
    const listen = listenMultiaddr(opts.listen);
    const privateKey = loadNodeKey(opts.nodeKeyPath);
    let host: P2PHost | undefined;
    const libp2p = await createLibp2p({
      privateKey,
      addresses: { listen: [listen] },
      ...libp2pStack(),
      // Local testnets open many connections from one address: keep the per-host inbound rate loose.
      connectionManager: { maxConnections: (opts.maxPeers ?? 50) * 2 + persistent.length, inboundConnectionThreshold: 100 },
      connectionGater: {
        denyDialPeer: (peerId) => host !== undefined && host.refusedForMs(peerId.toString()) > 0,
        denyInboundEncryptedConnection: (peerId) => host?.refuseInbound(peerId.toString()) ?? false,
        denyDialMultiaddr: () => false,
      },
    });
    host = new P2PHost(libp2p, opts, tuning, persistent, bootstrap);
    await host.start();
    return host;
  }

  private constructor(
    private readonly libp2p: Libp2p,
    private readonly opts: P2PHostOptions,
    private readonly tuning: P2PTuning,
    persistent: ReturnType<typeof parsePeerAddr>[],
    bootstrap: ReturnType<typeof parsePeerAddr>[],
  ) {
    this.peerId = libp2p.peerId.toString();
    this.scores = new ScoreBook(tuning.banMs);
    const log = opts.log ?? silentLogger;
    this.ctx = {
      libp2p,
      log,
      readyPeers: () => [...this.table].filter(([, e]) => e.ready).map(([id]) => id),
      peerIdOf: (peer) => this.table.get(peer)?.peerId,
      penalise: (peer, offence, reason) => this.penalise(peer, offence, reason),
      onPeerReady: (cb) => {
        this.readyListeners.add(cb);
        return () => this.readyListeners.delete(cb);
      },
    };
    const maxBlockBytes = opts.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES;
    this.transport = new P2PTransport(this.ctx, { maxBlockBytes, maxQueuedBytesPerPeer: tuning.maxQueuedBytesPerPeer });
    this.txGossip = new TxGossip(this.ctx, { batchBytes: tuning.txBatchBytes, batchDelayMs: tuning.txBatchDelayMs, maxQueuedBytesPerPeer: tuning.maxQueuedBytesPerPeer });
    this.blockSource = new P2PBlockSource(this.ctx, () => this.peerHeights(), { maxBlockBytes, requestTimeoutMs: tuning.requestTimeoutMs });
    const self = this.peerId;
    this.dialer = new PersistentDialer(
      libp2p,
      persistent.filter((p) => p.id !== self),
      { minMs: tuning.redialMinMs, maxMs: tuning.redialMaxMs, dialTimeoutMs: tuning.requestTimeoutMs, refusedForMs: (peer) => this.refusedForMs(peer) },
      log,
    );
    this.pex = new PeerExchange(this.ctx, {
      bootstrap,
      // Half of max_peers leaves room for inbound peers; at least one so a lone node still looks.
      targetPeers: Math.max(1, Math.floor((opts.maxPeers ?? 50) / 2)),
      intervalMs: tuning.pexIntervalMs,
      requestTimeoutMs: tuning.requestTimeoutMs,
      dialRetryMs: tuning.pexDialRetryMs,
      refusedForMs: (peer) => this.refusedForMs(peer),
    });
  }

  private get log(): Logger {
    return this.ctx.log;
  }

  private async start(): Promise<void> {
    this.libp2p.addEventListener('peer:connect', (evt) => this.onConnect(evt.detail));
    this.libp2p.addEventListener('peer:disconnect', (evt) => this.onDisconnect(evt.detail.toString()));
    await serve(this.ctx, PROTOCOL_STATUS, { maxRequestBytes: MAX_STATUS_FRAME_BYTES, timeoutMs: this.tuning.requestTimeoutMs }, async (req, from) => {
      this.onStatus(from, decodeStatus(req));
      return encodeStatus(this.ownStatus());
    });
    await serveBlocks(this.ctx, this.opts.blockProvider, { maxBlockBytes: this.opts.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES, requestTimeoutMs: this.tuning.requestTimeoutMs });
    await this.transport.start();
    await this.txGossip.start();
    this.dialer.start();
    await this.pex.start();
    this.statusTimer = setInterval(() => this.tick(), this.tuning.statusIntervalMs);
    this.log.info('p2p: listening', { addrs: this.multiaddrs(), peerId: this.peerId });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.statusTimer);
    this.dialer.stop();
    this.pex.stop();
    await this.txGossip.stop();
    await this.transport.stop();
    await this.libp2p.stop();
  }

  /** Our listen addresses, each ending in /p2p/<peer id> (the real port when listening on 0). */
  multiaddrs(): string[] {
    return this.libp2p.getMultiaddrs().map(String);
  }

  /** Connected peers of our chain, with the height of their last status and their score. */
  peers(): { id: string; height: bigint; score: number }[] {
    return this.peerHeights().map(({ id, height, score }) => ({ id, height, score }));
  }

  /** The view the content swarm needs: our libp2p node, ready peers, and bans through the score book. */
  swarmContext(): SwarmContext {
    return {
      libp2p: this.libp2p,
      log: this.log,
      peers: () => this.ctx.readyPeers(),
      ban: (peer, reason) => this.penalise(peer, 'fatal', reason),
      isBanned: (peer) => this.refusedForMs(peer) > 0,
    };
  }

  /** Test-only peer filter (partitions): drops and refuses these peers until set again. */
  setBlocked(peerIds: string[]): void {
    this.blocked = new Set(peerIds);
    for (const id of this.blocked) {
      const entry = this.table.get(id);
      if (entry) void this.libp2p.hangUp(entry.peerId).catch(() => {});
    }
    if (this.blocked.size === 0) this.dialer.check();
  }

  /** Lowers a peer's score; at the threshold it is disconnected and refused for the cool-down. */
  penalise(peer: string, offence: Offence, reason: string): void {
    if (!this.scores.penalise(peer, offence)) {
      this.log.debug('p2p: peer scored down', { peer, reason, score: this.scores.score(peer) });
      return;
    }
    this.log.warn('p2p: disconnecting peer', { peer, reason, banMs: this.tuning.banMs });
    const entry = this.table.get(peer);
    if (entry) void this.libp2p.hangUp(entry.peerId).catch(() => {});
  }

  private peerHeights(): PeerHeight[] {
    return [...this.table].filter(([, e]) => e.ready).map(([id, e]) => ({ id, height: e.height, base: e.base, score: this.scores.score(id) }));
  }

  private refusedForMs(peer: string): number {
    return this.blocked.has(peer) ? this.tuning.redialMaxMs : this.scores.banRemainingMs(peer);
  }

  private refuseInbound(peer: string): boolean {
    if (this.refusedForMs(peer) > 0) return true;
    const full = this.table.size >= (this.opts.maxPeers ?? 50) && !this.table.has(peer);
    return full && !this.dialer.has(peer);
  }

  private onConnect(peerId: PeerId): void {
    const id = peerId.toString();
    if (this.refusedForMs(id) > 0) {
      void this.libp2p.hangUp(peerId).catch(() => {});
      return;
    }
    if (!this.table.has(id)) this.table.set(id, { peerId, height: 0n, base: 0n, ready: false });
    void this.pollStatus(id);
  }

  private onDisconnect(id: string): void {
    if (connectionsTo(this.libp2p, id).length > 0) return;
    if (this.table.delete(id)) this.log.debug('p2p: peer disconnected', { peer: id });
    this.dialer.onDisconnect(id);
  }

  private tick(): void {
    for (const id of this.table.keys()) void this.pollStatus(id);
    this.dialer.check();
  }

  private async pollStatus(peer: string): Promise<void> {
    if (this.stopped || this.polling.has(peer)) return;
    this.polling.add(peer);
    try {
      const answer = await request(this.ctx, peer, PROTOCOL_STATUS, encodeStatus(this.ownStatus()), { maxResponseBytes: MAX_STATUS_FRAME_BYTES, timeoutMs: this.tuning.requestTimeoutMs });
      this.onStatus(peer, decodeStatus(answer));
    } catch (err) {
      if (err instanceof P2PError && (err.code === 'P2P_DECODE' || err.code === 'P2P_FRAME_TOO_LARGE')) this.penalise(peer, 'fatal', `status: ${err.message}`);
      else this.log.debug('p2p: status poll failed', { peer, err: errorMessage(err) });
    } finally {
      this.polling.delete(peer);
    }
  }

  private onStatus(peer: string, status: PeerStatus): void {
    if (this.stopped) return;
    if (status.chainId !== this.opts.chainId) {
      // Ban after the answer is flushed, so the peer learns our chain id too.
      setTimeout(() => this.penalise(peer, 'fatal', 'peer is on a different chain id'), 50);
      return;
    }
    let entry = this.table.get(peer);
    if (!entry) {
      const conn = connectionsTo(this.libp2p, peer)[0];
      if (!conn) return;
      entry = { peerId: conn.remotePeer, height: 0n, base: 0n, ready: false };
      this.table.set(peer, entry);
    }
    entry.height = status.height;
    entry.base = status.base;
    if (entry.ready) return;
    entry.ready = true;
    this.log.info('p2p: peer ready', { peer, height: status.height.toString() });
    for (const cb of this.readyListeners) cb(peer);
  }

  private ownStatus(): PeerStatus {
    const { height, base } = this.opts.statusProvider();
    return { chainId: this.opts.chainId, height, base };
  }
}
