// The block hasher's worker: SHA-256 of each block the main thread puts in the shared ring, in
// order, each digest into the slot's place in the digest area. Plain JavaScript (node:crypto
// only) so it runs without a TS loader. Protocol (see blockHasher.ts): ctl[0] counts blocks put,
// ctl[1] blocks hashed; both wrap as int32, and slots are counter & (slots - 1).
import { hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('blockHashWorker.mjs must run as a worker thread');
const { ring, ctl: ctlBuffer, digests: digestBuffer, slots, blockBytes } = workerData;
const data = new Uint8Array(ring);
const ctl = new Int32Array(ctlBuffer);
const digests = new Uint8Array(digestBuffer);
const mask = slots - 1;

let done = Atomics.load(ctl, 1);
for (;;) {
  // Sleeps until the main thread puts a block (it notifies after each put).
  Atomics.wait(ctl, 0, done);
  const put = Atomics.load(ctl, 0);
  while (done !== put) {
    const slot = done & mask;
    digests.set(hash('sha256', data.subarray(slot * blockBytes, (slot + 1) * blockBytes), 'buffer'), slot * 32);
    done = (done + 1) | 0;
    Atomics.store(ctl, 1, done);
    Atomics.notify(ctl, 1);
  }
}
