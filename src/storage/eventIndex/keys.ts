// Keys of the event attribute indexes (tx_search, block_search), as CometBFT's kv indexer:
//   len(u16) || "type.attr" || len(u32) || value || height(8)
// The length prefixes keep "all values of one attribute" and "one value of one attribute"
// clean key prefixes. Blocks store an empty value. Txs store ONE entry per (attribute, value,
// height) whose value lists the tx indexes (u32 each, ascending) that carry it: a block of
// MsgSends repeats most values (action, module, senders, fee), so this writes ~5x fewer records
// than one entry per tx. Entries of the older layout (id = height || index, value = tx hash)
// are still read: entryIds() tells them apart by the id length.
import type { AbciEvent } from '../../types/abci.js';
import { readU32be, writeU32 } from '../bytes.js';

const dec = new TextDecoder();
const MAX_COMPOSITE = 0xffff;

// The length-prefixed bytes of each composite key: a block repeats the same few dozen, so each
// is encoded once (undefined marks one too long to index).
const prefixes = new Map<string, Uint8Array | undefined>();
const MAX_PREFIXES = 4096;

export function attributePrefix(compositeKey: string): Uint8Array | undefined {
  let head = prefixes.get(compositeKey);
  if (head !== undefined || prefixes.has(compositeKey)) return head;
  const ck = Buffer.from(compositeKey, 'utf8');
  if (ck.length <= MAX_COMPOSITE) {
    head = new Uint8Array(2 + ck.length);
    head[0] = ck.length >> 8;
    head[1] = ck.length & 0xff;
    head.set(ck, 2);
  }
  if (prefixes.size >= MAX_PREFIXES) prefixes.clear(); // queries bring arbitrary keys: stay bounded
  prefixes.set(compositeKey, head);
  return head;
}

/** attributePrefix || len(u32) || value || suffix (an id), laid out in one allocation. */
export function attributeValuePrefix(compositeKey: string, value: string, suffix?: Uint8Array): Uint8Array | undefined {
  const head = attributePrefix(compositeKey);
  if (!head) return undefined;
  const vlen = Buffer.byteLength(value, 'utf8');
  // allocUnsafe takes small keys from Node's shared pool, not one malloc each; every byte is written below.
  const out = Buffer.allocUnsafe(head.length + 4 + vlen + (suffix?.length ?? 0));
  out.set(head, 0);
  out.writeUInt32BE(vlen, head.length);
  out.write(value, head.length + 4, 'utf8');
  if (suffix) out.set(suffix, head.length + 4 + vlen);
  return out;
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
      if (a.index && a.key) yield [compositeKey(e.type, a.key), a.value];
    }
  }
}

// "type.key" of the events' attributes: the same few dozen pairs in every block, joined once.
const composites = new Map<string, Map<string, string>>();

export function compositeKey(type: string, key: string): string {
  let byKey = composites.get(type);
  if (!byKey) {
    if (composites.size >= MAX_PREFIXES) composites.clear();
    composites.set(type, (byKey = new Map()));
  }
  let ck = byKey.get(key);
  if (ck === undefined) {
    if (byKey.size >= MAX_PREFIXES) byKey.clear();
    byKey.set(key, (ck = `${type}.${key}`));
  }
  return ck;
}

const HEIGHT_BYTES = 8;
const ID_BYTES = HEIGHT_BYTES + 4;

/** Value of a grouped tx entry: the tx indexes, ascending, without repeats. */
export function packTxIndexes(indexes: number[]): Uint8Array {
  let sorted = true;
  for (let i = 1; i < indexes.length; i++) if (indexes[i]! <= indexes[i - 1]!) sorted = false;
  const list = sorted ? indexes : [...new Set(indexes)].sort((a, b) => a - b);
  const out = new Uint8Array(list.length * 4);
  for (let i = 0; i < list.length; i++) writeU32(out, i * 4, list[i]!);
  return out;
}

/**
 * The ids an index entry stands for: tx ids (height || index) when `grouped` (tx index),
 * else the entry id itself (a block height, or a tx id of the older one-entry-per-tx layout).
 */
export function entryIds(id: Uint8Array, value: Uint8Array, grouped: boolean): Uint8Array[] {
  if (!grouped || id.length !== HEIGHT_BYTES) return id.length === HEIGHT_BYTES || id.length === ID_BYTES ? [id] : [];
  const out: Uint8Array[] = [];
  for (let off = 0; off + 4 <= value.length; off += 4) {
    const txId = new Uint8Array(ID_BYTES);
    txId.set(id);
    txId.set(value.subarray(off, off + 4), HEIGHT_BYTES);
    out.push(txId);
  }
  return out;
}
