// bench:packaging — pack (seal + hash + write) and unpack (read + open + write) a random file
// through src/swarm/packer.ts and unpacker.ts, next to the single-core node:crypto AES-256-GCM +
// SHA-256 rate on the same 16 KiB blocks; peak RSS of each phase; and our flat-array Merkle tree
// against merkletreejs (root of N leaves, and proofs), with the ratio.
//   npm run bench:packaging -- [--size 256MiB] [--leaves 16384] [--proofs 1000]
// `--size 10GiB` shows that RSS stays flat whatever the file size (it needs ~31 GiB of free disk:
// input, ciphertext, output).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MerkleTree } from 'merkletreejs';
import { ROOT } from '../test/helpers/devnet.js';
import { BLOCK_BYTES, contentLayout } from '../src/swarm/layout.js';
import { merkleLevels, merkleProof, rootFromLeaves, verifyMerkleProof } from '../src/swarm/merkle.js';
import { packFile } from '../src/swarm/packer.js';
import { decryptToFile } from '../src/swarm/unpacker.js';
import { measureCryptoRate } from './lib/cryptoRate.js';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '256MiB' }, leaves: { type: 'string', default: '16384' }, proofs: { type: 'string', default: '1000' } },
});

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$/i.exec(text.trim());
  if (!m) throw new Error(`--size: cannot read "${text}" (e.g. 256MiB, 10GiB, 1000000)`);
  const unit: Record<string, number> = { b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, kb: 1e3, mb: 1e6, gb: 1e9 };
  return Math.round(Number(m[1]) * unit[(m[2] ?? 'b').toLowerCase()]!);
}

/** Peak RSS while `fn` runs, sampled every 20 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; startRssMiB: number; peakRssMiB: number; seconds: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t0 = performance.now();
  try {
    const result = await fn();
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, startRssMiB: Math.round(start / 2 ** 20), peakRssMiB: Math.round(peak / 2 ** 20), seconds };
  } finally {
    clearInterval(timer);
  }
}

/** Writes `size` random bytes 1 MiB at a time; returns their SHA-256. */
async function writeRandomFile(path: string, size: number): Promise<string> {
  const fh = await open(path, 'w');
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(2 ** 20);
  for (let at = 0; at < size; at += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, size - at));
    randomBytes(part.length).copy(part);
    hash.update(part);
    await fh.write(part, 0, part.length, at);
  }
  await fh.close();
  return hash.digest('hex');
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const part of createReadStream(path, { highWaterMark: 2 ** 20 })) hash.update(part as Buffer);
  return hash.digest('hex');
}

function best(runs: number, fn: () => void): number {
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

/** Our flat-array tree against merkletreejs 0.6 on the same N leaves (same hashing: SHA-256, no sorting). */
function merkleComparison(n: number, proofs: number) {
  const layout = contentLayout(BigInt(n) * 16368n);
  const flat = new Uint8Array(randomBytes(n * 32));
  const leafBufs = Array.from({ length: n }, (_, i) => Buffer.from(flat.subarray(i * 32, (i + 1) * 32)));
  const sha = (data: Buffer): Buffer => createHash('sha256').update(data).digest();
  const picks = Array.from({ length: proofs }, () => randomInt(n));

  let ours: Uint8Array = new Uint8Array(0);
  const oursRootMs = best(7, () => (ours = rootFromLeaves(flat, layout)));
  let levels: Uint8Array[] = [];
  const oursBuildMs = best(7, () => (levels = merkleLevels(flat, layout)));
  let tree: MerkleTree | undefined;
  const theirsBuildMs = best(5, () => (tree = new MerkleTree(leafBufs, sha)));
  if (!tree!.getRoot().equals(Buffer.from(ours))) throw new Error('merkletreejs and the flat tree disagree on the root');
  // Proofs from an already built tree (both keep every level).
  const oursProofMs = best(7, () => {
    for (const i of picks) merkleProof(levels, i);
  });
  const theirsProofMs = best(7, () => {
    for (const i of picks) tree!.getProof(leafBufs[i]!, i);
  });
  // Same sibling path from both, and it verifies.
  const i = picks[0]!;
  const mine = merkleProof(merkleLevels(flat, layout), i);
  const theirs = Buffer.concat(tree!.getProof(leafBufs[i]!, i).map((p) => p.data));
  if (!theirs.equals(Buffer.from(mine)) || !verifyMerkleProof(leafBufs[i]!, i, mine, ours)) throw new Error('proofs disagree');

  const r2 = (x: number): number => Number(x.toFixed(2));
  return {
    leaves: n,
    proofs,
    flat_root_ms: r2(oursRootMs),
    flat_build_all_levels_ms: r2(oursBuildMs),
    merkletreejs_build_ms: r2(theirsBuildMs),
    ratio_build: r2(theirsBuildMs / oursBuildMs),
    flat_proofs_ms: r2(oursProofMs),
    merkletreejs_proofs_ms: r2(theirsProofMs),
    ratio_proofs: r2(theirsProofMs / oursProofMs),
  };
}

async function main() {
  const size = parseSize(values.size!);
  const dir = mkdtempSync(join(tmpdir(), 'seedcast-bench-pack-'));
  try {
    const crypto = measureCryptoRate(64 * 2 ** 20);
    const merkle = merkleComparison(Number(values.leaves), Number(values.proofs));

    const input = join(dir, 'input.bin');
    const inputHash = await writeRandomFile(input, size);
    const key = randomBytes(32);
    const salt = randomBytes(32);
    const outDir = join(dir, 'packed');
    const pack = await withPeakRss(() => packFile({ input, outDir, key, salt }));
    rmSync(input); // room on disk for the output

    const blocks = await open(join(outDir, 'blocks'), 'r');
    const readBlocks = async (first: number, count: number): Promise<Uint8Array> => {
      const buf = new Uint8Array(count * BLOCK_BYTES);
      await blocks.read(buf, 0, buf.length, first * BLOCK_BYTES);
      return buf;
    };
    const output = join(dir, 'output.bin');
    const unpack = await withPeakRss(() => decryptToFile({ readBlocks, layout: pack.result.layout, key, salt, output }));
    await blocks.close();
    if ((await fileSha256(output)) !== inputHash) throw new Error('the unpacked file differs from the input');

    const mb = size / 1e6;
    const packMBps = Number((mb / pack.seconds).toFixed(1));
    const unpackMBps = Number((mb / unpack.seconds).toFixed(1));
    const result = {
      bench: 'packaging',
      size_bytes: size,
      blocks: pack.result.layout.numBlocks,
      pack_MBps: packMBps,
      unpack_MBps: unpackMBps,
      crypto_seal_and_hash_1core_MBps: crypto.sealAndHashMBps,
      ratio_pack_to_crypto: Number((packMBps / crypto.sealAndHashMBps).toFixed(2)),
      ratio_unpack_to_crypto: Number((unpackMBps / crypto.sealAndHashMBps).toFixed(2)),
      rss_MiB: { pack_start: pack.startRssMiB, pack_peak: pack.peakRssMiB, unpack_start: unpack.startRssMiB, unpack_peak: unpack.peakRssMiB },
      merkle,
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'packaging.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(
      `bench:packaging ${values.size}: pack ${packMBps} MB/s, unpack ${unpackMBps} MB/s; node:crypto AES-GCM+SHA-256 1 core ${crypto.sealAndHashMBps} MB/s ` +
        `(pack ${result.ratio_pack_to_crypto}x, unpack ${result.ratio_unpack_to_crypto}x); RSS pack ${pack.startRssMiB}->${pack.peakRssMiB} MiB, unpack ${unpack.startRssMiB}->${unpack.peakRssMiB} MiB; ` +
        `Merkle N=${merkle.leaves} build: flat ${merkle.flat_build_all_levels_ms} ms vs merkletreejs ${merkle.merkletreejs_build_ms} ms (${merkle.ratio_build}x), ` +
        `${merkle.proofs} proofs from the built tree ${merkle.flat_proofs_ms} ms vs ${merkle.merkletreejs_proofs_ms} ms (${merkle.ratio_proofs}x)`,
    );
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
