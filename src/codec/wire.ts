// A strict, iterative protobuf wire checker, run before any generated decoder sees the bytes.
//
// Why: generated decoders (cosmjs-types, protobufjs) are recursive and lenient. They skip
// unknown fields, and skipping a (proto2) group recurses once per nesting level, so a 1 MiB tx
// could nest ~500k levels deep. This checker walks the bytes with an explicit stack against a
// schema and refuses unknown critical fields (as the Cosmos SDK's RejectUnknownFields does),
// groups, wrong wire types, truncation and invalid UTF-8 in strings. After it passes, a decoder
// only descends into fields the schema declares, so nesting is bounded by the schema's own
// depth (Any values are kept as bytes and checked separately, against their own schema).

import { isUtf8 } from 'node:buffer';

export enum WireType {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

export type FieldKind =
  /** `packable`: a repeated scalar, which may also come packed in one length-delimited field. */
  | { wire: WireType.Varint | WireType.Fixed64 | WireType.Fixed32; packable?: boolean }
  | { wire: WireType.Bytes; kind: 'bytes' | 'string' }
  | { wire: WireType.Bytes; kind: 'message'; schema: () => WireSchema }
  /** A field the schema knows but we refuse, with the reason given to the sender. */
  | { wire: 'reject'; reason: string };

export interface WireSchema {
  name: string;
  fields: Record<number, FieldKind>;
  /** Unknown fields with bit 11 of the field number set are non-critical (Cosmos ADR-020). */
  allowUnknownNonCritical?: boolean;
}

/** Nesting bound for self-recursive schemas (the tx schema has none deeper than ~5). */
export const DEFAULT_MAX_DEPTH = 32;

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const NON_CRITICAL_BIT = 1 << 10; // field numbers 1024..2047 (and above, with the bit set)

export const varint = (): FieldKind => ({ wire: WireType.Varint });
export const bytes = (): FieldKind => ({ wire: WireType.Bytes, kind: 'bytes' });
export const string = (): FieldKind => ({ wire: WireType.Bytes, kind: 'string' });
export const message = (schema: () => WireSchema): FieldKind => ({ wire: WireType.Bytes, kind: 'message', schema });
export const reject = (reason: string): FieldKind => ({ wire: 'reject', reason });

/** Byte arrays from any realm (jest's vm contexts, Buffer from node:crypto). */
export function isBytes(x: unknown): x is Uint8Array {
  return ArrayBuffer.isView(x) && (x as Uint8Array).BYTES_PER_ELEMENT === 1;
}

interface Frame {
  schema: WireSchema;
  end: number;
}

/** Throws WireError unless `buf` is a well-formed encoding of `schema`. Iterative; O(n). */
export function checkWire(buf: Uint8Array, schema: WireSchema, maxDepth = DEFAULT_MAX_DEPTH): void {
  const stack: Frame[] = [{ schema, end: buf.length }];
  let pos = 0;

  const readVarint = (limitBytes: number, end: number): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < limitBytes; i++) {
      if (pos >= end) throw new WireError(`truncated varint at offset ${pos}`);
      const b = buf[pos++];
      value += (b & 0x7f) * scale; // arithmetic, not bit ops: exact up to 2^53
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new WireError(`varint longer than ${limitBytes} bytes at offset ${pos}`);
  };

  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (pos === top.end) {
      stack.pop();
      continue;
    }
    const at = pos;
    const key = readVarint(5, top.end);
    if (key > 0xffffffff) throw new WireError(`field key out of range at offset ${at}`);
    const fieldNo = Math.floor(key / 8);
    const wire = key % 8;
    if (fieldNo === 0) throw new WireError(`field number 0 in ${top.schema.name} at offset ${at}`);
    const spec = top.schema.fields[fieldNo];
    if (spec === undefined) {
      const nonCritical = (fieldNo & NON_CRITICAL_BIT) !== 0;
      if (!(top.schema.allowUnknownNonCritical && nonCritical)) {
        throw new WireError(`unknown field ${fieldNo} in ${top.schema.name}`);
      }
    } else if (spec.wire === 'reject') {
      throw new WireError(`${top.schema.name} field ${fieldNo}: ${spec.reason}`);
    } else if (spec.wire !== wire && !(wire === WireType.Bytes && 'packable' in spec && spec.packable)) {
      throw new WireError(`${top.schema.name} field ${fieldNo} has wire type ${wire}, expected ${spec.wire}`);
    }
    switch (wire) {
      case WireType.Varint:
        readVarint(10, top.end);
        break;
      case WireType.Fixed64:
      case WireType.Fixed32: {
        const size = wire === WireType.Fixed64 ? 8 : 4;
        if (pos + size > top.end) throw new WireError(`truncated fixed field ${fieldNo} in ${top.schema.name}`);
        pos += size;
        break;
      }
      case WireType.Bytes: {
        const len = readVarint(5, top.end);
        if (len > top.end - pos) throw new WireError(`field ${fieldNo} in ${top.schema.name} is longer than its message`);
        if (spec !== undefined && spec.wire === WireType.Bytes && spec.kind === 'message') {
          if (stack.length >= maxDepth) throw new WireError(`${top.schema.name} nests deeper than ${maxDepth} messages`);
          stack.push({ schema: spec.schema(), end: pos + len });
          break; // descend: pos stays at the first byte of the sub-message
        }
        if (spec !== undefined && spec.wire === WireType.Bytes && spec.kind === 'string') {
          // Validated in place (simdutf), without building the string.
          if (!isUtf8(buf.subarray(pos, pos + len))) throw new WireError(`field ${fieldNo} in ${top.schema.name} is not valid UTF-8`);
        }
        pos += len;
        break;
      }
      default:
        throw new WireError(`wire type ${wire} (groups are not proto3) in ${top.schema.name} at offset ${at}`);
    }
  }
  if (pos !== buf.length) throw new WireError(`trailing bytes at offset ${pos}`);
}
