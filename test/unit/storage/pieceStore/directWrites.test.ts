// Block writes that bypass the page cache: the bytes read back (buffered) are the bytes written,
// runs longer than a staging slot and more runs than slots all land, and a filesystem that
// refuses O_DIRECT turns it off with one log line while the store keeps working.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PieceStore } from '../../../../src/storage/pieceStore/index.js';
import { DirectWrites } from '../../../../src/storage/pieceStore/directWrites.js';
import { FileCache, O_DIRECT, type OpenMode } from '../../../../src/storage/pieceStore/fileCache.js';
import { silentLogger } from '../../../../src/consensus/interface.js';
import { makeContent, recordingLogger, tempDir } from './helpers.js';

const BLOCK = 16_384;

/** Whether `dir`'s filesystem takes an O_DIRECT write (asked of the kernel directly, not of the code under test). */
function takesDirect(dir: string): boolean {
  if (O_DIRECT === undefined) return false;
  const file = path.join(dir, 'probe');
  fs.writeFileSync(file, Buffer.alloc(4096));
  try {
    const fd = fs.openSync(file, fs.constants.O_RDWR | O_DIRECT);
    try {
      fs.writeSync(fd, Buffer.from(new WebAssembly.Memory({ initial: 1 }).buffer, 0, 4096), 0, 4096, 0);
      return true;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  } finally {
    fs.rmSync(file);
  }
}

/** A FileCache whose O_DIRECT opens fail as on a filesystem without O_DIRECT. */
class NoDirectFileCache extends FileCache {
  directOpens = 0;
  override use<T>(p: string, fn: (fh: FileHandle) => Promise<T>, mode: OpenMode = 'buffered'): Promise<T> {
    if (mode === 'direct') {
      this.directOpens++;
      return Promise.reject(Object.assign(new Error(`EINVAL: invalid argument, open '${p}'`), { code: 'EINVAL' }));
    }
    return super.use(p, fn, mode);
  }
}

describe('direct (O_DIRECT) block writes', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('write runs that read back byte-identical, also runs longer than a staging slot and more runs at once than slots', async () => {
    const file = path.join(t.dir, 'blocks');
    const runs = 40; // 16 slots
    const runBlocks = 24; // 384 KiB: longer than a 256 KiB slot
    fs.writeFileSync(file, '');
    fs.truncateSync(file, runs * runBlocks * BLOCK);
    const data = randomBytes(runs * runBlocks * BLOCK);
    const files = new FileCache();
    const direct = new DirectWrites(files, silentLogger);
    const blocksOf = (r: number) => Array.from({ length: runBlocks }, (_, k) => data.subarray((r * runBlocks + k) * BLOCK, (r * runBlocks + k + 1) * BLOCK));
    const took = await Promise.all(Array.from({ length: runs }, (_, r) => direct.write(file, blocksOf(r), r * runBlocks * BLOCK)));
    await files.closeAll();
    const supported = takesDirect(t.dir);
    expect(took).toEqual(Array(runs).fill(supported));
    expect(direct.enabled).toBe(supported);
    if (supported) expect(fs.readFileSync(file).equals(data)).toBe(true);
  });

  it('leaves what it cannot align to the page cache: an odd offset or length is not written', async () => {
    const file = path.join(t.dir, 'blocks');
    fs.writeFileSync(file, Buffer.alloc(4 * BLOCK));
    const files = new FileCache();
    const direct = new DirectWrites(files, silentLogger);
    expect(await direct.write(file, [randomBytes(BLOCK)], 100)).toBe(false);
    expect(await direct.write(file, [randomBytes(1000)], 0)).toBe(false);
    await files.closeAll();
    expect(fs.readFileSync(file).equals(Buffer.alloc(4 * BLOCK))).toBe(true);
  });

  it('a filesystem that refuses O_DIRECT turns it off after one try, with one log line', async () => {
    const files = new NoDirectFileCache();
    const log = recordingLogger();
    const direct = new DirectWrites(files, log);
    const file = path.join(t.dir, 'blocks');
    fs.writeFileSync(file, Buffer.alloc(2 * BLOCK));
    expect(await direct.write(file, [randomBytes(BLOCK)], 0)).toBe(false);
    expect(await direct.write(file, [randomBytes(BLOCK)], BLOCK)).toBe(false);
    expect(direct.enabled).toBe(false);
    expect(files.directOpens).toBe(1);
    expect(log.lines.filter((l) => /O_DIRECT/.test(l.msg))).toHaveLength(1);
  });

  it('the piece store keeps the same bytes with direct writes on and off', async () => {
    const c = makeContent(40, 8);
    const supported = takesDirect(t.dir);
    for (const directWrites of [true, false]) {
      const dir = path.join(t.dir, String(directWrites));
      const store = await PieceStore.open(dir, { directWrites });
      expect(store.directWrites).toBe(directWrites && supported);
      const h = await store.add(c.meta);
      for (let i = 0; i < 40; i += 8) await h.writeBlocks(i, Array.from({ length: 8 }, (_, k) => c.block(i + k)), c.leaves.subarray(i * 32, (i + 8) * 32));
      expect(h.complete).toBe(true);
      expect(Buffer.from(await h.readBlocks(0, 40)).equals(c.blocks)).toBe(true);
      await store.close();
      const reopened = await PieceStore.open(dir, { directWrites });
      expect(Buffer.from(await reopened.get(c.meta.contentId)!.readBlocks(0, 40)).equals(c.blocks)).toBe(true);
      await reopened.close();
    }
  });
});
