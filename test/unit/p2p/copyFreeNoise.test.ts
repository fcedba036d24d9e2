// The node's noise opens transport messages straight from their socket chunks: the same
// plaintext as stock @libp2p/noise, the same refusal of a tampered message, and no joined copy of
// a large message. Real libp2p connections on 127.0.0.1, with stock noise on the other end.
import { randomBytes } from 'node:crypto';
import type { Libp2p, Stream } from '@libp2p/interface';
import { noise } from '@libp2p/noise';
import { defaultCrypto } from '@libp2p/noise/crypto';
import { Uint8ArrayList } from 'uint8arraylist';
import { openWithoutCopy } from '../../../src/p2p/copyFreeNoise.js';
import { noiseCrypto } from '../../../src/p2p/noiseCrypto.js';
import { bareLibp2p, libp2pStack } from '../../../src/p2p/stack.js';
import { corkedTcp } from '../../../src/p2p/corkedTcp.js';
import { lazyWindowYamux } from '../../../src/p2p/lazyWindowYamux.js';

const PROTOCOL = '/seedcast/test-noise/1.0.0';
const key = randomBytes(32);
const nonce = new Uint8Array(12);
const ad = new Uint8Array(0);

/** A stand-in for noise's transport stream around one real cipher state (key, nonce 0). */
function streamOpening(): { decrypt: (chunk: Uint8Array | Uint8ArrayList) => Uint8ArrayList } {
  const s = {
    handshake: { decrypt: (c: Uint8Array | Uint8ArrayList, dst?: Uint8Array) => defaultCrypto.chaCha20Poly1305Decrypt(c, nonce, ad, key, dst) },
    decrypt: (): Uint8ArrayList => {
      throw new Error('not replaced');
    },
  };
  expect(openWithoutCopy(s)).toBe(true);
  return s;
}

/** Multi-part lists of 1,200 bytes or more that got joined into one buffer while `run` ran. */
async function joinsDuring(run: () => Promise<void>): Promise<number> {
  const proto = Uint8ArrayList.prototype as unknown as { subarray: (this: Uint8ArrayList, ...a: number[]) => Uint8Array };
  const stock = proto.subarray;
  let joins = 0;
  proto.subarray = function (this: Uint8ArrayList, ...a: number[]) {
    const out = stock.apply(this, a);
    const parts = [...this];
    if (out.byteLength >= 1200 && parts.length > 1 && !parts.some((b) => b.buffer === out.buffer)) joins++;
    return out;
  };
  try {
    await run();
  } finally {
    proto.subarray = stock;
  }
  return joins;
}

describe('copy-free noise', () => {
  const nodes: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });

  it('opens a message given in parts to the plaintext, and refuses it once a byte is flipped', () => {
    const plaintext = randomBytes(65_519);
    const sealed = Buffer.from(new Uint8ArrayList(noiseCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, key)).subarray());
    const head = Buffer.from(sealed.subarray(0, 40_000));
    const tail = Buffer.from(sealed.subarray(40_000));
    expect(Buffer.from(streamOpening().decrypt(new Uint8ArrayList(head, tail)).subarray()).equals(plaintext)).toBe(true);
    tail[7] ^= 1;
    expect(() => streamOpening().decrypt(new Uint8ArrayList(head, tail))).toThrow();
    expect(() => streamOpening().decrypt(new Uint8Array(10))).toThrow('Invalid chunk');
  });

  it('opens a small message (the WebAssembly cipher) whole or in parts', () => {
    const plaintext = randomBytes(500);
    const sealed = Buffer.from(new Uint8ArrayList(noiseCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, key)).subarray());
    expect(Buffer.from(streamOpening().decrypt(Buffer.from(sealed)).subarray()).equals(plaintext)).toBe(true);
    const parts = new Uint8ArrayList(Buffer.from(sealed.subarray(0, 100)), Buffer.from(sealed.subarray(100)));
    expect(Buffer.from(streamOpening().decrypt(parts).subarray()).equals(plaintext)).toBe(true);
  });

  it("8 MiB from a stock-noise peer reach the node's stack intact, with none of its messages joined into a copy (stock noise joins them)", async () => {
    const payload = randomBytes(8 * 2 ** 20);
    const figures: number[] = [];
    // The stack with stock noise, then the node's own stack as the host builds it (libp2pStack()).
    for (const stack of [libp2pStack(corkedTcp(), lazyWindowYamux(), [noise({ crypto: noiseCrypto })]), libp2pStack()]) {
      const receiver = await bareLibp2p('/ip4/127.0.0.1/tcp/0', stack);
      const sender = await bareLibp2p('/ip4/127.0.0.1/tcp/0', libp2pStack(corkedTcp(), lazyWindowYamux(), [noise()]));
      nodes.push(receiver, sender);
      const got = new Uint8ArrayList();
      const whole = new Promise<void>((resolve) => {
        void receiver.handle(PROTOCOL, (stream: Stream) => {
          stream.addEventListener('message', (evt) => {
            got.append(evt.data);
            if (got.byteLength === payload.length) resolve();
          });
        });
      });
      figures.push(
        await joinsDuring(async () => {
          const stream = await sender.dialProtocol(receiver.getMultiaddrs()[0]!, PROTOCOL);
          for (let at = 0; at < payload.length; at += 2 ** 20) {
            if (!stream.send(payload.subarray(at, at + 2 ** 20))) await new Promise((r) => stream.addEventListener('drain', r, { once: true }));
          }
          await whole;
        }),
      );
      expect(Buffer.from(got.subarray()).equals(payload)).toBe(true);
    }
    const [stock, ours] = figures;
    expect(stock).toBeGreaterThan(30);
    expect(ours).toBe(0);
  }, 30_000);
});
