// Registry entries of the custody module's and the staking key-agent messages.
import type { GeneratedType } from '@cosmjs/proto-signing';
import { MsgDealCustody, MsgRegisterKeyAgent } from '../../codec/seedcast/custody.js';
import { toGeneratedType } from '../generatedType.js';

export const custodyRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [
  [MsgRegisterKeyAgent.typeUrl, toGeneratedType(MsgRegisterKeyAgent)],
  [MsgDealCustody.typeUrl, toGeneratedType(MsgDealCustody)],
];
