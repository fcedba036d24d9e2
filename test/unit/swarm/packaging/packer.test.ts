import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwarmError } from '../../../../src/swarm/errors.js';
import { BLOCK_BYTES, contentLayout, type ContentLayout } from '../../../../src/swarm/layout.js';
import { rootFromLeaves, verifyPieceLayer } from '../../../../src/swarm/merkle.js';
import { packFile } from '../../../../src/swarm/packer.js';
import { decryptRange, decryptToFile, type ReadBlocks } from '../../../../src/swarm/unpacker.js';

const key = randomBytes(32);
const salt = randomBytes(32);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seedcast-pack-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads blocks straight from a packed `blocks` file; records what was asked. */
function fileBlocks(path: string, asked: Array<[number, number]> = []): ReadBlocks {
  return async (first, count) => {
    asked.push([first, count]);
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(count * BLOCK_BYTES);
      const { bytesRead } = await fh.read(buf, 0, buf.length, first * BLOCK_BYTES);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof SwarmError ? err.code : `not a SwarmError: ${String(err)}`;
  }
  return 'no error';
}

let seq = 0;
async function packed(data: Uint8Array, pieceBlocks?: number) {
  const name = `f${seq++}`;
  const input = join(dir, `${name}.bin`);
  writeFileSync(input, data);
  const outDir = join(dir, `${name}.out`);
  const progress: bigint[] = [];
  const r = await packFile({ input, outDir, key, salt, pieceBlocks, onProgress: (done) => progress.push(done) });
  return { ...r, input, outDir, blocks: join(outDir, 'blocks'), progress };
}

describe('packFile + decryptToFile', () => {
  for (const size of [0, 1, 16367, 16368, 16369, 5 * 1024 * 1024 + 3]) {
    it(`round trip of ${size} bytes`, async () => {
      const data = randomBytes(size);
      const p = await packed(data);
      const layout = contentLayout(BigInt(size));
      expect(p.layout).toEqual(layout);
      const blocks = readFileSync(p.blocks);
      const leaves = readFileSync(join(p.outDir, 'leaves'));
      expect(blocks.length).toBe(layout.numBlocks * BLOCK_BYTES);
      expect(leaves.length).toBe(layout.numBlocks * 32);
      // Every leaf is the SHA-256 of its ciphertext block; the id is the root over them.
      for (let i = 0; i < layout.numBlocks; i++) {
        const h = createHash('sha256').update(blocks.subarray(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES)).digest();
        expect(leaves.subarray(i * 32, (i + 1) * 32).equals(h)).toBe(true);
      }
      expect(Buffer.from(p.contentId)).toEqual(Buffer.from(rootFromLeaves(leaves, layout)));
      expect(verifyPieceLayer(p.pieceLayer, layout, p.contentId)).toBe(true);
      expect(p.progress.at(-1)).toBe(BigInt(size));

      const output = join(dir, `out-${size}`);
      const done: bigint[] = [];
      await decryptToFile({ readBlocks: fileBlocks(p.blocks), layout, key, salt, output, onProgress: (d) => done.push(d) });
      expect(readFileSync(output).equals(data)).toBe(true);
      expect(done.at(-1)).toBe(BigInt(size));
    });
  }

  it('the same file, key and salt give the same content id; another salt another', async () => {
    const data = randomBytes(40_000);
    const a = await packed(data);
    const b = await packed(data);
    expect(Buffer.from(a.contentId)).toEqual(Buffer.from(b.contentId));
    const c = await packFile({ input: a.input, outDir: join(dir, 'other-salt'), key, salt: randomBytes(32) });
    expect(Buffer.from(c.contentId)).not.toEqual(Buffer.from(a.contentId));
  });

  it('honours pieceBlocks', async () => {
    const p = await packed(randomBytes(20 * 16368), 4);
    expect(p.layout.pieceBlocks).toBe(4);
    expect(p.layout.numPieces).toBe(5);
    expect(p.pieceLayer.length).toBe(5 * 32);
  });

  it('wrong key or a flipped bit: SWARM_DECRYPT, and no output file is left', async () => {
    const data = randomBytes(100_000);
    const p = await packed(data);
    const output = join(dir, 'never');
    const layout = p.layout;
    expect(await codeOf(decryptToFile({ readBlocks: fileBlocks(p.blocks), layout, key: randomBytes(32), salt, output }))).toBe('SWARM_DECRYPT');
    const blocks = readFileSync(p.blocks);
    blocks[3 * BLOCK_BYTES + 77]! ^= 0x01;
    const flipped: ReadBlocks = async (first, count) => blocks.subarray(first * BLOCK_BYTES, (first + count) * BLOCK_BYTES);
    expect(await codeOf(decryptToFile({ readBlocks: flipped, layout, key, salt, output }))).toBe('SWARM_DECRYPT');
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
    // A store that returns short data is refused clearly.
    const short: ReadBlocks = async (first, count) => blocks.subarray(first * BLOCK_BYTES, (first + count) * BLOCK_BYTES - 1);
    expect(await codeOf(decryptToFile({ readBlocks: short, layout, key, salt, output }))).toBe('SWARM_BAD_BLOCK');
    expect(await codeOf(decryptToFile({ readBlocks: fileBlocks(p.blocks), layout, key, salt, output: join(dir, 'no/such/dir/x') }))).toBe('SWARM_OUTPUT');
  });

  it('a missing input is SWARM_INPUT naming the path', async () => {
    const input = join(dir, 'does-not-exist.mp4');
    const err = await packFile({ input, outDir: join(dir, 'x'), key, salt }).catch((e: unknown) => e as SwarmError);
    expect(err).toBeInstanceOf(SwarmError);
    expect((err as SwarmError).code).toBe('SWARM_INPUT');
    expect((err as SwarmError).message).toContain(input);
    expect(await codeOf(packFile({ input: dir, outDir: join(dir, 'x'), key, salt }))).toBe('SWARM_INPUT');
  });

  it('a file that grows or shrinks while it is packed: SWARM_INPUT_CHANGED, outputs removed', async () => {
    for (const change of ['grow', 'shrink'] as const) {
      const input = join(dir, `changing-${change}.bin`);
      writeFileSync(input, randomBytes(4 * 1024 * 1024));
      const outDir = join(dir, `changing-${change}.out`);
      let first = true;
      const onProgress = (): void => {
        if (!first) return;
        first = false;
        if (change === 'grow') appendFileSync(input, 'more');
        else truncateSync(input, 1024);
      };
      expect(await codeOf(packFile({ input, outDir, key, salt, onProgress }))).toBe('SWARM_INPUT_CHANGED');
      expect(readdirSync(outDir)).toEqual([]);
    }
  });

  it('an abort stops packing with SWARM_ABORTED', async () => {
    const input = join(dir, 'abort.bin');
    writeFileSync(input, randomBytes(3 * 1024 * 1024));
    const ac = new AbortController();
    expect(await codeOf(packFile({ input, outDir: join(dir, 'abort.out'), key, salt, signal: ac.signal, onProgress: () => ac.abort() }))).toBe('SWARM_ABORTED');
    expect(await codeOf(packFile({ input, outDir: join(dir, 'abort2.out'), key, salt, signal: AbortSignal.abort() }))).toBe('SWARM_ABORTED');
  });

  it('rejects a bad key before touching the output', async () => {
    const input = join(dir, 'k.bin');
    writeFileSync(input, 'x');
    expect(await codeOf(packFile({ input, outDir: join(dir, 'k.out'), key: key.subarray(0, 16), salt }))).toBe('SWARM_BAD_KEY');
  });
});

describe('decryptRange', () => {
  const data = randomBytes(200 * 16368 + 5); // 201 blocks: more than one 64-block chunk
  let layout: ContentLayout;
  let blocksPath: string;

  beforeAll(async () => {
    const p = await packed(data);
    layout = p.layout;
    blocksPath = p.blocks;
  });

  async function collect(start: bigint, end: bigint, asked: Array<[number, number]> = []): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    for await (const part of decryptRange({ readBlocks: fileBlocks(blocksPath, asked), layout, key, salt, start, end })) parts.push(part);
    return Buffer.concat(parts);
  }

  it('returns exactly the bytes asked for, across block and chunk edges', async () => {
    const B = 16368;
    const cases: Array<[number, number]> = [
      [0, 1], [0, B], [B - 1, B + 1], [B, B + 1], [B - 1, B], [5, 3 * B + 7],
      [63 * B - 2, 65 * B + 2], [0, data.length], [data.length - 1, data.length], [data.length - 5, data.length],
    ];
    for (const [s, e] of cases) {
      expect((await collect(BigInt(s), BigInt(e))).equals(data.subarray(s, e))).toBe(true);
    }
    expect((await collect(100n, 100n)).length).toBe(0);
  });

  it('reads only the blocks that cover the range', async () => {
    const asked: Array<[number, number]> = [];
    await collect(BigInt(16368 * 10 - 1), BigInt(16368 * 11 + 1), asked);
    expect(asked).toEqual([[9, 3]]);
  });

  it('rejects ranges outside the content and a wrong key', async () => {
    const size = BigInt(data.length);
    for (const [s, e] of [[-1n, 5n], [5n, 4n], [0n, size + 1n]] as Array<[bigint, bigint]>) {
      expect(await codeOf(collect(s, e))).toBe('SWARM_BAD_RANGE');
    }
    const wrong = (async () => {
      for await (const _ of decryptRange({ readBlocks: fileBlocks(blocksPath), layout, key: randomBytes(32), salt, start: 0n, end: 10n })) void _;
    })();
    expect(await codeOf(wrong)).toBe('SWARM_DECRYPT');
  });
});
