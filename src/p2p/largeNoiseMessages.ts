// Transport messages of up to 1 MiB for the noise Seedcast nodes speak between themselves
// (aesGcmNoise.ts): each sealed message goes behind a 4-byte big-endian length instead of
// stock noise's 2 bytes, which cap a message at 65,535 bytes. Each message costs a cipher set-up
// in node:crypto (~10-20 µs: a JavaScript stream object, the key schedule) and one trip through
// noise's and the muxer's event handlers; a yamux frame of a bulk transfer (hundreds of KiB) now
// travels as one message instead of a dozen. bench:swarm, 1 seeder, 6 alternating pairs: faster
// in all six, 173.9 -> 186.0 MB/s (medians of the pairs' halves).
// AES-GCM takes messages far longer than this; the cap bounds what a peer can make us buffer.
// The handshake is untouched: its messages are exchanged before the connection is patched.
import { Uint8ArrayList } from 'uint8arraylist';
import { TAG_BYTES } from './noiseCrypto.js';

/** The largest sealed message (tag included). */
export const LARGE_MESSAGE_MAX_BYTES = 1 << 20;
const LENGTH_BYTES = 4;

type Bytes = Uint8Array | Uint8ArrayList;

/** The members of @libp2p/noise's transport stream this relies on (internal to it). */
interface NoiseStreamInternals {
  decoder: { decode: (chunk: Bytes) => Iterable<Bytes> };
  handshake: { encrypt: (plaintext: Bytes) => Bytes; decrypt: (sealed: Bytes, dst?: Uint8Array) => Bytes };
  encrypt: (chunk: Bytes) => Uint8ArrayList;
  decrypt: (chunk: Bytes) => Bytes;
}

const isNoiseStream = (s: unknown): s is NoiseStreamInternals => {
  const x = s as Partial<NoiseStreamInternals> | null;
  return (
    typeof x?.decoder?.decode === 'function' &&
    typeof x.handshake?.encrypt === 'function' &&
    typeof x.handshake.decrypt === 'function' &&
    typeof x.encrypt === 'function' &&
    typeof x.decrypt === 'function'
  );
};

/** Splits the received bytes into sealed messages: a 4-byte big-endian length, then that many bytes. */
export class LargeMessageDecoder {
  private readonly buffer = new Uint8ArrayList();

  *decode(chunk: Bytes): Generator<Uint8ArrayList> {
    this.buffer.append(chunk);
    while (this.buffer.byteLength >= LENGTH_BYTES) {
      const length = this.buffer.getUint32(0);
      if (length < TAG_BYTES || length > LARGE_MESSAGE_MAX_BYTES) {
        throw new Error(`noise message of ${length} bytes (from ${TAG_BYTES} to ${LARGE_MESSAGE_MAX_BYTES})`);
      }
      if (this.buffer.byteLength < LENGTH_BYTES + length) return;
      const message = this.buffer.sublist(LENGTH_BYTES, LENGTH_BYTES + length);
      this.buffer.consume(LENGTH_BYTES + length);
      yield message;
    }
  }
}

/**
 * Makes a secured noise connection send and receive large messages. Both ends must: the
 * protocol id that selects this noise says so. Throws if @libp2p/noise is not shaped as this
 * expects, so the connection fails at once instead of speaking two framings (tested).
 */
export function useLargeMessages(connection: unknown): void {
  if (!isNoiseStream(connection)) throw new Error('@libp2p/noise internals changed: cannot frame large messages');
  const c = connection;
  c.decoder = new LargeMessageDecoder();
  c.encrypt = (chunk) => {
    const out = new Uint8ArrayList();
    for (let at = 0; at < chunk.byteLength; at += LARGE_MESSAGE_MAX_BYTES - TAG_BYTES) {
      const end = Math.min(chunk.byteLength, at + LARGE_MESSAGE_MAX_BYTES - TAG_BYTES);
      const sealed = c.handshake.encrypt(chunk instanceof Uint8Array ? chunk.subarray(at, end) : chunk.sublist(at, end));
      const length = new Uint8Array(LENGTH_BYTES);
      new DataView(length.buffer).setUint32(0, sealed.byteLength);
      out.append(length);
      out.append(sealed);
    }
    return out;
  };
  // One frame is one message; the cipher opens it from its socket-read parts, without joining them.
  c.decrypt = (message) => c.handshake.decrypt(message);
}
