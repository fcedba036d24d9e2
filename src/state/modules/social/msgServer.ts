// MsgSetProfile: an account names itself (name, bio, avatar); later cards and feeds show it.
import { MsgSetProfile, MsgSetProfileResponse } from '../../../codec/seedcast/social.js';
import type { MsgHandler } from '../../module.js';
import { socialKeeper } from './keeper.js';
import { signerAddress, validateProfile } from './msgs.js';

export const msgSetProfileHandler: MsgHandler<MsgSetProfile> = {
  typeUrl: MsgSetProfile.typeUrl,
  decode: (bytes) => MsgSetProfile.decode(bytes),
  signers: (msg) => [msg.signer],
  validate(msg) {
    signerAddress(msg.signer);
    validateProfile(msg);
  },
  execute(ctx, msg) {
    socialKeeper.setProfile(ctx.kv, signerAddress(msg.signer), { address: msg.signer, name: msg.name, bio: msg.bio, avatar: msg.avatar });
    ctx.events.emit('message', { sender: msg.signer, module: 'social' });
    ctx.events.emit('profile', { address: msg.signer, name: msg.name });
    return { typeUrl: MsgSetProfileResponse.typeUrl, value: MsgSetProfileResponse.encode({}) };
  },
};
