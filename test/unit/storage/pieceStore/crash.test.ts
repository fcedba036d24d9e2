// kill -9 at random moments while a child process writes blocks: after every reopen each piece
// recorded complete reads back byte-identical and verifies, each piece the child was told is
// durable is there, and no incomplete piece is served.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PieceStore } from '../../../../src/storage/pieceStore/index.js';
import { hashLeaf, pieceRoot } from '../../../../src/swarm/merkle.js';
import { pieceRange } from '../../../../src/swarm/layout.js';
import { expectCode, makeContent, tempDir, type TestContent } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const writer = path.join(here, 'crashWriter.ts');

interface Round {
  announced: Set<number>;
  done: boolean;
}

/** Runs the writer; kills it `killAfterMs` after it is ready (undefined: let it finish). */
function runWriter(storeDir: string, sourceDir: string, killAfterMs?: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, storeDir, sourceDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const round: Round = { announced: new Set(), done: false };
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready' && killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (line === 'done') round.done = true;
        else if (line.startsWith('piece ')) round.announced.add(Number(line.slice(6)));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' || code === 0) resolve(round);
      else reject(new Error(`writer exited with ${code}: ${err}`));
    });
  });
}

async function checkStore(storeDir: string, c: TestContent, mustHave: Set<number>): Promise<number> {
  const store = await PieceStore.open(storeDir);
  try {
    const h = store.get(c.meta.contentId);
    if (!h) {
      expect(mustHave.size).toBe(0); // killed before the content was registered
      return 0;
    }
    for (const p of mustHave) expect(h.hasPiece(p)).toBe(true);
    for (let p = 0; p < h.layout.numPieces; p++) {
      const { first, count } = pieceRange(h.layout, p);
      if (!h.hasPiece(p)) {
        await expectCode(h.readBlocks(first, count), 'STORE_NOT_HELD');
        continue;
      }
      const blocks = await h.readBlocks(first, count);
      expect(Buffer.compare(blocks, c.blocks.subarray(first * 16384, (first + count) * 16384))).toBe(0);
      const leaves = await h.readLeaves(p);
      for (let i = 0; i < count; i++) {
        expect(Buffer.compare(hashLeaf(blocks.subarray(i * 16384, (i + 1) * 16384)), leaves.subarray(i * 32, i * 32 + 32))).toBe(0);
      }
      expect(Buffer.compare(pieceRoot(leaves, h.layout.pieceBlocks), h.pieceLayer.subarray(p * 32, p * 32 + 32))).toBe(0);
    }
    return h.completePieces;
  } finally {
    await store.close();
  }
}

describe('PieceStore under kill -9', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir();
  });
  afterAll(() => t.cleanup());

  it('never loses or serves wrong data, round after round', async () => {
    const c = makeContent(2048, 4); // 32 MiB, 512 pieces
    const sourceDir = path.join(t.dir, 'source');
    const storeDir = path.join(t.dir, 'store');
    fs.mkdirSync(sourceDir);
    fs.writeFileSync(path.join(sourceDir, 'blocks'), c.blocks);
    fs.writeFileSync(path.join(sourceDir, 'leaves'), c.leaves);
    fs.writeFileSync(
      path.join(sourceDir, 'meta.json'),
      JSON.stringify({
        contentId: Buffer.from(c.meta.contentId).toString('hex'),
        plainSize: c.meta.plainSize.toString(),
        pieceBlocks: c.meta.pieceBlocks,
        pieceLayer: Buffer.from(c.meta.pieceLayer).toString('hex'),
      }),
    );
    const durable = new Set<number>();
    let held = 0;
    const progress: number[] = [];
    for (let round = 0; round < 6; round++) {
      const r = await runWriter(storeDir, sourceDir, randomInt(0, 60));
      for (const p of r.announced) durable.add(p);
      const now = await checkStore(storeDir, c, durable);
      expect(now).toBeGreaterThanOrEqual(held); // nothing recorded complete is ever lost
      held = now;
      progress.push(now);
    }
    // Finally let it finish: the whole content, byte-identical.
    const last = await runWriter(storeDir, sourceDir);
    expect(last.done).toBe(true);
    expect(await checkStore(storeDir, c, durable)).toBe(512);
    // The kills landed mid-download at least once (otherwise this test proved nothing).
    expect(progress.some((n) => n > 0 && n < 512)).toBe(true);
    console.log(`kill -9 rounds: complete pieces after each reopen ${progress.join(', ')} of 512`);
  }, 60_000);
});
