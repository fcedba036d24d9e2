// Matching a parsed query against a set of events, as CometBFT's pubsub does: a condition
// holds when any value of its key satisfies it, and a query holds when every condition does.
// Numbers compare exactly (scaled bigints, never floats); times compare in nanoseconds.
import type { AbciEvent } from '../types/abci.js';
import type { FlatEvents, Query, QueryCondition } from '../types/query.js';

/** "type.key" -> every value, in event order. Events without a type and attributes without a key are skipped. */
export function flattenEvents(events: readonly AbciEvent[]): FlatEvents {
  const flat: FlatEvents = {};
  for (const ev of events) {
    if (!ev.type) continue;
    for (const attr of ev.attributes) {
      if (!attr.key) continue;
      const composite = `${ev.type}.${attr.key}`;
      (flat[composite] ??= []).push(attr.value);
    }
  }
  return flat;
}

export function matchQuery(query: Query, flat: FlatEvents): boolean {
  return query.conditions.every((c) => matchCondition(c, flat));
}

function matchCondition(c: QueryCondition, flat: FlatEvents): boolean {
  const values = Object.prototype.hasOwnProperty.call(flat, c.key) ? flat[c.key]! : undefined;
  if (c.op === 'EXISTS') return values !== undefined && values.length > 0;
  if (c.op === 'IN') return values !== undefined && c.values !== undefined && values.some((v) => c.values!.includes(v));
  if (!values || !c.value) return false;
  return values.some((v) => matchValue(c, v));
}

function matchValue(c: QueryCondition, attr: string): boolean {
  const want = c.value!;
  switch (want.kind) {
    case 'string':
      return c.op === 'CONTAINS' ? attr.includes(want.value) : attr === want.value;
    case 'number': {
      // As CometBFT: the attribute's leading number counts ("100useed" compares as 100).
      const lead = /^-?[0-9]+(\.[0-9]+)?/.exec(attr);
      return lead !== null && compareWith(c.op, compareDecimals(lead[0], want.value));
    }
    case 'time': {
      const have = timeToNanos(attr);
      return have !== undefined && compareWith(c.op, cmp(have, timeToNanos(want.value)!));
    }
    case 'date': {
      const have = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(attr) ? dateToNanos(attr) : timeToNanos(attr);
      return have !== undefined && compareWith(c.op, cmp(have, dateToNanos(want.value)));
    }
  }
}

function compareWith(op: QueryCondition['op'], order: number): boolean {
  switch (op) {
    case '=': return order === 0;
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
    default: return false;
  }
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Exact comparison of two decimal texts like "-12.50" and "12.5". */
export function compareDecimals(a: string, b: string): number {
  const [ai, af] = splitDecimal(a);
  const [bi, bf] = splitDecimal(b);
  const scale = Math.max(af.length, bf.length);
  return cmp(scaled(ai, af, scale), scaled(bi, bf, scale));
}

function splitDecimal(text: string): [string, string] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, ''] : [text.slice(0, dot), text.slice(dot + 1)];
}

function scaled(intPart: string, frac: string, scale: number): bigint {
  const negative = intPart.startsWith('-');
  const digits = (negative ? intPart.slice(1) : intPart) + frac.padEnd(scale, '0');
  const v = BigInt(digits === '' ? '0' : digits);
  return negative ? -v : v;
}

const NANOS_PER_DAY = 86_400_000_000_000n;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): bigint {
  const yy = BigInt(m <= 2 ? y - 1 : y);
  const era = (yy >= 0n ? yy : yy - 399n) / 400n;
  const yoe = yy - era * 400n;
  const mp = BigInt((m + 9) % 12);
  const doy = (153n * mp + 2n) / 5n + BigInt(d - 1);
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146097n + doe - 719468n;
}

function dateToNanos(text: string): bigint {
  return daysFromCivil(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))) * NANOS_PER_DAY;
}

/** RFC 3339 text to nanoseconds since the epoch; undefined if it is not one. */
export function timeToNanos(text: string): bigint | undefined {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})$/.exec(text);
  if (!m) return undefined;
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  const secs = BigInt(Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]));
  let nanos = days * NANOS_PER_DAY + secs * 1_000_000_000n + BigInt((m[7] ?? '').padEnd(9, '0'));
  if (m[8] !== 'Z') {
    const sign = m[8]!.startsWith('-') ? -1n : 1n;
    const offsetSecs = BigInt(Number(m[8]!.slice(1, 3)) * 3600 + Number(m[8]!.slice(4, 6)) * 60);
    nanos -= sign * offsetSecs * 1_000_000_000n;
  }
  return nanos;
}
