// The custody module over the real App: the card's creator deals t-of-n sealed shares to
// validators with key agents; every stateless and stateful refusal; re-deal; genesis deals.
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { MsgDealCustody, QueryCustodyRequest, QueryCustodyResponse, type Custody, type MsgDealCustody as Deal } from '../../../../src/codec/seedcast/custody.js';
import { openSealed } from '../../../../src/crypto/ecies.js';
import { eventAttrs, makeHarness, signer, type Harness, type Signer } from '../harness.js';
import { contentCard, contentId, newPeerId, publish } from '../content/fixtures.js';
import { agentIdentity, custodyAppState, contentHex, dealMsg, runTx, sealedShare, valoper, type AgentIdentity } from './fixtures.js';

let alice: Signer, bob: Signer, carol: Signer, dave: Signer, erin: Signer;
const agents = new Map<string, AgentIdentity>();
let h: Harness;
const CID = contentId(7);

beforeAll(async () => {
  [alice, bob, carol, dave, erin] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2), signer('dave', 3), signer('erin', 4)]);
  for (const s of [bob, carol]) agents.set(s.address, await agentIdentity(newPeerId));
});
beforeEach(async () => {
  h = await makeHarness(custodyAppState([alice, bob, carol], agents, [bob, carol]));
  expect((await runTx(h, dave, [publish(contentCard(dave.address))])).code).toBe(0); // card 1, content 07..07, creator dave
});
afterEach(async () => {
  await h.close();
});

/** A valid 2-of-2 deal to bob's and carol's agents. */
function deal(over: Partial<Deal> = {}): Deal {
  return {
    creator: dave.address,
    contentId: CID,
    threshold: 2,
    keyCheck: new Uint8Array(32).fill(0xcc),
    shares: [sealedShare(valoper(bob), 1, agents.get(bob.address)!.keys.publicKey, CID), sealedShare(valoper(carol), 2, agents.get(carol.address)!.keys.publicKey, CID)],
    ...over,
  };
}

async function custody(id: Uint8Array = CID): Promise<Custody | { code: number; log: string }> {
  const r = await h.query('/seedcast.custody.v1.Query/Custody', QueryCustodyRequest.encode({ contentId: id }));
  return r.code === 0 ? QueryCustodyResponse.decode(r.value).custody! : r;
}

describe('MsgDealCustody', () => {
  it('the creator deals: stored at the block height in index order, event, and each share opens only with its validator key', async () => {
    const msg = deal();
    msg.shares.reverse();
    const r = await runTx(h, dave, [dealMsg(msg)]);
    expect([r.code, r.log]).toEqual([0, '']);
    expect(eventAttrs(r, 'custody')).toEqual([{ content_id: contentHex(CID), creator: dave.address, threshold: '2', shares: '2' }]);
    expect(eventAttrs(r, 'message')).toContainEqual({ sender: dave.address, module: 'custody' });
    const stored = (await custody()) as Custody;
    expect(stored).toMatchObject({ creator: dave.address, threshold: 2, dealtHeight: h.height });
    expect(Buffer.from(stored.keyCheck)).toEqual(Buffer.alloc(32, 0xcc));
    expect(stored.shares.map((s) => [s.index, s.operator])).toEqual([[1, valoper(bob)], [2, valoper(carol)]]);
    const context = (i: number) => `custody-share/${contentHex(CID)}/${i}`;
    expect(Buffer.from(openSealed(agents.get(bob.address)!.keys.privateKey, stored.shares[0]!.sealedShare, context(1)))).toEqual(Buffer.alloc(32, 1));
    expect(() => openSealed(agents.get(carol.address)!.keys.privateKey, stored.shares[0]!.sealedShare, context(1))).toThrow(/ECIES|open/i);
  });

  it('a new deal replaces the previous one (re-deal after the validator set changes)', async () => {
    expect((await runTx(h, dave, [dealMsg(deal())])).code).toBe(0);
    const first = h.height;
    const one = deal({ threshold: 1, shares: [sealedShare(valoper(carol), 1, agents.get(carol.address)!.keys.publicKey, CID)] });
    expect((await runTx(h, dave, [dealMsg(one)])).code).toBe(0);
    const stored = (await custody()) as Custody;
    expect(stored).toMatchObject({ threshold: 1, dealtHeight: first + 1n });
    expect(stored.shares.map((s) => s.operator)).toEqual([valoper(carol)]);
  });

  it('a validator that registers its key agent can then be dealt a share', async () => {
    const refused = await runTx(h, dave, [dealMsg(deal({ shares: [...deal().shares, sealedShare(valoper(alice), 3, new Uint8Array(32).fill(3), CID)] }))]);
    expect([refused.code, refused.log]).toEqual([38, expect.stringMatching(`custody shares\\[2\\]: validator ${valoper(alice)} has no registered key agent`)]);
    expect(await custody()).toMatchObject({ code: 22 });
    const reg = { typeUrl: '/seedcast.staking.v1.MsgRegisterKeyAgent', value: { operator: valoper(alice), signer: alice.address, x25519PublicKey: new Uint8Array(32).fill(3), peerId: await newPeerId(), addrs: [] } };
    expect((await runTx(h, alice, [reg])).code).toBe(0);
    const ok = await runTx(h, dave, [dealMsg(deal({ shares: [...deal().shares, sealedShare(valoper(alice), 3, new Uint8Array(32).fill(3), CID)] }))]);
    expect(ok.code).toBe(0);
    expect(((await custody()) as Custody).shares).toHaveLength(3);
  });

  it('someone other than the card creator is refused (Unauthorized); nothing is stored', async () => {
    const r = await runTx(h, erin, [dealMsg(deal({ creator: erin.address }))]);
    expect([r.code, r.log]).toEqual([4, expect.stringMatching(`${erin.address} is not the creator of card 1`)]);
    expect(await custody()).toMatchObject({ code: 22, log: expect.stringMatching(/NotFound/) });
  });

  it('an unknown content id is refused (NotFound)', async () => {
    const other = contentId(8);
    const r = await runTx(h, dave, [dealMsg(deal({ contentId: other }))]);
    expect([r.code, r.log]).toEqual([38, expect.stringMatching(`no card carries content ${contentHex(other)}`)]);
  });

  const bob1 = () => sealedShare(valoper(bob), 1, agents.get(bob.address)!.keys.publicKey, CID);
  const carolShare = (i: number) => sealedShare(valoper(carol), i, agents.get(carol.address)!.keys.publicKey, CID);

  it.each<[string, () => Partial<Deal>, RegExp]>([
    ['threshold 0', () => ({ threshold: 0 }), /threshold must be between 1 and the number of shares \(2\), got 0/],
    ['threshold above n', () => ({ threshold: 3 }), /threshold must be between 1 and the number of shares \(2\), got 3/],
    ['no shares', () => ({ threshold: 1, shares: [] }), /at least one share/],
    ['a duplicate index', () => ({ shares: [bob1(), carolShare(1)] }), /shares\[1\]: index 1 appears twice/],
    ['an index out of 1..n', () => ({ shares: [bob1(), carolShare(3)] }), /shares\[1\] index must be between 1 and 2, got 3/],
    ['index 0', () => ({ shares: [bob1(), carolShare(0)] }), /index must be between 1 and 2, got 0/],
    ['a duplicate operator', () => ({ shares: [bob1(), { ...bob1(), index: 2 }] }), /shares\[1\]: validator .* holds two shares/],
    ['a short sealed share', () => ({ shares: [bob1(), { ...carolShare(2), sealedShare: new Uint8Array(79) }] }), /sealed_share must be 80 bytes .*got 79/],
    ['a long sealed share', () => ({ shares: [bob1(), { ...carolShare(2), sealedShare: new Uint8Array(81) }] }), /sealed_share must be 80 bytes .*got 81/],
    ['a 31-byte key_check', () => ({ keyCheck: new Uint8Array(31) }), /key_check must be 32 bytes, got 31/],
    ['a 31-byte content id', () => ({ contentId: new Uint8Array(31) }), /content_id must be 32 bytes, got 31/],
    ['an account address as operator', () => ({ shares: [bob1(), { ...carolShare(2), operator: carol.address }] }), /invalid custody shares\[1\] operator address/],
    ['65 shares', () => ({ threshold: 1, shares: Array.from({ length: 65 }, (_, i) => ({ ...bob1(), index: i + 1 })) }), /65 shares, at most 64/],
  ])('refuses %s with a clear log; nothing is stored', async (_what, over, log) => {
    const r = await runTx(h, dave, [dealMsg(deal(over()))]);
    expect(r.code).not.toBe(0);
    expect(r.log).toMatch(log);
    expect(await custody()).toMatchObject({ code: 22 });
  });

  it('bad bytes: the codec throws a clean ProtoError, a tx carrying them is refused, a bad query answers an error', async () => {
    expect(() => MsgDealCustody.decode(Uint8Array.of(0x2a, 0x05, 0x01))).toThrow(/cannot decode seedcast.custody.v1.MsgDealCustody/);
    expect(() => MsgDealCustody.decode(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toThrow(expect.objectContaining({ code: 'PROTO_DECODE' }));
    const raw: Any = { typeUrl: MsgDealCustody.typeUrl, value: Uint8Array.of(0x0a, 0x40, 0x01) };
    const r = await runTx(h, dave, [], [raw]);
    expect(r.code).not.toBe(0);
    expect(r.log).toMatch(/MsgDealCustody/);
    expect(await custody(new Uint8Array(5))).toMatchObject({ code: 18, log: expect.stringMatching(/InvalidArgument.*content_id must be 32 bytes, got 5/) });
    const garbage = await h.query('/seedcast.custody.v1.Query/Custody', Uint8Array.of(0x0a, 0x7f));
    expect(garbage.log).toMatch(/cannot decode seedcast.custody.v1.QueryCustodyRequest/);
  });
});

describe('custody genesis', () => {
  function genesisWithDeal(bend: (d: any) => void = () => {}) {
    const state: any = custodyAppState([alice, bob, carol], agents, [bob, carol]);
    state.content = { cards: [{ creator: dave.address, content_id: contentHex(CID), salt: '09'.repeat(32), size: '1000', block_size: 16384, piece_size: 262144, mime_type: 'video/mp4', title: 't' }] };
    const d = deal();
    const dealJson = {
      creator: dave.address,
      content_id: contentHex(CID),
      threshold: 2,
      key_check: Buffer.from(d.keyCheck).toString('base64'),
      shares: d.shares.map((s) => ({ operator: s.operator, index: s.index, sealed_share: Buffer.from(s.sealedShare).toString('base64') })),
    };
    bend(dealJson);
    state.custody = { deals: [dealJson] };
    return state;
  }

  it('genesis deals are stored at height 0', async () => {
    const g = await makeHarness(genesisWithDeal());
    try {
      const r = await g.query('/seedcast.custody.v1.Query/Custody', QueryCustodyRequest.encode({ contentId: CID }));
      expect(QueryCustodyResponse.decode(r.value).custody).toMatchObject({ creator: dave.address, threshold: 2, dealtHeight: 0n });
    } finally {
      await g.close();
    }
  });

  it.each<[string, (d: any) => void, RegExp]>([
    ['a creator who did not publish the card', (d) => (d.creator = erin.address), /deals\[0\].*is not the creator of card 1/],
    ['a share to a validator without a key agent', (d) => (d.shares[1].operator = valoper(alice)), /deals\[0\].*has no registered key agent/],
    ['a non-hex content id', (d) => (d.content_id = 'zz'), /deals\[0\].content_id must be lowercase hex/],
    ['a string threshold', (d) => (d.threshold = '2'), /deals\[0\].threshold must be a non-negative 32-bit integer/],
  ])('refuses %s', async (_what, bend, error) => {
    await expect(makeHarness(genesisWithDeal(bend))).rejects.toThrow(error);
  });
});
