// CometBFT's LastResultsHash: the merkle root of each tx result's deterministic fields
// (code, data, gas_wanted, gas_used), so a light client can prove a tx's outcome.
import { ExecTxResult } from 'cosmjs-types/tendermint/abci/types';
import { merkleRoot } from '../consensus/merkle.js';
import type { TxResult } from '../types/abci.js';

export function lastResultsHash(results: TxResult[]): Uint8Array {
  return merkleRoot(
    results.map((r) =>
      ExecTxResult.encode(ExecTxResult.fromPartial({ code: r.code, data: r.data, gasWanted: r.gasWanted, gasUsed: r.gasUsed })).finish(),
    ),
  );
}
