// Matching of one attribute value against one query condition. Numbers compare as exact
// decimals (bigint), never floats; times and dates as instants.
import type { QueryCondition } from '../../types/query.js';

const DECIMAL = /^(-?)(\d{1,80})(?:\.(\d{1,80}))?$/;

interface Decimal {
  neg: boolean;
  int: string;
  frac: string;
}

export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  return { neg: m[1] === '-', int: m[2]!, frac: (m[3] ?? '').replace(/0+$/, '') };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.frac.length, b.frac.length);
  const va = BigInt(a.int + a.frac.padEnd(scale, '0')) * (a.neg ? -1n : 1n);
  const vb = BigInt(b.int + b.frac.padEnd(scale, '0')) * (b.neg ? -1n : 1n);
  return va < vb ? -1 : va > vb ? 1 : 0;
}

function ordered(cmp: number, op: QueryCondition['op']): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    default:
      return false;
  }
}

export function matchValue(text: string, cond: QueryCondition): boolean {
  if (cond.op === 'EXISTS') return true;
  const v = cond.value;
  if (!v) return false;
  if (cond.op === 'CONTAINS') return text.includes(v.value);
  if (v.kind === 'string') return cond.op === '=' && text === v.value;
  if (v.kind === 'number') {
    const a = parseDecimal(text);
    const b = parseDecimal(v.value);
    return a !== undefined && b !== undefined && ordered(compareDecimal(a, b), cond.op);
  }
  const a = Date.parse(text);
  const b = Date.parse(v.value);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return ordered(a < b ? -1 : a > b ? 1 : 0, cond.op);
}

/** The tightest integer range [lo, hi] that numeric height conditions allow (undefined = unbounded). */
export function heightRange(conds: QueryCondition[]): { lo: bigint; hi: bigint | undefined } {
  let lo = 0n;
  let hi: bigint | undefined;
  const lower = (x: bigint) => {
    if (x > lo) lo = x;
  };
  const upper = (x: bigint) => {
    if (hi === undefined || x < hi) hi = x;
  };
  for (const c of conds) {
    if (c.value?.kind !== 'number') continue;
    const d = parseDecimal(c.value.value);
    if (!d) continue;
    const whole = BigInt(d.int) * (d.neg ? -1n : 1n);
    const exact = d.frac === '';
    const floor = d.neg && !exact ? whole - 1n : whole;
    const ceil = exact ? whole : floor + 1n;
    if (c.op === '=') {
      if (!exact) return { lo: 1n, hi: 0n };
      lower(whole);
      upper(whole);
    } else if (c.op === '>') lower(floor + 1n);
    else if (c.op === '>=') lower(ceil);
    else if (c.op === '<') upper(ceil - 1n);
    else if (c.op === '<=') upper(floor);
  }
  return { lo, hi };
}
