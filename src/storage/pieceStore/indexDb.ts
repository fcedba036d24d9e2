// The piece store's own classic-level index at <dir>/index: per content one meta record and
// its complete-piece bitfield in 512-byte chunks. Every write is one fsynced batch.
import { ClassicLevel } from 'classic-level';
import { PieceStoreError } from './errors.js';

type Level = ClassicLevel<Uint8Array, Uint8Array>;

const META = 0x01; // META || id(32) -> encoded meta
const PIECES = 0x02; // PIECES || id(32) || chunk(4, BE) -> bitfield chunk

const metaKey = (id: Uint8Array): Uint8Array => {
  const k = new Uint8Array(33);
  k[0] = META;
  k.set(id, 1);
  return k;
};

const chunkKey = (id: Uint8Array, chunk: number): Uint8Array => {
  const k = new Uint8Array(37);
  k[0] = PIECES;
  k.set(id, 1);
  new DataView(k.buffer).setUint32(33, chunk);
  return k;
};

export interface StoredContent {
  id: Uint8Array;
  meta: Uint8Array;
  chunks: Map<number, Uint8Array>;
}

export interface ChunkWrite {
  id: Uint8Array;
  chunk: number;
  bytes: Uint8Array;
}

export class PieceIndex {
  private constructor(private readonly level: Level) {}

  static async open(path: string): Promise<PieceIndex> {
    const level: Level = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
    try {
      await level.open();
    } catch (err) {
      const locked = (err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED';
      const why = locked ? 'the piece index is in use by another process (is the node running?)' : (err as Error).message;
      throw new PieceStoreError('STORE_IO', `cannot open the piece index: ${why}`, { path });
    }
    return new PieceIndex(level);
  }

  /** Every stored content with its chunks; chunks without a meta record come back as orphans. */
  async loadAll(): Promise<{ contents: StoredContent[]; orphanChunkKeys: Uint8Array[] }> {
    const byId = new Map<string, StoredContent>();
    for await (const [key, value] of this.level.iterator({ gte: Uint8Array.of(META), lt: Uint8Array.of(META + 1) })) {
      if (key.length !== 33) continue;
      const id = key.slice(1);
      byId.set(Buffer.from(id).toString('hex'), { id, meta: value, chunks: new Map() });
    }
    const orphanChunkKeys: Uint8Array[] = [];
    for await (const [key, value] of this.level.iterator({ gte: Uint8Array.of(PIECES), lt: Uint8Array.of(PIECES + 1) })) {
      const owner = key.length === 37 ? byId.get(Buffer.from(key.subarray(1, 33)).toString('hex')) : undefined;
      if (!owner) {
        orphanChunkKeys.push(key);
        continue;
      }
      owner.chunks.set(new DataView(key.buffer, key.byteOffset).getUint32(33), value);
    }
    return { contents: [...byId.values()], orphanChunkKeys };
  }

  /** Registers a content with the given chunks (all of them for an adopted content, none for a download). */
  async putContent(id: Uint8Array, meta: Uint8Array, chunks: ChunkWrite[] = []): Promise<void> {
    const batch = this.level.batch();
    batch.put(metaKey(id), meta);
    for (const c of chunks) batch.put(chunkKey(c.id, c.chunk), c.bytes);
    await batch.write({ sync: true });
  }

  async putChunks(chunks: ChunkWrite[]): Promise<void> {
    if (chunks.length === 0) return;
    const batch = this.level.batch();
    for (const c of chunks) batch.put(chunkKey(c.id, c.chunk), c.bytes);
    await batch.write({ sync: true });
  }

  async deleteContent(id: Uint8Array, chunkCount: number): Promise<void> {
    const batch = this.level.batch();
    batch.del(metaKey(id));
    for (let c = 0; c < chunkCount; c++) batch.del(chunkKey(id, c));
    await batch.write({ sync: true });
  }

  async deleteKeys(keys: Uint8Array[]): Promise<void> {
    if (keys.length === 0) return;
    const batch = this.level.batch();
    for (const k of keys) batch.del(k);
    await batch.write({ sync: true });
  }

  async close(): Promise<void> {
    await this.level.close();
  }
}
