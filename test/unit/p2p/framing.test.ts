import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenMultiaddr, parsePeerAddr } from '../../../src/p2p/addr.js';
import { P2PError } from '../../../src/p2p/errors.js';
import { FrameDecoder, encodeFrame } from '../../../src/p2p/framing.js';
import { nodePeerId } from '../../../src/p2p/nodeKey.js';
import { ScoreBook } from '../../../src/p2p/scoreBook.js';
import { BoundedSet } from '../../../src/util/boundedSet.js';

describe('FrameDecoder', () => {
  test('reassembles frames split at every byte and several frames in one chunk', () => {
    const frames = [Uint8Array.from([1, 2, 3]), new Uint8Array(0), new Uint8Array(70_000).fill(7)];
    const wire = Buffer.concat(frames.map(encodeFrame));
    const byteWise = new FrameDecoder(100_000);
    const got: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) got.push(...byteWise.push(wire.subarray(i, i + 1)));
    for (let i = 20; i < wire.length; i += 4096) got.push(...byteWise.push(wire.subarray(i, i + 4096)));
    expect(got.map((f) => Buffer.from(f).toString('hex'))).toEqual(frames.map((f) => Buffer.from(f).toString('hex')));
    expect(new FrameDecoder(100_000).push(wire)).toHaveLength(3);
    expect(byteWise.pendingBytes).toBe(0);
  });

  test('an oversized length is refused as soon as the header arrives', () => {
    const d = new FrameDecoder(1000);
    expect(() => d.push(Uint8Array.from([0, 0, 0x10, 0]))).toThrow(P2PError);
    try {
      new FrameDecoder(1000).push(Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
    } catch (err) {
      expect((err as P2PError).code).toBe('P2P_FRAME_TOO_LARGE');
    }
  });
});

describe('ScoreBook', () => {
  test('offences add up to a ban that lasts the cool-down; time restores the score', () => {
    let now = 0;
    const book = new ScoreBook(10_000, () => now);
    expect(book.penalise('a', 'invalid')).toBe(false);
    expect(book.score('a')).toBe(-25);
    now += 5_000;
    expect(book.score('a')).toBe(-20);
    for (let i = 0; i < 3; i++) expect(book.penalise('a', 'invalid')).toBe(false);
    expect(book.penalise('a', 'invalid')).toBe(true);
    expect(book.isBanned('a')).toBe(true);
    expect(book.banRemainingMs('a')).toBe(10_000);
    now += 10_000;
    expect(book.isBanned('a')).toBe(false);
    expect(book.penalise('b', 'fatal')).toBe(true);
    expect(book.isBanned('other')).toBe(false);
  });
});

describe('BoundedSet', () => {
  test('remembers up to its capacity, oldest out first', () => {
    const c = new BoundedSet(2);
    expect(c.add('x')).toBe(true);
    expect(c.add('x')).toBe(false);
    c.add('y');
    c.add('z');
    expect(c.has('x')).toBe(false);
    expect(c.has('z')).toBe(true);
  });

  test('keeps exactly the last `capacity` keys through many rounds; duplicates and removals evict nothing extra', () => {
    const c = new BoundedSet(4);
    for (let i = 0; i < 1000; i++) c.add(`k${i}`);
    expect([996, 997, 998, 999].every((i) => c.has(`k${i}`))).toBe(true);
    expect(c.has('k995')).toBe(false);
    expect(c.add('k997')).toBe(false); // already there: no slot used
    expect(c.has('k996')).toBe(true);
    c.remove('k998');
    expect(c.has('k998')).toBe(false);
    expect(c.add('k998')).toBe(true); // re-added after removal
    expect(c.has('k998')).toBe(true);
    expect(c.has('k996')).toBe(false); // the oldest went to make room
    expect(new BoundedSet(0).add('a')).toBe(true); // a capacity of 0 holds the last key, as before
  });
});

describe('addresses', () => {
  test('listen addresses: multiaddr or tcp://HOST:PORT', () => {
    expect(listenMultiaddr('tcp://127.0.0.1:26656')).toBe('/ip4/127.0.0.1/tcp/26656');
    expect(listenMultiaddr('tcp://[::1]:0')).toBe('/ip6/::1/tcp/0');
    expect(listenMultiaddr('/ip4/0.0.0.0/tcp/0')).toBe('/ip4/0.0.0.0/tcp/0');
    for (const bad of ['tcp://127.0.0.1', 'tcp://127.0.0.1:99999', 'tcp://example.com:1', '/ip4/nope/tcp/1']) {
      expect(() => listenMultiaddr(bad)).toThrow(/P2P_BAD_LISTEN_ADDR/);
    }
  });

  test('peer addresses need a valid /p2p/ id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedcast-p2p-'));
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' });
    const raw = Buffer.concat([Buffer.from(jwk.d!, 'base64url'), Buffer.from(jwk.x!, 'base64url')]);
    writeFileSync(join(dir, 'node_key.json'), JSON.stringify({ priv_key: { type: 'tendermint/PrivKeyEd25519', value: raw.toString('base64') } }));
    const id = nodePeerId(join(dir, 'node_key.json'));
    expect(parsePeerAddr(`/ip4/127.0.0.1/tcp/1/p2p/${id}`).id).toBe(id);
    expect(() => parsePeerAddr('/ip4/127.0.0.1/tcp/1')).toThrow(/P2P_BAD_PEER_ADDR/);
    expect(() => parsePeerAddr('not an address')).toThrow(/P2P_BAD_PEER_ADDR/);
  });
});
