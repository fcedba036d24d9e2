// The IN extension of the event query language: parsing, refusals, matching, and that
// tx_search (which stores no IN) refuses it clearly instead of answering nothing.
import { flattenEvents, matchQuery, parseQuery, QueryParseError } from '../../../src/rpc/index.js';
import { MAX_IN_VALUES, MAX_SUBSCRIBE_QUERY_LENGTH } from '../../../src/rpc/query.js';
import { subscribeQueryParam } from '../../../src/rpc/subscriptions.js';
import { RpcError } from '../../../src/rpc/errors.js';

const ext = (text: string) => parseQuery(text, { extensions: true });

function refusal(text: string, extensions = true): QueryParseError {
  try {
    parseQuery(text, { extensions });
  } catch (err) {
    if (err instanceof QueryParseError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

const addr = (i: number) => `seed1${String(i).padStart(38, 'q')}`;

describe('IN lists', () => {
  test('parse to the distinct strings, beside other conditions', () => {
    const q = ext("tm.event='Tx' AND card.creator IN ('seed1a', 'seed1b','seed1a' ) AND card.tag IN ('it\\'s')");
    expect(q.conditions).toEqual([
      { key: 'tm.event', op: '=', value: { kind: 'string', value: 'Tx' } },
      { key: 'card.creator', op: 'IN', values: ['seed1a', 'seed1b'] },
      { key: 'card.tag', op: 'IN', values: ["it's"] },
    ]);
  });

  test('a home feed of 100 followed accounts fits in one subscribe query', () => {
    const text = `tm.event='Tx' AND card.creator IN (${Array.from({ length: MAX_IN_VALUES }, (_, i) => `'${addr(i)}'`).join(', ')})`;
    expect(text.length).toBeGreaterThan(1024);
    expect(text.length).toBeLessThanOrEqual(MAX_SUBSCRIBE_QUERY_LENGTH);
    expect(ext(text).conditions[1]!.values).toHaveLength(100);
  });

  test.each([
    ["card.creator IN ()", 17, 'a quoted string (an IN list holds 1 to 100 strings)'],
    ["card.creator IN 'a'", 16, "'(' to open the IN list"],
    ["card.creator IN ('a', 5)", 22, 'a quoted string (IN takes strings only)'],
    ["card.creator IN ('a' 'b')", 21, "',' or ')' in the IN list"],
    ["card.creator IN ('a',", 21, 'a quoted string (IN takes strings only)'],
    ["card.creator IN ('a", 17, 'a closing quote'],
    ["card.creator IN ('a') AND", 25, 'an event key'],
    ["card.creatorIN ('a')", 15, 'an operator (=, <, <=, >, >=, CONTAINS, EXISTS, IN)'],
  ])('%s is refused at %i: %s', (text, position, expected) => {
    const err = refusal(text);
    expect(err.position).toBe(position);
    expect(err.expected).toContain(expected);
    expect(err.message).toMatch(/^invalid query at position \d+: expected /);
  });

  test('more than 100 values, or a subscribe query over the longer limit, is refused', () => {
    const list = (n: number) => `card.tag IN (${Array.from({ length: n }, (_, i) => `'t${i}'`).join(',')})`;
    expect(ext(list(100)).conditions[0]!.values).toHaveLength(100);
    expect(refusal(list(101)).expected).toBe('at most 100 values in an IN list');
    expect(refusal(`card.tag='${'x'.repeat(MAX_SUBSCRIBE_QUERY_LENGTH)}'`).expected).toBe(`at most ${MAX_SUBSCRIBE_QUERY_LENGTH} characters`);
  });

  test('without extensions (tx_search, block_search) IN is refused, not silently unmatched', () => {
    const err = refusal("card.creator IN ('a')", false);
    expect(err.position).toBe(13);
    expect(err.expected).toMatch(/IN is a Seedcast extension for subscribe only/);
    expect(() => parseQuery(`card.tag='${'x'.repeat(1100)}'`)).toThrow(/at most 1024 characters/);
  });

  test('subscribe params: parse errors become -32602 with the reason', () => {
    expect(subscribeQueryParam("card.tag IN ('a')").conditions[0]!.op).toBe('IN');
    for (const bad of [undefined, "card.tag IN ()"]) {
      let caught: unknown;
      try {
        subscribeQueryParam(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(RpcError);
      expect((caught as RpcError).jsonRpcCode).toBe(-32602);
    }
  });

  test('match when any value of the key is in the list, and only then', () => {
    const flat = flattenEvents([
      { type: 'card', attributes: [{ key: 'creator', value: 'seed1b', index: true }, { key: 'tag', value: 'cats', index: true }, { key: 'tag', value: 'art', index: true }] },
    ]);
    expect(matchQuery(ext("card.creator IN ('seed1a', 'seed1b')"), flat)).toBe(true);
    expect(matchQuery(ext("card.creator IN ('seed1a', 'seed1c')"), flat)).toBe(false);
    expect(matchQuery(ext("card.tag IN ('dogs', 'art')"), flat)).toBe(true);
    expect(matchQuery(ext("card.tag IN ('ar', 'cat')"), flat)).toBe(false); // exact, not CONTAINS
    expect(matchQuery(ext("reaction.kind IN ('like')"), flat)).toBe(false); // key absent
    expect(matchQuery(ext("card.tag IN ('art') AND card.creator='seed1a'"), flat)).toBe(false);
  });
});
