// Consensus messages for p2p tests: shaped like the real ones, with arbitrary bytes.
import { Block } from 'cosmjs-types/tendermint/types/block';
import { DuplicateVoteEvidence } from 'cosmjs-types/tendermint/types/evidence';
import { Commit, Proposal, SignedMsgType, Vote } from 'cosmjs-types/tendermint/types/types';
import { BlockIDFlag } from 'cosmjs-types/tendermint/types/validator';

const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);
const blockId = (fill: number) => ({ hash: bytes(32, fill), partSetHeader: { total: 1, hash: bytes(32, fill + 1) } });

export function makeBlock(height: bigint, txBytes: number[]): Block {
  return Block.fromPartial({
    header: {
      version: { block: 11n, app: 1n },
      chainId: 'seedcast-test',
      height,
      time: { seconds: 1_700_000_000n + height, nanos: 5 },
      lastBlockId: blockId(1),
      lastCommitHash: bytes(32, 3),
      dataHash: bytes(32, 4),
      validatorsHash: bytes(32, 5),
      nextValidatorsHash: bytes(32, 5),
      consensusHash: bytes(32, 6),
      appHash: bytes(32, 7),
      lastResultsHash: bytes(32, 8),
      evidenceHash: bytes(32, 9),
      proposerAddress: bytes(20, 10),
    },
    data: { txs: txBytes.map((n, i) => bytes(n, i + 1)) },
    evidence: { evidence: [] },
    lastCommit: makeCommit(height - 1n),
  });
}

export function makeCommit(height: bigint): Commit {
  return Commit.fromPartial({
    height,
    round: 0,
    blockId: blockId(11),
    signatures: [{ blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT, validatorAddress: bytes(20, 12), timestamp: { seconds: 1_700_000_000n, nanos: 0 }, signature: bytes(64, 13) }],
  });
}

export function makeProposal(height: bigint): Proposal {
  return Proposal.fromPartial({ type: SignedMsgType.SIGNED_MSG_TYPE_PROPOSAL, height, round: 0, polRound: -1, blockId: blockId(20), timestamp: { seconds: 1_700_000_000n, nanos: 1 }, signature: bytes(64, 21) });
}

export function makeVote(height: bigint, fill = 30): Vote {
  return Vote.fromPartial({
    type: SignedMsgType.SIGNED_MSG_TYPE_PREVOTE,
    height,
    round: 1,
    blockId: blockId(fill),
    timestamp: { seconds: 1_700_000_000n, nanos: 2 },
    validatorAddress: bytes(20, fill + 2),
    validatorIndex: 2,
    signature: bytes(64, fill + 3),
  });
}

export function makeEvidence(height: bigint): DuplicateVoteEvidence {
  return DuplicateVoteEvidence.fromPartial({ voteA: makeVote(height, 40), voteB: makeVote(height, 50), totalVotingPower: 100n, validatorPower: 10n, timestamp: { seconds: 1_700_000_000n, nanos: 0 } });
}
