// The cosmjs Registry a Seedcast client needs: the stargate defaults (bank, staking, ...) plus
// every message of ours, so `signAndBroadcast` can encode `/seedcast.*` messages.
import { Registry, type GeneratedType } from '@cosmjs/proto-signing';
import { defaultRegistryTypes } from '@cosmjs/stargate';
import { MsgUnjail } from 'cosmjs-types/cosmos/slashing/v1beta1/tx';
import { MsgAnnounceProvider, MsgPublishCard, MsgWithdrawProvider } from '../codec/seedcast/content.js';
import { MsgFollow, MsgReact, MsgSetProfile, MsgTip, MsgUnfollow, MsgUnreact, MsgView } from '../codec/seedcast/social.js';
import { toGeneratedType } from './generatedType.js';
import { custodyRegistryTypes } from './registryTypes/custody.js';
import { licenseRegistryTypes } from './registryTypes/license.js';

export { toGeneratedType };

/** Every Seedcast transaction message, as [typeUrl, GeneratedType]. */
export const seedcastRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [
  [MsgSetProfile.typeUrl, toGeneratedType(MsgSetProfile)],
  [MsgReact.typeUrl, toGeneratedType(MsgReact)],
  [MsgUnreact.typeUrl, toGeneratedType(MsgUnreact)],
  [MsgFollow.typeUrl, toGeneratedType(MsgFollow)],
  [MsgUnfollow.typeUrl, toGeneratedType(MsgUnfollow)],
  [MsgTip.typeUrl, toGeneratedType(MsgTip)],
  [MsgView.typeUrl, toGeneratedType(MsgView)],
  [MsgPublishCard.typeUrl, toGeneratedType(MsgPublishCard)],
  [MsgAnnounceProvider.typeUrl, toGeneratedType(MsgAnnounceProvider)],
  [MsgWithdrawProvider.typeUrl, toGeneratedType(MsgWithdrawProvider)],
  ...licenseRegistryTypes,
  ...custodyRegistryTypes,
];

/** SDK messages the node handles that cosmjs's default registry leaves out (its staking ones are in). */
export const sdkExtraRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [['/cosmos.slashing.v1beta1.MsgUnjail', MsgUnjail as GeneratedType]];

export function seedcastRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...sdkExtraRegistryTypes, ...seedcastRegistryTypes]);
}
