import { ValidatorSet, addressFromPubKey, compareBytes, ed25519PublicKeyFromSeed, ConsensusError } from '../../../src/consensus/index.js';

const pub = (n: number) => ed25519PublicKeyFromSeed(new Uint8Array(32).fill(n));
const A = pub(1), B = pub(2), C = pub(3), D = pub(4);
const addr = (p: Uint8Array) => Buffer.from(addressFromPubKey(p)).toString('hex');
const prio = (set: ValidatorSet, p: Uint8Array) => set.getByAddress(addressFromPubKey(p))!.validator.proposerPriority;

describe('validator set priorities (numbers worked out by hand from CometBFT)', () => {
  test('powers 1, 2, 3 over three increments', () => {
    // New set: all start at -(6 + 6>>3) = -6, centred to 0, sorted by power; one increment:
    // C=3,B=2,A=1 -> C proposes, C = 3 - 6 = -3.
    const set = ValidatorSet.fromUpdates([{ pubKey: A, power: 1n }, { pubKey: B, power: 2n }, { pubKey: C, power: 3n }]);
    expect(set.validators.map((v) => v.votingPower)).toEqual([3n, 2n, 1n]);
    expect(addr(set.proposer.address)).toBe(addr(addressFromPubKey(C)));
    expect([prio(set, C), prio(set, B), prio(set, A)]).toEqual([-3n, 2n, 1n]);
    // Next: avg 0; C=0, B=4, A=2 -> B proposes: B = 4 - 6 = -2.
    const s2 = set.copyIncrementProposerPriority(1);
    expect(addr(s2.proposer.address)).toBe(addr(addressFromPubKey(B)));
    expect([prio(s2, C), prio(s2, B), prio(s2, A)]).toEqual([0n, -2n, 2n]);
    expect(prio(set, C)).toBe(-3n); // the copy left the original alone
    // Next: C=3, B=0, A=3: a tie, the lower address wins and pays 6.
    const s3 = s2.copyIncrementProposerPriority(1);
    const aWins = compareBytes(addressFromPubKey(A), addressFromPubKey(C)) < 0;
    expect(addr(s3.proposer.address)).toBe(addr(addressFromPubKey(aWins ? A : C)));
    expect([prio(s3, C), prio(s3, B), prio(s3, A)]).toEqual(aWins ? [3n, 0n, -3n] : [-3n, 0n, 3n]);
    // copyIncrementProposerPriority(2) from the start equals two single steps.
    expect(addr(set.copyIncrementProposerPriority(2).proposer.address)).toBe(addr(s3.proposer.address));
  });

  test('a new validator starts at -1.125 x total power; centring floors like big.Int', () => {
    const set = ValidatorSet.fromUpdates([{ pubKey: A, power: 1n }, { pubKey: B, power: 2n }, { pubKey: C, power: 3n }]).copyIncrementProposerPriority(1);
    // priorities C 0, B -2, A 2; add D with power 8: tvp 14 -> D = -(14 + 1) = -15.
    // avg = floor(-15 / 4) = -4 (Go's big.Int Div is Euclidean; truncation would give -3).
    set.updateWithChangeSet([{ pubKey: D, power: 8n }]);
    expect([prio(set, C), prio(set, B), prio(set, A), prio(set, D)]).toEqual([4n, 2n, 6n, -11n]);
    expect(set.validators.map((v) => v.votingPower)).toEqual([8n, 3n, 2n, 1n]);
  });

  test('priorities are rescaled into a window of 2 x total power', () => {
    const set = ValidatorSet.fromUpdates([{ pubKey: A, power: 1n }, { pubKey: B, power: 100n }]);
    for (let i = 0; i < 50; i++) {
      set.incrementProposerPriority(1);
      const ps = set.validators.map((v) => v.proposerPriority);
      const diff = ps[0] > ps[1] ? ps[0] - ps[1] : ps[1] - ps[0];
      expect(diff <= 2n * 101n + 101n).toBe(true);
    }
    // Over 101 rounds, A (power 1) proposes exactly once.
    let aCount = 0;
    const s = ValidatorSet.fromUpdates([{ pubKey: A, power: 1n }, { pubKey: B, power: 100n }]);
    for (let i = 0; i < 101; i++) { if (addr(s.proposer.address) === addr(addressFromPubKey(A))) aCount++; s.incrementProposerPriority(1); }
    expect(aCount).toBe(1);
  });

  test('power 0 removes; bad change sets are refused with a clear error', () => {
    const set = ValidatorSet.fromUpdates([{ pubKey: A, power: 1n }, { pubKey: B, power: 2n }]);
    const h = Buffer.from(set.hash()).toString('hex');
    set.updateWithChangeSet([{ pubKey: A, power: 0n }]);
    expect(set.size).toBe(1);
    expect(Buffer.from(set.hash()).toString('hex')).not.toBe(h);
    expect(() => set.updateWithChangeSet([{ pubKey: C, power: 0n }])).toThrow(ConsensusError);
    expect(() => set.updateWithChangeSet([{ pubKey: B, power: 0n }])).toThrow(/empty validator set/);
    expect(() => set.updateWithChangeSet([{ pubKey: C, power: -1n }])).toThrow(/negative/);
    expect(() => set.updateWithChangeSet([{ pubKey: C, power: 1n }, { pubKey: C, power: 2n }])).toThrow(/duplicate/);
    expect(() => set.updateWithChangeSet([{ pubKey: new Uint8Array(5), power: 1n }])).toThrow(/32 bytes/);
    expect(set.size).toBe(1); // failed updates changed nothing
  });

  test('proto round trip keeps priorities and proposer', () => {
    const set = ValidatorSet.fromUpdates([{ pubKey: A, power: 5n }, { pubKey: B, power: 7n }, { pubKey: C, power: 9n }]).copyIncrementProposerPriority(3);
    const back = ValidatorSet.fromProto(set.toProto());
    expect(back.validators).toEqual(set.validators);
    expect(addr(back.proposer.address)).toBe(addr(set.proposer.address));
  });
});
