// What open does with a disk that no longer matches the index.
import fs from 'node:fs';
import path from 'node:path';
import { PieceStore } from '../../../../src/storage/pieceStore/index.js';
import { makeContent, recordingLogger, tempDir } from './helpers.js';

describe('PieceStore open', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  async function storeWith(complete: boolean) {
    const store = await PieceStore.open(t.dir);
    const c = makeContent(8, 4);
    const h = await store.add(c.meta);
    if (complete) for (let i = 0; i < 8; i++) await h.writeBlock(i, c.block(i), c.leaf(i));
    await store.close();
    return { c, dir: path.join(t.dir, h.idHex) };
  }

  it('drops a content whose files were deleted, with a log line, not a crash', async () => {
    const { c, dir } = await storeWith(true);
    fs.rmSync(dir, { recursive: true });
    const log = recordingLogger();
    const store = await PieceStore.open(t.dir, { log });
    expect(store.get(c.meta.contentId)).toBeUndefined();
    expect(log.lines.some((l) => l.level === 'warn' && /missing/.test(l.msg))).toBe(true);
    await store.close();
    // Dropped from the index too: a second open is quiet.
    const log2 = recordingLogger();
    const again = await PieceStore.open(t.dir, { log: log2 });
    expect(again.list()).toEqual([]);
    expect(log2.lines).toEqual([]);
    await again.close();
  });

  it('drops a content whose blocks file was cut short', async () => {
    const { c, dir } = await storeWith(true);
    fs.truncateSync(path.join(dir, 'blocks'), 16384);
    const store = await PieceStore.open(t.dir, { log: recordingLogger() });
    expect(store.get(c.meta.contentId)).toBeUndefined();
    await store.close();
  });

  it('recreates the files of a download that holds nothing yet', async () => {
    const { c, dir } = await storeWith(false);
    fs.rmSync(dir, { recursive: true });
    const store = await PieceStore.open(t.dir);
    const h = store.get(c.meta.contentId)!;
    expect(h.completePieces).toBe(0);
    for (let i = 0; i < 8; i++) await h.writeBlock(i, c.block(i), c.leaf(i));
    expect(Buffer.compare(await h.readBlocks(0, 8), c.blocks)).toBe(0);
    await store.close();
  });

  it('deletes content folders the index does not know, and nothing else', async () => {
    const orphan = path.join(t.dir, 'ab'.repeat(32));
    fs.mkdirSync(orphan);
    fs.writeFileSync(path.join(orphan, 'blocks'), 'x');
    fs.mkdirSync(path.join(t.dir, 'notes'));
    const log = recordingLogger();
    const store = await PieceStore.open(t.dir, { log });
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(path.join(t.dir, 'notes'))).toBe(true);
    expect(log.lines.some((l) => l.level === 'info' && l.ctx?.contentId === 'ab'.repeat(32))).toBe(true);
    await store.close();
  });
});
