import type { ConsensusMessage } from '../../../src/consensus/interface.js';
import { encodeConsensusMessage } from '../../../src/p2p/consensusCodec.js';
import type { P2PHost } from '../../../src/p2p/host.js';
import { makeBlock, makeEvidence, makeProposal, makeVote } from '../../unit/p2p/fixtures.js';
import { isPeer, sleep, startHost, waitFor } from './harness.js';

// Triangle A-B-C: B and C dial A, C dials B.
let a: P2PHost, b: P2PHost, c: P2PHost;

beforeAll(async () => {
  a = await startHost();
  b = await startHost({ peers: a.multiaddrs() });
  c = await startHost({ peers: [...a.multiaddrs(), ...b.multiaddrs()] });
  await waitFor('triangle', () => isPeer(a, b) && isPeer(a, c) && isPeer(b, c) && isPeer(b, a) && isPeer(c, a) && isPeer(c, b));
});

afterAll(async () => {
  await Promise.all([a, b, c].map((h) => h?.stop()));
});

function collect(host: P2PHost): { msg: ConsensusMessage; from: string }[] {
  const got: { msg: ConsensusMessage; from: string }[] = [];
  host.transport.onMessage((msg, from) => got.push({ msg, from }));
  return got;
}

test('a proposal with a 3 MiB block, a vote and evidence arrive decoded, equal and once', async () => {
  const atB = collect(b), atC = collect(c), atA = collect(a);
  const sent: ConsensusMessage[] = [
    { type: 'proposal', proposal: makeProposal(3n), block: makeBlock(3n, [1024 * 1024, 1024 * 1024, 1024 * 1024 - 4096]) },
    { type: 'vote', vote: makeVote(3n) },
    { type: 'evidence', evidence: makeEvidence(3n) },
  ];
  const t0 = performance.now();
  for (const msg of sent) a.transport.broadcast(msg);
  await waitFor('all three at B and C', () => atB.length >= 3 && atC.length >= 3);
  expect(performance.now() - t0).toBeLessThan(3000);
  await sleep(200); // relays from the other peer would land here
  for (const got of [atB, atC]) {
    expect(got.map((g) => g.msg.type).sort()).toEqual(['evidence', 'proposal', 'vote']);
    for (const msg of sent) {
      const arrived = got.find((g) => g.msg.type === msg.type)!;
      expect(arrived.from).toBe(a.peerId);
      // Byte equality of the re-encoded message (jest's deep equality walks 3 MiB arrays slowly).
      expect(Buffer.from(encodeConsensusMessage(arrived.msg)).equals(encodeConsensusMessage(msg))).toBe(true);
      if (msg.type === 'proposal' && arrived.msg.type === 'proposal') expect(arrived.msg.proposal).toEqual(msg.proposal);
    }
  }
  expect(atA).toHaveLength(0); // our own broadcast is not delivered back
});

test('a vote relays around a blocked link once B has checked it, never before', async () => {
  a.setBlocked([c.peerId]);
  c.setBlocked([a.peerId]);
  // B's driver would verify first; here B relays only the vote made with fill 60 (the "valid" one).
  const stop = b.transport.onMessage((msg) => { if (msg.type === 'vote' && msg.vote.signature[0] === 63) b.transport.relay(msg); });
  try {
    await waitFor('A-C link dropped', () => !isPeer(a, c) && !isPeer(c, a));
    const atC = collect(c);
    const unchecked = makeVote(4n, 61);
    a.transport.broadcast({ type: 'vote', vote: unchecked });
    const vote = makeVote(4n, 60);
    a.transport.broadcast({ type: 'vote', vote });
    await waitFor('vote at C via B', () => atC.length === 1);
    await sleep(200);
    expect(atC).toEqual([{ msg: { type: 'vote', vote }, from: b.peerId }]);
  } finally {
    stop();
    a.setBlocked([]);
    c.setBlocked([]);
  }
  await waitFor('A-C link back', () => isPeer(a, c) && isPeer(c, a));
});

test('txs are batched, handed to each mempool once, and only accepted ones relay', async () => {
  const seen = new Map<string, string[]>();
  for (const [name, host] of [['a', a], ['b', b], ['c', c]] as const) {
    seen.set(name, []);
    host.txGossip.onTx(async (tx) => {
      seen.get(name)!.push(Buffer.from(tx).toString('hex'));
      return tx[0] === 0xee ? 'reject' : 'accept';
    });
  }
  const txs = Array.from({ length: 200 }, (_, i) => Uint8Array.from([1, i & 0xff, i >> 8, ...new Uint8Array(100)]));
  for (const tx of txs) a.txGossip.publish(tx);
  a.txGossip.publish(txs[0]!); // a repeat is not sent again
  await waitFor('200 txs at B and C', () => seen.get('b')!.length === 200 && seen.get('c')!.length === 200);
  await sleep(200);
  expect(seen.get('b')).toHaveLength(200);
  expect(new Set(seen.get('c'))).toEqual(new Set(txs.map((t) => Buffer.from(t).toString('hex'))));
  expect(seen.get('c')).toHaveLength(200); // reached C from A and from B's relay: handled once
  expect(seen.get('a')).toHaveLength(0); // A published them: it never takes them back
});

test('a peer that keeps sending rejected txs or invalid consensus messages is dropped, then let back', async () => {
  for (let i = 0; i < 4; i++) b.transport.reportInvalid(a.peerId, 'bad signature');
  await waitFor('A dropped by B', () => !isPeer(b, a));
  expect(b.peers().some((p) => p.id === a.peerId)).toBe(false);
  await waitFor('A back after the cool-down', () => isPeer(b, a) && isPeer(a, b), 6000);
});
