// One JSON-RPC 2.0 request in, one response out (none for a notification, i.e. no id).
import {
  JSONRPC_INVALID_REQUEST,
  JSONRPC_METHOD_NOT_FOUND,
  JSONRPC_PARSE_ERROR,
  RpcError,
  toRpcError,
} from './errors.js';
import { lookupMethod } from './methods.js';
import type { MethodDeps } from './methodTypes.js';
import { paramsFromJson, paramsFromUri } from './params.js';
import type { SubscriberHandle } from './subscriptions.js';

export type JsonRpcId = string | number | null;

export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: { code: number; message: string; data: string } };

export const MAX_BATCH_REQUESTS = 100;

export const errorResponse = (id: JsonRpcId, err: RpcError): JsonRpcResponse => ({ jsonrpc: '2.0', id, error: err.toJson() });
export const parseErrorResponse = (why: string): JsonRpcResponse =>
  errorResponse(null, new RpcError(JSONRPC_PARSE_ERROR, why));

function isId(v: unknown): v is JsonRpcId {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || v === null;
}

export async function handleRequest(
  request: unknown,
  deps: MethodDeps,
  subscriber?: SubscriberHandle,
): Promise<JsonRpcResponse | undefined> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return errorResponse(null, new RpcError(JSONRPC_INVALID_REQUEST, 'a request must be a JSON object'));
  }
  const req = request as Record<string, unknown>;
  const hasId = Object.prototype.hasOwnProperty.call(req, 'id');
  if (hasId && !isId(req.id)) {
    return errorResponse(null, new RpcError(JSONRPC_INVALID_REQUEST, 'id must be a string, a number or null'));
  }
  const id: JsonRpcId = hasId ? (req.id as JsonRpcId) : null;
  if (req.jsonrpc !== '2.0') return errorResponse(id, new RpcError(JSONRPC_INVALID_REQUEST, 'jsonrpc must be "2.0"'));
  if (typeof req.method !== 'string') return errorResponse(id, new RpcError(JSONRPC_INVALID_REQUEST, 'method must be a string'));
  const result = await callMethod(req.method, (specs) => paramsFromJson(specs, req.params), deps, id, subscriber);
  // A notification (no id) gets no answer, as JSON-RPC 2.0 and CometBFT have it.
  return hasId ? result : undefined;
}

/** GET /<method>?a=b: CometBFT answers these with id -1. */
export async function handleUriRequest(method: string, query: URLSearchParams, deps: MethodDeps): Promise<JsonRpcResponse> {
  return callMethod(method, (specs) => paramsFromUri(specs, query), deps, -1, undefined);
}

async function callMethod(
  name: string,
  readParams: (specs: Parameters<typeof paramsFromJson>[0]) => ReturnType<typeof paramsFromJson>,
  deps: MethodDeps,
  id: JsonRpcId,
  subscriber: SubscriberHandle | undefined,
): Promise<JsonRpcResponse> {
  const def = lookupMethod(name);
  if (!def || (def.wsOnly && !subscriber)) {
    const why = def ? `${name} is only available over the websocket (/websocket)` : `unknown method ${JSON.stringify(name.slice(0, 64))}`;
    return errorResponse(id, new RpcError(JSONRPC_METHOD_NOT_FOUND, why));
  }
  try {
    const params = readParams(def.params);
    const result = await def.run(params, deps, { subscriber, id });
    return { jsonrpc: '2.0', id, result };
  } catch (err) {
    return errorResponse(id, toRpcError(err));
  }
}
