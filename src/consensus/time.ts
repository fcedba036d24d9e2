// Times in consensus are bigint milliseconds since the Unix epoch; headers and votes carry
// protobuf Timestamps. No wall clock here: callers pass the time in.
import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';

export function msToTimestamp(ms: bigint): Timestamp {
  let seconds = ms / 1000n;
  let rem = ms % 1000n;
  if (rem < 0n) { rem += 1000n; seconds -= 1n; }
  return { seconds, nanos: Number(rem) * 1_000_000 };
}

/** Truncates sub-millisecond nanos (we only ever produce whole milliseconds). */
export function timestampToMs(ts: Timestamp | undefined): bigint {
  if (!ts) return 0n;
  return ts.seconds * 1000n + BigInt(Math.trunc(ts.nanos / 1_000_000));
}

/** RFC 3339 text (as genesis files carry it) to milliseconds. */
export function rfc3339ToMs(text: string): bigint {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`invalid RFC 3339 time: ${text}`);
  return BigInt(ms);
}
