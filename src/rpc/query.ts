// CometBFT's event query language: `tm.event='Tx' AND message.sender='seed1…' AND tx.height>5`.
// A hand-written scanner, bounded in length and number of conditions, that says where it
// failed and what it expected. Our extension for subscriptions: `card.creator IN ('a', 'b')`.
import type { Query, QueryCondition, QueryOperator, QueryValue } from '../types/query.js';
import { QueryParseError } from './errors.js';

export const MAX_QUERY_LENGTH = 1024;
/** Subscribe queries may be longer: an IN list of 100 addresses is ~4,700 characters. */
export const MAX_SUBSCRIBE_QUERY_LENGTH = 8192;
export const MAX_QUERY_CONDITIONS = 20;
export const MAX_IN_VALUES = 100;

export interface ParseQueryOptions {
  /** Accept our extensions (`IN`) and the longer subscribe length; off for tx_search/block_search. */
  extensions?: boolean;
}

const KEY_START = /[A-Za-z_]/;
const KEY_CHAR = /[A-Za-z0-9_.\-]/;
const WORD_CHAR = /[A-Za-z0-9_]/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?/;
const RFC3339 = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(expected: string): never {
    throw new QueryParseError(this.pos, expected, this.text);
  }
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  /** Consumes `word` if it is next and stands alone (not the prefix of a longer word). */
  word(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length];
    if (after !== undefined && WORD_CHAR.test(after)) return false;
    this.pos += word.length;
    return true;
  }
  match(re: RegExp): string | undefined {
    const m = re.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
}

/** Parses a CometBFT event query; throws QueryParseError on anything it does not accept. */
export function parseQuery(text: string, opts: ParseQueryOptions = {}): Query {
  if (typeof text !== 'string') throw new QueryParseError(0, 'a query string', String(text));
  const maxLength = opts.extensions ? MAX_SUBSCRIBE_QUERY_LENGTH : MAX_QUERY_LENGTH;
  if (text.length > maxLength) {
    throw new QueryParseError(maxLength, `at most ${maxLength} characters`, text.slice(0, 64));
  }
  const s = new Scanner(text);
  const conditions: QueryCondition[] = [];
  s.skipSpace();
  for (;;) {
    if (conditions.length === MAX_QUERY_CONDITIONS) s.fail(`at most ${MAX_QUERY_CONDITIONS} conditions`);
    conditions.push(parseCondition(s, opts.extensions === true));
    s.skipSpace();
    if (s.atEnd()) break;
    if (!s.word('AND')) s.fail("'AND' or the end of the query");
    s.skipSpace();
  }
  return { source: text, conditions };
}

function parseCondition(s: Scanner, extensions: boolean): QueryCondition {
  const start = s.pos;
  if (s.atEnd() || !KEY_START.test(s.text[s.pos]!)) s.fail('an event key such as tm.event or message.sender');
  while (!s.atEnd() && KEY_CHAR.test(s.text[s.pos]!)) s.pos++;
  const key = s.text.slice(start, s.pos);
  s.skipSpace();
  const opPos = s.pos;
  const op = parseOperator(s);
  if (op === 'EXISTS') return { key, op };
  if (op === 'IN') {
    if (!extensions) {
      s.pos = opPos;
      s.fail("an operator of CometBFT's language (IN is a Seedcast extension for subscribe only)");
    }
    s.skipSpace();
    return { key, op, values: parseInList(s) };
  }
  s.skipSpace();
  const valuePos = s.pos;
  const value = parseValue(s);
  if (value.kind === 'string' && op !== '=' && op !== 'CONTAINS') {
    s.pos = valuePos;
    s.fail(`a number, TIME or DATE value for operator ${op}`);
  }
  if (value.kind !== 'string' && op === 'CONTAINS') {
    s.pos = valuePos;
    s.fail("a quoted string value for CONTAINS");
  }
  return { key, op, value };
}

function parseOperator(s: Scanner): QueryOperator {
  for (const op of ['<=', '>=', '=', '<', '>'] as const) {
    if (s.text.startsWith(op, s.pos)) {
      s.pos += op.length;
      return op;
    }
  }
  if (s.word('CONTAINS')) return 'CONTAINS';
  if (s.word('EXISTS')) return 'EXISTS';
  if (s.word('IN')) return 'IN';
  return s.fail('an operator (=, <, <=, >, >=, CONTAINS, EXISTS, IN)');
}

/** `('a', 'b', ...)`: 1..MAX_IN_VALUES quoted strings; duplicates are kept once. */
function parseInList(s: Scanner): string[] {
  if (s.text[s.pos] !== '(') s.fail("'(' to open the IN list, e.g. IN ('a', 'b')");
  s.pos++;
  const values = new Set<string>();
  for (let n = 0; ; n++) {
    s.skipSpace();
    if (n === MAX_IN_VALUES) s.fail(`at most ${MAX_IN_VALUES} values in an IN list`);
    if (s.text[s.pos] !== "'") s.fail(n === 0 ? `a quoted string (an IN list holds 1 to ${MAX_IN_VALUES} strings)` : 'a quoted string (IN takes strings only)');
    values.add(parseQuoted(s));
    s.skipSpace();
    if (s.text[s.pos] === ')') {
      s.pos++;
      return [...values];
    }
    if (s.text[s.pos] !== ',') s.fail("',' or ')' in the IN list");
    s.pos++;
  }
}

function parseValue(s: Scanner): QueryValue {
  const ch = s.text[s.pos];
  if (ch === "'") return { kind: 'string', value: parseQuoted(s) };
  if (s.word('TIME')) {
    s.skipSpace();
    const at = s.pos;
    const t = s.match(RFC3339);
    if (!t || !validCalendarDate(t)) {
      s.pos = at;
      s.fail('an RFC 3339 time after TIME, e.g. 2024-01-31T12:00:00Z');
    }
    return { kind: 'time', value: t };
  }
  if (s.word('DATE')) {
    s.skipSpace();
    const at = s.pos;
    const d = s.match(DATE);
    if (!d || !validCalendarDate(d)) {
      s.pos = at;
      s.fail('a date after DATE, e.g. 2024-01-31');
    }
    return { kind: 'date', value: d };
  }
  const n = s.match(NUMBER);
  if (n !== undefined) {
    const after = s.text[s.pos];
    if (after !== undefined && KEY_CHAR.test(after)) s.fail('a number (digits, optionally one decimal point)');
    return { kind: 'number', value: n };
  }
  return s.fail("a value: 'quoted string', number, TIME <RFC 3339> or DATE <YYYY-MM-DD>");
}

/** Single-quoted; `\'` stands for a quote and `\\` for a backslash, other backslashes are literal. */
function parseQuoted(s: Scanner): string {
  const open = s.pos;
  s.pos++;
  let out = '';
  while (!s.atEnd()) {
    const ch = s.text[s.pos]!;
    if (ch === '\\' && (s.text[s.pos + 1] === "'" || s.text[s.pos + 1] === '\\')) {
      out += s.text[s.pos + 1];
      s.pos += 2;
      continue;
    }
    if (ch === "'") {
      s.pos++;
      return out;
    }
    out += ch;
    s.pos++;
  }
  s.pos = open;
  return s.fail('a closing quote for the string that starts here');
}

function validCalendarDate(text: string): boolean {
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (text.length > 10) {
    const hour = Number(text.slice(11, 13));
    const minute = Number(text.slice(14, 16));
    const second = Number(text.slice(17, 19));
    if (hour > 23 || minute > 59 || second > 60) return false;
  }
  return true;
}
