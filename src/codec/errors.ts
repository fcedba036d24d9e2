// Errors of the codec layer. Tx decoding errors carry the Cosmos SDK code of the matching
// failure (cosmos-sdk types/errors/errors.go, codespace "sdk"), so the ante pipeline and the
// RPC can report them unchanged, as wallets expect.

/** Cosmos SDK root codespace codes used by the decoder (values from types/errors/errors.go). */
export const SdkCode = {
  TxDecode: 2,
  Unauthorized: 4,
  InvalidPubKey: 8,
  InvalidCoins: 10,
  MemoTooLarge: 12,
  TooManySignatures: 14,
  NoSignatures: 15,
  InvalidRequest: 18,
  TxTooLarge: 21,
} as const;
export type SdkCodeValue = (typeof SdkCode)[keyof typeof SdkCode];

export class TxDecodeError extends Error {
  readonly codespace = 'sdk' as const;

  constructor(
    readonly code: SdkCodeValue,
    message: string,
  ) {
    super(message);
    this.name = 'TxDecodeError';
  }
}

export type AddressErrorCode = 'ADDRESS_BAD_ENCODING' | 'ADDRESS_WRONG_PREFIX' | 'ADDRESS_WRONG_LENGTH';

export class AddressError extends Error {
  constructor(
    readonly code: AddressErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AddressError';
  }
}

export type ProtoErrorCode = 'PROTO_UNKNOWN_TYPE' | 'PROTO_DECODE' | 'PROTO_INVALID_MESSAGE' | 'PROTO_SCHEMA';

export class ProtoError extends Error {
  constructor(
    readonly code: ProtoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtoError';
  }
}

/** Network-supplied text in an error message: bounded and printable. */
export function quote(text: string, max = 64): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > max ? clean.slice(0, max) + '...' : clean);
}
