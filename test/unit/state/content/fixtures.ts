// Cards and peer ids the content tests share.
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { EncodeObject } from '@cosmjs/proto-signing';
import { MsgAnnounceProvider, MsgPublishCard, MsgWithdrawProvider } from '../../../../src/codec/seedcast/content.js';

export async function newPeerId(): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString();
}

export const contentId = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

/** A valid card of an encrypted content (override any field). */
export function contentCard(creator: string, over: Partial<MsgPublishCard> = {}): MsgPublishCard {
  return {
    creator,
    contentId: contentId(7),
    salt: new Uint8Array(32).fill(9),
    size: 1_000_000n,
    blockSize: 16384,
    pieceSize: 262144,
    mimeType: 'video/mp4',
    title: 'My film',
    body: 'A film\nabout\tseeds.',
    tags: ['film', 'indie'],
    links: ['https://example.org/film'],
    parentId: 0n,
    preview: { inline: { mimeType: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff]) } },
    price: { denom: 'useed', amount: '5000000' },
    editionCap: 100n,
    resaleRoyaltyBps: 500,
    pieceRoyalty: { denom: 'useed', amount: '1' },
    keyAgents: [],
    ...over,
  };
}

/** A valid text post. */
export function textCard(creator: string, over: Partial<MsgPublishCard> = {}): MsgPublishCard {
  return {
    ...contentCard(creator),
    contentId: new Uint8Array(),
    salt: new Uint8Array(),
    size: 0n,
    blockSize: 0,
    pieceSize: 0,
    mimeType: '',
    preview: undefined,
    price: undefined,
    pieceRoyalty: undefined,
    title: 'Hello',
    body: 'first post',
    ...over,
  };
}

export const publish = (value: MsgPublishCard): EncodeObject => ({ typeUrl: MsgPublishCard.typeUrl, value });
export const announce = (value: MsgAnnounceProvider): EncodeObject => ({ typeUrl: MsgAnnounceProvider.typeUrl, value });
export const withdraw = (value: MsgWithdrawProvider): EncodeObject => ({ typeUrl: MsgWithdrawProvider.typeUrl, value });
