// seedcast.p2p.v1.ConsensusMessage (proto/seedcast/p2p/v1/consensus.proto): the envelope is
// written by hand, the tendermint.types messages by cosmjs-types' encoders. Decoding is total:
// junk or a message over its type's byte cap gives a P2PError, never a throw of another kind.
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import { Block } from 'cosmjs-types/tendermint/types/block';
import { DuplicateVoteEvidence } from 'cosmjs-types/tendermint/types/evidence';
import { Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import type { ConsensusMessage } from '../consensus/interface.js';
import { P2PError } from './errors.js';
import { decodeTotally } from './decode.js';
import { BLOCK_FRAME_SLACK_BYTES, MAX_EVIDENCE_FRAME_BYTES, MAX_VOTE_FRAME_BYTES } from './options.js';

const FIELD_PROPOSAL = 1;
const FIELD_VOTE = 2;
const FIELD_EVIDENCE = 3;
const WIRE_LEN = 2;

export function encodeConsensusMessage(msg: ConsensusMessage): Uint8Array {
  const w = BinaryWriter.create();
  switch (msg.type) {
    case 'proposal': {
      w.uint32((FIELD_PROPOSAL << 3) | WIRE_LEN).fork();
      Proposal.encode(msg.proposal, w.uint32((1 << 3) | WIRE_LEN).fork()).ldelim();
      Block.encode(msg.block, w.uint32((2 << 3) | WIRE_LEN).fork()).ldelim();
      w.ldelim();
      break;
    }
    case 'vote':
      Vote.encode(msg.vote, w.uint32((FIELD_VOTE << 3) | WIRE_LEN).fork()).ldelim();
      break;
    case 'evidence':
      DuplicateVoteEvidence.encode(msg.evidence, w.uint32((FIELD_EVIDENCE << 3) | WIRE_LEN).fork()).ldelim();
      break;
  }
  return w.finish();
}

/** The largest consensus frame: a proposal carrying a block of up to maxBlockBytes. */
export function maxConsensusFrameBytes(maxBlockBytes: number): number {
  return maxBlockBytes + BLOCK_FRAME_SLACK_BYTES;
}

export function decodeConsensusMessage(bytes: Uint8Array, maxBlockBytes: number): ConsensusMessage {
  const kind = bytes.length > 0 ? bytes[0]! >> 3 : 0;
  const cap = kind === FIELD_VOTE ? MAX_VOTE_FRAME_BYTES : kind === FIELD_EVIDENCE ? MAX_EVIDENCE_FRAME_BYTES : maxConsensusFrameBytes(maxBlockBytes);
  if (bytes.length > cap) {
    throw new P2PError('P2P_FRAME_TOO_LARGE', `consensus message of field ${kind} is ${bytes.length} bytes, cap ${cap}`, { kind, length: bytes.length, cap });
  }
  return decodeTotally('consensus message', bytes, (r) => {
    const tag = r.uint32();
    if ((tag & 7) !== WIRE_LEN) throw new Error(`unexpected wire type ${tag & 7}`);
    const length = r.uint32();
    if (r.pos + length !== r.len) throw new Error('envelope must hold exactly one message');
    switch (tag >>> 3) {
      case FIELD_PROPOSAL:
        return decodeProposalWithBlock(r, length);
      case FIELD_VOTE:
        return { type: 'vote', vote: Vote.decode(r, length) };
      case FIELD_EVIDENCE: {
        const evidence = DuplicateVoteEvidence.decode(r, length);
        if (!evidence.voteA || !evidence.voteB) throw new Error('evidence without both votes');
        return { type: 'evidence', evidence };
      }
      default:
        throw new Error(`unknown message field ${tag >>> 3}`);
    }
  });
}

function decodeProposalWithBlock(r: BinaryReader, length: number): ConsensusMessage {
  const end = r.pos + length;
  let proposal: Proposal | undefined;
  let block: Block | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    if ((tag & 7) === WIRE_LEN && tag >>> 3 === 1) proposal = Proposal.decode(r, r.uint32());
    else if ((tag & 7) === WIRE_LEN && tag >>> 3 === 2) block = Block.decode(r, r.uint32());
    else r.skipType(tag & 7);
  }
  if (r.pos !== end) throw new Error('proposal envelope overruns its length');
  if (!proposal || !block) throw new Error('proposal message needs both proposal and block');
  return { type: 'proposal', proposal, block };
}
