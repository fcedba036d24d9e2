// JSON-RPC 2.0 errors as CometBFT reports them: a fixed message per code, the human
// explanation in `data`.

export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;
export const JSONRPC_METHOD_NOT_FOUND = -32601;
export const JSONRPC_INVALID_PARAMS = -32602;
export const JSONRPC_INTERNAL_ERROR = -32603;

const MESSAGES: Record<number, string> = {
  [JSONRPC_PARSE_ERROR]: 'Parse error',
  [JSONRPC_INVALID_REQUEST]: 'Invalid Request',
  [JSONRPC_METHOD_NOT_FOUND]: 'Method not found',
  [JSONRPC_INVALID_PARAMS]: 'Invalid params',
  [JSONRPC_INTERNAL_ERROR]: 'Internal error',
};

export type RpcErrorCode =
  | 'RPC_PARSE_ERROR'
  | 'RPC_INVALID_REQUEST'
  | 'RPC_METHOD_NOT_FOUND'
  | 'RPC_INVALID_PARAMS'
  | 'RPC_INTERNAL_ERROR';

const CODE_NAMES: Record<number, RpcErrorCode> = {
  [JSONRPC_PARSE_ERROR]: 'RPC_PARSE_ERROR',
  [JSONRPC_INVALID_REQUEST]: 'RPC_INVALID_REQUEST',
  [JSONRPC_METHOD_NOT_FOUND]: 'RPC_METHOD_NOT_FOUND',
  [JSONRPC_INVALID_PARAMS]: 'RPC_INVALID_PARAMS',
  [JSONRPC_INTERNAL_ERROR]: 'RPC_INTERNAL_ERROR',
};

/** An error a method answers with; the server turns it into a JSON-RPC error object. */
export class RpcError extends Error {
  readonly code: RpcErrorCode;
  constructor(
    readonly jsonRpcCode: number,
    readonly data: string,
  ) {
    super(`${MESSAGES[jsonRpcCode] ?? 'Server error'}: ${data}`);
    this.name = 'RpcError';
    this.code = CODE_NAMES[jsonRpcCode] ?? 'RPC_INTERNAL_ERROR';
  }

  toJson(): { code: number; message: string; data: string } {
    return { code: this.jsonRpcCode, message: MESSAGES[this.jsonRpcCode] ?? 'Server error', data: this.data };
  }
}

export const invalidParams = (data: string): RpcError => new RpcError(JSONRPC_INVALID_PARAMS, data);
export const internalError = (data: string): RpcError => new RpcError(JSONRPC_INTERNAL_ERROR, data);

/** Any failure inside a method: RpcErrors pass through, anything else is an internal error. */
export function toRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  return internalError(err instanceof Error ? err.message : String(err));
}

/** Raised by parseQuery: where in the text it failed and what it expected there. */
export class QueryParseError extends Error {
  readonly code = 'RPC_QUERY_PARSE_ERROR';
  constructor(
    readonly position: number,
    readonly expected: string,
    readonly query: string,
  ) {
    super(`invalid query at position ${position}: expected ${expected}`);
    this.name = 'QueryParseError';
  }
}
