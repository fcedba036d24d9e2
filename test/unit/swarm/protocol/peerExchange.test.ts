import { multiaddr } from '@multiformats/multiaddr';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { dialablePeers, PeerExchange } from '../../../../src/swarm/peerExchange.js';
import { MAX_PEX_PEERS } from '../../../../src/swarm/protocol.js';
import type { Session } from '../../../../src/swarm/session.js';
import { decodePieceMessage, encodePieceMessage } from '../../../../src/swarm/wire.js';

const newPeer = async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString();
const at = (host: string, peer: string) => multiaddr(`/ip4/${host}/tcp/4001/p2p/${peer}`).bytes;
const session = (peer: string) => ({ peer }) as Session;

describe('peer exchange messages', () => {
  it('tells a session only of peers it was not told of, never of itself, at most MAX_PEX_PEERS addresses', async () => {
    const [a, b, c] = [await newPeer(), await newPeer(), await newPeer()];
    const known = new Map([
      [a, [at('10.0.0.1', a)]],
      [b, [at('10.0.0.2', b)]],
    ]);
    const pex = new PeerExchange();
    const sa = session(a);
    expect(pex.messageFor(sa, known)?.addrs).toEqual([at('10.0.0.2', b)]);
    expect(pex.messageFor(sa, known)).toBeUndefined(); // nothing new for a
    known.set(c, [at('10.0.0.3', c)]);
    expect(pex.messageFor(sa, known)?.addrs).toEqual([at('10.0.0.3', c), at('10.0.0.2', b)]); // the new one first
    const many = new Map<string, Uint8Array[]>();
    for (let i = 0; i < MAX_PEX_PEERS + 5; i++) {
      const p = await newPeer();
      many.set(p, [at('10.0.1.1', p)]);
    }
    expect(pex.messageFor(session(a), many)!.addrs).toHaveLength(MAX_PEX_PEERS);
  });

  it('keeps the peers a receiver can dial: not itself, loopback only from a loopback sender', async () => {
    const [self, x, y] = [await newPeer(), await newPeer(), await newPeer()];
    const addrs = [at('127.0.0.1', x), at('192.0.2.7', y), at('192.0.2.8', self), multiaddr(`/ip4/0.0.0.0/tcp/1/p2p/${y}`).bytes];
    const fromLan = dialablePeers(addrs, self, multiaddr('/ip4/192.0.2.1/tcp/5'));
    expect([...fromLan.keys()]).toEqual([y]);
    const fromLoopback = dialablePeers(addrs, self, multiaddr('/ip4/127.0.0.1/tcp/5'));
    expect([...fromLoopback.keys()].sort()).toEqual([x, y].sort());
  });

  it('a Peers message round-trips; more than MAX_PEX_PEERS entries do not decode', async () => {
    const p = await newPeer();
    const msg = { type: 'peers' as const, addrs: [at('10.0.0.1', p)] };
    expect(decodePieceMessage(encodePieceMessage(msg))).toEqual(msg);
    const tooMany = { type: 'peers' as const, addrs: Array.from({ length: MAX_PEX_PEERS + 1 }, () => at('10.0.0.1', p)) };
    expect(() => decodePieceMessage(encodePieceMessage(tooMany))).toThrow(/peers in one message/);
  });
});
