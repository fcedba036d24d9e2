// Genesis section of social: profiles that exist from block 1, validated like MsgSetProfile.
import type { KV } from '../../store/kv.js';
import { socialKeeper } from './keeper.js';
import { signerAddress, validateProfile, type ProfileFields } from './msgs.js';

export interface SocialGenesis {
  profiles?: (ProfileFields & { address: string })[];
}

export function initSocialGenesis(kv: KV, section: unknown): void {
  for (const p of ((section ?? {}) as SocialGenesis).profiles ?? []) {
    validateProfile(p);
    socialKeeper.setProfile(kv, signerAddress(p.address), { address: p.address, name: p.name, bio: p.bio, avatar: p.avatar });
  }
}
