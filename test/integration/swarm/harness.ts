// In-process swarm peers for tests: bare libp2p (TCP + noise + yamux on 127.0.0.1), a
// bareSwarmContext, a PieceStore in a temp dir and the real Swarm engine.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Libp2p } from '@libp2p/interface';
import { type Logger, silentLogger } from '../../../src/consensus/interface.js';
import { bareLibp2p } from '../../../src/p2p/stack.js';
import { PieceStore } from '../../../src/storage/pieceStore/index.js';
import { bareSwarmContext, type SwarmContext } from '../../../src/swarm/context.js';
import { BLOCK_BYTES } from '../../../src/swarm/layout.js';
import { packFile, type PackResult } from '../../../src/swarm/packer.js';
import { Swarm, type SwarmOptions } from '../../../src/swarm/swarm.js';

export const FAST: Partial<SwarmOptions> = { rechokeMs: 300, optimisticUnchokeMs: 600, requestTimeoutMs: 1500, stallTimeoutMs: 5000 };

export const tmpDirs: string[] = [];
export function tempDir(prefix = 'seedcast-swarm-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
}
export function cleanTempDirs(): void {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const bareNode = (): Promise<Libp2p> => bareLibp2p();

export interface Peer {
  libp2p: Libp2p;
  ctx: SwarmContext;
  store: PieceStore;
  swarm: Swarm;
  dir: string;
  id: string;
  warnings: string[];
  stop(): Promise<void>;
}

export async function startPeer(opts: Partial<SwarmOptions> = {}, dir = tempDir()): Promise<Peer> {
  const libp2p = await bareNode();
  const warnings: string[] = [];
  const log: Logger = { ...silentLogger, warn: (msg, c) => void warnings.push(`${msg} ${JSON.stringify(c ?? {})}`) };
  const ctx = bareSwarmContext(libp2p, log, 60_000);
  const store = await PieceStore.open(dir);
  const swarm = await Swarm.start(ctx, store, { ...FAST, ...opts });
  let stopped = false;
  return {
    libp2p,
    ctx,
    store,
    swarm,
    dir,
    id: libp2p.peerId.toString(),
    warnings,
    async stop() {
      if (stopped) return;
      stopped = true;
      await swarm.stop();
      await store.close();
      await libp2p.stop();
    },
  };
}

export async function connect(a: Peer, b: Peer): Promise<void> {
  await a.libp2p.dial(b.libp2p.getMultiaddrs()[0]!);
}

/** The peers as provider records (id and listen addresses), as a download's `providers` returns them. */
export function providerRecords(...peers: Peer[]): { peerId: string; addrs: string[] }[] {
  return peers.map((p) => ({ peerId: p.id, addrs: p.libp2p.getMultiaddrs().map(String) }));
}

/** Packs `bytes` random bytes into the peer's store; returns the pack result and the plaintext file. */
export async function seedRandom(p: Peer, bytes: number, pieceBlocks = 16): Promise<PackResult & { input: string }> {
  const input = join(tempDir(), 'input.bin');
  writeFileSync(input, randomBytes(bytes));
  return seedFile(p, input, pieceBlocks);
}

export async function seedFile(p: Peer, input: string, pieceBlocks = 16): Promise<PackResult & { input: string }> {
  const staged = await p.store.stagingDir();
  const r = await packFile({ input, outDir: staged, key: randomBytes(32), salt: randomBytes(32), pieceBlocks });
  await p.store.adoptPacked({ contentId: r.contentId, plainSize: r.layout.plainSize, pieceBlocks: r.layout.pieceBlocks, pieceLayer: r.pieceLayer }, staged);
  return { ...r, input };
}

/** Every ciphertext block of a content, read through its handle. */
export async function ciphertext(p: Peer, contentId: Uint8Array): Promise<Buffer> {
  const h = p.store.get(contentId)!;
  const parts: Uint8Array[] = [];
  for (let first = 0; first < h.layout.numBlocks; first += 64) parts.push(await h.readBlocks(first, Math.min(64, h.layout.numBlocks - first)));
  return Buffer.concat(parts);
}

export async function blocksFile(p: Peer, contentId: Uint8Array): Promise<Buffer> {
  return readFile(join(p.dir, Buffer.from(contentId).toString('hex'), 'blocks'));
}

export const MiB = 1024 * 1024;
export { BLOCK_BYTES };

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
