import { Bitfield } from '../../../../src/swarm/bitfield.js';
import { contentLayout } from '../../../../src/swarm/layout.js';
import { Picker, toRanges } from '../../../../src/swarm/picker.js';
import { MAX_REQUEST_BLOCKS } from '../../../../src/swarm/protocol.js';

const BLOCK_PLAIN = 16368n;

function full(n: number): Bitfield {
  const b = new Bitfield(n);
  for (let i = 0; i < n; i++) b.set(i);
  return b;
}

function blocksOf(ranges: { first: number; count: number }[]): number[] {
  return ranges.flatMap((r) => Array.from({ length: r.count }, (_, i) => r.first + i));
}

describe('piece picker', () => {
  const layout = contentLayout(BLOCK_PLAIN * 40n, 4); // 40 blocks, 10 pieces of 4

  it('picks the rarest piece first and finishes started pieces before new ones', () => {
    const picker = new Picker(layout, () => false);
    const a = full(10);
    picker.addAvailability([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 8, 9]); // piece 7 is rarest
    const first = picker.pick(a, 2, new Set());
    expect(blocksOf(first)).toEqual([28, 29]);
    const next = picker.pick(a, 2, new Set());
    expect(blocksOf(next)).toEqual([30, 31]); // the rest of started piece 7
  });

  it('blocks reserved before the picker was made are not picked again; their pieces are finished first', () => {
    const picker = new Picker(layout, () => false);
    picker.reserve([0, 1, 4]); // asked for with a download's first handshake
    const a = full(10);
    picker.addAvailability([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(blocksOf(picker.pick(a, 4, new Set([0, 1, 4])))).toEqual([2, 3, 5, 6]);
    // Released (refused), a reserved block is picked again.
    picker.release(4);
    expect(blocksOf(picker.pick(a, 2, new Set()))).toEqual([4, 7]);
  });

  it('breaks ties at random', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const picker = new Picker(layout, () => false);
      seen.add(Math.floor(blocksOf(picker.pick(full(10), 1, new Set()))[0]! / 4));
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it("continues a peer's run over adjacent equally rare pieces, but not past a rarer one", () => {
    const picker = new Picker(layout, () => false);
    const a = full(10);
    picker.addAvailability([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 8, 9, 0, 1, 2, 3, 4, 5, 6, 8, 9]);
    const hint = {};
    expect(blocksOf(picker.pick(a, 4, new Set(), hint))).toEqual([28, 29, 30, 31]); // piece 7, the rarest
    picker.addAvailability([7, 7]); // now every piece is held twice: no rarer piece, the run goes on
    expect(blocksOf(picker.pick(a, 8, new Set(), hint))).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
    const other = new Picker(layout, () => false);
    other.addAvailability([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 9]); // 8 rarest
    expect(blocksOf(other.pick(a, 4, new Set(), { nextPiece: 3 }))).toEqual([32, 33, 34, 35]);
  });

  it('only picks pieces the peer holds and we lack, and enters end-game at the end', () => {
    const picker = new Picker(layout, (p) => p !== 3 && p !== 4);
    const peer = new Bitfield(10);
    peer.set(4);
    expect(blocksOf(picker.pick(peer, 100, new Set()))).toEqual([16, 17, 18, 19]);
    expect(picker.wants(peer)).toBe(true);
    const other = full(10);
    expect(blocksOf(picker.pick(other, 2, new Set()))).toEqual([12, 13]);
    expect(picker.inEndGame).toBe(false);
    expect(blocksOf(picker.pick(other, 2, new Set()))).toEqual([14, 15]);
    expect(picker.inEndGame).toBe(true);
    // end-game: blocks already outstanding elsewhere, but not those this peer has outstanding
    expect(blocksOf(picker.pick(other, 100, new Set([12, 13, 14, 15])))).toEqual([16, 17, 18, 19]);
    picker.markReceived(16);
    picker.release(16);
    picker.release(16);
    expect(blocksOf(picker.pick(peer, 100, new Set()))).toEqual([17, 18, 19]);
    for (const p of [3, 4]) picker.markComplete(p);
    expect(picker.wants(other)).toBe(false);
    expect(picker.pick(other, 100, new Set())).toEqual([]);
  });

  it('gives released blocks out again and forgets a refused piece', () => {
    const picker = new Picker(layout, () => false);
    const a = full(10);
    const got = blocksOf(picker.pick(a, 4, new Set()));
    for (const b of got) picker.release(b);
    expect(blocksOf(picker.pick(a, 4, new Set()))).toEqual(got);
    for (const b of got) picker.markReceived(b);
    picker.resetPiece(Math.floor(got[0]! / 4));
    expect(picker.isReceived(got[0]!)).toBe(false);
  });

  it('groups blocks into contiguous ranges (across piece edges) under the request cap', () => {
    expect(toRanges([0, 1, 2, 3, 4, 5, 9])).toEqual([
      { first: 0, count: 6 },
      { first: 9, count: 1 },
    ]);
    const many = Array.from({ length: 200 }, (_, i) => i);
    expect(toRanges(many).map((r) => r.count)).toEqual([MAX_REQUEST_BLOCKS, MAX_REQUEST_BLOCKS, MAX_REQUEST_BLOCKS, 8]);
  });
});
