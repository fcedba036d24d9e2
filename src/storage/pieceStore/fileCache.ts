// A bounded set of open file handles (least recently used goes first). A handle in use by a
// read, write or sync is never closed under it: eviction skips it, and a dropped handle
// closes when its last user releases it.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** 'direct' opens a second handle with O_DIRECT (writes that bypass the page cache, directWrites.ts). */
export type OpenMode = 'buffered' | 'direct';

/** O_DIRECT where the platform has it (Linux); undefined elsewhere. */
export const O_DIRECT: number | undefined = constants.O_DIRECT;

interface Entry {
  /** The path (an O_DIRECT handle's has a NUL and 'direct' after it). */
  readonly key: string;
  readonly opening: Promise<FileHandle>;
  refs: number;
  doomed: boolean;
  closed?: Promise<void>;
}

export const DEFAULT_MAX_OPEN_FILES = 64;

export class FileCache {
  // Map order is the LRU order: a used entry is moved to the end.
  private readonly entries = new Map<string, Entry>();
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly maxOpen = DEFAULT_MAX_OPEN_FILES) {}

  get openCount(): number {
    return this.entries.size;
  }

  /** Runs `fn` with an open read-write handle on `path` (the file must exist). */
  async use<T>(path: string, fn: (fh: FileHandle) => Promise<T>, mode: OpenMode = 'buffered'): Promise<T> {
    const entry = this.acquire(path, mode);
    let fh: FileHandle;
    try {
      fh = await entry.opening;
    } catch (err) {
      this.doom(entry); // do not keep a failed open in the cache
      this.release(entry);
      throw err;
    }
    try {
      return await fn(fh);
    } finally {
      this.release(entry);
    }
  }

  /** Closes every handle whose path starts with `prefix` (now, or when its users finish). */
  drop(prefix: string): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.key.startsWith(prefix)) this.doom(entry);
    }
  }

  /** Closes everything; resolves when every handle is closed. */
  async closeAll(): Promise<void> {
    for (const entry of [...this.entries.values()]) this.doom(entry);
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }

  private acquire(path: string, mode: OpenMode): Entry {
    // The direct handle's key still starts with the path, so drop(prefix) closes it too.
    const key = mode === 'direct' ? `${path}\0direct` : path;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      const flags = mode === 'direct' ? constants.O_RDWR | (O_DIRECT ?? 0) : 'r+';
      entry = { key, opening: open(path, flags), refs: 1, doomed: false };
      // A failed open must not leave an unhandled rejection behind when nobody awaits it again.
      entry.opening.catch(() => {});
      this.entries.set(key, entry);
      this.evictIdle(); // after refs is set: the new entry is in use, never its own victim
      return entry;
    }
    entry.refs++;
    return entry;
  }

  private release(entry: Entry): void {
    entry.refs--;
    if (entry.refs > 0) return;
    if (entry.doomed) this.close(entry);
    else this.evictIdle(); // the cap may have been passed while every handle was in use
  }

  private evictIdle(): void {
    if (this.entries.size <= this.maxOpen) return;
    for (const entry of [...this.entries.values()]) {
      if (this.entries.size <= this.maxOpen) return;
      if (entry.refs === 0) this.doom(entry);
    }
  }

  private doom(entry: Entry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    if (entry.doomed) return;
    entry.doomed = true;
    if (entry.refs === 0) this.close(entry);
  }

  private close(entry: Entry): void {
    if (entry.closed) return;
    const closed = entry.opening.then(
      (fh) => fh.close().catch(() => {}),
      () => {},
    );
    entry.closed = closed;
    this.closing.add(closed);
    void closed.then(() => this.closing.delete(closed));
  }
}
