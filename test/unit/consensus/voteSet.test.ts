import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';
import { SignedMsgType } from 'cosmjs-types/tendermint/types/types';
import { VoteSet, HeightVoteSet, verifyCommit, ConsensusError, ValidatorSet, ed25519PublicKeyFromSeed } from '../../../src/consensus/index.js';
import { signedVote, testValidators } from './helpers.js';

const CHAIN = 'vote-chain';
const PRECOMMIT = SignedMsgType.SIGNED_MSG_TYPE_PRECOMMIT;
const blockA = { hash: new Uint8Array(32).fill(0xa), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(1) } };
const blockB = { hash: new Uint8Array(32).fill(0xb), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(2) } };

describe('VoteSet', () => {
  const { set, keys } = testValidators(4);
  const vote = (i: number, id = blockA, type = PRECOMMIT) => signedVote(CHAIN, set, keys, i, type, 5n, 0, id);

  test('+2/3 needs more than two thirds of the power', () => {
    const vs = new VoteSet(CHAIN, 5n, 0, PRECOMMIT, set);
    expect(vs.addVote(vote(0)).kind).toBe('added');
    expect(vs.addVote(vote(1)).kind).toBe('added');
    expect(vs.twoThirdsMajority()).toBeUndefined(); // 20 of 40
    expect(vs.addVote(vote(2, blockB)).kind).toBe('added');
    expect(vs.hasTwoThirdsAny()).toBe(true); // 30 of 40 for anything
    expect(vs.twoThirdsMajority()).toBeUndefined();
    expect(() => vs.makeCommit()).toThrow(ConsensusError);
    expect(vs.addVote(vote(3)).kind).toBe('added');
    expect(vs.twoThirdsMajority()?.blockId.hash).toEqual(blockA.hash); // 30 of 40 for A
  });

  test('duplicates are harmless, conflicts become evidence, bad votes are rejected', () => {
    const vs = new VoteSet(CHAIN, 5n, 0, PRECOMMIT, set);
    const v0 = vote(0);
    expect(vs.addVote(v0).kind).toBe('added');
    expect(vs.addVote(v0).kind).toBe('duplicate');
    const res = vs.addVote(vote(0, blockB));
    expect(res.kind).toBe('conflict');
    if (res.kind === 'conflict') {
      expect(res.evidence.voteA.blockId.hash).toEqual(blockA.hash);
      expect(res.evidence.voteB.blockId.hash).toEqual(blockB.hash);
      expect(res.evidence.validatorPower).toBe(10n);
    }
    // As in the paper, an equivocator's vote counts as a message for each value it voted for,
    // but only once per block and never twice towards "any" power.
    expect(vs.powerFor(blockB)).toBe(10n);
    expect(vs.addVote(vote(0, blockB)).kind).toBe('duplicate');
    expect(vs.hasTwoThirdsAny()).toBe(false);
    const forged = { ...vote(1), signature: new Uint8Array(64) };
    expect(vs.addVote(forged)).toMatchObject({ kind: 'invalid' });
    expect(vs.addVote({ ...vote(1), validatorIndex: 2 })).toMatchObject({ kind: 'invalid' });
    expect(vs.addVote({ ...vote(1), validatorIndex: 99 })).toMatchObject({ kind: 'invalid' });
    expect(vs.addVote(signedVote(CHAIN, set, keys, 1, PRECOMMIT, 6n, 0, blockA))).toMatchObject({ kind: 'invalid' });
    expect(vs.addVote(signedVote('other-chain', set, keys, 1, PRECOMMIT, 5n, 0, blockA))).toMatchObject({ kind: 'invalid' });
  });

  test('makeCommit: block votes commit, nil votes NIL, others and missing ABSENT; verifyCommit accepts it', () => {
    const vs = new VoteSet(CHAIN, 5n, 0, PRECOMMIT, set);
    vs.addVote(vote(0)); vs.addVote(vote(1)); vs.addVote(vote(2));
    vs.addVote(signedVote(CHAIN, set, keys, 3, PRECOMMIT, 5n, 0));
    const commit = vs.makeCommit();
    expect(commit.signatures.map((s) => s.blockIdFlag)).toEqual([BlockIDFlag.BLOCK_ID_FLAG_COMMIT, BlockIDFlag.BLOCK_ID_FLAG_COMMIT, BlockIDFlag.BLOCK_ID_FLAG_COMMIT, BlockIDFlag.BLOCK_ID_FLAG_NIL]);
    expect(() => verifyCommit(CHAIN, set, blockA, 5n, commit)).not.toThrow();
    expect(() => verifyCommit(CHAIN, set, blockB, 5n, commit)).toThrow(/another block/);
    expect(() => verifyCommit(CHAIN, set, blockA, 6n, commit)).toThrow(/wrong height/);
    const tampered = { ...commit, signatures: commit.signatures.map((s, i) => (i === 0 ? { ...s, signature: new Uint8Array(64).fill(1) } : s)) };
    expect(() => verifyCommit(CHAIN, set, blockA, 5n, tampered)).toThrow(/bad signature/);
    const thin = { ...commit, signatures: commit.signatures.map((s, i) => (i < 2 ? s : { ...s, blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_ABSENT })) };
    expect(() => verifyCommit(CHAIN, set, blockA, 5n, thin)).toThrow(/less than \+2\/3/);
    const other = ValidatorSet.fromUpdates([{ pubKey: ed25519PublicKeyFromSeed(new Uint8Array(32).fill(99)), power: 1n }]);
    expect(() => verifyCommit(CHAIN, other, blockA, 5n, commit)).toThrow(/number of signatures/);
  });

  test('HeightVoteSet routes by round and type and lists voters', () => {
    const hvs = new HeightVoteSet(CHAIN, 5n, set);
    hvs.addVote(signedVote(CHAIN, set, keys, 0, SignedMsgType.SIGNED_MSG_TYPE_PREVOTE, 5n, 2, blockA));
    hvs.addVote(signedVote(CHAIN, set, keys, 1, PRECOMMIT, 5n, 2, blockA));
    expect(hvs.prevotes(2).powerFor(blockA)).toBe(10n);
    expect(hvs.precommits(2).powerFor(blockA)).toBe(10n);
    expect([...hvs.votersInRound(2)].sort()).toEqual([0, 1]);
    expect(hvs.addVote({ ...vote(0), type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL })).toMatchObject({ kind: 'invalid' });
    expect(hvs.addVote({ ...vote(0), round: -1 })).toMatchObject({ kind: 'invalid' });
  });
});
