// Social test helpers: the six social messages, the social queries over a license Bed (signed
// txs with tracked sequences, one-tx blocks, balances from committed state).
import type { EncodeObject } from '@cosmjs/proto-signing';
import type { PageRequest } from '../../../../src/codec/seedcast/content.js';
import {
  MsgFollow,
  MsgReact,
  MsgTip,
  MsgUnfollow,
  MsgUnreact,
  MsgView,
  QueryCardWithStatsRequest,
  QueryCardWithStatsResponse,
  QueryFollowersRequest,
  QueryFollowersResponse,
  QueryFollowingRequest,
  QueryFollowingResponse,
  QueryReactionsRequest,
  QueryReactionsResponse,
} from '../../../../src/codec/seedcast/social.js';
import type { Bed } from '../license/fixtures.js';

export { Bed, buy, buyListed, contentCard, FEE, list, publish, textCard } from '../license/fixtures.js';

export const react = (reactor: string, cardId: bigint, kind: string): EncodeObject => ({ typeUrl: MsgReact.typeUrl, value: { reactor, cardId, kind } });
export const unreact = (reactor: string, cardId: bigint, kind: string): EncodeObject => ({ typeUrl: MsgUnreact.typeUrl, value: { reactor, cardId, kind } });
export const follow = (follower: string, followee: string): EncodeObject => ({ typeUrl: MsgFollow.typeUrl, value: { follower, followee } });
export const unfollow = (follower: string, followee: string): EncodeObject => ({ typeUrl: MsgUnfollow.typeUrl, value: { follower, followee } });
export const tip = (tipper: string, cardId: bigint, amount: string | bigint, denom = 'useed'): EncodeObject => ({
  typeUrl: MsgTip.typeUrl,
  value: { tipper, cardId, amount: { denom, amount: amount.toString() } },
});
export const view = (viewer: string, cardId: bigint): EncodeObject => ({ typeUrl: MsgView.typeUrl, value: { viewer, cardId } });

const ask = (bed: Bed, method: string, data: Uint8Array) => bed.h.query(`/seedcast.social.v1.Query/${method}`, data);
const withPage = (pagination?: Partial<PageRequest>) => (pagination ? { pagination } : {});

/** The query answer decoded, or the failed outcome (code, log) as is. */
export async function cardWithStats(bed: Bed, cardId: bigint) {
  const r = await ask(bed, 'CardWithStats', QueryCardWithStatsRequest.encode({ cardId }));
  return r.code === 0 ? QueryCardWithStatsResponse.decode(r.value) : r;
}

export async function stats(bed: Bed, cardId: bigint) {
  const r = await ask(bed, 'CardWithStats', QueryCardWithStatsRequest.encode({ cardId }));
  if (r.code !== 0) throw new Error(r.log);
  return QueryCardWithStatsResponse.decode(r.value).stats!;
}

export async function followers(bed: Bed, address: string, pagination?: Partial<PageRequest>) {
  const r = await ask(bed, 'Followers', QueryFollowersRequest.encode({ address, ...withPage(pagination) }));
  if (r.code !== 0) throw new Error(r.log);
  return QueryFollowersResponse.decode(r.value);
}

export async function following(bed: Bed, address: string, pagination?: Partial<PageRequest>) {
  const r = await ask(bed, 'Following', QueryFollowingRequest.encode({ address, ...withPage(pagination) }));
  if (r.code !== 0) throw new Error(r.log);
  return QueryFollowingResponse.decode(r.value);
}

export async function reactions(bed: Bed, cardId: bigint, pagination?: Partial<PageRequest>) {
  const r = await ask(bed, 'Reactions', QueryReactionsRequest.encode({ cardId, ...withPage(pagination) }));
  return r.code === 0 ? QueryReactionsResponse.decode(r.value) : r;
}

export const rawQuery = ask;
