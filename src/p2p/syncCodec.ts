// seedcast.p2p.v1 Status, BlockRequest, BlockResponse (sync.proto) and TxBatch (tx.proto).
// Hand-written envelopes around cosmjs-types' Block/Commit codecs; decoding is total.
import { BinaryWriter } from 'cosmjs-types/binary';
import { Block } from 'cosmjs-types/tendermint/types/block';
import { Commit } from 'cosmjs-types/tendermint/types/types';
import { decodeTotally } from './decode.js';
import { MAX_TXS_PER_BATCH } from './options.js';

export interface PeerStatus {
  chainId: string;
  height: bigint;
  base: bigint;
}

const MAX_CHAIN_ID_LENGTH = 64;

export function encodeStatus(s: PeerStatus): Uint8Array {
  const w = BinaryWriter.create();
  w.uint32(10).string(s.chainId);
  if (s.height !== 0n) w.uint32(16).int64(s.height);
  if (s.base !== 0n) w.uint32(24).int64(s.base);
  return w.finish();
}

export function decodeStatus(bytes: Uint8Array): PeerStatus {
  return decodeTotally('status', bytes, (r) => {
    const s: PeerStatus = { chainId: '', height: 0n, base: 0n };
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag === 10) s.chainId = r.string();
      else if (tag === 16) s.height = r.int64();
      else if (tag === 24) s.base = r.int64();
      else r.skipType(tag & 7);
    }
    if (s.chainId.length === 0 || s.chainId.length > MAX_CHAIN_ID_LENGTH) throw new Error('chain id missing or too long');
    if (s.height < 0n || s.base < 0n) throw new Error('negative height');
    return s;
  });
}

export function encodeBlockRequest(height: bigint): Uint8Array {
  return BinaryWriter.create().uint32(8).int64(height).finish();
}

export function decodeBlockRequest(bytes: Uint8Array): bigint {
  return decodeTotally('block request', bytes, (r) => {
    let height = 0n;
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag === 8) height = r.int64();
      else r.skipType(tag & 7);
    }
    if (height <= 0n) throw new Error('height must be positive');
    return height;
  });
}

export interface BlockWithCommit {
  block: Block;
  commit: Commit;
}

export function encodeBlockResponse(found: BlockWithCommit | undefined): Uint8Array {
  const w = BinaryWriter.create();
  if (found) {
    Block.encode(found.block, w.uint32(10).fork()).ldelim();
    Commit.encode(found.commit, w.uint32(18).fork()).ldelim();
  }
  return w.finish();
}

export function decodeBlockResponse(bytes: Uint8Array): BlockWithCommit | undefined {
  return decodeTotally('block response', bytes, (r) => {
    let block: Block | undefined;
    let commit: Commit | undefined;
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag === 10) block = Block.decode(r, r.uint32());
      else if (tag === 18) commit = Commit.decode(r, r.uint32());
      else r.skipType(tag & 7);
    }
    if (!block && !commit) return undefined;
    if (!block || !commit) throw new Error('a block needs its commit');
    return { block, commit };
  });
}

export function encodeTxBatch(txs: Uint8Array[]): Uint8Array {
  const w = BinaryWriter.create();
  for (const tx of txs) w.uint32(10).bytes(tx);
  return w.finish();
}

export function decodeTxBatch(bytes: Uint8Array): Uint8Array[] {
  return decodeTotally('tx batch', bytes, (r) => {
    const txs: Uint8Array[] = [];
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag !== 10) throw new Error(`unexpected field tag ${tag}`);
      const tx = r.bytes();
      if (tx.length === 0) throw new Error('empty tx');
      txs.push(tx);
      if (txs.length > MAX_TXS_PER_BATCH) throw new Error(`more than ${MAX_TXS_PER_BATCH} txs`);
    }
    if (txs.length === 0) throw new Error('empty batch');
    return txs;
  });
}
