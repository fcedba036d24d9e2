// PEX wire format and address rules, without the network.
import { multiaddr } from '@multiformats/multiaddr';
import { BinaryWriter } from 'cosmjs-types/binary';
import { P2PError } from '../../../src/p2p/errors.js';
import { DialMemory, isDialableAddr, withPeerId } from '../../../src/p2p/peerBook.js';
import { decodePexRequest, decodePexResponse, encodePexResponse } from '../../../src/p2p/pex.js';

const ID = '12D3KooWPfC3JpHiux6yEYoYhRJowJ4x7z88ehqGCgLMwvw7Mj5x';
const ID2 = '12D3KooWCZY5VWYYBm4kY3zQUc3y6a4EEiSTKpEfgfnxoDbyrKQ3';
const ma = (s: string) => multiaddr(s);

function decodeCode(bytes: Uint8Array): string {
  try {
    decodePexResponse(bytes);
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(P2PError);
    return (err as P2PError).code;
  }
}

test('a response round-trips, grouped by peer', () => {
  const addrs = [ma(`/ip4/1.2.3.4/tcp/26656/p2p/${ID}`), ma(`/ip6/2001:db8::1/tcp/26656/p2p/${ID}`), ma(`/dns4/node.example/tcp/1/p2p/${ID2}`)];
  const got = decodePexResponse(encodePexResponse(addrs));
  expect([...got.keys()]).toEqual([ID, ID2]);
  expect(got.get(ID)!.map(String)).toEqual([String(addrs[0]), String(addrs[1])]);
  expect(decodePexResponse(new Uint8Array(0)).size).toBe(0);
});

test('junk responses are decode errors: bad protobuf, bad multiaddr, no peer id, too many, too long', () => {
  const entry = (b: Uint8Array) => BinaryWriter.create().uint32(10).bytes(b).finish();
  expect(decodeCode(Uint8Array.from([0xff, 0xff, 0xff]))).toBe('P2P_DECODE');
  expect(decodeCode(Uint8Array.from([0x12, 0x01, 0x00]))).toBe('P2P_DECODE'); // unknown field
  expect(decodeCode(entry(Uint8Array.from([0xff, 0xff, 0x01])))).toBe('P2P_DECODE');
  expect(decodeCode(entry(ma('/ip4/1.2.3.4/tcp/1').bytes))).toBe('P2P_DECODE');
  expect(decodeCode(entry(new Uint8Array(300)))).toBe('P2P_DECODE');
  const many = Array.from({ length: 33 }, (_, i) => ma(`/ip4/10.0.0.${i}/tcp/1/p2p/${ID}`));
  expect(decodeCode(encodePexResponse(many.slice(0, 32)))).toBe('ok');
  expect(decodeCode(encodePexResponse(many))).toBe('P2P_DECODE');
  expect(() => decodePexRequest(Uint8Array.from([0x0a, 0x05]))).toThrow(/undecodable pex request/);
  expect(() => decodePexRequest(new Uint8Array(0))).not.toThrow();
});

test('only routable tcp addresses are dialable; loopback only when allowed', () => {
  expect(isDialableAddr(ma('/ip4/1.2.3.4/tcp/26656'), false)).toBe(true);
  expect(isDialableAddr(ma(`/ip4/1.2.3.4/tcp/26656/p2p/${ID}`), false)).toBe(true);
  expect(isDialableAddr(ma('/dns4/node.example/tcp/26656'), false)).toBe(true);
  expect(isDialableAddr(ma('/ip4/0.0.0.0/tcp/26656'), true)).toBe(false);
  expect(isDialableAddr(ma('/ip6/::/tcp/26656'), true)).toBe(false);
  expect(isDialableAddr(ma('/ip4/1.2.3.4/tcp/0'), true)).toBe(false);
  expect(isDialableAddr(ma('/ip4/1.2.3.4/udp/26656'), true)).toBe(false);
  expect(isDialableAddr(ma('/ip4/1.2.3.4/tcp/26656/ws'), true)).toBe(false);
  expect(isDialableAddr(ma('/ip4/127.0.0.1/tcp/26656'), false)).toBe(false);
  expect(isDialableAddr(ma('/ip6/::1/tcp/26656'), false)).toBe(false);
  expect(isDialableAddr(ma('/ip4/127.0.0.1/tcp/26656'), true)).toBe(true);
});

test('withPeerId appends the id, keeps a matching one, refuses another peer', () => {
  expect(String(withPeerId(ma('/ip4/1.2.3.4/tcp/1'), ID))).toBe(`/ip4/1.2.3.4/tcp/1/p2p/${ID}`);
  expect(String(withPeerId(ma(`/ip4/1.2.3.4/tcp/1/p2p/${ID}`), ID))).toBe(`/ip4/1.2.3.4/tcp/1/p2p/${ID}`);
  expect(withPeerId(ma(`/ip4/1.2.3.4/tcp/1/p2p/${ID2}`), ID)).toBeUndefined();
});

test('a failed dial is not retried before its delay, and the memory stays bounded', () => {
  let now = 1000;
  const m = new DialMemory(500, 2, () => now);
  expect(m.mayDial('a')).toBe(true);
  m.failed('a');
  expect(m.mayDial('a')).toBe(false);
  now += 499;
  expect(m.mayDial('a')).toBe(false);
  now += 1;
  expect(m.mayDial('a')).toBe(true);
  m.failed('a');
  m.succeeded('a');
  expect(m.mayDial('a')).toBe(true);
  m.failed('x');
  m.failed('y');
  m.failed('z'); // evicts x, the oldest
  expect([m.mayDial('x'), m.mayDial('y'), m.mayDial('z')]).toEqual([true, false, false]);
});
