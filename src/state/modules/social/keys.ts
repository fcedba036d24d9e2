// State keys of the social module, all under prefix 0x03.
import { prefixed } from '../../store/kv.js';

export const SOCIAL_PREFIX = 0x03;
const PROFILE = Uint8Array.of(0x01);

export const profileKey = (address: Uint8Array): Uint8Array => prefixed(SOCIAL_PREFIX, PROFILE, address);
