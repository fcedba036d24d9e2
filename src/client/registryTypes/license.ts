// Registry entries of the license module's messages.
import type { GeneratedType } from '@cosmjs/proto-signing';

export const licenseRegistryTypes: ReadonlyArray<[string, GeneratedType]> = [];
