import { Bitfield } from '../../../../src/swarm/bitfield.js';
import { FreshPieces } from '../../../../src/swarm/freshPieces.js';

function holding(n: number, pieces: number[]): Bitfield {
  const b = new Bitfield(n);
  for (const p of pieces) b.set(p);
  return b;
}
const all = (n: number) => holding(n, Array.from({ length: n }, (_, p) => p));

describe('fresh pieces by availability', () => {
  it('gives the rarest fresh piece the peer holds, and follows availability as it changes', () => {
    const availability = Uint32Array.from([3, 2, 1, 2, 3]);
    const fresh = new FreshPieces(availability, () => true);
    expect(fresh.rarest(all(5))).toBe(2);
    expect(fresh.rarest(holding(5, [0, 3, 4]))).toBe(3); // the rarest it holds, not the rarest of all
    availability[2] = 4; // two more peers hold piece 2
    fresh.moved(2, 1);
    availability[0] = 1;
    fresh.moved(0, 3);
    expect(fresh.rarest(all(5))).toBe(0);
  });

  it('never gives a piece removed (started or complete) or one not fresh from the start', () => {
    const fresh = new FreshPieces(Uint32Array.from([1, 1, 1, 1]), (p) => p !== 3);
    fresh.remove(0);
    fresh.remove(0); // twice is harmless
    const got = new Set<number>();
    for (let i = 0; i < 50; i++) got.add(fresh.rarest(all(4))!);
    expect([...got].sort()).toEqual([1, 2]);
    fresh.remove(1);
    fresh.remove(2);
    expect(fresh.rarest(all(4))).toBeUndefined();
    expect(fresh.has(3)).toBe(false);
  });

  it("keeps a peer's run (prefer) when it is among the rarest, not when a rarer piece is held", () => {
    const availability = Uint32Array.from([1, 1, 1, 2, 2]);
    const fresh = new FreshPieces(availability, () => true);
    expect(fresh.rarest(all(5), 1)).toBe(1);
    expect(fresh.rarest(all(5), 3)).not.toBe(3);
    expect(fresh.rarest(holding(5, [3, 4]), 4)).toBe(4);
    expect(fresh.rarest(holding(5, [3, 4]), 7)).toBeDefined(); // past the end: no preference
  });

  it('draws among equally rare pieces at random', () => {
    const fresh = new FreshPieces(new Uint32Array(64).fill(1), () => true);
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add(fresh.rarest(all(64))!);
    expect(seen.size).toBeGreaterThan(20);
    const odd = holding(64, Array.from({ length: 32 }, (_, i) => 2 * i + 1));
    for (let i = 0; i < 50; i++) expect(fresh.rarest(odd)! % 2).toBe(1);
  });
});
