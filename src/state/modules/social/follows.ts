// MsgFollow / MsgUnfollow: follow edges kept both ways (never oneself, never twice).
import { MsgFollow, MsgFollowResponse, MsgUnfollow, MsgUnfollowResponse } from '../../../codec/seedcast/social.js';
import type { Ctx } from '../../context.js';
import { SDK, sdkError } from '../../errors.js';
import type { MsgHandler } from '../../module.js';
import { socialKeeper } from './keeper.js';
import { account, invalid, validateFollow } from './msgs.js';

function emitFollow(ctx: Ctx, follower: string, followee: string, action: 'follow' | 'unfollow'): void {
  ctx.events.emit('message', { sender: follower, module: 'social' });
  ctx.events.emit('follow', { follower, followee, action });
}

export const msgFollowHandler: MsgHandler<MsgFollow> = {
  typeUrl: MsgFollow.typeUrl,
  decode: (bytes) => MsgFollow.decode(bytes),
  signers: (msg) => [msg.follower],
  validate: validateFollow,
  execute(ctx, msg) {
    const follower = account('follower', msg.follower);
    const followee = account('followee', msg.followee);
    if (socialKeeper.isFollowing(ctx.kv, follower.bytes, followee.bytes)) throw invalid(`${follower.text} already follows ${followee.text}`);
    socialKeeper.setFollow(ctx.kv, follower.bytes, followee.bytes);
    emitFollow(ctx, follower.text, followee.text, 'follow');
    return { typeUrl: MsgFollowResponse.typeUrl, value: MsgFollowResponse.encode({}) };
  },
};

export const msgUnfollowHandler: MsgHandler<MsgUnfollow> = {
  typeUrl: MsgUnfollow.typeUrl,
  decode: (bytes) => MsgUnfollow.decode(bytes),
  signers: (msg) => [msg.follower],
  validate: validateFollow,
  execute(ctx, msg) {
    const follower = account('follower', msg.follower);
    const followee = account('followee', msg.followee);
    if (!socialKeeper.isFollowing(ctx.kv, follower.bytes, followee.bytes)) {
      throw sdkError(SDK.NotFound, `${follower.text} does not follow ${followee.text}: not found`);
    }
    socialKeeper.deleteFollow(ctx.kv, follower.bytes, followee.bytes);
    emitFollow(ctx, follower.text, followee.text, 'unfollow');
    return { typeUrl: MsgUnfollowResponse.typeUrl, value: MsgUnfollowResponse.encode({}) };
  },
};
