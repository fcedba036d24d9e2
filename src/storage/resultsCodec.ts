// Protobuf encodings of execution results, using CometBFT's own ABCI messages
// (deterministic and bigint-safe): ExecTxResult for a tx, TxResult for an indexed tx,
// ResponseFinalizeBlock for a block's results.
import { ExecTxResult, ResponseFinalizeBlock, TxResult as AbciTxResult, type Event } from 'cosmjs-types/tendermint/abci/types';
import type { AbciEvent, BlockResults, IndexedTx, TxResult } from '../types/abci.js';
import { StorageError } from './errors.js';

const toProtoEvents = (events: AbciEvent[]): Event[] =>
  events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index })) }));

const fromProtoEvents = (events: Event[]): AbciEvent[] =>
  events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index })) }));

function toExec(r: TxResult): ExecTxResult {
  return { code: r.code, data: r.data, log: r.log, info: r.info, gasWanted: r.gasWanted, gasUsed: r.gasUsed, events: toProtoEvents(r.events), codespace: r.codespace };
}

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

export function encodeIndexedTx(tx: IndexedTx): Uint8Array {
  return AbciTxResult.encode({ height: tx.height, index: tx.index, tx: tx.tx, result: toExec(tx.result) }).finish();
}

export function decodeIndexedTx(hash: Uint8Array, bytes: Uint8Array): IndexedTx {
  const r = decodeOrThrow('tx', () => AbciTxResult.decode(bytes));
  return { hash, height: r.height, index: r.index, tx: r.tx, result: fromExec(r.result) };
}

export function encodeBlockResults(res: BlockResults): Uint8Array {
  return ResponseFinalizeBlock.encode({
    events: toProtoEvents(res.finalizeBlockEvents),
    txResults: res.txResults.map(toExec),
    validatorUpdates: [],
    appHash: res.appHash,
  }).finish();
}

export function decodeBlockResults(height: bigint, bytes: Uint8Array): BlockResults {
  const r = decodeOrThrow('block results', () => ResponseFinalizeBlock.decode(bytes));
  return { height, txResults: r.txResults.map(fromExec), finalizeBlockEvents: fromProtoEvents(r.events), appHash: r.appHash };
}
