// The serving side of one session: queues the peer's block and hash requests (bounded), checks
// each against what we hold and whether the peer is choked, and answers in order (hashes before
// the blocks asked after them), waiting for the stream to drain and for the upload rate limit.
import type { ContentHandle } from '../storage/pieceStore/index.js';
import { errorMessage } from '../p2p/errors.js';
import { BLOCK_BYTES, pieceRange } from './layout.js';
import { MAX_BLOCK_FRAME_BYTES } from './frameBatch.js';
import { MAX_FRAME_BYTES, MAX_OUTSTANDING_BLOCKS, MAX_QUEUED_HASH_REQUESTS, UPLOAD_HIGH_WATER_BYTES } from './protocol.js';
import type { RateLimiter } from './rateLimiter.js';
import type { Session } from './session.js';
import { type HashRequest, RejectReason } from './wire.js';

type Job = { kind: 'blocks'; first: number; count: number } | { kind: 'hashes'; request: HashRequest };

const DRAIN_TIMEOUT_MS = 30_000;
const BATCH_BYTES = 512 * 1024; // measured: 256 KiB and 1 MiB both slower; sending a batch in 128 or 256 KiB slices too (more, smaller muxer frames cost the leecher more than the earlier start gains)

export class Uploader {
  private readonly queue: Job[] = [];
  private queuedBlocks = 0;
  private queuedHashes = 0;
  private running = false;

  constructor(
    private readonly session: Session,
    private readonly handle: () => ContentHandle | undefined,
    private readonly limiter: RateLimiter,
    private readonly onUploaded: (bytes: number) => void,
  ) {}

  onRequest(first: number, count: number): void {
    const s = this.session;
    if (first + count > s.layout.numBlocks) return s.reject(first, count, RejectReason.OUT_OF_RANGE, `blocks end past ${s.layout.numBlocks}`);
    if (s.amChoking) return s.reject(first, count, RejectReason.CHOKED, 'choked');
    if (this.queuedBlocks + count > MAX_OUTSTANDING_BLOCKS) return s.reject(first, count, RejectReason.TOO_MANY_REQUESTS, `more than ${MAX_OUTSTANDING_BLOCKS} blocks outstanding`);
    if (!this.holds(first, count)) return s.reject(first, count, RejectReason.NOT_HELD, 'not held');
    this.queue.push({ kind: 'blocks', first, count });
    this.queuedBlocks += count;
    this.kick();
  }

  onHashRequest(request: HashRequest): void {
    const s = this.session;
    const reject = (reason: RejectReason, message: string) => s.send({ type: 'reject', first: 0, count: 0, reason, message, hashRequest: request });
    if (this.queuedHashes >= MAX_QUEUED_HASH_REQUESTS) return reject(RejectReason.TOO_MANY_REQUESTS, 'too many hash requests');
    const n = s.layout.numPieces;
    if (request.kind === 'piece_layer' ? request.offset + request.count > n : request.piece >= n) return reject(RejectReason.OUT_OF_RANGE, `the content has ${n} pieces`);
    const h = this.handle();
    if (!h || (request.kind === 'leaves' && !h.hasPiece(request.piece))) return reject(RejectReason.NOT_HELD, 'not held');
    this.queue.push({ kind: 'hashes', request });
    this.queuedHashes++;
    this.kick();
  }

  /** Drops queued blocks in [first, first + count) (a request may be split). */
  onCancel(first: number, count: number): void {
    const end = first + count;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i]!;
      if (job.kind !== 'blocks') continue;
      const jobEnd = job.first + job.count;
      if (jobEnd <= first || job.first >= end) continue;
      const keep: Job[] = [];
      if (job.first < first) keep.push({ kind: 'blocks', first: job.first, count: first - job.first });
      if (jobEnd > end) keep.push({ kind: 'blocks', first: end, count: jobEnd - end });
      this.queuedBlocks -= job.count - keep.reduce((a, j) => a + (j.kind === 'blocks' ? j.count : 0), 0);
      this.queue.splice(i, 1, ...keep);
    }
  }

  /** Choking discards the queued block requests (BitTorrent semantics); hash answers still go. */
  onChoked(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.kind === 'blocks') this.queue.splice(i, 1);
    this.queuedBlocks = 0;
  }

  private holds(first: number, count: number): boolean {
    const h = this.handle();
    if (!h) return false;
    const pb = this.session.layout.pieceBlocks;
    for (let p = Math.floor(first / pb); p <= Math.floor((first + count - 1) / pb); p++) if (!h.hasPiece(p)) return false;
    return true;
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.serve()
      .catch((err) => this.session.close(`upload failed: ${errorMessage(err)}`))
      .finally(() => {
        this.running = false;
      });
  }

  private async serve(): Promise<void> {
    const s = this.session;
    while (this.queue.length > 0 && !s.closed) {
      if (s.stream.writeBufferLength > UPLOAD_HIGH_WATER_BYTES) await s.stream.onDrain({ signal: AbortSignal.timeout(DRAIN_TIMEOUT_MS) });
      // Answers go out in batches of about BATCH_BYTES, each one buffer and one stream write
      // (one muxer frame), blocks read straight into it.
      s.beginBatch(this.batchCapacity());
      try {
        while (this.queue.length > 0 && !s.closed && s.batchBytes < BATCH_BYTES) await this.serveOne(this.queue.shift()!);
      } finally {
        s.endBatch();
      }
    }
  }

  // Bytes the next batch takes: the queued jobs it will serve, at most.
  private batchCapacity(): number {
    let bytes = 0;
    for (const job of this.queue) {
      if (bytes >= BATCH_BYTES) break;
      bytes += job.kind === 'blocks' ? job.count * MAX_BLOCK_FRAME_BYTES : MAX_FRAME_BYTES + 4;
    }
    return bytes;
  }

  private async serveOne(job: Job): Promise<void> {
    const s = this.session;
    if (job.kind === 'hashes') {
      this.queuedHashes--;
      return this.answerHashes(job.request);
    }
    this.queuedBlocks -= job.count;
    if (s.amChoking) return;
    const bytes = job.count * BLOCK_BYTES;
    await this.limiter.take(bytes);
    if (s.closed) return;
    const { views, mark } = s.reserveBlocks(job.first, job.count);
    try {
      await this.handle()!.readBlocksInto(job.first, job.count, views);
    } catch {
      s.blocksFailed(mark);
      s.reject(job.first, job.count, RejectReason.NOT_HELD, 'not readable');
      return;
    }
    if (s.closed) return s.blocksFailed(mark);
    s.blocksFilled(job.count);
    this.onUploaded(bytes);
  }

  private async answerHashes(request: HashRequest): Promise<void> {
    const h = this.handle()!;
    let hashes: Uint8Array;
    if (request.kind === 'piece_layer') {
      hashes = h.pieceLayer.subarray(request.offset * 32, (request.offset + request.count) * 32);
    } else {
      try {
        hashes = await h.readLeaves(request.piece);
      } catch {
        this.session.send({ type: 'reject', first: 0, count: 0, reason: RejectReason.NOT_HELD, message: 'not readable', hashRequest: request });
        return;
      }
      if (hashes.length !== pieceRange(h.layout, request.piece).count * 32) throw new Error('store returned leaves of the wrong length');
    }
    this.session.send({ type: 'hashes', request, hashes });
  }
}
