// A Seedcast swarm peer as a benchmark child process: bare libp2p (the node's transport stack),
// bareSwarmContext, a PieceStore in a folder, the real Swarm engine, no chain.
//   swarmPeer pack <input> <storeDir> <pieceBlocks>   packs with a random key+salt, adopts, exits:
//                                                      {"event":"packed","contentId","plainSize","pieceBlocks","ms"}
//   swarmPeer seed <storeDir>                          {"event":"seeding","pid","addrs"}; SIGTERM -> {"event":"exit",...}
//   swarmPeer leech <storeDir> <contentId> <plainSize> <pieceBlocks> <addr,addr,...>
//                                                      {"event":"result","tDone","downloadMBps",...}, then exits
// SWARM_OPTS='{"pipelineBlocks":128}' passes SwarmOptions through (for tuning runs).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Logger } from '../../src/consensus/interface.js';
import { sendBuffers } from '../../src/p2p/sendBuffers.js';
import { PieceStore } from '../../src/storage/pieceStore/index.js';
import { bareSwarmContext } from '../../src/swarm/context.js';
import { contentIdHex, parseContentId } from '../../src/swarm/merkle.js';
import { packFile } from '../../src/swarm/packer.js';
import { Swarm } from '../../src/swarm/swarm.js';
import { countGcs } from './gcCount.js';
import { bareLibp2p, dialAddrs, peerOfAddr } from './swarmNet.js';

const say = (o: object): void => void process.stdout.write(JSON.stringify(o, (_, v) => (typeof v === 'bigint' ? String(v) : v)) + '\n');

// Warnings and errors to stderr (the harness keeps it in <name>.err); debug and info only with SWARM_DEBUG=1.
const line = (level: string) => (msg: string, ctx?: Record<string, unknown>) => console.error(level, msg, JSON.stringify(ctx ?? {}, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
const verbose = process.env.SWARM_DEBUG === '1';
const log: Logger = { debug: verbose ? line('debug') : () => {}, info: verbose ? line('info') : () => {}, warn: line('warn'), error: line('error') };

const gcs = countGcs();
/**
 * From Linux schedstat, in ms: the main thread's time on a core and time runnable but waiting for
 * one, and the time on a core of every other thread (V8's compiler and GC workers, libuv's pool).
 */
function threadsSched(): { runMs: number; waitMs: number; helpersMs: number } {
  const stat = (tid: string): number[] => readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
  try {
    const [run, wait] = stat(String(process.pid));
    let helpers = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      if (tid === String(process.pid)) continue;
      try {
        helpers += stat(tid)[0]!;
      } catch {
        // the thread ended meanwhile
      }
    }
    return { runMs: Math.round(run! / 1e6), waitMs: Math.round(wait! / 1e6), helpersMs: Math.round(helpers / 1e6) };
  } catch {
    return { runMs: NaN, waitMs: NaN, helpersMs: NaN };
  }
}

const swarmOpts = (): object => (process.env.SWARM_OPTS ? (JSON.parse(process.env.SWARM_OPTS) as object) : {});

async function pack(input: string, storeDir: string, pieceBlocks: number): Promise<void> {
  const store = await PieceStore.open(storeDir, { log });
  const t0 = performance.now();
  const staged = await store.stagingDir();
  const { contentId, layout, pieceLayer } = await packFile({ input, outDir: staged, key: randomBytes(32), salt: randomBytes(32), pieceBlocks });
  await store.adoptPacked({ contentId, plainSize: layout.plainSize, pieceBlocks: layout.pieceBlocks, pieceLayer }, staged);
  await store.close();
  say({ event: 'packed', contentId: contentIdHex(contentId), plainSize: layout.plainSize, pieceBlocks: layout.pieceBlocks, ms: performance.now() - t0 });
}

async function peer(storeDir: string) {
  const libp2p = await bareLibp2p();
  const store = await PieceStore.open(storeDir, { log });
  const swarm = await Swarm.start(bareSwarmContext(libp2p, log), store, swarmOpts());
  const stop = async (): Promise<void> => {
    await swarm.stop();
    await store.close();
    await libp2p.stop();
  };
  return { libp2p, store, swarm, stop };
}

async function seed(storeDir: string): Promise<void> {
  const { libp2p, swarm, stop } = await peer(storeDir);
  say({ event: 'seeding', pid: process.pid, addrs: dialAddrs(libp2p) });
  process.once('SIGTERM', () => {
    say({ event: 'exit', ...swarm.stats(), ...gcs(), sendBuffers: sendBuffers.stats() });
    void stop().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}

async function leech(storeDir: string, idHex: string, plainSize: bigint, pieceBlocks: number, addrs: string[]): Promise<void> {
  const { swarm, stop } = await peer(storeDir);
  const providers = addrs.map(peerOfAddr);
  const sched0 = threadsSched();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let tFirstPiece: number | undefined;
  const handle = await swarm.download(parseContentId(idHex), {
    plainSize,
    pieceBlocks,
    providers: async () => providers,
    onProgress: (p) => void (tFirstPiece ??= p.piecesDone > 0 ? performance.now() - t0 : undefined),
  });
  const tDone = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const sched = threadsSched();
  const window = { cpuMs: Math.round((cpu.user + cpu.system) / 1000), mainRunMs: sched.runMs - sched0.runMs, mainWaitMs: sched.waitMs - sched0.waitMs, helperThreadsMs: sched.helpersMs - sched0.helpersMs };
  const mb = Number(plainSize) / 1e6;
  say({ event: 'result', pid: process.pid, tDone, tFirstPiece, downloadMBps: mb / (tDone / 1000), complete: handle.complete, pieces: handle.completePieces, ...swarm.stats(), ...gcs(), window });
  await stop();
  process.exit(0);
}

const [mode, ...args] = process.argv.slice(2);
const run =
  mode === 'pack' ? pack(args[0]!, args[1]!, Number(args[2]))
  : mode === 'seed' ? seed(args[0]!)
  : mode === 'leech' ? leech(args[0]!, args[1]!, BigInt(args[2]!), Number(args[3]), args[4]!.split(','))
  : Promise.reject(new Error(`unknown mode ${mode}`));
run.catch((err: unknown) => {
  say({ event: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  console.error(err);
  process.exit(1);
});
