// The send-buffer pool must never hand out a buffer something may still read: only once every
// byte sent from it was consumed (sealed by noise, or copied). Checked on the pool itself and
// over a real connection of the node's stack whose receiver stalls, so that yamux holds the
// plaintext queued behind its window.
import { createHash } from 'node:crypto';
import type { Libp2p, Stream } from '@libp2p/interface';
import { sendBuffers, SendBufferPool } from '../../../src/p2p/sendBuffers.js';
import { bareLibp2p } from '../../../src/p2p/stack.js';

describe('SendBufferPool', () => {
  it('reuses a buffer only after all the bytes sent from it were consumed', () => {
    const pool = new SendBufferPool();
    const a = pool.take(1000);
    expect(a.length).toBeGreaterThanOrEqual(1000);
    pool.sending(a, 900);
    pool.consumed(a.subarray(0, 500));
    expect(pool.take(1000)).not.toBe(a); // 400 bytes still unread
    pool.consumed(a.subarray(500, 900));
    expect(pool.stats()).toMatchObject({ free: 1, pending: 0 });
    expect(pool.take(800)).toBe(a);
    expect(pool.take(800)).not.toBe(a); // handed out once
  });

  it('does not hand out a pooled buffer smaller than asked', () => {
    const pool = new SendBufferPool();
    const small = pool.take(100);
    pool.sending(small, 100);
    pool.consumed(small);
    const big = pool.take(small.length + 1);
    expect(big).not.toBe(small);
    expect(big.length).toBe(small.length + 1);
    expect(pool.take(50)).toBe(small);
  });

  it('ignores bytes of other buffers, tiny views, and buffers it has stopped waiting for', () => {
    const pool = new SendBufferPool();
    const a = pool.take(4096);
    pool.sending(a, 4096);
    pool.consumed(Buffer.alloc(4096)); // not ours
    pool.consumed(a.subarray(0, 64)); // at offset 0 and this small, not looked at: a is never reused
    pool.consumed(a.subarray(64, 100)); // small views further in count
    pool.consumed(a.subarray(100));
    expect(pool.stats()).toMatchObject({ free: 0, pending: 1 });
    // Past 32 buffers waiting, the oldest are forgotten (left to the GC) and never reused.
    const sent = Array.from({ length: 33 }, () => pool.take(4096));
    for (const b of sent) pool.sending(b, b.length);
    expect(pool.stats().pending).toBe(32); // a and sent[0] forgotten
    pool.consumed(sent[0]!);
    expect(pool.stats().free).toBe(0);
    for (const b of sent.slice(1)) pool.consumed(b);
    expect(pool.stats()).toMatchObject({ free: 8, pending: 0 }); // at most 8 kept
  });
});

describe('pooled buffers over a real connection (corked TCP, noise, yamux)', () => {
  const PROTOCOL = '/seedcast/test-send-buffers/1.0.0';
  const nodes: Libp2p[] = [];
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('a buffer held back by a stalled receiver is not reused, and every byte arrives as it was sent', async () => {
    const receiver = await bareLibp2p();
    const sender = await bareLibp2p();
    nodes.push(receiver, sender);
    const digest = createHash('sha256');
    let received = 0;
    let inbound: Stream | undefined;
    const arrived = (bytes: number) =>
      new Promise<void>((resolve) => {
        const check = setInterval(() => received >= bytes && (clearInterval(check), resolve()), 5);
      });
    await receiver.handle(PROTOCOL, (stream: Stream) => {
      inbound = stream;
      stream.pause(); // reads nothing until resumed: the sender's window runs out
      stream.addEventListener('message', (evt) => {
        received += evt.data.byteLength;
        digest.update(evt.data instanceof Uint8Array ? evt.data : evt.data.subarray());
      });
    });
    const stream = await sender.dialProtocol(receiver.getMultiaddrs()[0]!, PROTOCOL);
    const expected = createHash('sha256');
    const send = (fill: number): Buffer => {
      const buf = sendBuffers.take(4 << 20);
      buf.fill(fill);
      expected.update(buf);
      sendBuffers.sending(buf, buf.length);
      stream.send(buf);
      return buf;
    };
    const first = send(1);
    await new Promise((r) => setTimeout(r, 200));
    // 4 MiB cannot pass a stalled receiver's window: part of it waits, unsealed, in yamux.
    expect(stream.writeBufferLength).toBeGreaterThan(0);
    const second = send(2);
    expect(second).not.toBe(first);
    inbound!.resume();
    await arrived(8 << 20);
    await new Promise((r) => setTimeout(r, 50));
    expect(sendBuffers.stats().free).toBe(2); // both came back once sealed
    const third = send(3); // a reused buffer, refilled: the bytes sent before are unaffected
    expect([first, second]).toContain(third);
    await arrived(12 << 20);
    expect(received).toBe(12 << 20);
    expect(digest.digest('hex')).toBe(expected.digest('hex'));
  }, 30_000);
});
