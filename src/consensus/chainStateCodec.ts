// Deterministic bytes for ChainState (stored atomically with each block). Hand-written
// protobuf: fixed field order, validator sets as CometBFT's ValidatorSet message.
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import { BlockID } from 'cosmjs-types/tendermint/types/types';
import { ValidatorSet as ValidatorSetProto } from 'cosmjs-types/tendermint/types/validator';
import type { ChainState } from './chainState.js';
import { ConsensusError } from './errors.js';
import { encodeBlockId } from './hashing.js';
import { ValidatorSet } from './validatorSet.js';

const FORMAT_VERSION = 1;
const MAX_STATE_BYTES = 64 * 1024 * 1024;

export function encodeChainState(s: ChainState): Uint8Array {
  const w = BinaryWriter.create();
  w.uint32(8).uint32(FORMAT_VERSION);
  w.uint32(18).string(s.chainId);
  w.uint32(24).int64(s.initialHeight);
  w.uint32(32).int64(s.lastBlockHeight);
  w.uint32(42).bytes(encodeBlockId(s.lastBlockId));
  w.uint32(48).int64(s.lastBlockTime);
  w.uint32(58).bytes(ValidatorSetProto.encode(s.validators.toProto()).finish());
  w.uint32(66).bytes(ValidatorSetProto.encode(s.nextValidators.toProto()).finish());
  w.uint32(74).bytes(ValidatorSetProto.encode(s.lastValidators.toProto()).finish());
  w.uint32(82).bytes(s.appHash);
  w.uint32(90).bytes(s.lastResultsHash);
  w.uint32(96).int64(s.consensusParams.blockMaxBytes);
  w.uint32(104).int64(s.consensusParams.blockMaxGas);
  return w.finish();
}

export function decodeChainState(bytes: Uint8Array): ChainState {
  if (bytes.length > MAX_STATE_BYTES) throw bad('chain state bytes too large', { length: bytes.length });
  const f: Record<number, unknown> = {};
  try {
    const r = new BinaryReader(bytes);
    while (r.pos < r.len) {
      const tag = r.uint32();
      const field = tag >>> 3;
      switch (field) {
        case 1: f[1] = r.uint32(); break;
        case 2: f[2] = r.string(); break;
        case 3: case 4: case 6: case 12: case 13: f[field] = r.int64(); break;
        case 5: case 7: case 8: case 9: case 10: case 11: f[field] = r.bytes(); break;
        default: r.skipType(tag & 7);
      }
    }
  } catch (err) {
    throw bad(`malformed chain state: ${(err as Error).message}`);
  }
  if (f[1] !== FORMAT_VERSION) throw bad('unknown chain state format version', { version: f[1] });
  for (const n of [2, 3, 4, 5, 6, 7, 8, 9, 12, 13]) if (f[n] === undefined) throw bad(`chain state field ${n} missing`);
  try {
    return {
      chainId: f[2] as string,
      initialHeight: f[3] as bigint,
      lastBlockHeight: f[4] as bigint,
      lastBlockId: BlockID.decode(f[5] as Uint8Array),
      lastBlockTime: f[6] as bigint,
      validators: ValidatorSet.fromProto(ValidatorSetProto.decode(f[7] as Uint8Array)),
      nextValidators: ValidatorSet.fromProto(ValidatorSetProto.decode(f[8] as Uint8Array)),
      lastValidators: ValidatorSet.fromProto(ValidatorSetProto.decode(f[9] as Uint8Array)),
      appHash: (f[10] as Uint8Array | undefined) ?? new Uint8Array(),
      lastResultsHash: (f[11] as Uint8Array | undefined) ?? new Uint8Array(),
      consensusParams: { blockMaxBytes: f[12] as bigint, blockMaxGas: f[13] as bigint },
    };
  } catch (err) {
    if (err instanceof ConsensusError) throw err;
    throw bad(`malformed chain state: ${(err as Error).message}`);
  }
}

function bad(message: string, context: Record<string, unknown> = {}): ConsensusError {
  return new ConsensusError('CONSENSUS_INVALID_STATE_BYTES', message, context);
}
