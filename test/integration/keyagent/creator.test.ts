// The creator's agent: the owner gets K; every wrong request is refused with its code.
import { randomBytes } from 'node:crypto';
import { RefusalCode } from '../../../src/codec/seedcast/keys.js';
import { licenseKey } from '../../../src/crypto/contentKeys.js';
import { x25519Keypair } from '../../../src/crypto/ecies.js';
import { obtainContentKey, requestKey } from '../../../src/keyagent/client.js';
import { KeyAgentError } from '../../../src/keyagent/errors.js';
import { errorText, logLines, newOwner, secretForms, startWorld, type World } from './harness.js';

let w: World;
const errors: unknown[] = [];

beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.stop();
});

async function refusal(p: Promise<unknown>): Promise<RefusalCode | string> {
  try {
    await p;
  } catch (err) {
    errors.push(err);
    if (err instanceof KeyAgentError) return err.code === 'KEY_REFUSED' ? err.refusal! : err.code;
    throw err;
  }
  throw new Error('expected a refusal, got an answer');
}

describe('creator key agent', () => {
  it('serves the owner K byte-identical, marked with the license key of its number', async () => {
    const alice = newOwner();
    const license = w.mint(alice, 1n);
    const bundle = await requestKey(w.buyer, w.creator.address(), w.request(alice, license, w.creator.peerId), w.buyerX25519.privateKey);
    expect(Buffer.from(bundle.contentKey!).equals(Buffer.from(w.key))).toBe(true);
    expect(Buffer.from(bundle.mark).equals(Buffer.from(licenseKey(w.master, w.contentId, 1n)))).toBe(true);
    expect(bundle).toMatchObject({ licenseId: license.id, licenseNumber: 1n, owner: alice.address, height: w.chain.height });
    // another license of the same content gets the same K but another mark
    const second = w.mint(alice, 2n);
    const b2 = await requestKey(w.buyer, w.creator.address(), w.request(alice, second, w.creator.peerId), w.buyerX25519.privateKey);
    expect(Buffer.from(b2.contentKey!).equals(Buffer.from(w.key))).toBe(true);
    expect(Buffer.from(b2.mark).equals(Buffer.from(bundle.mark))).toBe(false);
  });

  it('obtainContentKey takes the creator path and checks K against the key check', async () => {
    const bob = newOwner();
    const license = w.mint(bob, 3n);
    const got = await obtainContentKey({
      libp2p: w.buyer,
      contentId: w.contentId,
      licenseId: license.id,
      requests: w.requestsFor(bob, license),
      creatorAgents: [w.creator.address()],
      custody: w.custodyParams(),
      receiverPriv: w.buyerX25519.privateKey,
    });
    expect(got.via).toBe('creator');
    expect(got.agents).toEqual([w.creator.peerId]);
    expect(Buffer.from(got.contentKey).equals(Buffer.from(w.key))).toBe(true);
  });

  it('refuses a signer who does not own the license (NOT_OWNER), and a bad signature', async () => {
    const alice = newOwner();
    const mallory = newOwner();
    const license = w.mint(alice, 4n);
    expect(await refusal(requestKey(w.buyer, w.creator.address(), w.request(mallory, license, w.creator.peerId), w.buyerX25519.privateKey))).toBe(RefusalCode.NOT_OWNER);
    // mallory claims alice's public key but cannot sign for it
    const forged = { ...w.request(mallory, license, w.creator.peerId), ownerPubkey: alice.pub };
    expect(await refusal(requestKey(w.buyer, w.creator.address(), forged, w.buyerX25519.privateKey))).toBe(RefusalCode.BAD_SIGNATURE);
    const good = w.request(alice, license, w.creator.peerId);
    const tampered = { ...good, licenseId: good.licenseId + 1n };
    expect(await refusal(requestKey(w.buyer, w.creator.address(), tampered, w.buyerX25519.privateKey))).toBe(RefusalCode.BAD_SIGNATURE);
  });

  it('refuses the exact same request twice (REPLAYED_NONCE)', async () => {
    const alice = newOwner();
    const license = w.mint(alice, 5n);
    const req = w.request(alice, license, w.creator.peerId);
    await requestKey(w.buyer, w.creator.address(), req, w.buyerX25519.privateKey);
    expect(await refusal(requestKey(w.buyer, w.creator.address(), req, w.buyerX25519.privateKey))).toBe(RefusalCode.REPLAYED_NONCE);
    // a fresh nonce is served again
    await requestKey(w.buyer, w.creator.address(), w.request(alice, license, w.creator.peerId), w.buyerX25519.privateKey);
  });

  it('refuses stale and uncommitted heights (STALE_HEIGHT), waits for a height just ahead, heights at the edges pass', async () => {
    const alice = newOwner();
    const license = w.mint(alice, 6n);
    w.chain.height = 200n;
    try {
      const at = (height: bigint) => requestKey(w.buyer, w.creator.address(), w.request(alice, license, w.creator.peerId, { height }), w.buyerX25519.privateKey);
      expect(await refusal(at(179n))).toBe(RefusalCode.STALE_HEIGHT);
      expect(await refusal(at(203n))).toBe(RefusalCode.STALE_HEIGHT);
      await expect(at(180n)).resolves.toBeDefined();
      // a height the agent has not committed waits for it: served once the agent reaches it, refused
      // when it does not get there in time (ownership is never judged at a lower height)
      const ahead = at(202n);
      setTimeout(() => (w.chain.height = 202n), 300);
      await expect(ahead).resolves.toBeDefined();
      expect(await refusal(at(204n))).toBe(RefusalCode.STALE_HEIGHT);
      // below the height the agent started at (100): a nonce from before a restart is never accepted
      w.chain.height = 110n;
      expect(await refusal(at(99n))).toBe(RefusalCode.STALE_HEIGHT);
      await expect(at(100n)).resolves.toBeDefined();
    } finally {
      w.chain.height = 100n;
    }
  });

  it('refuses another chain, another agent, an unknown license, another content, no material', async () => {
    const alice = newOwner();
    const license = w.mint(alice, 7n);
    const ask = (req: ReturnType<World['request']>) => requestKey(w.buyer, w.creator.address(), req, w.buyerX25519.privateKey);
    expect(await refusal(ask(w.request(alice, license, w.creator.peerId, { chainId: 'other-chain' })))).toBe(RefusalCode.WRONG_CHAIN);
    // a request for a custodian, replayed to the creator: signed for another agent
    const forCustodian = w.request(alice, license, w.custodians[0]!.peerId);
    const resent = requestKey(w.buyer, { ...w.creator.address() }, { ...forCustodian, agent: w.creator.peerId }, w.buyerX25519.privateKey);
    expect(await refusal(resent)).toBe(RefusalCode.BAD_SIGNATURE);
    const raw = await rawAsk(w.creator.peerId, forCustodian);
    expect(raw).toBe(RefusalCode.WRONG_AGENT);
    expect(await refusal(ask(w.request(alice, { ...license, id: 9999n }, w.creator.peerId)))).toBe(RefusalCode.UNKNOWN_LICENSE);
    expect(await refusal(ask(w.request(alice, { ...license, contentId: new Uint8Array(randomBytes(32)) }, w.creator.peerId)))).toBe(RefusalCode.WRONG_CONTENT);
    // a license of a content this agent holds no master for
    const other = { id: 500n, contentId: new Uint8Array(randomBytes(32)), number: 1n, owner: alice.address };
    w.chain.licenses.set(other.id, other);
    const noKeyAgent = await w.extraAgent({}, async () => undefined);
    const r = w.request(alice, other, noKeyAgent.peerId);
    expect(await refusal(requestKey(w.buyer, noKeyAgent.address(), r, w.buyerX25519.privateKey))).toBe(RefusalCode.NO_KEY);
  });

  it('a transfer moves the right to ask: the old owner is refused, the new owner served', async () => {
    const alice = newOwner();
    const bob = newOwner();
    const license = w.mint(alice, 8n);
    await requestKey(w.buyer, w.creator.address(), w.request(alice, license, w.creator.peerId), w.buyerX25519.privateKey);
    w.chain.licenses.set(license.id, { ...license, owner: bob.address });
    expect(await refusal(requestKey(w.buyer, w.creator.address(), w.request(alice, license, w.creator.peerId), w.buyerX25519.privateKey))).toBe(RefusalCode.NOT_OWNER);
    const bundle = await requestKey(w.buyer, w.creator.address(), w.request(bob, license, w.creator.peerId), w.buyerX25519.privateKey);
    expect(bundle.owner).toBe(bob.address);
  });

  it('an answer sealed to another key does not open: KEY_BAD_ANSWER, no key', async () => {
    const alice = newOwner();
    const license = w.mint(alice, 9n);
    const other = x25519Keypair();
    const req = w.request(alice, license, w.creator.peerId, { requesterX25519: other.publicKey });
    expect(await refusal(requestKey(w.buyer, w.creator.address(), req, w.buyerX25519.privateKey))).toBe('KEY_BAD_ANSWER');
  });

  it('an unreachable or mistyped agent gives KEY_UNREACHABLE / KEY_BAD_REQUEST quickly', async () => {
    const alice = newOwner();
    const license = w.mint(alice, 10n);
    const gone = await w.extraAgent({});
    const req = w.request(alice, license, gone.peerId);
    await gone.stopAgent();
    expect(await refusal(requestKey(w.buyer, gone.address(), req, w.buyerX25519.privateKey, { timeoutMs: 3000 }))).toBe('KEY_UNREACHABLE');
    expect(await refusal(requestKey(w.buyer, { peerId: 'not-a-peer', addrs: [] }, { ...req, agent: 'not-a-peer' }, w.buyerX25519.privateKey))).toBe('KEY_BAD_REQUEST');
    expect(await refusal(requestKey(w.buyer, w.creator.address(), req, w.buyerX25519.privateKey))).toBe('KEY_BAD_REQUEST');
  });

  it('pipelines many requests on one stream: each answer reaches its own request', async () => {
    const owners = Array.from({ length: 30 }, () => newOwner());
    const licenses = owners.map((o, i) => w.mint(o, 1000n + BigInt(i)));
    const bundles = await Promise.all(owners.map((o, i) => requestKey(w.buyer, w.creator.address(), w.request(o, licenses[i]!, w.creator.peerId), w.buyerX25519.privateKey)));
    bundles.forEach((b, i) => expect(b).toMatchObject({ licenseId: licenses[i]!.id, owner: owners[i]!.address }));
    const streams = w.buyer.getConnections().filter((c) => c.remotePeer.toString() === w.creator.peerId).flatMap((c) => c.streams).filter((s) => s.protocol === '/seedcast/keys/1.0.0');
    expect(streams.map((s) => `${s.direction} ${s.status} ${s.writeStatus}`)).toEqual(['outbound open writable']);
  });

  it('counts what it served and refused', () => {
    const stats = w.creator.agent!.stats();
    expect(stats.served).toBeGreaterThanOrEqual(8);
    expect(stats.refused).toMatchObject({ NOT_OWNER: 2, REPLAYED_NONCE: 1, STALE_HEIGHT: 4, WRONG_CHAIN: 1, WRONG_AGENT: 1, UNKNOWN_LICENSE: 1, WRONG_CONTENT: 1 });
    expect(stats.refused.BAD_SIGNATURE).toBe(3);
  });

  it('no error message, error context or log line carries K, M or a license key', () => {
    expect(errors.length).toBeGreaterThan(10);
    const secrets = [w.key, w.master, licenseKey(w.master, w.contentId, 1n)].flatMap(secretForms);
    const texts = [...errors.map(errorText), ...logLines];
    for (const t of texts) for (const s of secrets) expect(t).not.toContain(s);
  });
});

// Sends a request as-is (no client-side agent check) and returns the refusal code.
async function rawAsk(agent: string, req: ReturnType<World['request']>): Promise<RefusalCode | undefined> {
  const { KeyRequest, KeyResponse } = await import('../../../src/codec/seedcast/keys.js');
  const { readOneFrame, sendFrame } = await import('../../../src/p2p/streams.js');
  const { peerIdFromString } = await import('@libp2p/peer-id');
  const stream = await w.buyer.dialProtocol(peerIdFromString(agent), '/seedcast/keys/1.0.0');
  sendFrame(stream, KeyRequest.encode(req));
  const answer = KeyResponse.decode(await readOneFrame(stream, 4096, AbortSignal.timeout(5000)));
  await stream.close();
  return answer.refusal?.code;
}
