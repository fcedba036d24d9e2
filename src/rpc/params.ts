// Method parameters, by name (JSON object), by position (JSON array) or from a GET query
// string with CometBFT's URI conventions: strings may be "quoted", bytes given as 0xHEX or
// "base64", numbers and booleans bare.
import { invalidParams } from './errors.js';

/** bytes = base64 in JSON (Go []byte); hex = hex text (Go HexBytes, abci_query's data). */
export type ParamType = 'string' | 'int' | 'bytes' | 'hex' | 'bool';

export interface ParamSpec {
  name: string;
  type: ParamType;
}

export type ParamValue = string | bigint | Uint8Array | boolean;
export type ParamValues = Record<string, ParamValue | undefined>;

const MAX_INT_DIGITS = 20;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const INT = /^-?[0-9]+$/;

export function paramsFromJson(specs: readonly ParamSpec[], params: unknown): ParamValues {
  const out: ParamValues = {};
  if (params === undefined || params === null) return out;
  if (Array.isArray(params)) {
    if (params.length > specs.length) throw invalidParams(`expected at most ${specs.length} params, got ${params.length}`);
    specs.forEach((spec, i) => (out[spec.name] = jsonParam(spec, params[i])));
    return out;
  }
  if (typeof params !== 'object') throw invalidParams('params must be an object or an array');
  const byName = params as Record<string, unknown>;
  for (const spec of specs) {
    if (Object.prototype.hasOwnProperty.call(byName, spec.name)) out[spec.name] = jsonParam(spec, byName[spec.name]);
  }
  return out;
}

function jsonParam(spec: ParamSpec, value: unknown): ParamValue | undefined {
  if (value === undefined || value === null) return undefined;
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') throw invalidParams(`${spec.name}: expected a string`);
      return value;
    case 'int':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      if (typeof value === 'string') return parseInt(spec.name, value);
      throw invalidParams(`${spec.name}: expected an integer (a decimal string or a number)`);
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalidParams(`${spec.name}: expected true or false`);
    case 'bytes':
      if (typeof value !== 'string') throw invalidParams(`${spec.name}: expected base64 bytes`);
      return parseBase64(spec.name, value);
    case 'hex':
      if (typeof value !== 'string') throw invalidParams(`${spec.name}: expected hex bytes`);
      return parseHex(spec.name, value);
  }
}

export function paramsFromUri(specs: readonly ParamSpec[], query: URLSearchParams): ParamValues {
  const out: ParamValues = {};
  for (const spec of specs) {
    const raw = query.get(spec.name);
    if (raw === null || raw === '') continue;
    out[spec.name] = uriParam(spec, raw);
  }
  return out;
}

function uriParam(spec: ParamSpec, raw: string): ParamValue {
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
  const inner = quoted ? unquote(spec.name, raw) : raw;
  switch (spec.type) {
    case 'string':
      return inner;
    case 'int':
      return parseInt(spec.name, inner);
    case 'bool':
      if (inner === 'true' || inner === 'false') return inner === 'true';
      throw invalidParams(`${spec.name}: expected true or false`);
    case 'bytes':
      if (!quoted && /^0x/i.test(raw)) return parseHex(spec.name, raw.slice(2));
      if (quoted) return parseBase64(spec.name, inner);
      throw invalidParams(`${spec.name}: give bytes as 0x<hex> or "<base64>"`);
    case 'hex':
      return parseHex(spec.name, /^0x/i.test(inner) ? inner.slice(2) : inner);
  }
}

function unquote(name: string, raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'string') return v;
  } catch {
    // fall through to the error below
  }
  throw invalidParams(`${name}: malformed quoted string`);
}

function parseInt(name: string, text: string): bigint {
  if (!INT.test(text) || text.replace('-', '').length > MAX_INT_DIGITS) {
    throw invalidParams(`${name}: expected an integer, got ${JSON.stringify(text.slice(0, 40))}`);
  }
  return BigInt(text);
}

function parseBase64(name: string, text: string): Uint8Array {
  if (!BASE64.test(text)) throw invalidParams(`${name}: malformed base64`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function parseHex(name: string, text: string): Uint8Array {
  const body = /^0x/i.test(text) ? text.slice(2) : text;
  if (!HEX.test(body)) throw invalidParams(`${name}: malformed hex`);
  return new Uint8Array(Buffer.from(body, 'hex'));
}
