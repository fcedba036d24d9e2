// The bounded set of open file handles.
import fs from 'node:fs';
import path from 'node:path';
import { FileCache } from '../../../../src/storage/pieceStore/fileCache.js';
import { PieceStore } from '../../../../src/storage/pieceStore/index.js';
import { makeContent, tempDir } from './helpers.js';

describe('FileCache', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  // Descriptors of this test's files only: other work in the jest worker opens and closes its own.
  const openFds = (): number =>
    fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(t.dir);
      } catch {
        return false; // closed while listing
      }
    }).length;

  it('keeps at most maxOpen idle handles and never closes one in use', async () => {
    const files = [...Array(10).keys()].map((i) => {
      const p = path.join(t.dir, `f${i}`);
      fs.writeFileSync(p, Buffer.alloc(64, i));
      return p;
    });
    const cache = new FileCache(3);
    const before = openFds();
    // Ten concurrent users: all succeed though the cap is three.
    const reads = await Promise.all(
      files.map((p) =>
        cache.use(p, async (fh) => {
          await new Promise((r) => setTimeout(r, 5));
          const buf = Buffer.alloc(1);
          await fh.read(buf, 0, 1, 0);
          return buf[0];
        }),
      ),
    );
    expect(reads).toEqual([...Array(10).keys()]);
    await new Promise((r) => setTimeout(r, 20)); // let doomed handles close
    expect(cache.openCount).toBeLessThanOrEqual(3);
    expect(openFds() - before).toBeLessThanOrEqual(3);
    expect(cache.openCount).toBeGreaterThan(0);
    expect(openFds() - before).toBe(cache.openCount); // the idle handles kept are these files
    await cache.closeAll();
    expect(openFds()).toBe(before);
  });

  it('a failed open is reported and not cached', async () => {
    const cache = new FileCache(2);
    const p = path.join(t.dir, 'later');
    await expect(cache.use(p, async () => 1)).rejects.toThrow(/ENOENT/);
    fs.writeFileSync(p, 'x');
    expect(await cache.use(p, async () => 2)).toBe(2);
    await cache.closeAll();
  });

  it('a store with many contents stays within maxOpenFiles', async () => {
    const store = await PieceStore.open(t.dir, { maxOpenFiles: 4 });
    const before = openFds();
    const contents = [...Array(6).keys()].map(() => makeContent(4, 4));
    for (const c of contents) {
      const h = await store.add(c.meta);
      for (let i = 0; i < 4; i++) await h.writeBlock(i, c.block(i), c.leaf(i));
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(openFds() - before).toBeLessThanOrEqual(4);
    for (const c of contents) expect(Buffer.compare(await store.get(c.meta.contentId)!.readBlocks(0, 4), c.blocks)).toBe(0);
    await store.close();
  });
});
