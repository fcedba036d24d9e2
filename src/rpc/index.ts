// Public face of the RPC: the server, its options, the backend contract, the query language.
export { RpcServer } from './httpServer.js';
export { RPC_DEFAULTS, parseRpcLaddr, RpcConfigError, type RpcServerOptions } from './options.js';
export type { RpcBackend, ChainEvent, NodeStatus, AbciQueryResult, SearchPage, ValidatorInfo } from './interface.js';
export { parseQuery, MAX_QUERY_LENGTH, MAX_QUERY_CONDITIONS } from './query.js';
export { flattenEvents, matchQuery } from './queryMatch.js';
export { QueryParseError, RpcError } from './errors.js';
