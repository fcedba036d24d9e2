// CometBFT 0.38 JSON for execution results: events, ExecTxResult, indexed txs, block results,
// validators and pub keys.
import type { AbciEvent, BlockResults, IndexedTx, TxResult } from '../types/abci.js';
import type { ValidatorInfo } from './interface.js';
import { base64, base64OrNull, hexUpper } from './jsonFormat.js';

export function eventsJson(events: readonly AbciEvent[]): Record<string, unknown>[] {
  return events.map((e) => ({
    type: e.type,
    attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index })),
  }));
}

/** ExecTxResult / ResponseCheckTx. */
export function txResultJson(r: TxResult): Record<string, unknown> {
  return {
    code: r.code,
    data: base64OrNull(r.data),
    log: r.log,
    info: r.info,
    gas_wanted: String(r.gasWanted),
    gas_used: String(r.gasUsed),
    events: eventsJson(r.events),
    codespace: r.codespace,
  };
}

/** The `tx` method's result and each entry of `tx_search`. */
export function indexedTxJson(t: IndexedTx, proof?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    hash: hexUpper(t.hash),
    height: String(t.height),
    index: t.index,
    tx_result: txResultJson(t.result),
    tx: base64(t.tx),
  };
  if (proof) out.proof = proof;
  return out;
}

export function blockResultsJson(r: BlockResults): Record<string, unknown> {
  return {
    height: String(r.height),
    txs_results: r.txResults.length > 0 ? r.txResults.map(txResultJson) : null,
    finalize_block_events: eventsJson(r.finalizeBlockEvents),
    validator_updates: [],
    consensus_param_updates: null,
    app_hash: base64(r.appHash),
  };
}

/** ResponseFinalizeBlock as carried by the NewBlock event. */
export function finalizeBlockJson(r: BlockResults): Record<string, unknown> {
  return {
    events: eventsJson(r.finalizeBlockEvents),
    tx_results: r.txResults.map(txResultJson),
    validator_updates: [],
    consensus_param_updates: null,
    app_hash: base64(r.appHash),
  };
}

export const ed25519PubKeyJson = (key: Uint8Array): { type: string; value: string } => ({
  type: 'tendermint/PubKeyEd25519',
  value: base64(key),
});

export function validatorJson(v: ValidatorInfo): Record<string, unknown> {
  return {
    address: hexUpper(v.address),
    pub_key: ed25519PubKeyJson(v.pubKey),
    voting_power: String(v.votingPower),
    proposer_priority: String(v.proposerPriority),
  };
}
