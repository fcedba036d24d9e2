// A peer's votes can arrive before our consensus driver listens (peers replay their height to
// us as soon as we are ready). They must reach the driver once it subscribes; before this was
// held, they were marked seen and dropped, and every identical rebroadcast was then dropped as a
// duplicate: a restarted validator never heard the others' votes and the chain stalled.
import type { ConsensusMessage } from '../../../src/consensus/interface.js';
import type { P2PHost } from '../../../src/p2p/host.js';
import { makeVote } from '../../unit/p2p/fixtures.js';
import { isPeer, sleep, startHost, waitFor } from './harness.js';

let a: P2PHost, b: P2PHost;

beforeAll(async () => {
  a = await startHost();
  b = await startHost({ peers: a.multiaddrs() });
  await waitFor('a and b connected', () => isPeer(a, b) && isPeer(b, a));
});

afterAll(async () => {
  await Promise.all([a, b].map((h) => h?.stop()));
});

test('frames that arrive before anyone listens are delivered once a listener subscribes, and only once', async () => {
  const vote: ConsensusMessage = { type: 'vote', vote: makeVote(7n) };
  a.transport.broadcast(vote);
  await sleep(300); // arrived at B, with nobody listening yet
  const got: ConsensusMessage[] = [];
  b.transport.onMessage((msg) => got.push(msg));
  expect(got).toHaveLength(0); // not inside onMessage: the subscriber finishes starting first
  await waitFor('the held vote', () => got.length >= 1);
  expect(got.map((m) => m.type)).toEqual(['vote']);
  a.transport.broadcast(vote); // a rebroadcast of the same vote is a duplicate now
  const other: ConsensusMessage = { type: 'vote', vote: makeVote(8n) };
  a.transport.broadcast(other);
  await waitFor('the second vote', () => got.length >= 2);
  await sleep(200);
  expect(got).toHaveLength(2);
});
