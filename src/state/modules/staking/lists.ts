// Binary codecs of the small lists staking keeps under single keys (execution cannot iterate
// the store): all validator operators, the last bonded set, the unbonding queue.
import { compareBytes } from '../../../util/bytes.js';
import { lengthPrefixed } from '../../store/kv.js';

export interface LastSetEntry {
  operator: Uint8Array;
  power: bigint;
}

export interface QueueEntry {
  completionMs: bigint;
  delegator: Uint8Array;
  operator: Uint8Array;
}

class Reader {
  private off = 0;
  constructor(private readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.off >= this.buf.length;
  }
  bytes(): Uint8Array {
    const len = this.buf[this.off];
    if (len === undefined || this.off + 1 + len > this.buf.length) throw new Error('staking list: truncated entry');
    const out = this.buf.slice(this.off + 1, this.off + 1 + len);
    this.off += 1 + len;
    return out;
  }
  u64(): bigint {
    if (this.off + 8 > this.buf.length) throw new Error('staking list: truncated number');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.off, 8).getBigUint64(0);
    this.off += 8;
    return v;
  }
}

function u64(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v);
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

export function encodeOperators(ops: Uint8Array[]): Uint8Array {
  return concat(ops.map(lengthPrefixed));
}

export function decodeOperators(raw: Uint8Array | undefined): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (!raw) return out;
  const r = new Reader(raw);
  while (!r.done) out.push(r.bytes());
  return out;
}

export function encodeLastSet(set: LastSetEntry[]): Uint8Array {
  return concat(set.flatMap((e) => [lengthPrefixed(e.operator), u64(e.power)]));
}

export function decodeLastSet(raw: Uint8Array | undefined): LastSetEntry[] {
  const out: LastSetEntry[] = [];
  if (!raw) return out;
  const r = new Reader(raw);
  while (!r.done) out.push({ operator: r.bytes(), power: r.u64() });
  return out;
}

export function compareQueue(a: QueueEntry, b: QueueEntry): number {
  if (a.completionMs !== b.completionMs) return a.completionMs < b.completionMs ? -1 : 1;
  return compareBytes(a.delegator, b.delegator) || compareBytes(a.operator, b.operator);
}

export function encodeQueue(q: QueueEntry[]): Uint8Array {
  return concat(q.flatMap((e) => [u64(e.completionMs), lengthPrefixed(e.delegator), lengthPrefixed(e.operator)]));
}

export function decodeQueue(raw: Uint8Array | undefined): QueueEntry[] {
  const out: QueueEntry[] = [];
  if (!raw) return out;
  const r = new Reader(raw);
  while (!r.done) out.push({ completionMs: r.u64(), delegator: r.bytes(), operator: r.bytes() });
  return out;
}
