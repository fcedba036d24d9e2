// The trending score: decay arithmetic at half-life boundaries, tip weights, the u64 cap, touch
// over a real cache store (with the activity index), and decay through real txs at far heights.
import { CacheKV } from '../../../../src/state/store/kv.js';
import { socialCounters } from '../../../../src/state/modules/social/counters.js';
import { lastActivity } from '../../../../src/state/modules/social/feedIndex.js';
import { decay, nextScore, tipWeight } from '../../../../src/state/modules/social/score.js';
import { signer, type Signer } from '../harness.js';
import { Bed, publish, react, stats, textCard, tip, view } from './fixtures.js';

const MAX_U64 = 2n ** 64n - 1n;

describe('score arithmetic', () => {
  it.each<[bigint, bigint, bigint]>([
    [1000n, 0n, 1000n],
    [1000n, 999n, 1000n],
    [1000n, 1000n, 500n],
    [1000n, 1999n, 500n],
    [1000n, 2000n, 250n],
    [MAX_U64, 63_999n, 1n],
    [MAX_U64, 64_000n, 0n],
    [MAX_U64, 10n ** 30n, 0n],
    [7n, -5n, 7n],
  ])('decay(%p, %p) = %p', (score, dh, want) => {
    expect(decay(score, dh)).toBe(want);
  });

  it('tip weight: 1 per 100,000 useed, capped at 50', () => {
    expect([1n, 99_999n, 100_000n, 199_999n, 4_999_999n, 5_000_000n, 10n ** 30n].map(tipWeight)).toEqual([0n, 0n, 1n, 1n, 49n, 50n, 50n]);
  });

  it('nextScore decays from the last height then adds, capped at 2^64-1', () => {
    expect(nextScore(12n, 100n, 3n, 1100n)).toBe(9n);
    expect(nextScore(12n, 100n, 3n, 1099n)).toBe(15n);
    expect(nextScore(MAX_U64, 5n, 10n, 5n)).toBe(MAX_U64);
  });
});

describe('touch', () => {
  it('moves score and score_height and records activity, over a real cache store', () => {
    const kv = new CacheKV({ get: () => undefined, set: () => undefined, delete: () => undefined });
    expect(socialCounters.touch(kv, 1n, 10n, 5n)).toMatchObject({ cardId: 1n, score: 10n, scoreHeight: 5n });
    expect(socialCounters.touch(kv, 1n, 1n, 1004n)).toMatchObject({ score: 11n, scoreHeight: 1004n });
    expect(socialCounters.touch(kv, 1n, 0n, 1005n)).toMatchObject({ score: 11n, scoreHeight: 1005n });
    expect(socialCounters.touch(kv, 1n, 0n, 2005n)).toMatchObject({ score: 5n, scoreHeight: 2005n });
    expect(lastActivity(kv, 1n)).toBe(2005n);
    expect(socialCounters.getStats(kv, 1n).score).toBe(5n);
    expect(socialCounters.getStats(kv, 2n)).toMatchObject({ cardId: 2n, score: 0n, scoreHeight: 0n });
    expect(lastActivity(kv, 2n)).toBeUndefined();
  });
});

describe('decay through real txs', () => {
  let alice: Signer, bob: Signer, carol: Signer;
  let bed: Bed;
  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([signer('alice', 0), signer('bob', 1), signer('carol', 2)]);
  });
  beforeEach(async () => {
    bed = await Bed.open();
  });
  afterEach(async () => {
    await bed.close();
  });

  it('halves at exactly 1,000 blocks since the last counted action', async () => {
    await bed.run(alice, publish(textCard(alice.address))); // height 1
    const at = async (height: bigint, s: Signer, msg: Parameters<Bed['tx']>[1]) => {
      const [r] = await bed.h.commitBlock([await bed.tx(s, msg)], { height });
      expect(r!.code).toBe(0);
    };
    await at(2n, bob, tip(bob.address, 1n, 5_000_000n)); // 50
    expect(await stats(bed, 1n)).toMatchObject({ score: 50n, scoreHeight: 2n });
    await at(1001n, bob, react(bob.address, 1n, 'like')); // dh 999: 50 + 1
    expect(await stats(bed, 1n)).toMatchObject({ score: 51n, scoreHeight: 1001n });
    await at(2001n, bob, view(bob.address, 1n)); // dh 1000: 25 + 1
    expect(await stats(bed, 1n)).toMatchObject({ score: 26n, scoreHeight: 2001n });
    await at(5000n, carol, react(carol.address, 1n, 'wow')); // dh 2999: 26 >> 2 = 6, + 1
    expect(await stats(bed, 1n)).toMatchObject({ score: 7n, scoreHeight: 5000n });
    await at(69_000n, carol, tip(carol.address, 1n, 250_000n)); // dh 64000: 0 + 2
    expect(await stats(bed, 1n)).toMatchObject({ score: 2n, scoreHeight: 69_000n });
  });
});
