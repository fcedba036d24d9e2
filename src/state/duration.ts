// Durations as the SDK prints them in JSON ("60s", "1.5s", "1814400s"), held as bigint ms.
import { SDK, sdkError } from './errors.js';

const DURATION = /^([0-9]{1,12})(?:\.([0-9]{1,9}))?s$/;

export function parseDurationMs(text: unknown, what: string): bigint {
  const m = typeof text === 'string' ? DURATION.exec(text) : null;
  if (!m) throw sdkError(SDK.InvalidRequest, `invalid ${what}: ${JSON.stringify(String(text).slice(0, 32))}, expected seconds like "60s"`);
  return BigInt(m[1]) * 1000n + BigInt(((m[2] ?? '') + '000').slice(0, 3));
}

export function formatDurationMs(ms: bigint): string {
  const frac = ms % 1000n;
  return frac === 0n ? `${ms / 1000n}s` : `${ms / 1000n}.${frac.toString().padStart(3, '0')}s`;
}

/** google.protobuf.Duration / Timestamp shape from ms. */
export function msToProtoTime(ms: bigint): { seconds: bigint; nanos: number } {
  const seconds = ms >= 0n ? ms / 1000n : -((-ms + 999n) / 1000n);
  return { seconds, nanos: Number(ms - seconds * 1000n) * 1_000_000 };
}

export function protoTimeToMs(t: { seconds: bigint; nanos: number } | undefined): bigint {
  if (!t) return 0n;
  return t.seconds * 1000n + BigInt(Math.trunc(t.nanos / 1_000_000));
}
