// The consensus write-ahead log: one append-only file (<dir>/wal) of records
//   [u32 length BE][u32 crc32(payload) BE][payload]
// Every event the core acts on is appended before it is handled; our own votes and proposals
// are fsynced before they are broadcast; an end-of-height marker follows each stored block.
// On open, a torn last record is cut off; a bad record with data after it is an error.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { replaceFileDurably } from '../storage/durableFile.js';
import { ConsensusError } from './errors.js';
import type { ConsensusWal } from './interface.js';
import type { ConsensusEvent } from './types.js';
import { decodeWalEntry, encodeWalEntry, entryHeight, type DecodedEntry, type WalEntry } from './walCodec.js';

const HEADER_BYTES = 8;
/** A block (4 MiB max) plus framing: anything longer is not a record of ours. */
export const MAX_WAL_RECORD_BYTES = 8 * 1024 * 1024;
/** Once past this size the file is rewritten at the next end-of-height marker. */
export const DEFAULT_WAL_MAX_BYTES = 64 * 1024 * 1024;

export interface WalReplay {
  /** Round the height was entered at (its startHeight record), 0 when it was entered after a commit. */
  startRound: number;
  events: ConsensusEvent[];
}

export class FileWal implements ConsensusWal {
  private fd: number;
  private size: number;
  private readonly path: string;
  private entries: DecodedEntry[];
  /** Bytes cut off a torn tail when the file was opened (0 when it ended cleanly). */
  readonly truncatedBytes: number;

  private constructor(dir: string, private readonly maxBytes: number) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'wal');
    const { entries, goodBytes, fileBytes } = readRecords(this.path);
    this.entries = entries;
    this.fd = openSync(this.path, existsSync(this.path) ? 'r+' : 'w+');
    if (goodBytes < fileBytes) { ftruncateSync(this.fd, goodBytes); fsyncSync(this.fd); }
    this.truncatedBytes = fileBytes - goodBytes;
    this.size = goodBytes;
  }

  /** Opens (or creates) the WAL in `dir`, repairing a torn tail. Throws WAL_CORRUPT on damage inside. */
  static open(dir: string, opts: { maxBytes?: number } = {}): FileWal {
    return new FileWal(dir, opts.maxBytes ?? DEFAULT_WAL_MAX_BYTES);
  }

  get byteSize(): number { return this.size; }

  async append(entry: WalEntry, opts: { fsync?: boolean } = {}): Promise<void> {
    this.appendSync(entry, opts.fsync ?? false);
  }

  appendSync(entry: WalEntry, fsync: boolean): void {
    if (this.entries.length > 0) this.entries = []; // replay happens before the first append: free the records
    const payload = encodeWalEntry(entry);
    const rec = frame(payload);
    writeSync(this.fd, rec, 0, rec.length, this.size); // positional: the OS has it even if we die next
    this.size += rec.length;
    if (entry.type === 'endHeight') {
      fsyncSync(this.fd);
      if (this.size > this.maxBytes) this.rotate(rec);
    } else if (fsync) fsyncSync(this.fd);
  }

  /**
   * The events to feed the core again for `height` (the next height to decide): those after
   * the end-of-height marker of height-1. A marker at or above `height` means the WAL is
   * ahead of the stored chain: refuse rather than guess.
   */
  replayFor(height: bigint): WalReplay {
    let from = 0;
    let previousEnded = true; // no marker, or height-1's is the last one: height-less events belong to us
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.type !== 'endHeight') continue;
      if (e.height >= height) throw new ConsensusError('WAL_AHEAD', 'the WAL ends a height the block store does not have', { walHeight: e.height, height });
      from = i + 1;
      previousEnded = e.height === height - 1n;
      break;
    }
    let startRound = 0;
    const events: ConsensusEvent[] = [];
    for (const e of this.entries.slice(from)) {
      const h = entryHeight(e);
      if (h === undefined ? !previousEnded : h !== height) continue;
      if (e.type === 'marker') startRound = e.marker.round;
      else if (e.type === 'event' && e.event.type !== 'startHeight' && e.event.type !== 'blockCommitted') events.push(e.event);
    }
    return { startRound, events };
  }

  close(): void {
    if (this.fd >= 0) { fsyncSync(this.fd); closeSync(this.fd); this.fd = -1; }
    this.entries = [];
  }

  /** Replace the file by one holding only the last end-of-height marker (all replay needs). */
  private rotate(lastMarker: Uint8Array): void {
    closeSync(this.fd);
    replaceFileDurably(this.path, lastMarker, 0o666);
    this.fd = openSync(this.path, 'r+');
    this.size = fstatSync(this.fd).size;
  }
}

function frame(payload: Uint8Array): Uint8Array {
  const rec = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  rec.writeUInt32BE(payload.length, 0);
  rec.writeUInt32BE(crc32(payload), 4);
  rec.set(payload, HEADER_BYTES);
  return rec;
}

/** Reads every whole record; a partial or bad-CRC record that reaches the end is a torn tail. */
function readRecords(path: string): { entries: DecodedEntry[]; goodBytes: number; fileBytes: number } {
  if (!existsSync(path)) return { entries: [], goodBytes: 0, fileBytes: 0 };
  const buf = readFileSync(path);
  const entries: DecodedEntry[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < HEADER_BYTES) break; // torn header
    const len = buf.readUInt32BE(off);
    const crc = buf.readUInt32BE(off + 4);
    const end = off + HEADER_BYTES + len;
    if (len > MAX_WAL_RECORD_BYTES) {
      throw new ConsensusError('WAL_CORRUPT', `WAL record at offset ${off} claims ${len} bytes; the file is damaged (move it aside to start without replay)`, { path, offset: off });
    }
    if (end > buf.length) break; // torn payload
    const payload = buf.subarray(off + HEADER_BYTES, end);
    if (crc32(payload) !== crc) {
      if (end === buf.length) break; // the last record was torn mid-write
      throw new ConsensusError('WAL_CORRUPT', `WAL record at offset ${off} fails its checksum and more records follow; the file is damaged (move it aside to start without replay)`, { path, offset: off });
    }
    entries.push(decodeWalEntry(new Uint8Array(payload)));
    off = end;
  }
  return { entries, goodBytes: off, fileBytes: buf.length };
}

