// Genesis section of custody (optional): `deals`, each checked like MsgDealCustody against the
// genesis cards and key agents (dealt_height 0). JSON is snake_case; content ids hex (as shown
// everywhere), key_check and sealed shares base64.
import type { MsgDealCustody } from '../../../codec/seedcast/custody.js';
import type { KV } from '../../store/kv.js';
import { dealCustody } from './msgServer.js';
import { invalid } from './msgs.js';

type Json = Record<string, unknown>;

export interface CustodyGenesis {
  deals?: Json[];
}

function bytesOf(where: string, v: unknown, encoding: 'hex' | 'base64'): Uint8Array {
  const ok = typeof v === 'string' && (encoding === 'hex' ? /^([0-9a-f]{2})*$/ : /^[A-Za-z0-9+/]*={0,2}$/).test(v);
  if (!ok) throw invalid(`${where} must be ${encoding === 'hex' ? 'lowercase hex' : 'base64'}`);
  return new Uint8Array(Buffer.from(v as string, encoding));
}

function count(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 0xffffffff) throw invalid(`${where} must be a non-negative 32-bit integer`);
  return v;
}

export function dealFromJson(j: Json, i: number): MsgDealCustody {
  const w = `deals[${i}]`;
  if (typeof j.creator !== 'string') throw invalid(`${w}.creator must be a string`);
  if (!Array.isArray(j.shares)) throw invalid(`${w}.shares must be a list`);
  return {
    creator: j.creator,
    contentId: bytesOf(`${w}.content_id`, j.content_id, 'hex'),
    threshold: count(`${w}.threshold`, j.threshold),
    keyCheck: bytesOf(`${w}.key_check`, j.key_check, 'base64'),
    shares: (j.shares as Json[]).map((s, k) => {
      const share = (s ?? {}) as Json;
      if (typeof share.operator !== 'string') throw invalid(`${w}.shares[${k}].operator must be a string`);
      return { operator: share.operator, index: count(`${w}.shares[${k}].index`, share.index), sealedShare: bytesOf(`${w}.shares[${k}].sealed_share`, share.sealed_share, 'base64') };
    }),
  };
}

export function initCustodyGenesis(kv: KV, section: unknown): void {
  const deals = ((section ?? {}) as CustodyGenesis).deals ?? [];
  if (!Array.isArray(deals)) throw invalid('custody deals must be a list');
  deals.forEach((j, i) => {
    try {
      dealCustody(kv, dealFromJson(j ?? {}, i), 0n);
    } catch (err) {
      throw invalid(`genesis custody deals[${i}]: ${(err as Error).message}`);
    }
  });
}
