// Socket reads of up to 1 MiB for the connections a node dials. Node reads a socket 64 KiB at a
// time into a fresh buffer, and every read is one trip through the stream machinery (Readable's
// push and 'data', libp2p's connection, noise's decoder): a 256 MiB download is ~4,100 such
// trips on the downloader's busiest thread. With net's public `onread` option each read takes
// what the kernel holds, up to READ_BUFFER_BYTES: ~600 reads for the same download. bench:swarm
// from 1 seeder, alternating runs of one build with it on and off: the leecher's helper threads
// (V8's compiler and GC) -50 ms of CPU per download (4 pairs), throughput level to +2% (6 pairs;
// two further A/B sets of 5 against the build before it read level).
// The data still goes through the socket's Readable (push), so 'data', pause and resume, and
// backpressure (push returning false stops reading) behave as without this.
// Every region of a read buffer is handed out once: a long read is passed on as a view and the
// next read goes into the rest of the buffer; a short one is copied out and the buffer reused,
// so a small message never keeps a large buffer alive. Noise between Seedcast nodes opens each
// message into a fresh buffer, so views of these buffers do not outlive the message they carry.
// Only dialled sockets: Node takes `onread` when it creates the socket, which it does itself
// for the ones a listener accepts. A downloader dials its providers, so the side that receives
// a transfer's bulk is the one that gets it.
import type { OnReadOpts, Socket } from 'node:net';

/** The largest single read. */
export const READ_BUFFER_BYTES = 1 << 20;
/** A read shorter than this is copied out of the read buffer instead of passed on as a view. */
export const COPY_BELOW_BYTES = 16 * 1024;
/** A buffer with less than this left after a read is not read into again. */
const MIN_READ_BYTES = 64 * 1024;

/** The `onread` option for `net.connect`; one can serve any number of sockets. */
export function largeSocketReads(): OnReadOpts {
  // The region the next read goes into, handed out once: after a read, by the buffer generator
  // that Node calls at once for the same socket, or by one creating a new socket meanwhile.
  let spare: Buffer | undefined;
  return {
    buffer: (): Buffer => {
      const next = spare ?? Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
      spare = undefined;
      return next;
    },
    callback(this: Socket, nread: number, buf: Uint8Array): boolean {
      const read = buf as Buffer;
      let chunk: Buffer;
      if (nread < COPY_BELOW_BYTES) {
        chunk = Buffer.from(read.subarray(0, nread));
        spare = read;
      } else {
        chunk = read.subarray(0, nread);
        if (read.length - nread >= MIN_READ_BYTES) spare = read.subarray(nread);
      }
      return this.push(chunk);
    },
  };
}
