// bench:feed — live subscriptions at scale: a real single-validator devnet node process, 10,000
// websocket subscribers in two client processes (a creator, a tag, a home feed as an IN list,
// a thread), a stream of new cards, replies and reactions signed with cosmjs; commit-to-delivery
// latency (receive time minus the commit as the probe client saw it) and the node's RSS. The
// same stream to 100 subscribers (CometBFT's default limit) first, as the baseline.
//   npm run bench:feed -- [--subscribers 10000] [--rate 20] [--seconds 15]
import '../src/polyfills.js';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { devnetWallet, ROOT, startDevnetNode, tempHome, latestHeight, type NodeProcess } from '../test/helpers/devnet.js';
import { fundAccounts } from './lib/accounts.js';
import { expectedDeliveries, histogramPercentile, mergeHistograms, queryMix } from './lib/feedQueries.js';
import { Poster, Probe, textCardMsg } from './lib/feedLoad.js';
import { nextMessage } from '../test/helpers/childMessages.js';

const { values } = parseArgs({ options: { subscribers: { type: 'string', default: '10000' }, rate: { type: 'string', default: '20' }, seconds: { type: 'string', default: '15' } } });
const SUBSCRIBERS = Number(values.subscribers);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const BASELINE = 100;
const CREATORS = 20;
const PER_CROWD = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Collected { received: number; histogram: number[]; unknownHeight: number; negative: number; tooSlow: number; otherCloses: number; open: number }

function memoryOf(pid: number): { rss_mib: number; hwm_mib: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss_mib: Math.round(kib('VmRSS') / 1024), hwm_mib: Math.round(kib('VmHWM') / 1024) };
}

/** Starts the devnet node with room for the crowd and the probe (`[rpc] max_ws_clients`, 10,000 by default). */
async function startNode(): Promise<NodeProcess> {
  const home = tempHome('bench-feed');
  const first = await startDevnetNode(home);
  await first.stop();
  const path = join(home, 'config', 'config.toml');
  const toml = readFileSync(path, 'utf8').replace(/^max_ws_clients = \d+$/m, `max_ws_clients = ${SUBSCRIBERS + 200}`);
  writeFileSync(path, toml);
  return startDevnetNode(home, { nodeArgs: process.env.SEEDCAST_NODE_ARGS?.split(' ').filter(Boolean) });
}

async function phase(node: NodeProcess, poster: Poster, probe: Probe, subscribers: number, threads: bigint[]) {
  const queries = queryMix(subscribers, poster.creators, threads);
  const crowds: ChildProcess[] = [];
  const url = node.rpc.replace(/^http/, 'ws') + '/websocket';
  const t0 = Date.now();
  const readies = [];
  for (let i = 0; i < queries.length; i += PER_CROWD) {
    const crowd = fork(join(ROOT, 'bench', 'lib', 'feedCrowd.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, NODE_OPTIONS: '' } });
    crowds.push(crowd);
    readies.push(nextMessage<{ subscribed: number; failed: number; errors: string[] }>(crowd, 'ready', 120_000));
    crowd.send({ type: 'start', url, queries: queries.slice(i, i + PER_CROWD) });
  }
  const ready = await Promise.all(readies);
  const subscribed = ready.reduce((n, r) => n + r.subscribed, 0);
  if (subscribed !== subscribers) throw new Error(`only ${subscribed} of ${subscribers} subscribed: ${ready.flatMap((r) => r.errors).join('; ')}`);
  const connectMs = Date.now() - t0;
  await sleep(1500);

  const fromHeight = (await latestHeight(node.rpc)) + 1;
  const txsBefore = probe.txEvents.length;
  const total = RATE * SECONDS;
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    await poster.next(probe.cards, threads);
  }
  // Wait for the stream to be committed and delivered.
  const deadline = Date.now() + 30_000;
  while (probe.txEvents.length - txsBefore < total && Date.now() < deadline) await sleep(200);
  await sleep(2000);
  const collected = await Promise.all(crowds.map(async (c) => {
    const p = nextMessage<Collected>(c, 'collected', 60_000);
    c.send({ type: 'collect', commitAt: probe.commitAt });
    return p;
  }));
  const memory = memoryOf(node.child.pid!);
  for (const c of crowds) c.send({ type: 'stop' });
  await sleep(1500);

  const hist = mergeHistograms(collected.map((c) => c.histogram));
  const received = collected.reduce((n, c) => n + c.received, 0);
  const owed = expectedDeliveries(queries, probe.eventsFrom(fromHeight));
  return {
    subscribers,
    connect_subscribe_ms: connectMs,
    events: probe.txEvents.length - txsBefore,
    deliveries: received,
    deliveries_owed: owed,
    dropped_too_slow: collected.reduce((n, c) => n + c.tooSlow, 0),
    latency_ms: { p50: histogramPercentile(hist, 50), p99: histogramPercentile(hist, 99), max: histogramPercentile(hist, 100) },
    node_memory_after: memory,
  };
}

async function main() {
  const node = await startNode();
  try {
    const probe = await Probe.open(node.rpc);
    const load = await fundAccounts(node.rpc, await devnetWallet('alice'), CREATORS, 5_000_000n);
    const poster = new Poster(node.rpc, load);
    // Ten thread roots, then the phases.
    for (let i = 0; i < 10; i++) await poster.send(i, textCardMsg(poster.creators[i]!, `thread ${i}`, ['news']));
    while (probe.cards.length < 10) await sleep(200);
    const threads = probe.cards.slice(0, 10);

    const baseline = await phase(node, poster, probe, BASELINE, threads);
    const full = await phase(node, poster, probe, SUBSCRIBERS, threads);
    const memory = memoryOf(node.child.pid!);
    const commitLag = [...probe.headerLagMs].sort((a, b) => a - b);
    const result = {
      bench: 'feed',
      rate_tx_per_s: RATE,
      seconds: SECONDS,
      baseline,
      full,
      p99_ratio_full_to_baseline: Number((full.latency_ms.p99 / Math.max(1, baseline.latency_ms.p99)).toFixed(2)),
      node_rss_peak_mib: memory.hwm_mib,
      block_time_to_probe_commit_ms_p50: Math.round(commitLag[commitLag.length >> 1] ?? NaN),
      targets: { p99_ms: 500, rss_mib: 1024 },
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'feed.json'), JSON.stringify(result, null, 2) + '\n');
    probe.close();
    console.log(
      `bench:feed ${full.subscribers} subscribers: ${full.deliveries}/${full.deliveries_owed} deliveries of ${full.events} events, commit-to-delivery p50 ${full.latency_ms.p50} ms p99 ${full.latency_ms.p99} ms ` +
        `(baseline ${baseline.subscribers}: p50 ${baseline.latency_ms.p50} ms p99 ${baseline.latency_ms.p99} ms; p99 ratio ${result.p99_ratio_full_to_baseline}x); ` +
        `dropped ${full.dropped_too_slow}; node RSS peak ${memory.hwm_mib} MiB; connect+subscribe ${full.connect_subscribe_ms} ms`,
    );
  } finally {
    await node.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
