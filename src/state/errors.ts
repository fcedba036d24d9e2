// Cosmos-style errors: every failed tx or query carries a codespace, a numeric code and a
// human log. Codes for the `sdk` codespace are the Cosmos SDK's (types/errors/errors.go), so
// wallets that know them read ours the same way.

export const SDK = {
  TxDecode: 2,
  InvalidSequence: 3,
  Unauthorized: 4,
  InsufficientFunds: 5,
  UnknownRequest: 6,
  InvalidAddress: 7,
  InvalidPubKey: 8,
  UnknownAddress: 9,
  InvalidCoins: 10,
  OutOfGas: 11,
  MemoTooLarge: 12,
  InsufficientFee: 13,
  TooManySignatures: 14,
  NoSignatures: 15,
  InvalidRequest: 18,
  TxInMempoolCache: 19,
  MempoolIsFull: 20,
  TxTooLarge: 21,
  KeyNotFound: 22,
  WrongPassword: 23,
  InvalidHeight: 26,
  InvalidChainID: 28,
  InvalidType: 29,
  InvalidGasLimit: 41,
  TxTimeoutHeight: 30,
  WrongSequence: 32,
  NotFound: 38,
  Panic: 111222,
} as const;

export class SdkError extends Error {
  constructor(
    readonly codespace: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'SdkError';
  }
}

export function sdkError(code: number, message: string): SdkError {
  return new SdkError('sdk', code, message);
}

/** Errors of a query, in the form cosmjs recognises ("rpc error: code = NotFound ..."). */
export function notFound(what: string): SdkError {
  return new SdkError('sdk', SDK.KeyNotFound, `rpc error: code = NotFound desc = ${what}: key not found`);
}

export function invalidArgument(what: string): SdkError {
  return new SdkError('sdk', SDK.InvalidRequest, `rpc error: code = InvalidArgument desc = ${what}: invalid request`);
}

/** Turns anything thrown during execution into a code and log; unknown errors are internal. */
export function toSdkError(err: unknown): SdkError {
  if (err instanceof SdkError) return err;
  const code = (err as { code?: unknown })?.code;
  const codespace = (err as { codespace?: unknown })?.codespace;
  if (typeof code === 'number' && typeof codespace === 'string') {
    return new SdkError(codespace, code, (err as Error).message);
  }
  return new SdkError('sdk', SDK.Panic, `internal error: ${(err as Error)?.message ?? String(err)}`);
}
