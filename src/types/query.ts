// CometBFT's event query language, parsed: `tm.event='Tx' AND message.sender='seed1…'`.
// Conditions are joined by AND (the language has no OR). Keys are `<event type>.<attribute>`,
// plus the reserved `tm.event`, `tx.hash` and `tx.height` (and `block.height`).
// Our extension (subscriptions only): `key IN ('a', 'b')`, one of 1..100 strings.

export type QueryOperator = '=' | '<' | '<=' | '>' | '>=' | 'CONTAINS' | 'EXISTS' | 'IN';

export type QueryValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string } // kept as decimal text: compare as bigint or exact decimal, never float
  | { kind: 'time'; value: string } // RFC 3339, from `TIME 2024-01-01T00:00:00Z`
  | { kind: 'date'; value: string }; // YYYY-MM-DD, from `DATE 2024-01-01`

export interface QueryCondition {
  key: string;
  op: QueryOperator;
  value?: QueryValue; // absent for EXISTS and IN
  /** The strings of an IN condition (1..100, duplicates removed); absent otherwise. */
  values?: string[];
}

export interface Query {
  /** The text as the client sent it (echoed back in subscription events). */
  source: string;
  conditions: QueryCondition[];
}

/** Events flattened as CometBFT does for matching: "type.key" -> every value seen. */
export type FlatEvents = Record<string, string[]>;
