// Wiring and lifecycle of a node: stores, application, mempool, consensus, RPC, the content swarm and
// the local admin API. The only place that knows all the parts; it starts them in order and stops them in reverse.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import '../polyfills.js';
import { decodeChainState, encodeChainState, genesisFromJson, stateFromGenesis, type ChainState } from '../consensus/chainState.js';
import { ConsensusDriver } from '../consensus/driver.js';
import { FilePrivValidator, loadPrivValidatorKey } from '../consensus/privval.js';
import { addressFromPubKey } from '../consensus/signBytes.js';
import { VerifyPool } from '../crypto/verifyPool.js';
import { verifySecp256k1 } from '../crypto/secp256k1.js';
import { Mempool } from '../mempool/mempool.js';
import { RpcServer } from '../rpc/httpServer.js';
import { App } from '../state/app.js';
import { reconcileGenesisValidators } from '../state/modules/staking/genesisCheck.js';
import { SigVerifier } from '../state/sigCache.js';
import { BlockStore } from '../storage/blockStore.js';
import { Db } from '../storage/db.js';
import { StateStore } from '../storage/state/index.js';
import { TxIndex } from '../storage/txIndex.js';
import type { NodeConfig } from './config.js';
import { anteTxDecoder } from './txDecoder.js';
import { consensusLogger } from './logger.js';
import { EventBus } from './eventBus.js';
import { BlockExecutor } from './executor.js';
import { NodeRpcBackend } from './rpcBackend.js';
import { startNetwork } from './network.js';
import { FileWal } from '../consensus/wal.js';
import { ContentVault } from '../keys/contentVault.js';
import { PieceStore } from '../storage/pieceStore/index.js';
import { Swarm } from '../swarm/swarm.js';
import { ADMIN_FILE, AdminServer } from './admin/server.js';
import { AGENT_KEY_FILE, loadOrCreateAgentKey } from '../keys/agentKey.js';
import { keyQueries } from './keyQueries.js';
import { KeyService } from './keyService.js';
import { contentQueries, type AbciQuery } from './contentQueries.js';
import { ContentService } from './contentService.js';
import { corruptServedBlocks } from './testFaults.js';

export interface RunningNode {
  rpcPort: number;
  stop(): Promise<void>;
  /** Resolves if consensus halts (block execution or storage failed): the node must exit. */
  halted: Promise<Error>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** Signature verification threads (0 = verify on the main thread only). */
  verifyThreads?: number;
}

export async function startNode(cfg: NodeConfig, opts: StartOptions = {}): Promise<RunningNode> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const genesisDoc = JSON.parse(readFileSync(cfg.paths.genesis, 'utf8'));
  const consensusGenesis = genesisFromJson(genesisDoc);
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s();
  };

  try {
    const db = await Db.open(join(cfg.paths.data, 'seedcast.db'));
    stops.push(() => db.close());
    const state = await StateStore.load(db);
    const blocks = await BlockStore.load(db);
    const txIndex = new TxIndex(db);
    const events = new EventBus((err) => log(`event listener failed: ${(err as Error).message}`));

    // Two verify threads by default: under load a lone node's main thread would otherwise wait on
    // verification (bench:tx 1,200 -> 1,500 tx/s with a second thread). Where nodes share the
    // cores (`seedcast testnet`), handing each batch to a thread costs more than the check itself.
    const threads = opts.verifyThreads ?? cfg.mempool.verifyThreads;
    const pool = threads > 0 ? VerifyPool.create(threads) : undefined;
    if (pool) stops.push(() => pool.close());
    const verifier = new SigVerifier(
      (i) => verifySecp256k1(i.pubkey, i.message, i.signature),
      pool ? (items) => pool.verify(items) : undefined,
    );

    const decodeTx = anteTxDecoder(cfg.mempool.maxTxBytes);
    const stored = blocks.loadChainState();
    const restored = stored ? decodeChainState(stored) : undefined;
    const lastBlock = restored
      ? { chainId: restored.chainId, height: restored.lastBlockHeight, timeMs: restored.lastBlockTime }
      : { chainId: consensusGenesis.chainId, height: consensusGenesis.initialHeight - 1n, timeMs: consensusGenesis.genesisTimeMs };
    const app = new App({ chainId: lastBlock.chainId, minGasPrice: cfg.minGasPrices, verifier, decodeTx }, state, lastBlock);

    let chainState: ChainState;
    if (restored) chainState = restored;
    else {
      // First start: write the genesis state and the chain state that commits to it, atomically.
      // The validators consensus starts with must be the ones the staking genesis bonds.
      const init = app.initChain(genesisDoc.app_state ?? {});
      const genesisSet = reconcileGenesisValidators(consensusGenesis.validators, init.validators);
      if (genesisSet.static) log('genesis: app_state.staking bonds no validators; using genesis.json validators as a fixed set');
      const batch = db.batch();
      const staged = state.stage(lastBlock.height, init.changes, batch);
      chainState = stateFromGenesis({ ...consensusGenesis, validators: genesisSet.validators, appHash: staged.root });
      blocks.saveChainState(encodeChainState(chainState), batch);
      await batch.write();
      state.applyStaged(staged);
      log(`initialised chain ${chainState.chainId} from genesis, app hash ${Buffer.from(staged.root).toString('hex').toUpperCase()}`);
    }

    const mempool = new Mempool(cfg.mempool, app);
    const executor = new BlockExecutor({ db, app, mempool, state, blocks, txIndex, events, maxBlockGas: () => chainState.consensusParams.blockMaxGas });
    const consensusLog = consensusLogger(log, process.env.SEEDCAST_LOG === 'debug');
    const network = await startNetwork(cfg, {
      chainId: chainState.chainId,
      maxBlockBytes: Number(chainState.consensusParams.blockMaxBytes),
      blocks,
      mempool,
      log: consensusLog,
    });
    stops.push(() => network.host.stop());
    // The content swarm: the piece store serves every complete content it holds to any peer.
    const store = await PieceStore.open(join(cfg.paths.data, 'pieces'));
    stops.push(() => store.close());
    if (cfg.test.corruptPieces) corruptServedBlocks();
    const swarm = await Swarm.start(network.host.swarmContext(), store, { maxUploadSlots: cfg.swarm.maxUploadSlots, uploadRateBytesPerSec: cfg.swarm.uploadRateLimit });
    stops.push(() => swarm.stop());
    const wal = FileWal.open(join(cfg.paths.data, 'cs.wal'));
    stops.push(() => wal.close());
    const privval = new FilePrivValidator(loadPrivValidatorKey(cfg.paths.privValidatorKey), cfg.paths.privValidatorState);
    const driver = new ConsensusDriver(
      {
        timeoutProposeMs: cfg.consensus.timeoutProposeMs,
        timeoutPrevoteMs: cfg.consensus.timeoutPrevoteMs,
        timeoutPrecommitMs: cfg.consensus.timeoutPrecommitMs,
        timeoutCommitMs: cfg.consensus.timeoutCommitMs,
        createEmptyBlocks: cfg.consensus.createEmptyBlocks,
        equivocate: cfg.test.equivocate,
      },
      {
        state: chainState,
        lastCommit: chainState.lastBlockHeight > 0n ? await blocks.loadSeenCommit(chainState.lastBlockHeight) : undefined,
        privval,
        executor,
        clock: () => BigInt(Date.now()), // timestamps and timer pacing only; consensus decisions never read it
        logger: consensusLog,
        transport: network.host.transport,
        blockSource: network.host.blockSource,
        wal,
      },
    );
    const halted = new Promise<Error>((resolve) => driver.onHalt(resolve));
    driver.onCommit((next) => {
      chainState = next;
    });
    mempool.onTxsAvailable(() => driver.notifyTxsAvailable());

    const nodeKey = JSON.parse(readFileSync(cfg.paths.nodeKey, 'utf8'));
    const nodePub = Buffer.from(nodeKey.priv_key.value, 'base64').subarray(32);
    const backend = new NodeRpcBackend({
      app,
      mempool,
      state,
      blocks,
      txIndex,
      events,
      genesis: genesisDoc,
      chainState: () => chainState,
      submitTx: network.submitTx,
      catchingUp: () => driver.syncing,
      peers: () => network.host.peers(),
      node: {
        id: Buffer.from(addressFromPubKey(nodePub)).toString('hex'),
        listenAddr: network.host.multiaddrs()[0] ?? cfg.p2p.laddr,
        moniker: cfg.moniker,
        validatorAddress: privval.address,
        validatorPubKey: privval.pubKey,
      },
    });
    const rpc = new RpcServer(
      {
        laddr: cfg.rpc.laddr,
        maxBodyBytes: cfg.rpc.maxBodyBytes,
        maxSubscriptionsPerClient: cfg.rpc.maxSubscriptionsPerClient,
        maxOpenConnections: cfg.rpc.maxOpenConnections,
        // Websocket subscribers are counted apart from HTTP connections (10,000 by default).
        maxClients: cfg.rpc.maxWsClients,
        timeoutBroadcastTxCommitMs: cfg.rpc.timeoutBroadcastTxCommitMs,
      },
      backend,
    );
    await rpc.start();
    stops.push(() => rpc.close());

    const abciQuery: AbciQuery = (path, data) => backend.abciQuery(path, data, undefined, false);
    const queries = contentQueries(abciQuery, network.host.peerId);
    // Two vaults under one vault key: master secrets of what this node's operator created, and
    // content keys obtained for license holders.
    const vaultKeyPath = join(dirname(cfg.paths.config), 'content_vault_key');
    const masters = new ContentVault(vaultKeyPath, join(cfg.paths.data, 'content_keys'));
    const agentKey = loadOrCreateAgentKey(join(dirname(cfg.paths.config), AGENT_KEY_FILE));
    const keys = new KeyService({
      libp2p: network.host.swarmContext().libp2p,
      log: consensusLog,
      chainId: chainState.chainId,
      ownPeerId: network.host.peerId,
      latestHeight: () => chainState.lastBlockHeight,
      chain: keyQueries(abciQuery),
      cardByContent: queries.cardByContent,
      providers: queries.providers,
      masters,
      bought: new ContentVault(vaultKeyPath, join(cfg.paths.data, 'license_keys')),
      agentKey,
      ...(pool ? { verifyBatch: (items) => pool.verify(items) } : {}),
    });
    await keys.start();
    stops.push(() => keys.stop());
    const content = new ContentService({ store, swarm, vault: masters, keys, cardByContent: queries.cardByContent, providers: queries.providers, log });
    const admin = new AdminServer(join(cfg.paths.data, ADMIN_FILE), {
      status: async () => {
        const t = swarm.stats();
        return {
          peer_id: network.host.peerId, addrs: network.host.multiaddrs(), rpc: `http://127.0.0.1:${rpc.port}`, agent_x25519: Buffer.from(agentKey.publicKey).toString('base64'),
          contents: content.list(), swarm: { uploaded_bytes: t.uploadedBytes, downloaded_bytes: t.downloadedBytes, sessions: t.sessions, banned: t.banned }, key_agent: keys.stats(),
        };
      },
      'key-params': (body) => content.keyParams(body),
      publish: (body, progress) => content.publish(body, progress),
      discard: (body) => content.discard(body),
      seed: (body, progress) => content.seed(body, progress),
      fetch: (body, progress) => content.fetch(body, progress),
    }, log);
    await admin.start();
    stops.push(() => admin.close());

    await driver.start();
    stops.push(() => driver.stop());
    content.resumeDownloads();
    log(`seedcast node up: chain ${chainState.chainId}, height ${chainState.lastBlockHeight}, RPC http://127.0.0.1:${rpc.port}, P2P ${network.host.multiaddrs().join(' ')}`);

    let stopping: Promise<void> | undefined;
    return {
      rpcPort: rpc.port,
      stop: () => (stopping ??= stopAll()),
      halted,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

