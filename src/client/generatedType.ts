// Our protobufjs codecs as cosmjs GeneratedTypes, for the Registry.
import type { GeneratedType } from '@cosmjs/proto-signing';
import type { ProtoCodec } from '../codec/proto.js';

/** Adapts our codec to cosmjs's ts-proto-style GeneratedType (encode(...).finish()). */
export function toGeneratedType<T extends object>(codec: ProtoCodec<T>): GeneratedType {
  return {
    encode: (msg: T) => {
      const bytes = codec.encode(msg);
      return { finish: () => bytes };
    },
    decode: (input: Uint8Array) => codec.decode(input),
    fromPartial: (obj: Partial<T>) => codec.fromPartial(obj),
  } as unknown as GeneratedType;
}
