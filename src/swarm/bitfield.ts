// A set of pieces as BitTorrent sends it: piece 0 is the high bit of byte 0, spare bits zero.
export class Bitfield {
  readonly bits: Uint8Array;
  protected ones = 0;

  constructor(readonly size: number, bits?: Uint8Array) {
    this.bits = new Uint8Array(Math.ceil(size / 8));
    if (bits) {
      this.bits.set(bits);
      for (let i = 0; i < size; i++) if (this.has(i)) this.ones++;
    }
  }

  /** True when `bits` is a valid bitfield for `size` pieces (right length, spare bits zero). */
  static isValid(size: number, bits: Uint8Array): boolean {
    return bits.length === Math.ceil(size / 8) && spareBitsClear(size, bits[bits.length - 1] ?? 0);
  }

  has(i: number): boolean {
    return (this.bits[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  }

  /** Sets bit i; returns false if it was set already. */
  set(i: number): boolean {
    if (this.has(i)) return false;
    this.bits[i >> 3]! |= 0x80 >> (i & 7);
    this.ones++;
    return true;
  }

  get count(): number {
    return this.ones;
  }

  get full(): boolean {
    return this.ones === this.size;
  }
}

/** True when the bits of the last byte past `size` pieces are zero. */
export function spareBitsClear(size: number, lastByte: number): boolean {
  const spare = (8 - (size % 8)) % 8;
  return (lastByte & ((1 << spare) - 1)) === 0;
}
