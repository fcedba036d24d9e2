// bench:keys — key requests one agent serves per second and their p50/p99 latency, over real
// libp2p on 127.0.0.1 in one process: (a) one creator agent answering with K; (b) threshold
// custody, t = 3 of 4 agents, one full obtainContentKey (4 requests, 3 shares combined and
// checked) per sample. Baselines in the same run: raw libp2p request/response of the same frame
// sizes with no crypto (transport ceiling) and the per-request crypto alone on one thread
// (crypto ceiling). Requests are signed before the clock starts; the agents' rate limits are
// raised (BENCH_AGENT_OPTIONS) so the run measures serving. Prints one summary line; writes
// bench/results/keys.json.
//   npx tsx bench/keys.ts [--licenses 2000] [--clients 4] [--concurrency 64] [--samples 6000]
//                         [--threshold-samples 1500] [--threshold-concurrency 16] [--verify-threads 1]
import '../src/polyfills.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KeyRequest, KeyResponse } from '../src/codec/seedcast/keys.js';
import { sealTo } from '../src/crypto/ecies.js';
import { licenseKey } from '../src/crypto/contentKeys.js';
import { VerifyPool } from '../src/crypto/verifyPool.js';
import { obtainContentKey, requestKey } from '../src/keyagent/client.js';
import { bundleContext } from '../src/keyagent/constants.js';
import { KeyBundle } from '../src/codec/seedcast/keys.js';
import { cryptoCeiling, rawPipelined, rawRequestResponse } from './lib/keysBaselines.js';
import { closedLoop } from './lib/keysLoad.js';
import { BENCH_AGENT_OPTIONS, benchRequest, HEIGHT, startKeysWorld } from './lib/keysWorld.js';

const { values } = parseArgs({
  options: {
    licenses: { type: 'string', default: '2000' },
    clients: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '64' },
    samples: { type: 'string', default: '6000' },
    'threshold-samples': { type: 'string', default: '1500' },
    'threshold-concurrency': { type: 'string', default: '16' },
    'verify-threads': { type: 'string', default: '1' },
    'latency-concurrency': { type: 'string', default: '16' },
  },
});
const LICENSES = Number(values.licenses);
const CLIENTS = Number(values.clients);
const CONCURRENCY = Number(values.concurrency);
const SAMPLES = Number(values.samples);
const T_SAMPLES = Number(values['threshold-samples']);
const T_CONCURRENCY = Number(values['threshold-concurrency']);
const LAT_CONCURRENCY = Number(values['latency-concurrency']);
const VERIFY_THREADS = Number(values['verify-threads']);
const WARMUP = 500;
const r2 = (x: number): number => Math.round(x * 100) / 100;
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

async function main(): Promise<void> {
  const pool = VERIFY_THREADS > 0 ? VerifyPool.create(VERIFY_THREADS) : undefined;
  const w = await startKeysWorld(LICENSES, CLIENTS, pool ? (items) => pool.verify(items) : undefined);
  try {
    const creator = w.creator.addrs[0]!;
    const custodyAgents = w.custody.addrs;
    for (const c of w.clients) for (const a of [creator, ...custodyAgents]) await c.dial(w.creator.hosts.concat(w.custody.hosts).find((h) => h.peerId.toString() === a.peerId)!.getMultiaddrs());

    const tSign = performance.now();
    const single = Array.from({ length: WARMUP + 2 * SAMPLES }, (_, i) => benchRequest(w, i, creator.peerId));
    const threshold = Array.from({ length: 100 + T_SAMPLES }, (_, i) => new Map(custodyAgents.map((a) => [a.peerId, benchRequest(w, i, a.peerId)])));
    const signSeconds = (performance.now() - tSign) / 1000;
    const signed = single.length + threshold.length * custodyAgents.length;

    const ask = (i: number, worker: number) => async (): Promise<void> => {
      const bundle = await requestKey(w.clients[worker % CLIENTS]!, creator, single[i]!, w.receiver.privateKey);
      if (!same(bundle.contentKey!, w.key)) throw new Error('wrong key');
    };
    await closedLoop(WARMUP, CONCURRENCY, (i, worker) => ask(i, worker)());
    const one = await closedLoop(SAMPLES, CONCURRENCY, (i, worker) => ask(WARMUP + i, worker)());
    const oneLow = await closedLoop(SAMPLES, LAT_CONCURRENCY, (i, worker) => ask(WARMUP + SAMPLES + i, worker)());

    const obtain = (i: number, worker: number) => async (): Promise<void> => {
      const l = w.licenses[i % w.licenses.length]!.info;
      const got = await obtainContentKey({
        libp2p: w.clients[worker % CLIENTS]!,
        contentId: w.contentId,
        licenseId: l.id,
        requests: threshold[i]!,
        creatorAgents: [],
        custody: { threshold: w.custody.threshold, keyCheck: w.keyCheck, agents: custodyAgents },
        receiverPriv: w.receiver.privateKey,
      });
      if (!same(got.contentKey, w.key)) throw new Error('wrong key');
    };
    await closedLoop(100, T_CONCURRENCY, (i, worker) => obtain(i, worker)());
    const thr = await closedLoop(T_SAMPLES, T_CONCURRENCY, (i, worker) => obtain(100 + i, worker)());

    // Same frame sizes as a real exchange: the request, and a sealed bundle carrying K.
    const probe = single[0]!;
    const bundle: KeyBundle = { contentId: w.contentId, licenseId: probe.licenseId, licenseNumber: probe.licenseId, owner: w.licenses[0]!.info.owner, height: HEIGHT, contentKey: w.key, mark: licenseKey(new Uint8Array(32), w.contentId, 1n) };
    const requestBytes = KeyRequest.encode(probe).length;
    const responseBytes = KeyResponse.encode({ sealedBundle: sealTo(w.receiver.publicKey, KeyBundle.encode(bundle), bundleContext(probe.licenseId)) }).length;
    const raw = await rawPipelined(w.creator.hosts[0]!, w.clients, requestBytes, responseBytes, SAMPLES, CONCURRENCY);
    const rawPerStream = await rawRequestResponse(w.creator.hosts[0]!, w.clients, requestBytes, responseBytes, SAMPLES, CONCURRENCY);
    const crypto = cryptoCeiling(single.slice(0, 3000), bundle, w.receiver);

    const stats = { creator: w.creator.agents[0]!.stats(), custody: w.custody.agents.map((a) => a.stats()) };
    const result = {
      bench: 'keys',
      at: new Date().toISOString(),
      setup: {
        licenses: LICENSES, clients: CLIENTS, concurrency: CONCURRENCY, samples: SAMPLES,
        thresholdSamples: T_SAMPLES, thresholdConcurrency: T_CONCURRENCY, custody: '3 of 4',
        verifyThreads: VERIFY_THREADS,
        process: 'one process: agents, clients and the owners\' signing (done before timing) share one thread',
        rateLimits: 'raised for the bench', agentOptions: { ...BENCH_AGENT_OPTIONS },
        requestBytes, responseBytes, signedRequests: signed, signPerSec: Math.round(signed / signSeconds),
      },
      oneAgent: one,
      oneAgentLowConcurrency: { ...oneLow, concurrency: LAT_CONCURRENCY },
      threshold3of4: { ...thr, note: 'per sample: one obtainContentKey = 4 requests in parallel, 3 shares combined and checked against the key check' },
      rawLibp2p: raw,
      rawLibp2pStreamPerRequest: rawPerStream,
      cryptoCeiling: crypto,
      ratios: { oneAgentVsRawLibp2p: r2(one.perSec / raw.perSec), oneAgentVsCrypto: r2(one.perSec / crypto.perSec) },
      target: {
        perSec: 1000,
        p99Ms: 50,
        metAt64: one.perSec >= 1000 && one.p99Ms <= 50 && one.failures === 0,
        metAtLow: oneLow.perSec >= 1000 && oneLow.p99Ms <= 50 && oneLow.failures === 0,
      },
      agentStats: stats,
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/keys.json', JSON.stringify(result, null, 2) + '\n');
    console.log(
      `bench:keys one agent ${one.perSec} req/s p50 ${one.p50Ms} ms p99 ${one.p99Ms} ms at ${CONCURRENCY} in flight, ` +
        `${oneLow.perSec} req/s p50 ${oneLow.p50Ms} ms p99 ${oneLow.p99Ms} ms at ${LAT_CONCURRENCY} (target >= 1000 req/s and p99 <= 50 ms: ${result.target.metAt64 ? 'met' : 'not met'} at ${CONCURRENCY}, ${result.target.metAtLow ? 'met' : 'not met'} at ${LAT_CONCURRENCY}); ` +
        `t=3 of 4 ${thr.perSec} keys/s p50 ${thr.p50Ms} ms p99 ${thr.p99Ms} ms at ${T_CONCURRENCY} in flight; ` +
        `raw libp2p pipelined ${raw.perSec} req/s (agent ${result.ratios.oneAgentVsRawLibp2p}x), stream per request ${rawPerStream.perSec} req/s; crypto alone ${crypto.perSec} req/s (agent ${result.ratios.oneAgentVsCrypto}x); ` +
        `failures ${one.failures + thr.failures}; signatures ${VERIFY_THREADS > 0 ? `on ${VERIFY_THREADS} verify thread(s)` : 'inline'}; rate limits raised for the bench`,
    );
  } finally {
    await w.stop();
    await pool?.close();
  }
}

await main();
