// SDK-style fixed-point decimals (LegacyDec): bigint scaled by 10^18. Two text forms, as the
// SDK has them: the printed one ("0.100000000000000000", JSON, CLI, genesis) and the protobuf
// one (the scaled integer "100000000000000000"). No floats anywhere.
import { SDK, sdkError } from './errors.js';

export const DEC_PRECISION = 18;
export const ONE = 10n ** 18n;

const PRINTED = /^(0|[1-9][0-9]{0,40})(\.[0-9]{1,18})?$/;
const ATOMICS = /^[0-9]{1,60}$/;

/** Parses "0.1", "0.100000000000000000" or "5" into a scaled bigint; throws on anything else. */
export function parseDec(text: string, what = 'decimal'): bigint {
  if (typeof text !== 'string' || !PRINTED.test(text)) {
    throw sdkError(SDK.InvalidRequest, `invalid ${what}: ${JSON.stringify(String(text).slice(0, 64))} is not a non-negative decimal`);
  }
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole) * ONE + BigInt((frac + '0'.repeat(DEC_PRECISION)).slice(0, DEC_PRECISION));
}

/** The SDK's printed form: always 18 decimals. */
export function formatDec(value: bigint): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const frac = (abs % ONE).toString().padStart(DEC_PRECISION, '0');
  return `${neg ? '-' : ''}${abs / ONE}.${frac}`;
}

/** Protobuf wire form of a LegacyDec: the scaled integer as text. */
export function decToProto(value: bigint): string {
  return value.toString();
}

/**
 * Reads a LegacyDec from a protobuf string field. The SDK writes the scaled integer; clients
 * that put the printed form there ("0.10") are read too, since a dot cannot be ambiguous.
 */
export function decFromProto(text: string, what = 'decimal'): bigint {
  if (typeof text === 'string' && text.includes('.')) return parseDec(text, what);
  if (typeof text !== 'string' || !ATOMICS.test(text)) {
    throw sdkError(SDK.InvalidRequest, `invalid ${what}: ${JSON.stringify(String(text).slice(0, 64))} is not a decimal`);
  }
  return BigInt(text);
}

/** amount * rate, truncated (rate scaled by 10^18). */
export function mulDecTruncate(amount: bigint, rate: bigint): bigint {
  return (amount * rate) / ONE;
}
