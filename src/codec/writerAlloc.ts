// cosmjs-types' BinaryWriter.alloc builds a fresh 8 KiB slab pool on every call, so each
// finish() of even a 40-byte message allocates (and zeroes) 8 KiB: under load that was the
// largest self time and a good share of GC. Same bytes out, exact-size buffer instead.
import { BinaryWriter } from 'cosmjs-types/binary';

const W = BinaryWriter as unknown as { alloc: (size: number) => Uint8Array; exactAlloc?: boolean };
if (!W.exactAlloc) {
  W.alloc = (size: number) => new Uint8Array(size);
  W.exactAlloc = true;
}
export {};
