// Registry entries of the custody module's and the staking key-agent messages.
import type { GeneratedType } from '@cosmjs/proto-signing';

export const custodyRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [];
