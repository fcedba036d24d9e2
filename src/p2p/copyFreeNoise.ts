// @libp2p/noise whose transport messages are opened without a throw-away copy. Stock
// @libp2p/noise 17, before it opens a message, takes `chunk.subarray(...)` of it as a `dst` for
// its WebAssembly cipher to decrypt into. node:crypto, which opens every message of 1,200 bytes
// or more, ignores `dst`; yet when the message spans two socket reads (a full 65,535-byte
// message nearly always does: Node reads 64 KiB at a time) that subarray joins the parts into a
// fresh buffer: one allocation and a full copy of nearly every byte a node receives, never read.
// Here a large message is opened straight from its parts (node:crypto takes them one by one); a
// small one still gets its `dst`, which the WebAssembly cipher opens it into in place. Same checks,
// same plaintext.
// The hook that applies it to each secured connection (patchSecuredConnections) also gives
// aesGcmNoise.ts its 1 MiB messages.
import { noise } from '@libp2p/noise';
import { Uint8ArrayList } from 'uint8arraylist';
import { TAG_BYTES, WASM_CIPHER_BELOW_BYTES } from './noiseCrypto.js';

type NoiseFactory = ReturnType<typeof noise>;
type Noise = ReturnType<NoiseFactory>;
type Secure = Noise['secureOutbound']; // secureInbound has the same shape
type Bytes = Uint8Array | Uint8ArrayList;

/** @libp2p/noise's largest message (its constant is not exported). */
const NOISE_MSG_MAX_BYTES = 65_535;

/** The members of @libp2p/noise's transport stream this relies on (internal to it). */
interface NoiseStreamInternals {
  handshake: { decrypt: (ciphertext: Bytes, dst?: Uint8Array) => Bytes };
  metrics?: { decryptedPackets: { increment: () => void }; decryptErrors: { increment: () => void } };
  decrypt: (chunk: Bytes) => Uint8ArrayList;
}

const isNoiseStream = (s: unknown): s is NoiseStreamInternals => {
  const x = s as Partial<NoiseStreamInternals> | null;
  return typeof x?.decrypt === 'function' && typeof x.handshake?.decrypt === 'function';
};

/** Opens the noise messages of one decoded frame (up to 65,535 bytes each, as stock does). */
function openMessages(stream: NoiseStreamInternals, chunk: Bytes): Uint8ArrayList {
  const out = new Uint8ArrayList();
  for (let at = 0; at < chunk.byteLength; at += NOISE_MSG_MAX_BYTES) {
    const end = Math.min(at + NOISE_MSG_MAX_BYTES, chunk.byteLength);
    if (end - TAG_BYTES < at) throw new Error('Invalid chunk');
    const sealed = chunk instanceof Uint8Array ? chunk.subarray(at, end) : chunk.sublist(at, end);
    const dst = end - at < WASM_CIPHER_BELOW_BYTES ? chunk.subarray(at, end - TAG_BYTES) : undefined;
    try {
      out.append(stream.handshake.decrypt(sealed, dst));
      stream.metrics?.decryptedPackets.increment();
    } catch (err) {
      stream.metrics?.decryptErrors.increment();
      throw err;
    }
  }
  return out;
}

/** Makes a secured noise connection open its messages with `openMessages`. False if it is not shaped as expected. */
export function openWithoutCopy(connection: unknown): boolean {
  if (!isNoiseStream(connection)) return false;
  connection.decrypt = (chunk) => openMessages(connection, chunk);
  return true;
}

/** `factory`'s encrypter, with `patch` applied to each connection it secures (both directions). */
export function patchSecuredConnections(factory: NoiseFactory, patch: (connection: unknown) => void): NoiseFactory {
  return (components) => {
    const encrypter: Noise = factory(components);
    for (const method of ['secureOutbound', 'secureInbound'] as const) {
      const stock: Secure = encrypter[method].bind(encrypter);
      encrypter[method] = (async (...args: Parameters<Secure>) => {
        const secured = await stock(...args);
        patch(secured.connection);
        return secured;
      }) as Secure;
    }
    return encrypter;
  };
}

/** `noise(init)` whose secured connections open messages without the copy (see above). */
export function copyFreeNoise(init?: Parameters<typeof noise>[0]): NoiseFactory {
  return patchSecuredConnections(noise(init), openWithoutCopy);
}
