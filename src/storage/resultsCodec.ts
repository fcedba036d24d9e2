// Protobuf encodings of execution results, using CometBFT's own ABCI messages
// (deterministic and bigint-safe): ExecTxResult for a tx, TxResult for an indexed tx,
// ResponseFinalizeBlock for a block's results. Encoding is by hand (protoWriter.ts: hot, once
// per tx per block), decoding through cosmjs-types.
import { ResponseFinalizeBlock, TxResult as AbciTxResult, type Event, type ExecTxResult } from 'cosmjs-types/tendermint/abci/types';
import type { AbciEvent, BlockResults, IndexedTx, TxResult } from '../types/abci.js';
import { StorageError } from './errors.js';
import { bigVarintLen, eventLen, execTxResultBytes, fieldLen, int64Bits, ProtoWriter, varintLen, writeEvent } from './protoWriter.js';

const fromProtoEvents = (events: Event[]): AbciEvent[] =>
  events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index })) }));

function fromExec(r: ExecTxResult): TxResult {
  return { code: r.code, codespace: r.codespace, log: r.log, info: r.info, data: r.data, gasWanted: r.gasWanted, gasUsed: r.gasUsed, events: fromProtoEvents(r.events) };
}

function decodeOrThrow<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new StorageError('STORAGE_CORRUPT_RECORD', `cannot decode stored ${what}: ${(err as Error).message}`);
  }
}

/** TxResult{height, index, tx, result}: written by hand (protoWriter.ts), same bytes as cosmjs-types. */
export function encodeIndexedTx(tx: IndexedTx): Uint8Array {
  const height = int64Bits(tx.height);
  const exec = execTxResultBytes(tx.result);
  const size =
    (tx.height !== 0n ? 1 + bigVarintLen(height) : 0) + (tx.index !== 0 ? 1 + varintLen(tx.index) : 0) + (tx.tx.length ? fieldLen(tx.tx.length) : 0) + fieldLen(exec.length);
  const w = new ProtoWriter(size);
  if (tx.height !== 0n) {
    w.byte(8);
    w.bigVarint(height);
  }
  if (tx.index !== 0) {
    w.byte(16);
    w.varint(tx.index);
  }
  if (tx.tx.length) w.bytes(26, tx.tx);
  w.bytes(34, exec);
  return w.finish();
}

export function decodeIndexedTx(hash: Uint8Array, bytes: Uint8Array): IndexedTx {
  const r = decodeOrThrow('tx', () => AbciTxResult.decode(bytes));
  return { hash, height: r.height, index: r.index, tx: r.tx, result: fromExec(r.result) };
}

/** ResponseFinalizeBlock{events, tx_results, app_hash}: by hand, same bytes as cosmjs-types. */
export function encodeBlockResults(res: BlockResults): Uint8Array {
  const eventLens = res.finalizeBlockEvents.map(eventLen);
  const execs = res.txResults.map(execTxResultBytes);
  let size = res.appHash.length ? fieldLen(res.appHash.length) : 0;
  for (const n of eventLens) size += fieldLen(n);
  for (const b of execs) size += fieldLen(b.length);
  const w = new ProtoWriter(size);
  res.finalizeBlockEvents.forEach((e, i) => {
    w.byte(10);
    w.varint(eventLens[i]!);
    writeEvent(w, e);
  });
  for (const b of execs) w.bytes(18, b);
  if (res.appHash.length) w.bytes(42, res.appHash);
  return w.finish();
}

export function decodeBlockResults(height: bigint, bytes: Uint8Array): BlockResults {
  const r = decodeOrThrow('block results', () => ResponseFinalizeBlock.decode(bytes));
  return { height, txResults: r.txResults.map(fromExec), finalizeBlockEvents: fromProtoEvents(r.events), appHash: r.appHash };
}
