// The outgoing side of one websocket client: a bounded queue of our own in front of the socket.
// Messages queued in one turn of the event loop (the events of a block) leave in one corked
// write, so a client costs one syscall per turn, not one per event: on loopback the syscall is
// most of the cost of a push (~20 µs each, measured). The socket itself holds little (a low
// water mark), so a client that is dropped gets its close frame right behind what it has.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Bytes we let the socket hold before keeping messages on our side. */
export const SOCKET_LOW_WATER_BYTES = 64 * 1024;

/** A queued message: one buffer, or a head and a body shared with other clients. */
export type OutMessage = Buffer | readonly [Buffer, Buffer];

const byteLength = (m: OutMessage): number => (Buffer.isBuffer(m) ? m.length : m[0].length + m[1].length);

/** Queues with something to write, flushed together once per turn of the event loop. */
const due = new Set<WsSendQueue>();
let flushScheduled = false;

function scheduleFlush(q: WsSendQueue): void {
  due.add(q);
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(() => {
    flushScheduled = false;
    const list = [...due];
    due.clear();
    for (const one of list) one.flush();
  });
}

export class WsSendQueue {
  private queue: OutMessage[] = [];
  private start = 0;
  private queuedBytes = 0;
  private discarded = false;
  private readonly onWritten = (err?: Error): void => {
    if (!err && this.start < this.queue.length) this.flush();
  };

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Socket,
    private readonly maxUnsentBytes: number,
  ) {}

  /** Accepted but not yet handed to the kernel: our queue plus the socket's own buffer. */
  get unsentBytes(): number {
    return this.queuedBytes + this.ws.bufferedAmount;
  }

  /**
   * Queues a message; false if the backlog is already over the cap (the caller drops the
   * client). One message may exceed the cap by itself (a NewBlock of a full block does), so
   * the backlog is bounded by the cap plus one message.
   */
  push(msg: OutMessage): boolean {
    if (this.discarded) return false;
    if (this.unsentBytes > this.maxUnsentBytes) return false;
    if (this.start === this.queue.length) scheduleFlush(this);
    this.queue.push(msg);
    this.queuedBytes += byteLength(msg);
    return true;
  }

  /** Forgets everything still queued (the client is being dropped); later pushes are refused. */
  discard(): void {
    this.discarded = true;
    this.queue = [];
    this.start = 0;
    this.queuedBytes = 0;
    due.delete(this);
  }

  /** Writes queued messages while the socket has room, as one corked write. */
  flush(): void {
    if (this.discarded || this.ws.readyState !== this.ws.OPEN) return;
    if (this.start === this.queue.length || this.ws.bufferedAmount >= SOCKET_LOW_WATER_BYTES) return;
    this.socket.cork();
    try {
      while (this.start < this.queue.length && this.ws.bufferedAmount < SOCKET_LOW_WATER_BYTES) {
        const msg = this.queue[this.start]!;
        this.queue[this.start++] = EMPTY;
        this.queuedBytes -= byteLength(msg);
        // The callback fires when the kernel took the data: then there is room for more.
        if (Buffer.isBuffer(msg)) {
          this.ws.send(msg, TEXT, this.onWritten);
        } else {
          // Head and shared body as two fragments of one text message: no copy of the body
          // (a fresh buffer per client and event was a third of the fan-out's time); the
          // cork makes them one write anyway.
          this.ws.send(msg[0], TEXT_MORE);
          this.ws.send(msg[1], TEXT, this.onWritten);
        }
      }
    } finally {
      this.socket.uncork();
    }
    if (this.start === this.queue.length) {
      this.queue = [];
      this.start = 0;
    } else if (this.start > 1024 && this.start * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.start);
      this.start = 0;
    }
  }
}

const EMPTY: OutMessage = Buffer.alloc(0);
const TEXT = { binary: false, fin: true } as const;
const TEXT_MORE = { binary: false, fin: false } as const;
