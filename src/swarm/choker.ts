// Who may download from us: at most `slots` interested sessions unchoked by merit, plus one
// optimistic slot rotated at random. Merit: sessions of a content we are still downloading
// rank by what they gave us since the last rechoke (reciprocation); the rest (we seed) rank
// by what we served them, least first, so seeding slots go round robin between leechers.
import { randomInt } from 'node:crypto';
import type { Session } from './session.js';

export interface ChokerOptions {
  maxUploadSlots: number;
  rechokeMs: number;
  optimisticUnchokeMs: number;
}

export class Choker {
  private readonly sessions = new Set<Session>();
  private readonly downloadedAtRechoke = new WeakMap<Session, number>();
  private optimistic?: Session;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly opts: ChokerOptions,
    /** True while we are downloading the session's content (reciprocation applies). */
    private readonly downloading: (s: Session) => boolean,
    private readonly onChoked: (s: Session) => void,
  ) {}

  start(): void {
    this.timers.push(setInterval(() => this.rechoke(), this.opts.rechokeMs).unref());
    this.timers.push(setInterval(() => this.rotateOptimistic(), this.opts.optimisticUnchokeMs).unref());
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  add(s: Session): void {
    this.sessions.add(s);
    this.downloadedAtRechoke.set(s, s.bytesDownloaded);
  }

  remove(s: Session): void {
    this.sessions.delete(s);
    if (this.optimistic === s) this.optimistic = undefined;
    this.fillFreeSlots();
  }

  /** The peer said interested / not interested. */
  onInterest(s: Session): void {
    if (!s.peerInterested && !s.amChoking) {
      this.choke(s);
      this.fillFreeSlots();
    } else if (s.peerInterested) {
      this.fillFreeSlots();
    }
  }

  get unchokedCount(): number {
    let n = 0;
    for (const s of this.sessions) if (!s.amChoking) n++;
    return n;
  }

  /** Re-ranks every interested session and sets who is unchoked. */
  rechoke(): void {
    const interested = [...this.sessions].filter((s) => s.peerInterested && !s.closed);
    const score = (s: Session) => ({ gave: this.downloading(s) ? s.bytesDownloaded - (this.downloadedAtRechoke.get(s) ?? 0) : 0, served: s.bytesUploaded });
    const scored = interested.map((s) => ({ s, ...score(s) }));
    scored.sort((a, b) => b.gave - a.gave || a.served - b.served);
    const keep = new Set(scored.slice(0, this.opts.maxUploadSlots).map((x) => x.s));
    if (this.optimistic && (this.optimistic.closed || !this.optimistic.peerInterested || keep.has(this.optimistic))) this.optimistic = undefined;
    if (!this.optimistic) this.optimistic = this.randomChoked(interested.filter((s) => !keep.has(s)));
    if (this.optimistic) keep.add(this.optimistic);
    for (const s of this.sessions) {
      this.downloadedAtRechoke.set(s, s.bytesDownloaded);
      if (keep.has(s)) s.unchoke();
      else this.choke(s);
    }
  }

  private rotateOptimistic(): void {
    const candidates = [...this.sessions].filter((s) => s.peerInterested && s.amChoking && !s.closed);
    const next = this.randomChoked(candidates);
    if (!next) return;
    if (this.optimistic && this.optimistic !== next) this.choke(this.optimistic);
    this.optimistic = next;
    next.unchoke();
    // Slots filled on arrival may leave us one over: the rechoke keeps the new optimistic one.
    if (this.unchokedCount > this.opts.maxUploadSlots + 1) this.rechoke();
  }

  // Unchokes interested sessions while slots (regular + optimistic) are free: a new leecher
  // need not wait for the next rechoke.
  private fillFreeSlots(): void {
    let free = this.opts.maxUploadSlots + 1 - this.unchokedCount;
    if (free <= 0) return;
    const waiting = [...this.sessions].filter((s) => s.peerInterested && s.amChoking && !s.closed).sort((a, b) => a.bytesUploaded - b.bytesUploaded);
    for (const s of waiting) {
      if (free-- <= 0) break;
      s.unchoke();
    }
  }

  private randomChoked(candidates: Session[]): Session | undefined {
    return candidates.length === 0 ? undefined : candidates[randomInt(candidates.length)];
  }

  private choke(s: Session): void {
    if (s.amChoking) return;
    s.choke();
    this.onChoked(s);
  }
}
