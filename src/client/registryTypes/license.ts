// Registry entries of the license module's messages.
import type { GeneratedType } from '@cosmjs/proto-signing';
import { MsgBuyLicense, MsgBuyListedLicense, MsgDelistLicense, MsgListLicense, MsgTransferLicense } from '../../codec/seedcast/license.js';
import { toGeneratedType } from '../generatedType.js';

export const licenseRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [
  [MsgBuyLicense.typeUrl, toGeneratedType(MsgBuyLicense)],
  [MsgTransferLicense.typeUrl, toGeneratedType(MsgTransferLicense)],
  [MsgListLicense.typeUrl, toGeneratedType(MsgListLicense)],
  [MsgDelistLicense.typeUrl, toGeneratedType(MsgDelistLicense)],
  [MsgBuyListedLicense.typeUrl, toGeneratedType(MsgBuyListedLicense)],
];
