// Every stateless rule of MsgPublishCard / MsgAnnounceProvider / MsgWithdrawProvider, one case
// each, with the message it must give; and the valid shapes at their limits.
import type { MsgPublishCard } from '../../../../src/codec/seedcast/content.js';
import { SdkError } from '../../../../src/state/errors.js';
import { msgAnnounceProviderHandler, msgPublishCardHandler, msgWithdrawProviderHandler } from '../../../../src/state/modules/content/msgServer.js';
import { contentCard, contentId, newPeerId, textCard } from './fixtures.js';

const ALICE = 'seed1qyqszqgpqyqszqgpqyqszqgpqyqszqgpyswl93';
let peerA: string, peerB: string;

beforeAll(async () => {
  [peerA, peerB] = await Promise.all([newPeerId(), newPeerId()]);
});

function refusal(fn: () => void): SdkError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SdkError);
    return err as SdkError;
  }
  throw new Error('expected a refusal');
}

const card = (over: Partial<MsgPublishCard>) => () => msgPublishCardHandler.validate(contentCard(ALICE, over));
const text = (over: Partial<MsgPublishCard>) => () => msgPublishCardHandler.validate(textCard(ALICE, over));

describe('MsgPublishCard stateless rules', () => {
  it('accepts a content card and a text post', () => {
    expect(card({})).not.toThrow();
    expect(text({})).not.toThrow();
    expect(text({ title: '', body: 'only a body' })).not.toThrow();
    expect(card({ title: '', body: '' })).not.toThrow(); // content alone is enough
  });

  it('accepts every field at its limit', async () => {
    const agents = await Promise.all(Array.from({ length: 16 }, newPeerId));
    expect(card({
      title: 'é'.repeat(200), body: 'b'.repeat(20_000), tags: Array.from({ length: 10 }, (_, i) => `t${i}-_`.padEnd(32, 'x')),
      links: Array.from({ length: 10 }, (_, i) => `ipfs://${String(i).repeat(505)}`), size: 2n ** 36n, pieceSize: 16384 * 1024,
      preview: { inline: { mimeType: 'text/plain', data: new Uint8Array(65_536) } }, resaleRoyaltyBps: 10_000,
      mimeType: `a/${'b'.repeat(125)}`, keyAgents: agents, price: { denom: 'useed', amount: '0' }, editionCap: 2n ** 64n - 1n,
    })).not.toThrow();
    expect(card({ pieceSize: 16384 })).not.toThrow();
    expect(card({ pieceSize: 0 })).not.toThrow(); // the default
    expect(card({ preview: { contentId: contentId(3) } })).not.toThrow();
  });

  it.each<[string, Partial<MsgPublishCard>, RegExp, number?]>([
    ['a bad creator address', { creator: 'cosmos1xyz' }, /invalid creator address/, 7],
    ['a content id of 31 bytes', { contentId: new Uint8Array(31) }, /card content_id must be 32 bytes, got 31/],
    ['a salt of 16 bytes with content', { salt: new Uint8Array(16) }, /card salt must be 32 bytes when content_id is set, got 16/],
    ['a size over 64 GiB', { size: 2n ** 36n + 1n }, /card size 68719476737 is over the maximum of 68719476736 bytes/],
    ['a block size of 16368', { blockSize: 16368 }, /card block_size must be 16384 when content_id is set, got 16368/],
    ['a piece size that is not 16 KiB * 2^k', { pieceSize: 3 * 16384 }, /card piece_size must be 16384 \* 2\^k bytes with k in 0..10.*got 49152/],
    ['a piece size of 16 KiB * 2^11', { pieceSize: 16384 * 2048 }, /card piece_size must be 16384 \* 2\^k/],
    ['no mime type with content', { mimeType: '' }, /card mime_type is required when content_id is set/],
    ['a mime type without a subtype', { mimeType: 'video' }, /card mime_type must be type\/subtype/],
    ['a mime type of 128 characters', { mimeType: `a/${'b'.repeat(126)}` }, /card mime_type has 128 characters, at most 127/],
    ['a mime type with a control character', { mimeType: 'video/mp4\u0007' }, /card mime_type must be type\/subtype/],
    ['a title of 201 characters', { title: 't'.repeat(201) }, /card title has 201 characters, at most 200/],
    ['a newline in the title', { title: 'a\nb' }, /card title must not contain control characters/],
    ['a body of 20,001 characters', { body: 'b'.repeat(20_001) }, /card body has 20001 characters, at most 20000/],
    ['an escape character in the body', { body: 'x\u001b[31m' }, /card body must not contain control characters \(newlines and tabs are fine\)/],
    ['11 tags', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, /card has 11 tags, at most 10/],
    ['an upper-case tag', { tags: ['Film'] }, /card tag "Film" must be 1-32 characters of a-z, 0-9, _ and -/],
    ['an empty tag', { tags: [''] }, /card tag "" must be 1-32 characters/],
    ['a tag of 33 characters', { tags: ['t'.repeat(33)] }, /must be 1-32 characters/],
    ['a tag with a control character', { tags: ['a\u0000'] }, /must be 1-32 characters/],
    ['a duplicate tag', { tags: ['film', 'film'] }, /card tag "film" appears twice/],
    ['11 links', { links: Array.from({ length: 11 }, (_, i) => `https://x.org/${i}`) }, /card has 11 links, at most 10/],
    ['a link of 513 characters', { links: [`https://${'x'.repeat(505)}`] }, /card link is 513 characters long, at most 512/],
    ['a javascript: link', { links: ['javascript:alert(1)'] }, /card link "javascript:alert\(1\)" must be a URL/],
    ['a preview with both kinds', { preview: { contentId: contentId(1), inline: { mimeType: 'image/png', data: new Uint8Array(1) } } }, /card preview must be either inline or a content id, not both/],
    ['an empty preview', { preview: {} }, /card preview is set but holds neither/],
    ['a preview content id of 33 bytes', { preview: { contentId: new Uint8Array(33) } }, /card preview content_id must be 32 bytes, got 33/],
    ['a video inline preview', { preview: { inline: { mimeType: 'video/mp4', data: new Uint8Array(1) } } }, /card preview mime_type must be image\/\* or text\/\*/],
    ['an inline preview of 65,537 bytes', { preview: { inline: { mimeType: 'image/png', data: new Uint8Array(65_537) } } }, /card preview data has 65537 bytes, at most 65536/],
    ['an empty inline preview', { preview: { inline: { mimeType: 'image/png', data: new Uint8Array() } } }, /card preview data must not be empty/],
    ['a price in another denom', { price: { denom: 'uatom', amount: '5' } }, /card price denom must be useed, got "uatom"/, 10],
    ['a negative price', { price: { denom: 'useed', amount: '-5' } }, /card price amount must be a non-negative integer/, 10],
    ['a decimal price', { price: { denom: 'useed', amount: '1.5' } }, /card price amount must be a non-negative integer/, 10],
    ['a price of 79 digits', { price: { denom: 'useed', amount: '9'.repeat(79) } }, /at most 78 digits/, 10],
    ['a piece royalty in another denom', { pieceRoyalty: { denom: 'stake', amount: '1' } }, /card piece_royalty denom must be useed/, 10],
    ['a resale royalty over 100%', { resaleRoyaltyBps: 10_001 }, /card resale_royalty_bps is 10001, at most 10000/],
    ['17 key agents', {}, /card has 17 key agents, at most 16/],
    ['a key agent that is not a peer id', { keyAgents: ['not-a-peer'] }, /card key agent "not-a-peer" is not a libp2p peer id/],
    ['a duplicate key agent', {}, /card key agent .* appears twice/],
  ])('refuses %s', async (name, over, message, code = 18) => {
    if (name === '17 key agents') over = { keyAgents: await Promise.all(Array.from({ length: 17 }, newPeerId)) };
    if (name === 'a duplicate key agent') over = { keyAgents: [peerA, peerB, peerA] };
    const err = refusal(card(over));
    expect(err.message).toMatch(message);
    expect(err.code).toBe(code);
  });

  it.each<[string, Partial<MsgPublishCard>, RegExp]>([
    ['an empty card', { title: '', body: '' }, /card needs a non-empty title, body or content/],
    ['a salt without content', { salt: new Uint8Array(32) }, /card salt must be empty for a text post/],
    ['a size without content', { size: 5n }, /card size must be 0 for a text post/],
    ['a block size of 1 without content', { blockSize: 1 }, /card block_size must be 0 or 16384, got 1/],
    ['a bad piece size without content', { pieceSize: 100 }, /card piece_size must be 0 or 16384 \* 2\^k/],
    ['a bad mime type without content', { mimeType: 'nope' }, /card mime_type must be type\/subtype/],
  ])('refuses a text post with %s', (_name, over, message) => {
    expect(refusal(text(over)).message).toMatch(message);
  });

  it('never echoes a long field whole (messages stay short)', () => {
    expect(refusal(card({ tags: ['X'.repeat(10_000)] })).message.length).toBeLessThan(200);
    expect(refusal(card({ links: [`javascript:${'x'.repeat(400)}`] })).message.length).toBeLessThan(200);
  });
});

describe('provider message rules', () => {
  const ok = () => ({ provider: ALICE, contentId: contentId(1), peerId: peerA, addrs: ['/ip4/127.0.0.1/tcp/26656', `/ip4/10.0.0.1/tcp/1/p2p/${peerA}`] });

  it('accepts an announcement with up to 4 addrs, and one with none', () => {
    expect(() => msgAnnounceProviderHandler.validate(ok())).not.toThrow();
    expect(() => msgAnnounceProviderHandler.validate({ ...ok(), addrs: Array(4).fill('/dns4/seed.example.org/tcp/1') })).not.toThrow();
    expect(() => msgAnnounceProviderHandler.validate({ ...ok(), addrs: [] })).not.toThrow();
  });

  it.each<[string, () => object, RegExp]>([
    ['a bad provider address', () => ({ ...ok(), provider: 'seed1nope' }), /invalid provider address/],
    ['a content id of 0 bytes', () => ({ ...ok(), contentId: new Uint8Array() }), /provider content_id must be 32 bytes, got 0/],
    ['a bad peer id', () => ({ ...ok(), peerId: 'QmNope' }), /provider peer_id "QmNope" is not a libp2p peer id/],
    ['5 addrs', () => ({ ...ok(), addrs: Array(5).fill('/ip4/1.2.3.4/tcp/1') }), /provider has 5 addrs, at most 4/],
    ['an addr of 257 characters', () => ({ ...ok(), addrs: [`/dns4/${'a'.repeat(251)}`] }), /provider addr is 257 characters long, at most 256/],
    ['an addr that is not a multiaddr', () => ({ ...ok(), addrs: ['tcp://1.2.3.4:5'] }), /provider addr "tcp:\/\/1.2.3.4:5" is not a multiaddr/],
    ['an addr naming another peer', () => ({ ...ok(), addrs: [`/ip4/1.2.3.4/tcp/1/p2p/${peerB}`] }), /names peer .*, not the announced peer_id/],
  ])('MsgAnnounceProvider refuses %s', (_name, msg, message) => {
    expect(refusal(() => msgAnnounceProviderHandler.validate(msg() as never)).message).toMatch(message);
  });

  it('MsgWithdrawProvider refuses a bad address or content id', () => {
    expect(refusal(() => msgWithdrawProviderHandler.validate({ provider: 'x', contentId: contentId(1) })).message).toMatch(/invalid provider address/);
    expect(refusal(() => msgWithdrawProviderHandler.validate({ provider: ALICE, contentId: new Uint8Array(5) })).message).toMatch(/provider content_id must be 32 bytes, got 5/);
  });
});
