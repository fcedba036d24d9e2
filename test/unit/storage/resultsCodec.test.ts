// The hand-written result encoders must write exactly the bytes cosmjs-types writes.
import { ExecTxResult, ResponseFinalizeBlock, TxResult as AbciTxResult } from 'cosmjs-types/tendermint/abci/types';
import { decodeBlockResults, decodeIndexedTx, encodeBlockResults, encodeIndexedTx } from '../../../src/storage/resultsCodec.js';
import type { AbciEvent, TxResult } from '../../../src/types/abci.js';
import { hex, utf8 } from './helpers.js';

const events: AbciEvent[] = [
  { type: 'transfer', attributes: [{ key: 'amount', value: '5useed', index: true }, { key: 'memo', value: 'héllo ✓ 🌱'.repeat(20), index: false }] },
  { type: '', attributes: [{ key: '', value: '', index: false }] },
  { type: 'empty', attributes: [] },
  { type: 'ünï', attributes: [{ key: 'ключ', value: '🌱', index: true }] },
];
const results: TxResult[] = [
  { code: 0, codespace: '', log: '', info: '', data: new Uint8Array(0), gasWanted: 0n, gasUsed: 0n, events: [] },
  { code: 5, codespace: 'sdk', log: 'insufficient funds '.repeat(10), info: 'i', data: utf8('d'.repeat(300)), gasWanted: 200_000n, gasUsed: (1n << 62n) + 3n, events },
  { code: 0xffffffff, codespace: '', log: '', info: '', data: new Uint8Array([1]), gasWanted: -1n, gasUsed: -(1n << 63n), events: events.slice(0, 1) },
];
const toExec = (r: TxResult) => ExecTxResult.fromPartial({ ...r });

describe('resultsCodec', () => {
  it('writes TxResult records byte for byte as cosmjs-types', () => {
    for (const [i, result] of results.entries()) {
      for (const [height, index] of [[0n, 0], [1n, 1], [123456789n, 70000 + i]] as const) {
        const tx = { hash: new Uint8Array(32), height, index, tx: i === 0 ? new Uint8Array(0) : utf8('tx'.repeat(100)), result };
        const ours = encodeIndexedTx(tx);
        const theirs = AbciTxResult.encode({ height, index, tx: tx.tx, result: toExec(result) }).finish();
        expect(hex(ours)).toBe(hex(theirs));
        const back = decodeIndexedTx(tx.hash, ours);
        expect(back.result.gasUsed).toBe(result.gasUsed);
        expect(back.result.events).toEqual(result.events);
      }
    }
  });

  it('writes block results byte for byte as cosmjs-types', () => {
    for (const appHash of [new Uint8Array(0), new Uint8Array(32).fill(7)]) {
      const res = { height: 9n, txResults: results, finalizeBlockEvents: events, appHash };
      const ours = encodeBlockResults(res);
      const theirs = ResponseFinalizeBlock.encode(
        ResponseFinalizeBlock.fromPartial({ events, txResults: results.map(toExec), appHash }),
      ).finish();
      expect(hex(ours)).toBe(hex(theirs));
      expect(decodeBlockResults(9n, ours)).toEqual(res);
    }
    expect(encodeBlockResults({ height: 1n, txResults: [], finalizeBlockEvents: [], appHash: new Uint8Array(0) })).toHaveLength(0);
  });

  it('rejects a corrupt record with a clear error', () => {
    expect(() => decodeIndexedTx(new Uint8Array(32), Uint8Array.of(0x22, 0x05, 0x01))).toThrow('STORAGE_CORRUPT_RECORD');
  });
});
