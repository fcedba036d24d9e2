// What a download reports as it goes, and its recent rate: bytes counted as they are verified,
// summed per report, and the reports of the last two seconds averaged (what a progress bar
// shows, steadier than one tick).
export interface DownloadProgress {
  contentId: string;
  piecesDone: number;
  numPieces: number;
  bytesDone: bigint;
  totalBytes: bigint;
  peers: number;
  downloadBps: number;
}

const WINDOW_MS = 2000;

export class RateWindow {
  private readonly recent: { at: number; bytes: number }[] = [];
  private pending = 0;

  add(bytes: number): void {
    this.pending += bytes;
  }

  /** Bytes per second over the window ending `now` (closes the current report). */
  bytesPerSecond(now: number): number {
    if (this.pending > 0) this.recent.push({ at: now, bytes: this.pending });
    this.pending = 0;
    while (this.recent.length > 0 && now - this.recent[0]!.at > WINDOW_MS) this.recent.shift();
    const bytes = this.recent.reduce((a, r) => a + r.bytes, 0);
    return Math.round((bytes * 1000) / WINDOW_MS);
  }
}
