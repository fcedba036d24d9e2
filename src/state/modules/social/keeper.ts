// Social records: profiles (one per account), reactions (card, kind, account), follow edges
// (both ways) and the once-per-account view and tip markers. Counters live in counters.ts.
import { Profile } from '../../../codec/seedcast/social.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { followerKey, followingKey, PRESENT, profileKey, reactionKey, tippedKey, viewedKey } from './keys.js';

export const socialKeeper = {
  getProfile(kv: ReadonlyKV, address: Uint8Array): Profile | undefined {
    const raw = kv.get(profileKey(address));
    return raw ? Profile.decode(raw) : undefined;
  },

  setProfile(kv: KV, address: Uint8Array, p: Profile): void {
    kv.set(profileKey(address), Profile.encode(p));
  },

  hasReaction(kv: ReadonlyKV, cardId: bigint, kind: string, reactor: Uint8Array): boolean {
    return kv.get(reactionKey(cardId, kind, reactor)) !== undefined;
  },

  setReaction(kv: KV, cardId: bigint, kind: string, reactor: Uint8Array): void {
    kv.set(reactionKey(cardId, kind, reactor), PRESENT);
  },

  deleteReaction(kv: KV, cardId: bigint, kind: string, reactor: Uint8Array): void {
    kv.delete(reactionKey(cardId, kind, reactor));
  },

  isFollowing(kv: ReadonlyKV, follower: Uint8Array, followee: Uint8Array): boolean {
    return kv.get(followingKey(follower, followee)) !== undefined;
  },

  /** Writes the edge both ways, so Followers and Following are each one prefix walk. */
  setFollow(kv: KV, follower: Uint8Array, followee: Uint8Array): void {
    kv.set(followingKey(follower, followee), PRESENT);
    kv.set(followerKey(followee, follower), PRESENT);
  },

  deleteFollow(kv: KV, follower: Uint8Array, followee: Uint8Array): void {
    kv.delete(followingKey(follower, followee));
    kv.delete(followerKey(followee, follower));
  },

  hasViewed(kv: ReadonlyKV, cardId: bigint, viewer: Uint8Array): boolean {
    return kv.get(viewedKey(cardId, viewer)) !== undefined;
  },

  markViewed(kv: KV, cardId: bigint, viewer: Uint8Array): void {
    kv.set(viewedKey(cardId, viewer), PRESENT);
  },

  /** Marks the tipper on the card; returns true the first time (a new tipper). */
  markTipped(kv: KV, cardId: bigint, tipper: Uint8Array): boolean {
    const key = tippedKey(cardId, tipper);
    if (kv.get(key) !== undefined) return false;
    kv.set(key, PRESENT);
    return true;
  },
};
