// CometBFT-compatible hashes, so a light client can verify our headers and commits:
// header hash (types/block.go Header.Hash), data/commit/evidence hashes, validator set hash,
// consensus params hash, and the 64 KiB block parts behind BlockID.part_set_header.
import { BinaryWriter } from 'cosmjs-types/binary';
import { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import { Block } from 'cosmjs-types/tendermint/types/block';
import type { EvidenceList } from 'cosmjs-types/tendermint/types/evidence';
import { DuplicateVoteEvidence, LightClientAttackEvidence } from 'cosmjs-types/tendermint/types/evidence';
import { BlockID, Commit, CommitSig, Header, PartSetHeader } from 'cosmjs-types/tendermint/types/types';
import { SimpleValidator } from 'cosmjs-types/tendermint/types/validator';
import { Consensus } from 'cosmjs-types/tendermint/version/types';
import { merkleRoot, sha256 } from './merkle.js';
import { txHash } from '../crypto/hash.js';

/** CometBFT's block part size (types.BlockPartSizeBytes). */
export const BLOCK_PART_SIZE = 65536;

// cdcEncode: proto.Marshal of the gogo wrapper type ({String,Int64,Bytes}Value, field 1);
// an empty/zero value encodes to no bytes at all.
function encodeStringValue(s: string): Uint8Array {
  return s === '' ? new Uint8Array() : BinaryWriter.create().uint32(10).string(s).finish();
}
function encodeInt64Value(n: bigint): Uint8Array {
  return n === 0n ? new Uint8Array() : BinaryWriter.create().uint32(8).int64(n).finish();
}
function encodeBytesValue(b: Uint8Array): Uint8Array {
  return b.length === 0 ? new Uint8Array() : BinaryWriter.create().uint32(10).bytes(b).finish();
}

export function encodeBlockId(id: BlockID): Uint8Array {
  // gogoproto non-nullable part_set_header: always present, even when empty.
  return BlockID.encode({ hash: id.hash, partSetHeader: id.partSetHeader ?? { total: 0, hash: new Uint8Array() } }).finish();
}

/** The 14 header field encodings CometBFT merkleizes, in header order. */
export function headerFieldEncodings(h: Header): Uint8Array[] {
  return [
    Consensus.encode(h.version ?? { block: 0n, app: 0n }).finish(),
    encodeStringValue(h.chainId),
    encodeInt64Value(h.height),
    Timestamp.encode(h.time ?? { seconds: 0n, nanos: 0 }).finish(),
    encodeBlockId(h.lastBlockId),
    encodeBytesValue(h.lastCommitHash),
    encodeBytesValue(h.dataHash),
    encodeBytesValue(h.validatorsHash),
    encodeBytesValue(h.nextValidatorsHash),
    encodeBytesValue(h.consensusHash),
    encodeBytesValue(h.appHash),
    encodeBytesValue(h.lastResultsHash),
    encodeBytesValue(h.evidenceHash),
    encodeBytesValue(h.proposerAddress),
  ];
}

/** Header.Hash(): empty when validators_hash is missing (such a header is never valid). */
export function headerHash(h: Header): Uint8Array {
  if (h.validatorsHash.length === 0) return new Uint8Array();
  return merkleRoot(headerFieldEncodings(h));
}

/** Data.Hash(): merkle root over sha256(tx) of each tx. */
export function dataHash(txs: Uint8Array[]): Uint8Array {
  return merkleRoot(txs.map((tx) => txHash(tx)));
}

/** Commit.Hash(): merkle root over each CommitSig's protobuf encoding. */
export function commitHash(commit: Commit | undefined): Uint8Array {
  const sigs = commit?.signatures ?? [];
  return merkleRoot(sigs.map((s) => CommitSig.encode(withTimestamp(s)).finish()));
}

function withTimestamp(s: CommitSig): CommitSig {
  // gogoproto non-nullable timestamp: always encoded, even when zero.
  return { ...s, timestamp: s.timestamp ?? { seconds: 0n, nanos: 0 } };
}

/** EvidenceList.Hash(): merkle root over each evidence's own protobuf bytes. */
export function evidenceHash(list: EvidenceList | undefined): Uint8Array {
  const items = (list?.evidence ?? []).map((ev) => {
    if (ev.duplicateVoteEvidence) return DuplicateVoteEvidence.encode(ev.duplicateVoteEvidence).finish();
    if (ev.lightClientAttackEvidence) return LightClientAttackEvidence.encode(ev.lightClientAttackEvidence).finish();
    return new Uint8Array();
  });
  return merkleRoot(items);
}

/** ValidatorSet.Hash(): merkle root over SimpleValidator{pub_key, voting_power} encodings. */
export function validatorSetHash(validators: { pubKey: Uint8Array; votingPower: bigint }[]): Uint8Array {
  return merkleRoot(
    validators.map((v) => SimpleValidator.encode({ pubKey: { ed25519: v.pubKey }, votingPower: v.votingPower }).finish()),
  );
}

/** ConsensusParams.Hash(): sha256 of HashedParams{block_max_bytes = 1, block_max_gas = 2}. */
export function consensusParamsHash(p: { blockMaxBytes: bigint; blockMaxGas: bigint }): Uint8Array {
  const w = BinaryWriter.create();
  if (p.blockMaxBytes !== 0n) w.uint32(8).int64(p.blockMaxBytes);
  if (p.blockMaxGas !== 0n) w.uint32(16).int64(p.blockMaxGas);
  return sha256(w.finish());
}

export function encodeBlock(block: Block): Uint8Array {
  return Block.encode(block).finish();
}

/** Splits the block's protobuf bytes into 64 KiB parts, as CometBFT gossips them. */
export function blockParts(blockBytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let off = 0; off < blockBytes.length; off += BLOCK_PART_SIZE) {
    parts.push(blockBytes.subarray(off, Math.min(off + BLOCK_PART_SIZE, blockBytes.length)));
  }
  if (parts.length === 0) parts.push(new Uint8Array());
  return parts;
}

export function partSetHeader(blockBytes: Uint8Array): PartSetHeader {
  const parts = blockParts(blockBytes);
  return { total: parts.length, hash: merkleRoot(parts) };
}

/** BlockID{hash: header hash, part_set_header over the encoded block}. */
export function blockIdOf(block: Block): BlockID {
  return { hash: headerHash(block.header), partSetHeader: partSetHeader(encodeBlock(block)) };
}

export function emptyBlockId(): BlockID {
  return { hash: new Uint8Array(), partSetHeader: { total: 0, hash: new Uint8Array() } };
}

export function isZeroBlockId(id: BlockID | undefined): boolean {
  return !id || (id.hash.length === 0 && (id.partSetHeader?.total ?? 0) === 0 && (id.partSetHeader?.hash.length ?? 0) === 0);
}

export function blockIdEqual(a: BlockID | undefined, b: BlockID | undefined): boolean {
  if (isZeroBlockId(a) || isZeroBlockId(b)) return isZeroBlockId(a) && isZeroBlockId(b);
  return (
    Buffer.compare(a!.hash, b!.hash) === 0 &&
    a!.partSetHeader.total === b!.partSetHeader.total &&
    Buffer.compare(a!.partSetHeader.hash, b!.partSetHeader.hash) === 0
  );
}

/** A stable string key for a BlockID (nil = ""), for maps of votes by block. */
export function blockIdKey(id: BlockID | undefined): string {
  if (isZeroBlockId(id)) return '';
  return `${Buffer.from(id!.hash).toString('hex')}:${id!.partSetHeader.total}:${Buffer.from(id!.partSetHeader.hash).toString('hex')}`;
}
