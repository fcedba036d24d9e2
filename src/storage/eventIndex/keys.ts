// Keys of the event attribute indexes (tx_search, block_search), as CometBFT's kv indexer:
//   len(u16) || "type.attr" || len(u32) || value || id
// where id = height(8) || index(4) for txs and height(8) for blocks. The length prefixes keep
// "all values of one attribute" and "one value of one attribute" clean key prefixes.
import type { AbciEvent } from '../../types/abci.js';
import { concatBytes, readU32be } from '../bytes.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const MAX_COMPOSITE = 0xffff;

export function attributePrefix(compositeKey: string): Uint8Array | undefined {
  const ck = enc.encode(compositeKey);
  if (ck.length > MAX_COMPOSITE) return undefined;
  return concatBytes(Uint8Array.of(ck.length >> 8, ck.length & 0xff), ck);
}

export function attributeValuePrefix(compositeKey: string, value: string): Uint8Array | undefined {
  const head = attributePrefix(compositeKey);
  if (!head) return undefined;
  const v = enc.encode(value);
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, v.length);
  return concatBytes(head, len, v);
}

/** Splits an index key (without bucket byte) after its attribute prefix into value text and id bytes. */
export function parseEntry(prefixLen: number, key: Uint8Array): { value: string; id: Uint8Array } | undefined {
  if (key.length < prefixLen + 4) return undefined;
  const vlen = readU32be(key, prefixLen);
  const start = prefixLen + 4;
  if (start + vlen > key.length) return undefined;
  return { value: dec.decode(key.subarray(start, start + vlen)), id: key.subarray(start + vlen) };
}

/** Every (composite key, value) pair of indexed attributes, as CometBFT indexes them. */
export function* indexedAttributes(events: AbciEvent[]): Iterable<[string, string]> {
  for (const e of events) {
    if (!e.type) continue;
    for (const a of e.attributes) {
      if (a.index && a.key) yield [`${e.type}.${a.key}`, a.value];
    }
  }
}
