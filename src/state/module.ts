// How a module plugs into the app: message handlers by type URL, query handlers by gRPC
// method path, and a genesis section. Mirrors the Cosmos SDK's module shape.
import type { ValidatorUpdate } from '../consensus/validatorSet.js';
import type { BlockContext } from '../types/abci.js';
import type { Ctx, QueryView } from './context.js';
import type { KV } from './store/kv.js';

export interface MsgResponse {
  typeUrl: string;
  value: Uint8Array;
}

export interface MsgHandler<T = unknown> {
  typeUrl: string;
  /** Total decoder: throws on bad bytes, never crashes. */
  decode(bytes: Uint8Array): T;
  /** Bech32 addresses whose signatures the message needs. */
  signers(msg: T): string[];
  /** Stateless checks (ValidateBasic): throws SdkError. */
  validate(msg: T): void;
  execute(ctx: Ctx, msg: T): MsgResponse;
}

export type QueryHandler = (request: Uint8Array, view: QueryView) => Promise<Uint8Array>;

export interface AppModule {
  name: string;
  msgs: MsgHandler<any>[];
  queries: Record<string, QueryHandler>;
  /**
   * Writes the module's genesis section into state; throws on an invalid section. Staking
   * returns the bonded set at genesis.
   */
  initGenesis(kv: KV, section: unknown): void | ValidatorUpdate[];
  /** Start of a block, before its txs (slashing: evidence and liveness). */
  beginBlock?(ctx: Ctx, context: BlockContext): void;
  /** End of a block, after its txs; returns validator set changes (staking). */
  endBlock?(ctx: Ctx): ValidatorUpdate[];
}
