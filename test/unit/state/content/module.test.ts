// The content module inside the real App over a real StateStore: publish, the three card
// queries with pagination, provider records, stateful refusals, events, genesis, determinism.
import {
  MsgPublishCardResponse,
  QueryCardByContentRequest,
  QueryCardByContentResponse,
  QueryCardRequest,
  QueryCardResponse,
  QueryCardsByCreatorRequest,
  QueryCardsByCreatorResponse,
  QueryProvidersRequest,
  QueryProvidersResponse,
  type PageRequest,
} from '../../../../src/codec/seedcast/content.js';
import { TxMsgData } from 'cosmjs-types/cosmos/base/abci/v1beta1/abci';
import { checkTx, devnetAppState, eventAttrs, makeHarness, signer, signTx, type Harness, type Signer } from '../harness.js';
import { announce, contentCard, contentId, newPeerId, publish, textCard, withdraw } from './fixtures.js';

let alice: Signer, bob: Signer;
let peer: string;
let h: Harness;
const GAS = 2_000_000n;
const FEE = '10000';

beforeAll(async () => {
  [alice, bob, peer] = await Promise.all([signer('alice', 0), signer('bob', 1), newPeerId()]);
});
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

const seq = new Map<string, number>();
async function tx(s: Signer, ...msgs: ReturnType<typeof publish>[]): Promise<Uint8Array> {
  const n = seq.get(s.address) ?? 0;
  seq.set(s.address, n + 1);
  return signTx(s, { sequence: n, msgs, gas: GAS, fee: FEE });
}
beforeEach(() => seq.clear());

async function card(id: bigint) {
  const r = await h.query('/seedcast.content.v1.Query/Card', QueryCardRequest.encode({ id }));
  return r.code === 0 ? QueryCardResponse.decode(r.value).card : r;
}
async function byCreator(creator: string, pagination?: Partial<PageRequest>) {
  const r = await h.query('/seedcast.content.v1.Query/CardsByCreator', QueryCardsByCreatorRequest.encode({ creator, ...(pagination ? { pagination } : {}) }));
  expect(r).toMatchObject({ code: 0 });
  return QueryCardsByCreatorResponse.decode(r.value);
}
async function providers(id: Uint8Array, pagination?: Partial<PageRequest>) {
  const r = await h.query('/seedcast.content.v1.Query/Providers', QueryProvidersRequest.encode({ contentId: id, ...(pagination ? { pagination } : {}) }));
  expect(r).toMatchObject({ code: 0 });
  return QueryProvidersResponse.decode(r.value);
}

describe('publishing cards', () => {
  it('publishes a content card: id 1, created_height, events, response, and the three queries find it', async () => {
    const msg = contentCard(alice.address, { pieceSize: 0 });
    const [r] = await h.commitBlock([await tx(alice, publish(msg))], { height: 5n });
    expect(r).toMatchObject({ code: 0, log: '' });
    const [resp] = TxMsgData.decode(r.data).msgResponses;
    expect(MsgPublishCardResponse.decode(resp!.value).cardId).toBe(1n);
    expect(eventAttrs(r, 'card')).toEqual([{ id: '1', creator: alice.address, content_id: '07'.repeat(32), parent_id: '0', tag: 'indie', action: 'publish', thread: '1' }]);
    const ev = r.events.find((e) => e.type === 'card')!;
    expect(ev.attributes.filter((a) => a.key === 'tag').map((a) => a.value)).toEqual(['film', 'indie']);
    expect(eventAttrs(r, 'message')).toContainEqual({ sender: alice.address, module: 'content' });

    const stored = await card(1n);
    expect(stored).toMatchObject({ id: 1n, creator: alice.address, size: 1_000_000n, pieceSize: 262144, createdHeight: 5n, title: 'My film', tags: ['film', 'indie'] });
    expect(Buffer.from((stored as { contentId: Uint8Array }).contentId)).toEqual(Buffer.from(contentId(7)));
    expect((stored as { preview: unknown }).preview).toEqual({ inline: { mimeType: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff]) } });

    const r2 = await h.query('/seedcast.content.v1.Query/CardByContent', QueryCardByContentRequest.encode({ contentId: contentId(7) }));
    expect(QueryCardByContentResponse.decode(r2.value).card).toEqual(stored);
    expect((await byCreator(alice.address)).cards).toEqual([stored]);
  });

  it('ids are sequential; cards by creator are newest first and paginate by key and offset', async () => {
    await h.commitBlock([await tx(alice, publish(textCard(alice.address, { title: 'one' })), publish(textCard(alice.address, { title: 'two' })))]);
    await h.commitBlock([await tx(bob, publish(textCard(bob.address, { title: 'bob' })))]);
    await h.commitBlock([await tx(alice, publish(textCard(alice.address, { title: 'three' })))]);
    const all = await byCreator(alice.address, { countTotal: true });
    expect(all.cards.map((c) => [c.id, c.title])).toEqual([[4n, 'three'], [2n, 'two'], [1n, 'one']]);
    expect(all.pagination?.total).toBe(3n);
    const first = await byCreator(alice.address, { limit: 2n });
    expect(first.cards.map((c) => c.id)).toEqual([4n, 2n]);
    const next = await byCreator(alice.address, { limit: 2n, key: first.pagination!.nextKey });
    expect(next.cards.map((c) => c.id)).toEqual([1n]);
    expect(next.pagination!.nextKey.length).toBe(0);
    expect((await byCreator(alice.address, { offset: 1n, limit: 1n })).cards.map((c) => c.id)).toEqual([2n]);
    expect((await byCreator(bob.address)).cards.map((c) => c.title)).toEqual(['bob']);
  });

  it('a reply needs an existing parent; an unknown parent is refused with NotFound and stores nothing', async () => {
    const bad = await tx(alice, publish(textCard(alice.address, { parentId: 9n })));
    // CheckTx runs the ante handler and stateless rules only (as here for every module); DeliverTx refuses.
    const [r] = await h.commitBlock([bad]);
    expect(r.code).toBe(38);
    expect(r.log).toMatch(/card parent_id 9 does not exist/);
    expect((await card(1n)) as { log: string }).toMatchObject({ log: expect.stringMatching(/NotFound/) });
    const [ok] = await h.commitBlock([await tx(alice, publish(textCard(alice.address))), await tx(bob, publish(textCard(bob.address, { parentId: 1n, body: 'a reply' })))]);
    expect(ok.code).toBe(0);
    expect(await card(2n)).toMatchObject({ parentId: 1n, creator: bob.address });
  });

  it('a second card with the same content id is refused, also within one block', async () => {
    const [a, b] = await h.commitBlock([await tx(alice, publish(contentCard(alice.address))), await tx(bob, publish(contentCard(bob.address, { title: 'copy' })))]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(18);
    expect(b.log).toMatch(`content ${'07'.repeat(32)} is already published as card 1; a content id belongs to one card`);
    expect((await byCreator(bob.address)).cards).toEqual([]);
    // Text posts have no content id: any number of them.
    const [t1, t2] = await h.commitBlock([await tx(alice, publish(textCard(alice.address))), await tx(bob, publish(textCard(bob.address)))]);
    expect([t1.code, t2.code]).toEqual([0, 0]);
  });

  it('an invalid card is refused on chain with a clear log (CheckTx and DeliverTx)', async () => {
    const bad = await tx(alice, publish(contentCard(alice.address, { title: 'x'.repeat(201) })));
    const c = await checkTx(h.app, bad);
    expect(c).toMatchObject({ code: 18, codespace: 'sdk' });
    expect(c.log).toMatch(/card title has 201 characters, at most 200/);
    const [r] = await h.commitBlock([bad]);
    expect(r.log).toMatch(/card title has 201 characters, at most 200/);
  });

  it('a card signed by someone other than its creator is refused', async () => {
    const [r] = await h.commitBlock([await tx(alice, publish(textCard(bob.address)))]);
    expect(r.code).not.toBe(0);
    expect((await byCreator(bob.address)).cards).toEqual([]);
  });
});

describe('queries refuse bad input clearly', () => {
  it.each<[string, string, Uint8Array, RegExp]>([
    ['card id 0', 'Card', QueryCardRequest.encode({ id: 0n }), /card id must be at least 1/],
    ['an unknown card', 'Card', QueryCardRequest.encode({ id: 42n }), /NotFound desc = card 42/],
    ['a short content id', 'CardByContent', QueryCardByContentRequest.encode({ contentId: new Uint8Array(3) }), /InvalidArgument desc = content_id must be 32 bytes, got 3/],
    ['an unknown content id', 'CardByContent', QueryCardByContentRequest.encode({ contentId: contentId(1) }), /NotFound desc = card of content 0101/],
    ['a bad creator', 'CardsByCreator', QueryCardsByCreatorRequest.encode({ creator: 'bob' }), /InvalidArgument desc = invalid creator address/],
    ['a short providers content id', 'Providers', QueryProvidersRequest.encode({ contentId: new Uint8Array() }), /content_id must be 32 bytes, got 0/],
    ['garbage bytes', 'Card', Uint8Array.of(0xff, 0xff, 0xff), /./],
  ])('%s', async (_name, method, data, log) => {
    const r = await h.query(`/seedcast.content.v1.Query/${method}`, data);
    expect(r.code).not.toBe(0);
    expect(r.log).toMatch(log);
  });
});

describe('provider records', () => {
  it('announce needs a card for the content id', async () => {
    const [r] = await h.commitBlock([await tx(bob, announce({ provider: bob.address, contentId: contentId(7), peerId: peer, addrs: [] }))]);
    expect(r.code).toBe(38);
    expect(r.log).toMatch(`no card carries content ${'07'.repeat(32)}; publish a card before announcing it`);
    expect((await providers(contentId(7))).providers).toEqual([]);
  });

  it('announce, re-announce replaces, list with pagination, withdraw, withdraw again is NotFound', async () => {
    const other = await newPeerId();
    await h.commitBlock([await tx(alice, publish(contentCard(alice.address)))]);
    const addrs = ['/ip4/127.0.0.1/tcp/4001'];
    const [a1, b1] = await h.commitBlock([
      await tx(alice, announce({ provider: alice.address, contentId: contentId(7), peerId: peer, addrs })),
      await tx(bob, announce({ provider: bob.address, contentId: contentId(7), peerId: other, addrs: [] })),
    ]);
    expect([a1.code, b1.code]).toEqual([0, 0]);
    expect(eventAttrs(a1, 'provider')).toEqual([{ content_id: '07'.repeat(32), provider: alice.address, peer_id: peer, action: 'announce' }]);
    const [again] = await h.commitBlock([await tx(alice, announce({ provider: alice.address, contentId: contentId(7), peerId: peer, addrs: ['/ip4/10.1.1.1/tcp/9'] }))]);
    expect(again.code).toBe(0);

    const list = await providers(contentId(7), { countTotal: true });
    expect(list.pagination?.total).toBe(2n);
    expect(list.providers).toHaveLength(2);
    expect(list.providers.find((p) => p.provider === alice.address)).toEqual({ provider: alice.address, peerId: peer, addrs: ['/ip4/10.1.1.1/tcp/9'], height: 3n });
    expect(list.providers.find((p) => p.provider === bob.address)).toEqual({ provider: bob.address, peerId: other, addrs: [], height: 2n });
    const page1 = await providers(contentId(7), { limit: 1n });
    const page2 = await providers(contentId(7), { limit: 1n, key: page1.pagination!.nextKey });
    expect([page1.providers[0]!.provider, page2.providers[0]!.provider].sort()).toEqual([alice.address, bob.address].sort());

    const [w] = await h.commitBlock([await tx(bob, withdraw({ provider: bob.address, contentId: contentId(7) }))]);
    expect(w.code).toBe(0);
    expect(eventAttrs(w, 'provider')).toEqual([{ content_id: '07'.repeat(32), provider: bob.address, peer_id: other, action: 'withdraw' }]);
    expect((await providers(contentId(7))).providers.map((p) => p.provider)).toEqual([alice.address]);
    const [w2] = await h.commitBlock([await tx(bob, withdraw({ provider: bob.address, contentId: contentId(7) }))]);
    expect(w2.code).toBe(38);
    expect(w2.log).toMatch(`${bob.address} has no provider record for content ${'07'.repeat(32)}: not found`);
  });
});

describe('genesis and determinism', () => {
  it('genesis cards are validated like messages and stored in order', async () => {
    const g = await makeHarness({
      ...devnetAppState(),
      content: { cards: [
        { creator: alice.address, title: 'hello' },
        { creator: bob.address, content_id: '0a'.repeat(32), salt: '0b'.repeat(32), size: '5', block_size: 16384, mime_type: 'text/plain', parent_id: '1', tags: ['a'], preview: { inline: { mime_type: 'text/plain', data: 'aGk=' } } },
      ] },
    });
    try {
      const r = await g.query('/seedcast.content.v1.Query/Card', QueryCardRequest.encode({ id: 2n }));
      expect(QueryCardResponse.decode(r.value).card).toMatchObject({ id: 2n, parentId: 1n, size: 5n, pieceSize: 262144, createdHeight: 0n, preview: { inline: { mimeType: 'text/plain', data: Buffer.from('hi') } } });
    } finally {
      await g.close();
    }
    await expect(makeHarness({ ...devnetAppState(), content: { cards: [{ creator: alice.address, title: 'x', tags: ['UP'] }] } })).rejects.toThrow(/invalid content section.*cards\[0\]: card tag "UP"/);
    await expect(makeHarness({ ...devnetAppState(), content: { cards: [{ creator: alice.address, title: 'x', parent_id: 3 }] } })).rejects.toThrow(/cards\[0\]: card parent_id 3 does not exist/);
    await expect(makeHarness({ ...devnetAppState(), content: { cards: [{ creator: alice.address, content_id: 'XYZ' }] } })).rejects.toThrow(/cards\[0\].content_id must be lowercase hex/);
  });

  it('the same txs give the same app hash on two nodes; a different card gives another', async () => {
    const txs = [await tx(alice, publish(contentCard(alice.address))), await tx(bob, publish(textCard(bob.address, { parentId: 1n })))];
    const ann = await tx(alice, announce({ provider: alice.address, contentId: contentId(7), peerId: peer, addrs: ['/ip4/127.0.0.1/tcp/1'] }));
    const other = await makeHarness();
    const third = await makeHarness();
    try {
      for (const node of [h, other]) {
        await node.commitBlock(txs);
        await node.commitBlock([ann]);
      }
      expect(Buffer.from(h.state.root).toString('hex')).toBe(Buffer.from(other.state.root).toString('hex'));
      seq.clear();
      await third.commitBlock([await tx(alice, publish(contentCard(alice.address, { title: 'My film!' })))]);
      expect(Buffer.from(third.state.root).toString('hex')).not.toBe(Buffer.from(h.state.root).toString('hex'));
    } finally {
      await other.close();
      await third.close();
    }
  });
});
