// Stateless rules for profiles: what a wallet can check before it signs.
import { fromBech32Address } from '../../../codec/address.js';
import { SDK, sdkError } from '../../errors.js';

export const PROFILE_LIMITS = { name: 64, bio: 1024, avatar: 512 } as const;

export interface ProfileFields {
  name: string;
  bio: string;
  avatar: string;
}

// Control characters would let a name or bio forge lines in feeds and logs.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const AVATAR = /^(https?|ipfs|ar|seedcast):\/\/[^\s]+$/;

export function signerAddress(signer: string): Uint8Array {
  try {
    return fromBech32Address(signer);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid signer address: ${(err as Error).message}`);
  }
}

export function validateProfile(p: ProfileFields): void {
  const name = [...p.name].length;
  if (name === 0) throw sdkError(SDK.InvalidRequest, 'profile name must not be empty: invalid request');
  if (name > PROFILE_LIMITS.name) throw sdkError(SDK.InvalidRequest, `profile name has ${name} characters, at most ${PROFILE_LIMITS.name}: invalid request`);
  if (/[\n\t]/.test(p.name) || CONTROL.test(p.name)) throw sdkError(SDK.InvalidRequest, 'profile name must not contain control characters: invalid request');
  const bio = [...p.bio].length;
  if (bio > PROFILE_LIMITS.bio) throw sdkError(SDK.InvalidRequest, `profile bio has ${bio} characters, at most ${PROFILE_LIMITS.bio}: invalid request`);
  if (CONTROL.test(p.bio)) throw sdkError(SDK.InvalidRequest, 'profile bio must not contain control characters: invalid request');
  if (p.avatar.length > PROFILE_LIMITS.avatar) throw sdkError(SDK.InvalidRequest, `profile avatar is longer than ${PROFILE_LIMITS.avatar} characters: invalid request`);
  if (p.avatar !== '' && !AVATAR.test(p.avatar)) {
    throw sdkError(SDK.InvalidRequest, 'profile avatar must be empty or a URL (https, http, ipfs, ar or seedcast scheme): invalid request');
  }
}
