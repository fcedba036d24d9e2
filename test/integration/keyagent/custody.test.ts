// Threshold custody: with the creator's agent gone, t of n validator agents give the key; fewer
// than t, or too many wrong shares, give a clear error and never a key.
import { randomBytes } from 'node:crypto';
import { custodyPolynomialSeed, shareMark } from '../../../src/crypto/contentKeys.js';
import { combineShares, splitSecret } from '../../../src/crypto/shamir.js';
import { obtainContentKey, requestKey, type ObtainContentKeyParams } from '../../../src/keyagent/client.js';
import { KeyAgentError } from '../../../src/keyagent/errors.js';
import { errorText, logLines, newOwner, secretForms, startWorld, THRESHOLD, type Owner, type World } from './harness.js';

const worlds: World[] = [];
const errors: unknown[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.stop()));
});

async function world(opts: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  const w = await startWorld(opts);
  worlds.push(w);
  return w;
}

function params(w: World, owner: Owner, number: bigint, over: Partial<ObtainContentKeyParams> = {}): ObtainContentKeyParams {
  const license = w.mint(owner, number);
  return {
    libp2p: w.buyer,
    contentId: w.contentId,
    licenseId: license.id,
    requests: w.requestsFor(owner, license),
    creatorAgents: [w.creator.address()],
    custody: w.custodyParams(),
    receiverPriv: w.buyerX25519.privateKey,
    timeoutMs: 3000,
    ...over,
  };
}

async function failure(p: Promise<unknown>): Promise<KeyAgentError> {
  try {
    const got = await p;
    throw new Error(`expected an error, got ${typeof got}`);
  } catch (err) {
    if (!(err instanceof KeyAgentError)) throw err;
    errors.push(err);
    return err;
  }
}

describe('custody key agents (t = 3 of 4)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it('each serves its own share, marked for the license; any 3 combine to K', async () => {
    const alice = newOwner();
    const license = w.mint(alice, 1n);
    const shares = [];
    for (const c of w.custodians) {
      const bundle = await requestKey(w.buyer, c.address(), w.request(alice, license, c.peerId), w.buyerX25519.privateKey);
      expect(bundle.contentKey).toBeUndefined();
      expect(bundle.share).toMatchObject({ index: c.index, threshold: THRESHOLD });
      expect(Buffer.from(bundle.mark).equals(Buffer.from(shareMark(bundle.share!.value, w.contentId, 1n)))).toBe(true);
      shares.push({ index: bundle.share!.index, value: bundle.share!.value });
    }
    expect(Buffer.from(combineShares(shares.slice(1), THRESHOLD)).equals(Buffer.from(w.key))).toBe(true);
  });

  it('with the creator agent stopped, the buyer still gets K byte-identical through custody', async () => {
    await w.creator.stopAgent();
    const got = await obtainContentKey(params(w, newOwner(), 2n));
    expect(got.via).toBe('custody');
    expect(got.agents).toHaveLength(THRESHOLD);
    expect(Buffer.from(got.contentKey).equals(Buffer.from(w.key))).toBe(true);
  });

  it('a non-owner is refused by every custody agent: KEY_NOT_ENOUGH_SHARES naming NOT_OWNER', async () => {
    const alice = newOwner();
    const mallory = newOwner();
    const p = params(w, alice, 3n);
    const license = w.chain.licenses.get(p.licenseId)!;
    const err = await failure(obtainContentKey({ ...p, requests: w.requestsFor(mallory, license) }));
    expect(err.code).toBe('KEY_NOT_ENOUGH_SHARES');
    for (const c of w.custodians) expect(err.message).toContain(`${c.peerId}: NOT_OWNER`);
    expect(err.message).toContain(`${w.creator.peerId}: UNREACHABLE`);
  });

  it('fewer than t custody agents up: KEY_NOT_ENOUGH_SHARES listing each outcome, no key', async () => {
    await w.custodians[0]!.stopAgent();
    await w.custodians[1]!.stopAgent();
    const err = await failure(obtainContentKey(params(w, newOwner(), 4n)));
    expect(err.code).toBe('KEY_NOT_ENOUGH_SHARES');
    expect(err.message).toMatch(/3 custody shares needed, 2 valid received/);
    expect(err.message).toContain(`${w.custodians[0]!.peerId}: UNREACHABLE`);
    expect(err.message).toContain(`${w.custodians[2]!.peerId}: ok`);
    expect(err.context.outcomes).toBeDefined();
  });
});

describe('byzantine custody agents', () => {
  it('one wrong share among four: the three honest shares still give K', async () => {
    const w = await world({ byzantine: [1] });
    await w.creator.stopAgent();
    const got = await obtainContentKey(params(w, newOwner(), 1n));
    expect(Buffer.from(got.contentKey).equals(Buffer.from(w.key))).toBe(true);
    expect(got.agents).not.toContain(w.custodians[1]!.peerId);
  });

  it('two wrong shares: KEY_CHECK_FAILED, never a wrong key', async () => {
    const w = await world({ byzantine: [0, 3] });
    await w.creator.stopAgent();
    const err = await failure(obtainContentKey(params(w, newOwner(), 1n)));
    expect(err.code).toBe('KEY_CHECK_FAILED');
    expect(err.message).toMatch(/4 custody shares do not combine/);
  });

  it('a creator agent answering a wrong key is not believed: the key check sends the buyer to custody', async () => {
    const w = await world();
    const liar = await w.extraAgent({}, async () => ({ kind: 'key', contentKey: new Uint8Array(randomBytes(32)), mark: new Uint8Array(32) }));
    const owner = newOwner();
    const p = params(w, owner, 1n);
    const license = w.chain.licenses.get(p.licenseId)!;
    p.requests.set(liar.peerId, w.request(owner, license, liar.peerId));
    const got = await obtainContentKey({ ...p, creatorAgents: [liar.address(), w.creator.address()] });
    expect(got).toMatchObject({ via: 'creator', agents: [w.creator.peerId] });
    expect(Buffer.from(got.contentKey).equals(Buffer.from(w.key))).toBe(true);
    await w.creator.stopAgent();
    const viaCustody = await obtainContentKey({ ...params(w, owner, 2n), creatorAgents: [liar.address()] });
    expect(viaCustody.via).toBe('custody');
  });

  it('no agents at all, or requests for another license: clear errors', async () => {
    const w = worlds[0]!;
    const p = params(w, newOwner(), 9n);
    expect((await failure(obtainContentKey({ ...p, creatorAgents: [], custody: undefined }))).code).toBe('KEY_NO_AGENTS');
    expect((await failure(obtainContentKey({ ...p, licenseId: p.licenseId + 1n }))).code).toBe('KEY_BAD_REQUEST');
  });

  it('no error or log line carries K, a share or the master secret', () => {
    expect(errors.length).toBeGreaterThanOrEqual(5);
    const secrets: Uint8Array[] = [];
    for (const w of worlds) {
      secrets.push(w.key, w.master);
      for (const share of splitSecret(w.key, THRESHOLD, 4, custodyPolynomialSeed(w.master, w.contentId))) secrets.push(share.value);
    }
    const forms = secrets.flatMap(secretForms);
    for (const t of [...errors.map(errorText), ...logLines]) for (const s of forms) expect(t).not.toContain(s);
  });
});
