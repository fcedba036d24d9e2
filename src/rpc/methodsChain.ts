// Read-only chain methods: status, health, net_info, abci_info, abci_query, block, block_by_hash,
// block_results, blockchain, commit, validators, genesis.
import { Block as BlockProto } from 'cosmjs-types/tendermint/types/block';
import { internalError } from './errors.js';
import { base64, base64OrNull, blockIdJson, blockJson, commitJson, dateJson, headerJson, hexUpper } from './jsonFormat.js';
import { blockResultsJson, ed25519PubKeyJson, validatorJson } from './jsonResults.js';
import { asBool, asBytes, asInt, asStr, bool, bytes, hex, int, str, type MethodDef } from './methodTypes.js';
import { checkHeight, checkPageInRange, pageOf, perPageOf } from './paging.js';

const P2P_PROTOCOL = '8';
const BLOCK_PROTOCOL = '11';
const BLOCKCHAIN_MAX_METAS = 20n;
const EMPTY_BLOCK_RESULT = { block_id: blockIdJson(undefined), block: null };

export const chainMethods: Record<string, MethodDef> = {
  health: { params: [], run: () => ({}) },

  status: {
    params: [],
    run: (_p, { backend, rpcAddress }) => {
      const s = backend.status();
      return {
        node_info: {
          protocol_version: { p2p: P2P_PROTOCOL, block: BLOCK_PROTOCOL, app: String(backend.abciInfo().appVersion) },
          id: s.nodeId,
          listen_addr: s.listenAddr,
          network: s.network,
          version: s.version,
          channels: '40202122233038606100',
          moniker: s.moniker,
          other: { tx_index: 'on', rpc_address: rpcAddress },
        },
        sync_info: {
          latest_block_hash: hexUpper(s.latestBlockHash),
          latest_app_hash: hexUpper(s.latestAppHash),
          latest_block_height: String(s.latestBlockHeight),
          latest_block_time: dateJson(s.latestBlockTime),
          earliest_block_hash: hexUpper(s.earliestBlockHash),
          earliest_app_hash: hexUpper(s.earliestAppHash),
          earliest_block_height: String(s.earliestBlockHeight),
          earliest_block_time: dateJson(s.earliestBlockTime),
          catching_up: s.catchingUp,
        },
        validator_info: {
          address: hexUpper(s.validator.address),
          pub_key: ed25519PubKeyJson(s.validator.pubKey),
          voting_power: String(s.validator.votingPower),
        },
      };
    },
  },

  net_info: {
    params: [],
    run: (_p, { backend }) => {
      const s = backend.status();
      const peers = backend.peers?.() ?? [];
      return {
        listening: true,
        listeners: [s.listenAddr],
        n_peers: String(peers.length),
        peers: peers.map((p) => ({ node_info: { id: p.id, network: s.network }, latest_block_height: String(p.height), score: p.score })),
      };
    },
  },

  abci_info: {
    params: [],
    run: (_p, { backend }) => {
      const i = backend.abciInfo();
      return {
        response: {
          data: i.data,
          version: i.version,
          app_version: String(i.appVersion),
          last_block_height: String(i.lastBlockHeight),
          last_block_app_hash: base64(i.lastBlockAppHash),
        },
      };
    },
  },

  abci_query: {
    params: [str('path'), hex('data'), int('height'), bool('prove')],
    run: async (p, { backend }) => {
      const height = asInt(p.height);
      if (height !== undefined && height < 0n) throw internalError(`height must be non-negative, got ${height}`);
      const r = await backend.abciQuery(asStr(p.path) ?? '', asBytes(p.data) ?? new Uint8Array(), height === 0n ? undefined : height, asBool(p.prove));
      return {
        response: {
          code: r.code,
          log: r.log,
          info: r.info,
          index: String(r.index),
          key: base64OrNull(r.key),
          value: base64OrNull(r.value),
          proofOps: r.proofOps ? { ops: r.proofOps.map((op) => ({ type: op.type, key: base64(op.key), data: base64(op.data) })) } : null,
          height: String(r.height),
          codespace: r.codespace,
        },
      };
    },
  },

  block: {
    params: [int('height')],
    run: async (p, { backend }) => {
      const found = await backend.block(checkHeight(backend, asInt(p.height)));
      return found ? { block_id: blockIdJson(found.blockId), block: blockJson(found.block) } : EMPTY_BLOCK_RESULT;
    },
  },

  block_by_hash: {
    params: [bytes('hash')],
    run: async (p, { backend }) => {
      const hash = asBytes(p.hash);
      const found = hash ? await backend.blockByHash(hash) : undefined;
      return found ? { block_id: blockIdJson(found.blockId), block: blockJson(found.block) } : EMPTY_BLOCK_RESULT;
    },
  },

  block_results: {
    params: [int('height')],
    run: async (p, { backend }) => {
      const height = checkHeight(backend, asInt(p.height));
      const r = await backend.blockResults(height);
      if (!r) throw internalError(`could not find results for height #${height ?? 'latest'}`);
      return blockResultsJson(r);
    },
  },

  blockchain: {
    params: [int('minHeight'), int('maxHeight')],
    run: async (p, { backend }) => {
      const s = backend.status();
      let min = asInt(p.minHeight) ?? 0n;
      let max = asInt(p.maxHeight) ?? 0n;
      if (min < 0n || max < 0n) throw internalError('heights must be non-negative');
      if (min === 0n) min = 1n;
      if (max === 0n || max > s.latestBlockHeight) max = s.latestBlockHeight;
      if (min < s.earliestBlockHeight) min = s.earliestBlockHeight;
      if (min < max - BLOCKCHAIN_MAX_METAS + 1n) min = max - BLOCKCHAIN_MAX_METAS + 1n;
      if (min > max) throw internalError(`min height ${min} can't be greater than max height ${max}`);
      const metas: unknown[] = [];
      for (let h = max; h >= min; h--) {
        const found = await backend.block(h);
        if (!found) continue;
        metas.push({
          block_id: blockIdJson(found.blockId),
          block_size: String(BlockProto.encode(found.block).finish().length),
          header: headerJson(found.block.header),
          num_txs: String(found.block.data.txs.length),
        });
      }
      return { last_height: String(s.latestBlockHeight), block_metas: metas };
    },
  },

  commit: {
    params: [int('height')],
    run: async (p, { backend }) => {
      const height = checkHeight(backend, asInt(p.height));
      const c = await backend.commit(height);
      if (!c) throw internalError(`could not find commit for height #${height ?? 'latest'}`);
      return { signed_header: { header: headerJson(c.header), commit: commitJson(c.commit) }, canonical: c.canonical };
    },
  },

  validators: {
    params: [int('height'), int('page'), int('per_page')],
    run: async (p, { backend }) => {
      const height = checkHeight(backend, asInt(p.height));
      const set = await backend.validators(height);
      if (!set) throw internalError(`could not find validator set for height #${height ?? 'latest'}`);
      const perPage = perPageOf(asInt(p.per_page));
      const page = pageOf(asInt(p.page));
      checkPageInRange(page, perPage, set.validators.length);
      const slice = set.validators.slice((page - 1) * perPage, page * perPage);
      return {
        block_height: String(set.height),
        validators: slice.map(validatorJson),
        count: String(slice.length),
        total: String(set.validators.length),
      };
    },
  },

  genesis: { params: [], run: (_p, { backend }) => ({ genesis: backend.genesis() }) },
};
