import { SignedMsgType, type BlockID } from 'cosmjs-types/tendermint/types/types';
import type { Block } from 'cosmjs-types/tendermint/types/block';
import { EvidencePool, misbehaviorOf } from '../../../src/consensus/evidencePool.js';
import { blockIdKey, makeBlock, stateFromGenesis, validateBlock } from '../../../src/consensus/index.js';
import { signedVote, testValidators } from './helpers.js';

const chainId = 'ev-chain';
const { set, keys } = testValidators(4);
const other = testValidators(5); // index 4 is not in `set`
const PREVOTE = SignedMsgType.SIGNED_MSG_TYPE_PREVOTE;
const idA: BlockID = { hash: new Uint8Array(32).fill(1), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(2) } };
const idB: BlockID = { hash: new Uint8Array(32).fill(3), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(4) } };

function poolAt(lastHeight: bigint): EvidencePool {
  const pool = new EvidencePool(chainId, 100n);
  for (let h = 1n; h <= lastHeight + 1n; h++) pool.recordValidators(h, set);
  for (let h = 1n; h <= lastHeight; h++) pool.recordCommit(h, 1_000n * h);
  return pool;
}

function duplicate(index = 1, height = 3n, round = 0) {
  const a = signedVote(chainId, set, keys, index, PREVOTE, height, round, idA);
  const b = signedVote(chainId, set, keys, index, PREVOTE, height, round, idB);
  return { voteA: a, voteB: b, validatorPower: 10n, totalVotingPower: 40n };
}

describe('EvidencePool', () => {
  test('own duplicate votes become dated, ordered evidence once their height is committed, once each', () => {
    const pool = poolAt(2n);
    const ev = pool.addDuplicateVote({ ...duplicate(1, 3n), voteA: duplicate(1, 3n).voteB, voteB: duplicate(1, 3n).voteA })!;
    expect(blockIdKey(ev.voteA!.blockId) < blockIdKey(ev.voteB!.blockId)).toBe(true);
    expect(pool.addDuplicateVote(duplicate(1, 3n))).toBeUndefined(); // deduped
    expect(pool.pending(4n)).toEqual([]); // height 3 not committed: no time yet
    pool.recordCommit(3n, 3_000n);
    const pending = pool.pending(4n);
    expect(pending).toHaveLength(1);
    expect(pending[0].duplicateVoteEvidence!.timestamp).toEqual({ seconds: 3n, nanos: 0 });
    expect(pool.pending(3n)).toEqual([]); // not for a block at its own height
  });

  test('peer evidence: verified, deduped; bad signatures, wrong validator, wrong powers, too old are refused', () => {
    const pool = poolAt(200n);
    const good = { ...duplicate(2, 150n), timestamp: { seconds: 150n, nanos: 0 } };
    expect(pool.addFromPeer(good)).toBe('added');
    expect(pool.addFromPeer(good)).toBe('known');
    expect(pool.addFromPeer({ ...duplicate(2, 250n), timestamp: { seconds: 0n, nanos: 0 } })).toBe('ignored'); // our future

    const ts = { seconds: 150n, nanos: 0 };
    const badSig = { ...duplicate(3, 150n), timestamp: ts };
    badSig.voteB = { ...badSig.voteB, signature: new Uint8Array(64).fill(9) };
    expect(() => pool.addFromPeer(badSig)).toThrow(/bad vote signature/);

    const stranger = signedVote(chainId, other.set, other.keys, 4, PREVOTE, 150n, 0, idA);
    const stranger2 = signedVote(chainId, other.set, other.keys, 4, PREVOTE, 150n, 0, idB);
    expect(() => pool.addFromPeer({ voteA: stranger, voteB: stranger2, validatorPower: 10n, totalVotingPower: 40n, timestamp: ts })).toThrow(/not a validator/);
    expect(() => pool.addFromPeer({ ...duplicate(3, 150n), validatorPower: 99n, timestamp: ts })).toThrow(/wrong validator power/);
    expect(() => pool.addFromPeer({ ...duplicate(3, 150n), totalVotingPower: 41n, timestamp: ts })).toThrow(/wrong total/);
    expect(() => pool.addFromPeer({ ...duplicate(3, 150n), timestamp: { seconds: 1n, nanos: 0 } })).toThrow(/block time/);
    expect(() => pool.addFromPeer({ ...duplicate(3, 50n), timestamp: { seconds: 50n, nanos: 0 } })).toThrow(/too old/);
    const same = { ...duplicate(3, 150n), timestamp: ts };
    same.voteB = same.voteA;
    expect(() => pool.addFromPeer(same)).toThrow(/same block/);
    const swapped = { ...duplicate(3, 150n), timestamp: ts };
    [swapped.voteA, swapped.voteB] = [swapped.voteB, swapped.voteA];
    expect(() => pool.addFromPeer(swapped)).toThrow(/wrong order/);
    const mixed = { ...duplicate(3, 150n), timestamp: ts };
    mixed.voteB = signedVote(chainId, set, keys, 3, PREVOTE, 150n, 1, idB);
    expect(() => pool.addFromPeer(mixed)).toThrow(/differ in height, round or type/);
    expect(() => pool.addFromPeer({ voteA: undefined, voteB: undefined } as any)).toThrow(/two votes/);
  });

  test('blocks carry evidence: validateBlock checks it, the committed block reports misbehaviour, and it is not proposed again', () => {
    const genesis = stateFromGenesis({ chainId, initialHeight: 1n, genesisTimeMs: 0n, validators: set.validators.map((v) => ({ pubKey: v.pubKey, power: v.votingPower })) });
    const pool = new EvidencePool(chainId);
    pool.recordValidators(1n, genesis.validators);
    const dv = {
      voteA: signedVote(chainId, genesis.validators, keys, 1, PREVOTE, 1n, 0, idA), voteB: signedVote(chainId, genesis.validators, keys, 1, PREVOTE, 1n, 0, idB),
      validatorPower: 10n, totalVotingPower: 40n,
    };
    pool.addDuplicateVote(dv);
    pool.recordCommit(1n, 5_000n);
    // A state at height 1 (only the fields validateBlock reads before the commit check matter here).
    const state = { ...genesis, lastBlockHeight: 1n, lastBlockTime: 5_000n, initialHeight: 1n };
    const evidence = pool.pending(2n);
    const block: Block = makeBlock(state, 2n, [], undefined, 6_000n, genesis.validators.validators[0].address, evidence);
    expect(() => validateBlock(state, block)).toThrow(/evidence: this node cannot check evidence/);
    expect(() => validateBlock(state, block, (b) => { pool.verifyBlockEvidence(b); })).toThrow(/last_commit/); // evidence passed; the fake state has no commit
    const tampered: Block = { ...block, evidence: { evidence: [{ duplicateVoteEvidence: { ...evidence[0].duplicateVoteEvidence!, validatorPower: 1n } }] } };
    expect(() => pool.verifyBlockEvidence(tampered)).toThrow(/wrong validator power/);
    expect(() => pool.verifyBlockEvidence({ ...block, evidence: { evidence: [evidence[0], evidence[0]] } })).toThrow(/twice/);
    const m = misbehaviorOf(block);
    expect(m).toEqual([{ type: 'duplicate_vote', address: genesis.validators.validators[1].address, height: 1n, timeMs: 5_000n, power: 10n, totalVotingPower: 40n }]);
    pool.markCommitted(block);
    expect(pool.pending(3n)).toEqual([]);
    expect(() => pool.verifyBlockEvidence(block)).toThrow(/already committed/);
    expect(pool.addFromPeer(evidence[0].duplicateVoteEvidence!)).toBe('known');
  });
});
