// Profiles: one per account, replaced whole by MsgSetProfile.
import { Profile } from '../../../codec/seedcast/social.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { profileKey } from './keys.js';

export const socialKeeper = {
  getProfile(kv: ReadonlyKV, address: Uint8Array): Profile | undefined {
    const raw = kv.get(profileKey(address));
    return raw ? Profile.decode(raw) : undefined;
  },

  setProfile(kv: KV, address: Uint8Array, p: Profile): void {
    kv.set(profileKey(address), Profile.encode(p));
  },
};

