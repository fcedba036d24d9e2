// Binary encoding of WAL entries: one kind byte, then protobuf fields. Deterministic and
// total: decoding bad bytes throws a WalError, never returns half an event.
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import { Block } from 'cosmjs-types/tendermint/types/block';
import { Commit, Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import { ConsensusError } from './errors.js';
import type { ConsensusEvent, TimeoutStep } from './types.js';

export type WalEntry = { type: 'event'; event: ConsensusEvent } | { type: 'endHeight'; height: bigint };

const KIND_END_HEIGHT = 1;
const KIND_VOTE = 2;
const KIND_PROPOSAL = 3;
const KIND_TIMEOUT = 4;
const KIND_TXS_AVAILABLE = 5;
const KIND_START_HEIGHT = 6;
const KIND_BLOCK_COMMITTED = 7;
const KIND_COMMIT_CERTIFICATE = 8;

const STEPS: TimeoutStep[] = ['propose', 'prevote', 'precommit', 'commit'];

/** What replay needs of a startHeight (the validator set comes from the chain state). */
export interface StartMarker { type: 'startMarker'; height: bigint; round: number }
export type DecodedEntry = WalEntry | { type: 'marker'; marker: StartMarker } | { type: 'committedMarker'; height: bigint };

export function encodeWalEntry(entry: WalEntry): Uint8Array {
  const w = BinaryWriter.create();
  if (entry.type === 'endHeight') {
    w.uint32(8).int64(entry.height);
    return withKind(KIND_END_HEIGHT, w.finish());
  }
  const ev = entry.event;
  switch (ev.type) {
    case 'vote':
      return withKind(KIND_VOTE, Vote.encode(ev.vote).finish());
    case 'proposal':
      w.uint32(8).bool(ev.valid);
      w.uint32(18).bytes(Proposal.encode(ev.proposal).finish());
      w.uint32(26).bytes(Block.encode(ev.block).finish());
      return withKind(KIND_PROPOSAL, w.finish());
    case 'timeout':
      w.uint32(8).int64(ev.height).uint32(16).uint32(ev.round).uint32(24).uint32(STEPS.indexOf(ev.step));
      return withKind(KIND_TIMEOUT, w.finish());
    case 'txsAvailable':
      return withKind(KIND_TXS_AVAILABLE, new Uint8Array());
    case 'startHeight':
      w.uint32(8).int64(ev.start.height).uint32(16).uint32(ev.start.round ?? 0);
      return withKind(KIND_START_HEIGHT, w.finish());
    case 'blockCommitted':
      w.uint32(8).int64(ev.height);
      return withKind(KIND_BLOCK_COMMITTED, w.finish());
    case 'commitCertificate':
      w.uint32(10).bytes(Block.encode(ev.block).finish());
      w.uint32(18).bytes(Commit.encode(ev.commit).finish());
      return withKind(KIND_COMMIT_CERTIFICATE, w.finish());
  }
}

export function decodeWalEntry(bytes: Uint8Array): DecodedEntry {
  if (bytes.length === 0) throw corrupt('empty record');
  const body = bytes.subarray(1);
  try {
    switch (bytes[0]) {
      case KIND_END_HEIGHT: return { type: 'endHeight', height: fields(body)[1] as bigint };
      case KIND_VOTE: return { type: 'event', event: { type: 'vote', vote: Vote.decode(body) } };
      case KIND_PROPOSAL: {
        const f = fields(body);
        return { type: 'event', event: { type: 'proposal', valid: f[1] === 1n, proposal: Proposal.decode(f[2] as Uint8Array), block: Block.decode(f[3] as Uint8Array) } };
      }
      case KIND_TIMEOUT: {
        const f = fields(body);
        const step = STEPS[Number(f[3] ?? 0n)];
        if (!step) throw new Error('unknown timeout step');
        return { type: 'event', event: { type: 'timeout', height: f[1] as bigint, round: Number(f[2] ?? 0n), step } };
      }
      case KIND_TXS_AVAILABLE: return { type: 'event', event: { type: 'txsAvailable' } };
      case KIND_START_HEIGHT: {
        const f = fields(body);
        return { type: 'marker', marker: { type: 'startMarker', height: f[1] as bigint, round: Number(f[2] ?? 0n) } };
      }
      case KIND_BLOCK_COMMITTED: return { type: 'committedMarker', height: fields(body)[1] as bigint };
      case KIND_COMMIT_CERTIFICATE: {
        const f = fields(body);
        return { type: 'event', event: { type: 'commitCertificate', block: Block.decode(f[1] as Uint8Array), commit: Commit.decode(f[2] as Uint8Array) } };
      }
      default: throw new Error(`unknown record kind ${bytes[0]}`);
    }
  } catch (err) {
    if (err instanceof ConsensusError) throw err;
    throw corrupt(`undecodable record: ${(err as Error).message}`);
  }
}

/** The height an entry belongs to (undefined for txsAvailable). */
export function entryHeight(e: DecodedEntry): bigint | undefined {
  if (e.type === 'endHeight' || e.type === 'committedMarker') return e.height;
  if (e.type === 'marker') return e.marker.height;
  const ev = e.event;
  switch (ev.type) {
    case 'vote': return ev.vote.height;
    case 'proposal': return ev.proposal.height;
    case 'timeout': return ev.height;
    case 'commitCertificate': return ev.commit.height;
    case 'startHeight': return ev.start.height;
    case 'blockCommitted': return ev.height;
    case 'txsAvailable': return undefined;
  }
}

function withKind(kind: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = kind;
  out.set(body, 1);
  return out;
}

/** Varint fields as bigint, length-delimited ones as bytes (our records use nothing else). */
function fields(body: Uint8Array): Record<number, bigint | Uint8Array> {
  const r = new BinaryReader(body);
  const f: Record<number, bigint | Uint8Array> = {};
  while (r.pos < r.len) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (wire === 0) f[tag >>> 3] = BigInt(r.int64().toString());
    else if (wire === 2) f[tag >>> 3] = r.bytes();
    else throw new Error(`unexpected wire type ${wire}`);
  }
  return f;
}

function corrupt(message: string): ConsensusError {
  return new ConsensusError('WAL_CORRUPT', message);
}
