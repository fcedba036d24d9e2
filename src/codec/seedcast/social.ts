// Codecs of proto/seedcast/social/v1/*.proto. Each name is both the message's type and its
// codec, as in cosmjs-types: `MsgSetProfile.encode(msg)`, `const m: MsgSetProfile = ...`.
import { protoCodec } from '../proto.js';

export interface Profile {
  address: string;
  name: string;
  bio: string;
  avatar: string;
}
export const Profile = protoCodec<Profile>('seedcast.social.v1.Profile');

export interface MsgSetProfile {
  signer: string;
  name: string;
  bio: string;
  avatar: string;
}
export const MsgSetProfile = protoCodec<MsgSetProfile>('seedcast.social.v1.MsgSetProfile');

// An empty message: nothing to say but that it succeeded.
export type MsgSetProfileResponse = Record<string, never>;
export const MsgSetProfileResponse = protoCodec<MsgSetProfileResponse>('seedcast.social.v1.MsgSetProfileResponse');

export interface QueryProfileRequest {
  address: string;
}
export const QueryProfileRequest = protoCodec<QueryProfileRequest>('seedcast.social.v1.QueryProfileRequest');

export interface QueryProfileResponse {
  /** Absent when the address has no profile (the query answers NotFound then). */
  profile?: Profile;
}
export const QueryProfileResponse = protoCodec<QueryProfileResponse>('seedcast.social.v1.QueryProfileResponse');

/** Type URLs of the social module's transaction messages. */
export const SOCIAL_MSG_TYPE_URLS = [MsgSetProfile.typeUrl] as const;
