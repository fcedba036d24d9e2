// Block writes that bypass the page cache (O_DIRECT).
// The store makes every piece durable (fdatasync) before it counts it, so a block gains nothing
// from a stay in the page cache on its way to disk: the trip is a copy into page-cache memory
// that the kernel must first find (free pages, or evicted ones once the cache is full), then
// write back and later evict. What that costs depends on the machine's state. On this VM, whose
// memory the host backs only when first touched, 256 MiB through the page cache into memory not
// used since boot cost 1.3 s of CPU against 0.5 s direct (npm run bench:disk, store commits
// included), and a 1-seeder download ran 134 -> 172 MB/s with direct writes (bench:swarm, 4
// alternating pairs); with page-cache memory the kernel had just freed, both cost ~0.5 s and the
// download is level. Direct writes never cost the page cache's worst case, and leave the cache
// to what is read. Reads stay buffered: a seeder serving a popular piece still gets it from
// memory, and Linux keeps the two coherent (a direct write drops the cached pages of its range).
//
// O_DIRECT wants the buffer's address, the file offset and the length aligned to the device's
// logical block size (512 or 4096 bytes). Blocks are 16 KiB at multiples of 16 KiB, but they
// arrive as views into network buffers at any address, so each run of blocks is copied into a
// staging slot of a WebAssembly.Memory, which V8 maps page-aligned. A filesystem without O_DIRECT
// (EINVAL at open or write) turns it off for the store, with one log line: the writes then go
// through the page cache as before.
import type { Logger } from '../../consensus/interface.js';
import { writevFully } from './contentFiles.js';
import { O_DIRECT, type FileCache } from './fileCache.js';

/** Alignment asked of every offset and length (the largest logical block size in use). */
export const DIRECT_ALIGN_BYTES = 4096;
const SLOT_BYTES = 256 * 1024;
const SLOTS = 16;
const WASM_PAGE_BYTES = 65_536;

export class DirectWrites {
  private readonly free: Buffer[] = [];
  private readonly waiting: Array<(slot: Buffer) => void> = [];
  private on: boolean;

  constructor(
    private readonly files: FileCache,
    private readonly log: Logger,
    enabled = true,
  ) {
    this.on = enabled && O_DIRECT !== undefined;
    if (!this.on) return;
    const memory = new WebAssembly.Memory({ initial: (SLOT_BYTES * SLOTS) / WASM_PAGE_BYTES });
    for (let i = 0; i < SLOTS; i++) this.free.push(Buffer.from(memory.buffer, i * SLOT_BYTES, SLOT_BYTES));
  }

  get enabled(): boolean {
    return this.on;
  }

  /**
   * Writes `bufs` back to back from `position`, bypassing the page cache. Resolves false, having
   * written nothing the caller can count on, when direct writes are off or this filesystem turns
   * out not to take them: the caller then writes the run through the page cache.
   */
  async write(path: string, bufs: readonly Uint8Array[], position: number): Promise<boolean> {
    if (!this.on || position % DIRECT_ALIGN_BYTES !== 0 || bufs.some((b) => b.length % DIRECT_ALIGN_BYTES !== 0 || b.length > SLOT_BYTES)) {
      return false;
    }
    let pos = position;
    for (let i = 0; i < bufs.length; ) {
      const slot = await this.take();
      try {
        let used = 0;
        for (; i < bufs.length && used + bufs[i]!.length <= SLOT_BYTES; i++) {
          slot.set(bufs[i]!, used);
          used += bufs[i]!.length;
        }
        // A short write would leave the rest at an unaligned offset; should the kernel refuse that
        // (EINVAL), the whole run goes through the page cache instead.
        await this.files.use(path, (fh) => writevFully(fh, [slot.subarray(0, used)], pos), 'direct');
        pos += used;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
        this.turnOff(path, err as Error);
        return false;
      } finally {
        this.give(slot);
      }
    }
    return true;
  }

  private turnOff(path: string, err: Error): void {
    if (!this.on) return;
    this.on = false;
    this.log.info('piece store: this filesystem does not take direct (O_DIRECT) writes; blocks go through the page cache', { path, error: err.message });
  }

  private take(): Promise<Buffer> {
    const slot = this.free.pop();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(slot: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }
}
