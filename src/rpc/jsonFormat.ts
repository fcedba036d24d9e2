// CometBFT 0.38 JSON for chain objects: block ids, headers, commits, blocks. int64 -> decimal
// string, int32/uint32 -> number, hashes and addresses -> UPPERCASE hex, other bytes -> base64,
// times -> RFC 3339 with up to nine fractional digits (Go's RFC3339Nano).
import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import type { DuplicateVoteEvidence, Evidence } from 'cosmjs-types/tendermint/types/evidence';
import type { BlockID, Commit, Header, Vote } from 'cosmjs-types/tendermint/types/types';
import type { Block as FullBlock } from 'cosmjs-types/tendermint/types/block';
import { base64Of, hexOf } from '../util/bytesText.js';

export const hexUpper = (bytes: Uint8Array | undefined): string =>
  bytes ? hexOf(bytes).toUpperCase() : '';

export const base64 = (bytes: Uint8Array | undefined): string =>
  bytes ? base64Of(bytes) : '';

/** Go encodes a nil byte slice as null; we have no nil, so empty bytes become null. */
export const base64OrNull = (bytes: Uint8Array | undefined): string | null =>
  bytes && bytes.length > 0 ? base64(bytes) : null;

/** Protobuf Timestamp -> RFC 3339 as Go's RFC3339Nano prints it (trailing zeros trimmed). */
export function timestampJson(ts: Timestamp | undefined): string {
  const seconds = ts?.seconds ?? -62135596800n; // Go's zero time, 0001-01-01T00:00:00Z
  const nanos = ts?.nanos ?? 0;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const frac = nanos > 0 ? '.' + String(nanos).padStart(9, '0').replace(/0+$/, '') : '';
  return `${whole}${frac}Z`;
}

/** A JS Date (millisecond precision) in the same format. */
export function dateJson(date: Date): string {
  const ms = BigInt(date.getTime());
  let seconds = ms / 1000n;
  let rem = ms % 1000n;
  if (rem < 0n) {
    rem += 1000n;
    seconds -= 1n;
  }
  return timestampJson({ seconds, nanos: Number(rem) * 1_000_000 });
}

export interface BlockIdJson { hash: string; parts: { total: number; hash: string } }

export function blockIdJson(id: BlockID | undefined): BlockIdJson {
  return {
    hash: hexUpper(id?.hash),
    parts: { total: id?.partSetHeader?.total ?? 0, hash: hexUpper(id?.partSetHeader?.hash) },
  };
}

export function headerJson(h: Header): Record<string, unknown> {
  return {
    version: { block: String(h.version?.block ?? 0n), app: String(h.version?.app ?? 0n) },
    chain_id: h.chainId,
    height: String(h.height),
    time: timestampJson(h.time),
    last_block_id: blockIdJson(h.lastBlockId),
    last_commit_hash: hexUpper(h.lastCommitHash),
    data_hash: hexUpper(h.dataHash),
    validators_hash: hexUpper(h.validatorsHash),
    next_validators_hash: hexUpper(h.nextValidatorsHash),
    consensus_hash: hexUpper(h.consensusHash),
    app_hash: hexUpper(h.appHash),
    last_results_hash: hexUpper(h.lastResultsHash),
    evidence_hash: hexUpper(h.evidenceHash),
    proposer_address: hexUpper(h.proposerAddress),
  };
}

const BLOCK_ID_FLAG_ABSENT = 1;

export function commitJson(c: Commit | undefined): Record<string, unknown> {
  if (!c) return { height: '0', round: 0, block_id: blockIdJson(undefined), signatures: [] };
  return {
    height: String(c.height),
    round: c.round,
    block_id: blockIdJson(c.blockId),
    signatures: c.signatures.map((s) =>
      s.blockIdFlag === BLOCK_ID_FLAG_ABSENT
        ? { block_id_flag: s.blockIdFlag, validator_address: '', timestamp: timestampJson(undefined), signature: null }
        : {
            block_id_flag: s.blockIdFlag,
            validator_address: hexUpper(s.validatorAddress),
            timestamp: timestampJson(s.timestamp),
            signature: base64OrNull(s.signature),
          },
    ),
  };
}

export function blockJson(b: FullBlock): Record<string, unknown> {
  return {
    header: headerJson(b.header),
    data: { txs: b.data.txs.map((tx) => base64(tx)) },
    evidence: { evidence: (b.evidence?.evidence ?? []).map(evidenceJson) },
    last_commit: commitJson(b.lastCommit),
  };
}

function voteJson(v: Vote | undefined): Record<string, unknown> | null {
  if (!v) return null;
  return {
    type: v.type,
    height: String(v.height),
    round: v.round,
    block_id: blockIdJson(v.blockId),
    timestamp: timestampJson(v.timestamp),
    validator_address: hexUpper(v.validatorAddress),
    validator_index: v.validatorIndex,
    signature: base64OrNull(v.signature),
  };
}

/** CometBFT's amino JSON of evidence (field names as CometBFT prints them). */
export function evidenceJson(e: Evidence): Record<string, unknown> {
  const d: DuplicateVoteEvidence | undefined = e.duplicateVoteEvidence;
  if (!d) return { type: 'tendermint/LightClientAttackEvidence', value: {} };
  return {
    type: 'tendermint/DuplicateVoteEvidence',
    value: {
      vote_a: voteJson(d.voteA),
      vote_b: voteJson(d.voteB),
      TotalVotingPower: String(d.totalVotingPower),
      ValidatorPower: String(d.validatorPower),
      Timestamp: timestampJson(d.timestamp),
    },
  };
}
