// Two Seedcast nodes secure their connection with noise over AES-256-GCM, in messages of up to
// 1 MiB; a plain libp2p peer still gets stock noise. Real libp2p connections on 127.0.0.1, and
// the real cipher.
import { createCipheriv, randomBytes } from 'node:crypto';
import type { Libp2p, Stream } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { Uint8ArrayList } from 'uint8arraylist';
import { AES_GCM_NOISE_PROTOCOL, aesGcmNoiseCrypto } from '../../../src/p2p/aesGcmNoise.js';
import { LARGE_MESSAGE_MAX_BYTES, LargeMessageDecoder, useLargeMessages } from '../../../src/p2p/largeNoiseMessages.js';
import { bareLibp2p, libp2pStack, stockLibp2p } from '../../../src/p2p/stack.js';

const ECHO = '/seedcast/test-echo/1.0.0';
const key = randomBytes(32);
const nonce = randomBytes(12);
const ad = randomBytes(32);
const flat = (b: Uint8Array | Uint8ArrayList): Buffer => Buffer.from(b instanceof Uint8Array ? b : b.subarray());

/** Sends `payload` over a fresh stream from `from` to `to` (which echoes it) and returns what came back. */
async function echo(from: Libp2p, to: Libp2p, payload: Uint8Array): Promise<{ back: Buffer; encryption?: string }> {
  await to.handle(ECHO, (stream: Stream) => {
    stream.addEventListener('message', (evt) => {
      stream.send(evt.data);
    });
  });
  const stream = await from.dialProtocol(to.getMultiaddrs()[0]!, ECHO);
  const back = new Uint8ArrayList();
  const whole = new Promise<void>((resolve) => {
    stream.addEventListener('message', (evt) => {
      back.append(evt.data);
      if (back.byteLength >= payload.length) resolve();
    });
  });
  for (let at = 0; at < payload.length; at += 2 ** 20) {
    if (!stream.send(payload.subarray(at, at + 2 ** 20))) await new Promise((r) => stream.addEventListener('drain', r, { once: true }));
  }
  await whole;
  return { back: Buffer.from(back.subarray()), encryption: from.getConnections(to.peerId)[0]?.encryption };
}

describe('noise over AES-256-GCM', () => {
  const nodes: Libp2p[] = [];
  const started = async (node: Promise<Libp2p>) => {
    nodes.push(await node);
    return nodes.at(-1)!;
  };
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });

  it('seals with AES-256-GCM (the ciphertext and tag node:crypto computes), opens whole or in parts, refuses a flipped byte', () => {
    const plaintext = randomBytes(65_519);
    const sealed = flat(aesGcmNoiseCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, key));
    const reference = createCipheriv('aes-256-gcm', key, nonce);
    reference.setAAD(ad);
    expect(sealed.equals(Buffer.concat([reference.update(plaintext), reference.final(), reference.getAuthTag()]))).toBe(true);

    expect(flat(aesGcmNoiseCrypto.chaCha20Poly1305Decrypt(sealed, nonce, ad, key)).equals(plaintext)).toBe(true);
    const parts = new Uint8ArrayList(sealed.subarray(0, 40_000), sealed.subarray(40_000));
    expect(flat(aesGcmNoiseCrypto.chaCha20Poly1305Decrypt(parts, nonce, ad, key)).equals(plaintext)).toBe(true);

    const small = randomBytes(90); // a vote-sized message
    expect(flat(aesGcmNoiseCrypto.chaCha20Poly1305Decrypt(flat(aesGcmNoiseCrypto.chaCha20Poly1305Encrypt(small, nonce, ad, key)), nonce, ad, key)).equals(small)).toBe(true);

    const tampered = Buffer.from(sealed);
    tampered[30_000] ^= 1;
    expect(() => aesGcmNoiseCrypto.chaCha20Poly1305Decrypt(tampered, nonce, ad, key)).toThrow(/authenticate/);
    expect(() => aesGcmNoiseCrypto.chaCha20Poly1305Decrypt(sealed, nonce, randomBytes(32), key)).toThrow(/authenticate/);
    expect(() => aesGcmNoiseCrypto.chaCha20Poly1305Decrypt(new Uint8Array(10), nonce, ad, key)).toThrow('shorter than its tag');
  });

  it('is what two Seedcast nodes agree on, and 4 MiB cross it intact both ways, in messages larger than stock noise allows', async () => {
    const payload = randomBytes(4 * 2 ** 20);
    // Noise takes its cipher functions when a node is built: the count goes in first.
    const sealAes = aesGcmNoiseCrypto.chaCha20Poly1305Encrypt;
    const sizes: number[] = [];
    aesGcmNoiseCrypto.chaCha20Poly1305Encrypt = (plaintext, ...rest) => {
      sizes.push(plaintext.byteLength);
      return sealAes(plaintext, ...rest);
    };
    try {
      const a = await started(bareLibp2p());
      const b = await started(bareLibp2p());
      const { back, encryption } = await echo(a, b, payload);
      expect(encryption).toBe(AES_GCM_NOISE_PROTOCOL);
      expect(back.equals(payload)).toBe(true);
    } finally {
      aesGcmNoiseCrypto.chaCha20Poly1305Encrypt = sealAes;
    }
    expect(sizes.some((n) => n > 65_535)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(LARGE_MESSAGE_MAX_BYTES - 16);
  }, 30_000);

  it('splits received bytes into messages however they arrive, and refuses a length out of bounds', () => {
    const withLength = (body: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length, 0);
      return Buffer.concat([length, body]);
    };
    const bodies = [randomBytes(16), randomBytes(70_000), randomBytes(1000)];
    const stream = Buffer.concat(bodies.map(withLength));
    const decoder = new LargeMessageDecoder();
    const got: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 7_777) for (const m of decoder.decode(stream.subarray(at, at + 7_777))) got.push(Buffer.from(m.subarray()));
    expect(got).toEqual(bodies);

    const tooLong = Buffer.alloc(4);
    tooLong.writeUInt32BE(LARGE_MESSAGE_MAX_BYTES + 1, 0);
    expect(() => [...new LargeMessageDecoder().decode(tooLong)]).toThrow(/noise message of 1048577 bytes/);
    expect(() => [...new LargeMessageDecoder().decode(Buffer.from([0, 0, 0, 15]))]).toThrow(/noise message of 15 bytes/);
    expect(() => useLargeMessages({ decrypt: () => undefined })).toThrow(/internals changed/);
  });

  it('a plain libp2p peer (stock noise only) still connects, either way round, over ChaCha20-Poly1305', async () => {
    const payload = randomBytes(2 ** 20);
    for (const oursDials of [true, false]) {
      const ours = await started(bareLibp2p());
      const plain = await started(stockLibp2p());
      const { back, encryption } = oursDials ? await echo(ours, plain, payload) : await echo(plain, ours, payload);
      expect(encryption).toBe('/noise');
      expect(back.equals(payload)).toBe(true);
    }
  }, 30_000);

  it('the handshake commits to the cipher: a peer offering the same id without its prologue is refused', async () => {
    const ours = await started(bareLibp2p());
    // AES-256-GCM under the same protocol id, but an empty prologue: the handshake hashes differ.
    const factory = noise({ crypto: aesGcmNoiseCrypto });
    const impostor = await started(
      bareLibp2p('/ip4/127.0.0.1/tcp/0', libp2pStack(undefined, undefined, [
        (components) => Object.assign(factory(components), { protocol: AES_GCM_NOISE_PROTOCOL }),
      ])),
    );
    await expect(impostor.dial(ours.getMultiaddrs()[0]!)).rejects.toThrow();
    expect(ours.getConnections(impostor.peerId)).toHaveLength(0);
  }, 30_000);
});
