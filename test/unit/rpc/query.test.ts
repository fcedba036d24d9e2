// The event query language: parsing (and refusing) queries, and matching them exactly.
import { flattenEvents, matchQuery, parseQuery, QueryParseError, MAX_QUERY_CONDITIONS, MAX_QUERY_LENGTH } from '../../../src/rpc/index.js';
import { compareDecimals, timeToNanos } from '../../../src/rpc/queryMatch.js';

function parseError(text: string): QueryParseError {
  try {
    parseQuery(text);
  } catch (err) {
    if (err instanceof QueryParseError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseQuery', () => {
  test('conditions joined by AND, every operator and value kind', () => {
    const q = parseQuery("tm.event = 'Tx' AND message.sender='seed1abc' AND tx.height>=5 AND transfer.amount<10.5 AND block.time > TIME 2024-01-31T12:00:00.5Z AND day.d<=DATE 2024-02-29 AND note.text CONTAINS 'it' AND my-app.flag EXISTS");
    expect(q.conditions).toEqual([
      { key: 'tm.event', op: '=', value: { kind: 'string', value: 'Tx' } },
      { key: 'message.sender', op: '=', value: { kind: 'string', value: 'seed1abc' } },
      { key: 'tx.height', op: '>=', value: { kind: 'number', value: '5' } },
      { key: 'transfer.amount', op: '<', value: { kind: 'number', value: '10.5' } },
      { key: 'block.time', op: '>', value: { kind: 'time', value: '2024-01-31T12:00:00.5Z' } },
      { key: 'day.d', op: '<=', value: { kind: 'date', value: '2024-02-29' } },
      { key: 'note.text', op: 'CONTAINS', value: { kind: 'string', value: 'it' } },
      { key: 'my-app.flag', op: 'EXISTS' },
    ]);
  });

  test('quoted strings keep spaces and AND, and take \\\' escapes', () => {
    const q = parseQuery("memo.text='a AND b' AND memo.q='it\\'s'");
    expect(q.conditions.map((c) => c.value?.value)).toEqual(['a AND b', "it's"]);
    expect(q.source).toBe("memo.text='a AND b' AND memo.q='it\\'s'");
  });

  test.each([
    ['', 0, 'an event key'],
    ["tm.event='Tx' AND", 17, 'an event key'],
    ["tm.event='Tx' OR tx.height=1", 14, "'AND'"],
    ["tm.event 'Tx'", 9, 'an operator'],
    ["tm.event='Tx", 9, 'a closing quote'],
    ['tx.height=', 10, 'a value'],
    ['tx.height=12abc', 12, 'a number'],
    ["tx.height>'5'", 10, 'a number, TIME or DATE value for operator >'],
    ['a.b CONTAINS 5', 13, 'a quoted string value for CONTAINS'],
    ['block.time>TIME 2024-13-01T00:00:00Z', 16, 'an RFC 3339 time'],
    ['block.time>TIME yesterday', 16, 'an RFC 3339 time'],
    ['d.d=DATE 2024-1-1', 9, 'a date'],
    ['9key=1', 0, 'an event key'],
    ["tm.event=='Tx'", 9, 'a value'],
    ["tm.event='Tx' ANDtx.height=1", 14, "'AND'"],
  ])('refuses %j at %i, expecting %s', (text, position, expected) => {
    const err = parseError(text);
    expect(err.position).toBe(position);
    expect(err.expected).toContain(expected);
    expect(err.code).toBe('RPC_QUERY_PARSE_ERROR');
  });

  test('bounded in length and number of conditions', () => {
    expect(parseError("a.b='" + 'x'.repeat(MAX_QUERY_LENGTH) + "'").expected).toMatch(/at most 1024 characters/);
    const many = Array.from({ length: MAX_QUERY_CONDITIONS + 1 }, (_, i) => `a.k${i}=1`).join(' AND ');
    expect(parseError(many).expected).toMatch(/at most 20 conditions/);
    expect(parseQuery(many.split(' AND ').slice(0, MAX_QUERY_CONDITIONS).join(' AND ')).conditions).toHaveLength(20);
  });
});

describe('matchQuery', () => {
  const flat = flattenEvents([
    { type: 'message', attributes: [{ key: 'sender', value: 'seed1alice', index: true }, { key: '', value: 'skipped', index: true }] },
    { type: 'transfer', attributes: [{ key: 'amount', value: '100useed', index: true }, { key: 'amount', value: '0.25', index: true }] },
    { type: '', attributes: [{ key: 'x', value: 'skipped', index: true }] },
    { type: 'block', attributes: [{ key: 'time', value: '2024-01-31T12:00:00.000000001Z', index: true }, { key: 'big', value: '18446744073709551617', index: true }] },
  ]);
  const m = (q: string) => matchQuery(parseQuery(q), flat);

  test('flattens to type.key with every value', () => {
    expect(flat).toEqual({
      'message.sender': ['seed1alice'],
      'transfer.amount': ['100useed', '0.25'],
      'block.time': ['2024-01-31T12:00:00.000000001Z'],
      'block.big': ['18446744073709551617'],
    });
  });

  test('strings: exact =, CONTAINS substring, EXISTS', () => {
    expect(m("message.sender='seed1alice'")).toBe(true);
    expect(m("message.sender='seed1alic'")).toBe(false);
    expect(m("message.sender CONTAINS 'alic'")).toBe(true);
    expect(m('message.sender EXISTS')).toBe(true);
    expect(m('message.receiver EXISTS')).toBe(false);
    expect(m("message.sender='seed1alice' AND transfer.amount EXISTS")).toBe(true);
    expect(m("message.sender='seed1alice' AND tx.height=1")).toBe(false);
  });

  test('numbers compare exactly, any value may match, leading number of "100useed" counts', () => {
    expect(m('transfer.amount=100')).toBe(true);
    expect(m('transfer.amount>99.999999999999999999')).toBe(true);
    expect(m('transfer.amount=0.250')).toBe(true);
    expect(m('transfer.amount<0.25')).toBe(false);
    expect(m('transfer.amount<=0.25')).toBe(true);
    expect(m('block.big>18446744073709551616')).toBe(true); // beyond float precision
    expect(m('block.big=18446744073709551616')).toBe(false);
    expect(compareDecimals('-1.5', '-1.45')).toBe(-1);
    expect(compareDecimals('2', '2.000')).toBe(0);
  });

  test('times to the nanosecond, dates by day', () => {
    expect(m('block.time>TIME 2024-01-31T12:00:00Z')).toBe(true);
    expect(m('block.time<=TIME 2024-01-31T12:00:00.000000001Z')).toBe(true);
    expect(m('block.time<TIME 2024-01-31T13:00:00+01:00')).toBe(false);
    expect(m('block.time>=DATE 2024-01-31')).toBe(true);
    expect(m('block.time<DATE 2024-01-31')).toBe(false);
    expect(m("message.sender>DATE 2024-01-31")).toBe(false); // not a time: no match, no crash
    expect(timeToNanos('1970-01-01T00:00:01Z')).toBe(1_000_000_000n);
    expect(timeToNanos('1969-12-31T23:59:59Z')).toBe(-1_000_000_000n);
    expect(timeToNanos('not a time')).toBeUndefined();
  });
});
