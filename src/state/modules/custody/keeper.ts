// Custody deals: one record per content id, replaced by each new deal. Other modules (and the
// key agent) read them through `custodyKeeper`.
import { Custody } from '../../../codec/seedcast/custody.js';
import type { KV, ReadonlyKV } from '../../store/kv.js';
import { custodyKey } from './keys.js';

export const custodyKeeper = {
  getCustody(kv: ReadonlyKV, contentId: Uint8Array): Custody | undefined {
    const raw = kv.get(custodyKey(contentId));
    return raw ? Custody.decode(raw) : undefined;
  },

  setCustody(kv: KV, record: Custody): void {
    kv.set(custodyKey(record.contentId), Custody.encode(record));
  },
};

export type CustodyKeeper = typeof custodyKeeper;
