// State keys of the custody module, all under prefix 0x08: one deal per content id.
import { prefixed } from '../../store/kv.js';

export const CUSTODY_PREFIX = 0x08;
const CUSTODY = Uint8Array.of(0x01);

export const custodyKey = (contentId: Uint8Array): Uint8Array => prefixed(CUSTODY_PREFIX, CUSTODY, contentId);
