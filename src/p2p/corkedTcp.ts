// @libp2p/tcp with coalesced socket writes. Stock @libp2p/tcp writes every buffer of what the
// connection is handed with its own `socket.write`; noise hands it each message as a list
// (2-byte length, ciphertext pieces, 16-byte tag), and with TCP_NODELAY each became its own
// syscall and often its own segment. Here each connection's socket is corked at its first write
// of an event-loop turn and uncorked on the next tick, so everything one turn writes to one
// connection leaves in one writev; a turn that writes more than FLUSH_BYTES flushes early.
// Backpressure is stock: only bytes still pending from earlier flushes count against the
// socket's high-water mark. Every other behaviour (dial, listen, close, reset) is @libp2p/tcp's.
import type { Socket } from 'node:net';
import type { Connection, CreateListenerOptions, DialTransportOptions, Listener, MultiaddrConnection, Transport, Upgrader } from '@libp2p/interface';
import { serviceCapabilities, transportSymbol } from '@libp2p/interface';
import { tcp, type TCPComponents, type TCPOptions, type TCPSocketOptions } from '@libp2p/tcp';
import type { Multiaddr } from '@multiformats/multiaddr';
import type { Uint8ArrayList } from 'uint8arraylist';
import { largeSocketReads } from './largeSocketReads.js';

/** A turn that has corked this many bytes flushes them at once instead of at its end. */
export const FLUSH_BYTES = 1024 * 1024;

interface SendResult {
  sentBytes: number;
  canSendMore: boolean;
}

/** The two members of @libp2p/tcp's connection class this wrapper relies on (not in its public type). */
interface TcpConnInternals {
  socket?: unknown;
  sendData?: (data: Uint8ArrayList) => SendResult;
}

const isSocket = (s: unknown): s is Socket =>
  typeof s === 'object' && s !== null && typeof (s as Socket).cork === 'function' && typeof (s as Socket).uncork === 'function' && typeof (s as Socket).write === 'function';

/**
 * Makes `maConn` (a connection of @libp2p/tcp) write through a corked socket. Returns false, and
 * leaves the connection as it is, if it is not shaped like one.
 */
export function corkConnection(maConn: MultiaddrConnection): boolean {
  const conn = maConn as unknown as TcpConnInternals;
  const socket = conn.socket;
  if (!isSocket(socket) || typeof conn.sendData !== 'function') return false;
  let corked = false;
  let corkedBytes = 0;
  const flush = (): void => {
    if (!corked) return;
    corked = false;
    corkedBytes = 0;
    socket.uncork();
  };
  conn.sendData = (data: Uint8ArrayList): SendResult => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(flush);
    }
    // Every buffer of the list is written: the list is one message (or several), and leaving its
    // tail for the next drain would split it across syscalls again.
    for (const buf of data) socket.write(buf);
    corkedBytes += data.byteLength;
    if (corkedBytes >= FLUSH_BYTES) {
      flush();
      return { sentBytes: data.byteLength, canSendMore: socket.writableLength < socket.writableHighWaterMark };
    }
    return { sentBytes: data.byteLength, canSendMore: socket.writableLength - corkedBytes < socket.writableHighWaterMark };
  };
  return true;
}

/** `upgrader`, with every connection corked before it is upgraded. */
function corkingUpgrader(upgrader: Upgrader): Upgrader {
  return {
    upgradeInbound: ((maConn: MultiaddrConnection, opts: Parameters<Upgrader['upgradeInbound']>[1]) => {
      corkConnection(maConn);
      return upgrader.upgradeInbound(maConn, opts);
    }) as Upgrader['upgradeInbound'],
    upgradeOutbound: ((maConn: MultiaddrConnection, opts: Parameters<Upgrader['upgradeOutbound']>[1]) => {
      corkConnection(maConn);
      return upgrader.upgradeOutbound(maConn, opts);
    }) as Upgrader['upgradeOutbound'],
    createInboundAbortSignal: (signal) => upgrader.createInboundAbortSignal(signal),
    getStreamMuxers: () => upgrader.getStreamMuxers(),
    getConnectionEncrypters: () => upgrader.getConnectionEncrypters(),
  };
}

class CorkedTcp implements Transport {
  readonly [transportSymbol] = true as const;
  readonly [serviceCapabilities] = ['@libp2p/transport'];

  constructor(private readonly inner: Transport) {}

  /** The inner transport's tag ('@libp2p/tcp'): libp2p keys its transports by it. */
  get [Symbol.toStringTag](): string {
    return this.inner[Symbol.toStringTag];
  }

  dial(ma: Multiaddr, options: DialTransportOptions): Promise<Connection> {
    return this.inner.dial(ma, { ...options, upgrader: corkingUpgrader(options.upgrader) });
  }

  createListener(options: CreateListenerOptions): Listener {
    return this.inner.createListener({ ...options, upgrader: corkingUpgrader(options.upgrader) });
  }

  listenFilter(multiaddrs: Multiaddr[]): Multiaddr[] {
    return this.inner.listenFilter(multiaddrs);
  }

  dialFilter(multiaddrs: Multiaddr[]): Multiaddr[] {
    return this.inner.dialFilter(multiaddrs);
  }
}

/**
 * `tcp(init)` whose connections write each event-loop turn's output in one socket write, and
 * whose dialled sockets read up to 1 MiB at a time (largeSocketReads.ts).
 */
export function corkedTcp(init?: TCPOptions): (components: TCPComponents) => Transport {
  // @libp2p/tcp hands dialOpts to net.connect; its type lists only some of net's options.
  const dialOpts = { ...init?.dialOpts, onread: largeSocketReads() } as TCPSocketOptions;
  const make = tcp({ ...init, dialOpts });
  return (components) => new CorkedTcp(make(components));
}
