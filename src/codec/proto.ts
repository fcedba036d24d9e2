// Seedcast's own protobuf messages (proto/seedcast/<module>/v1/*.proto), parsed once at
// runtime with protobufjs. Every decode is total: bytes are checked by checkWire against the
// message's schema first (unknown fields, wrong wire types, truncation, invalid UTF-8, depth),
// then decoded; any failure is a ProtoError.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { ProtoError, quote } from './errors.js';
import { bytes, checkWire, message, string, WireError, WireType, type FieldKind, type WireSchema } from './wire.js';

export const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

/** A codec for one message: what cosmjs's registry and our modules both use. */
export interface ProtoCodec<T> {
  typeUrl: string;
  fullName: string;
  encode(msg: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  fromPartial(obj: Partial<T>): T;
}

// Plain objects out: 64-bit integers as decimal strings (exact, no float), enums as numbers,
// every scalar field present with its default; absent sub-messages are left out (not null).
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, defaults: true };

let root: protobuf.Root | undefined;

function protoFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...protoFiles(path));
    else if (entry.name.endsWith('.proto')) out.push(relative(PROTO_DIR, path));
  }
  return out.sort();
}

/** Parses every .proto under proto/seedcast once (imports resolve against proto/). */
export function protoRoot(): protobuf.Root {
  if (root) return root;
  const r = new protobuf.Root();
  r.resolvePath = (_origin, target) => join(PROTO_DIR, target);
  try {
    r.loadSync(protoFiles(join(PROTO_DIR, 'seedcast')));
    r.resolveAll();
  } catch (err) {
    throw new ProtoError('PROTO_SCHEMA', `cannot load the .proto files under ${PROTO_DIR}: ${(err as Error).message}`);
  }
  root = r;
  return r;
}

const schemas = new Map<protobuf.Type, WireSchema>();

function scalarKind(type: string, repeated: boolean): FieldKind {
  if (type === 'string') return string();
  if (type === 'bytes') return bytes();
  const wire = (protobuf.types.basic as Record<string, number>)[type];
  if (wire === WireType.Varint || wire === WireType.Fixed64 || wire === WireType.Fixed32) return { wire, packable: repeated };
  throw new ProtoError('PROTO_SCHEMA', `unsupported field type ${type}`);
}

function fieldKind(field: protobuf.Field): FieldKind {
  if (field instanceof protobuf.MapField) {
    const entry: WireSchema = {
      name: `${field.parent?.name ?? ''}.${field.name} entry`,
      fields: { 1: scalarKind(field.keyType, false), 2: valueKind(field) },
    };
    return message(() => entry);
  }
  return valueKind(field);
}

function valueKind(field: protobuf.Field): FieldKind {
  const t = field.resolve().resolvedType;
  if (t instanceof protobuf.Type) return message(() => wireSchemaOf(t));
  if (t instanceof protobuf.Enum) return { wire: WireType.Varint, packable: field.repeated };
  return scalarKind(field.type, field.repeated);
}

/** The checkWire schema of a protobufjs type (memoised; recursion allowed, depth-bounded). */
export function wireSchemaOf(type: protobuf.Type): WireSchema {
  const hit = schemas.get(type);
  if (hit) return hit;
  const schema: WireSchema = { name: type.fullName.slice(1), fields: {} };
  schemas.set(type, schema); // before the fields: self-referencing types terminate
  for (const f of type.fieldsArray) schema.fields[f.id] = fieldKind(f);
  return schema;
}

/** Looks up a message by full name (`seedcast.social.v1.MsgSetProfile`). */
export function protoType(fullName: string): protobuf.Type {
  const name = fullName.startsWith('/') ? fullName.slice(1) : fullName;
  const t = protoRoot().lookup(name);
  if (!(t instanceof protobuf.Type)) throw new ProtoError('PROTO_UNKNOWN_TYPE', `unknown protobuf message ${quote(name, 128)}`);
  return t;
}

/** A typed codec over a message of ours. `T` must match the .proto (tests check the ones we ship). */
export function protoCodec<T extends object>(fullName: string): ProtoCodec<T> {
  const type = protoType(fullName);
  const name = type.fullName.slice(1);
  const schema = wireSchemaOf(type);
  return {
    typeUrl: `/${name}`,
    fullName: name,
    encode(msg: T): Uint8Array {
      const problem = type.verify(msg as Record<string, unknown>);
      if (problem) throw new ProtoError('PROTO_INVALID_MESSAGE', `${name}: ${problem}`);
      return type.encode(type.fromObject(msg as Record<string, unknown>)).finish();
    },
    decode(bytes: Uint8Array): T {
      try {
        checkWire(bytes, schema);
        return withoutNulls(type.toObject(type.decode(bytes), TO_OBJECT)) as T;
      } catch (err) {
        const why = err instanceof WireError ? err.message : (err as Error).message;
        throw new ProtoError('PROTO_DECODE', `cannot decode ${name}: ${why}`);
      }
    },
    fromPartial(obj: Partial<T>): T {
      const problem = type.verify(obj as Record<string, unknown>);
      if (problem) throw new ProtoError('PROTO_INVALID_MESSAGE', `${name}: ${problem}`);
      return withoutNulls(type.toObject(type.fromObject(obj as Record<string, unknown>), TO_OBJECT)) as T;
    },
  };
}

/** protobufjs writes absent sub-messages as null; our types say `field?: T`. Depth is bounded by checkWire. */
function withoutNulls(obj: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    if (v === null) delete obj[k];
    else if (Array.isArray(v)) v.forEach((x) => isPlainObject(x) && withoutNulls(x));
    else if (isPlainObject(v)) withoutNulls(v);
  }
  return obj;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !Array.isArray(v);
}

/** Every message type of ours, by type URL (`/seedcast.social.v1.MsgSetProfile`). */
export function allMessageTypes(): string[] {
  const out: string[] = [];
  const walk = (ns: protobuf.NamespaceBase): void => {
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Type) out.push(`/${child.fullName.slice(1)}`);
      if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) walk(child);
    }
  };
  walk(protoRoot());
  return out.sort();
}
