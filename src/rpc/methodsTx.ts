// Tx methods: tx, tx_search, block_search, broadcast_tx_sync|async|commit, check_tx and the
// mempool counters.
import { txHash } from '../crypto/hash.js';
import type { Query } from '../types/query.js';
import { internalError, invalidParams, QueryParseError } from './errors.js';
import { base64, blockIdJson, blockJson, hexUpper } from './jsonFormat.js';
import { indexedTxJson, txResultJson } from './jsonResults.js';
import { asBool, asBytes, asInt, asStr, bool, bytes, int, str, type MethodDef, type MethodDeps } from './methodTypes.js';
import { checkPageInRange, orderOf, pageOf, perPageOf } from './paging.js';
import { parseQuery } from './query.js';
import { txProofJson } from './txProof.js';
import type { IndexedTx } from '../types/abci.js';

const EMPTY_EXEC_RESULT = { code: 0, data: null, log: '', info: '', gas_wanted: '0', gas_used: '0', events: [], codespace: '' };

// node:crypto: every broadcast hashes its tx.

export function queryParam(text: string | undefined): Query {
  if (text === undefined) throw invalidParams('query: required');
  try {
    return parseQuery(text);
  } catch (err) {
    if (err instanceof QueryParseError) throw invalidParams(`query: ${err.message}`);
    throw err;
  }
}

function requireTx(v: unknown): Uint8Array {
  const tx = asBytes(v);
  if (!tx || tx.length === 0) throw invalidParams('tx: required, non-empty bytes');
  return tx;
}

async function withProof(t: IndexedTx, prove: boolean, deps: MethodDeps): Promise<Record<string, unknown>> {
  if (!prove) return indexedTxJson(t);
  const found = await deps.backend.block(t.height);
  if (!found || t.index >= found.block.data.txs.length) throw internalError(`block ${t.height} of tx ${hexUpper(t.hash)} not found`);
  return indexedTxJson(t, txProofJson(found.block.data.txs, t.index));
}

/** ResultBroadcastTx; CometBFT types its data as HexBytes. */
function broadcastResultJson(r: { code: number; data: Uint8Array; log: string; codespace: string }, hash: Uint8Array) {
  return { code: r.code, data: hexUpper(r.data), log: r.log, codespace: r.codespace, hash: hexUpper(hash) };
}

export const txMethods: Record<string, MethodDef> = {
  tx: {
    params: [bytes('hash'), bool('prove')],
    run: async (p, deps) => {
      const hash = asBytes(p.hash);
      if (!hash || hash.length !== 32) throw invalidParams('hash: required, 32 bytes');
      const t = await deps.backend.tx(hash);
      if (!t) throw internalError(`tx (${hexUpper(hash)}) not found`);
      return withProof(t, asBool(p.prove), deps);
    },
  },

  tx_search: {
    params: [str('query'), bool('prove'), int('page'), int('per_page'), str('order_by')],
    run: async (p, deps) => {
      const query = queryParam(asStr(p.query));
      const perPage = perPageOf(asInt(p.per_page));
      const page = pageOf(asInt(p.page));
      const orderBy = orderOf(asStr(p.order_by));
      const { txs, total } = await deps.backend.txSearch(query, { page, perPage, orderBy });
      checkPageInRange(page, perPage, total);
      const prove = asBool(p.prove);
      const out = [];
      for (const t of txs) out.push(await withProof(t, prove, deps));
      return { txs: out, total_count: String(total) };
    },
  },

  block_search: {
    params: [str('query'), int('page'), int('per_page'), str('order_by')],
    run: async (p, { backend }) => {
      const query = queryParam(asStr(p.query));
      const perPage = perPageOf(asInt(p.per_page));
      const page = pageOf(asInt(p.page));
      const orderBy = orderOf(asStr(p.order_by));
      const { heights, total } = await backend.blockSearch(query, { page, perPage, orderBy });
      checkPageInRange(page, perPage, total);
      const blocks = [];
      for (const h of heights) {
        const found = await backend.block(h);
        if (found) blocks.push({ block_id: blockIdJson(found.blockId), block: blockJson(found.block) });
      }
      return { blocks, total_count: String(total) };
    },
  },

  check_tx: {
    params: [bytes('tx')],
    run: async (p, { backend }) => txResultJson(await backend.checkTx(requireTx(p.tx))),
  },

  broadcast_tx_async: {
    params: [bytes('tx')],
    run: (p, { backend }) => {
      const tx = requireTx(p.tx);
      // As CometBFT: answer at once; the outcome shows up in the mempool or not at all.
      backend.broadcastTx(tx).catch(() => undefined);
      return { code: 0, data: '', log: '', codespace: '', hash: hexUpper(txHash(tx)) };
    },
  },

  broadcast_tx_sync: {
    params: [bytes('tx')],
    run: async (p, { backend }) => {
      const tx = requireTx(p.tx);
      // A CheckTx failure is a result with a non-zero code; a refusal (already in cache, full) throws.
      return broadcastResultJson(await backend.broadcastTx(tx), txHash(tx));
    },
  },

  broadcast_tx_commit: {
    params: [bytes('tx')],
    run: async (p, deps) => {
      const tx = requireTx(p.tx);
      const hash = txHash(tx);
      const waiter = deps.txWaiters.wait(hash, deps.timeoutBroadcastTxCommitMs);
      let check;
      try {
        check = await deps.backend.broadcastTx(tx);
      } catch (err) {
        waiter.cancel();
        throw err;
      }
      if (check.code !== 0) {
        waiter.cancel();
        return { check_tx: txResultJson(check), tx_result: EMPTY_EXEC_RESULT, hash: hexUpper(hash), height: '0' };
      }
      const committed = await waiter.promise;
      return {
        check_tx: txResultJson(check),
        tx_result: txResultJson(committed.result),
        hash: hexUpper(hash),
        height: String(committed.height),
      };
    },
  },

  num_unconfirmed_txs: {
    params: [],
    run: (_p, { backend }) => {
      const n = backend.numUnconfirmedTxs();
      return { n_txs: String(n.count), total: String(n.total), total_bytes: String(n.totalBytes), txs: null };
    },
  },

  unconfirmed_txs: {
    params: [int('limit')],
    run: (p, { backend }) => {
      const n = backend.numUnconfirmedTxs();
      const txs = backend.unconfirmedTxs(perPageOf(asInt(p.limit)));
      return { n_txs: String(txs.length), total: String(n.total), total_bytes: String(n.totalBytes), txs: txs.map((t) => base64(t)) };
    },
  },
};
