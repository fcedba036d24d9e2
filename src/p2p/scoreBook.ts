// Peer scores: offences lower a peer's score, time slowly restores it; a peer that falls to
// the threshold is banned (disconnected and refused) for a cool-down.

export type Offence = 'fatal' | 'invalid' | 'minor';

const PENALTY: Record<Offence, number> = { fatal: 100, invalid: 25, minor: 5 };
export const BAN_THRESHOLD = -100;
/** Points restored per second of good behaviour. */
const RECOVERY_PER_SECOND = 1;

interface Entry {
  score: number;
  at: number; // ms when score was last updated
  bannedUntil: number;
}

export class ScoreBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly banMs: number,
    private readonly now: () => number = () => Date.now(), // wall clock: peer policy, not consensus
  ) {}

  score(peer: string): number {
    const e = this.entries.get(peer);
    return e ? this.recovered(e) : 0;
  }

  /** Lowers the score; returns true when this offence bans the peer. */
  penalise(peer: string, offence: Offence): boolean {
    const now = this.now();
    const e = this.entries.get(peer) ?? { score: 0, at: now, bannedUntil: 0 };
    e.score = this.recovered(e) - PENALTY[offence];
    e.at = now;
    this.entries.set(peer, e);
    if (e.score > BAN_THRESHOLD) return false;
    e.bannedUntil = now + this.banMs;
    e.score = 0; // a fresh start once the cool-down ends
    return true;
  }

  isBanned(peer: string): boolean {
    return this.banRemainingMs(peer) > 0;
  }

  banRemainingMs(peer: string): number {
    const e = this.entries.get(peer);
    return e ? Math.max(0, e.bannedUntil - this.now()) : 0;
  }

  private recovered(e: Entry): number {
    const seconds = Math.floor((this.now() - e.at) / 1000);
    return Math.min(0, e.score + seconds * RECOVERY_PER_SECOND);
  }
}
