// Results of executing txs and blocks, in CometBFT's ABCI shape. Shared by the state
// machine (produces them), the stores (index them) and the RPC (serves them).

export interface EventAttribute {
  key: string;
  value: string;
  /** Indexed attributes are searchable with tx_search / block_search. */
  index: boolean;
}

export interface AbciEvent {
  type: string;
  attributes: EventAttribute[];
}

/** Outcome of one tx, as CheckTx and FinalizeBlock report it. code 0 = success. */
export interface TxResult {
  code: number;
  codespace: string;
  log: string;
  info: string;
  /** Empty or a protobuf TxMsgData (cosmjs parses it). */
  data: Uint8Array;
  gasWanted: bigint;
  gasUsed: bigint;
  events: AbciEvent[];
}

/** A tx as stored in the tx index and served by `tx` / `tx_search`. */
export interface IndexedTx {
  hash: Uint8Array; // sha256(TxRaw bytes)
  height: bigint;
  index: number; // position in the block
  tx: Uint8Array; // TxRaw bytes
  result: TxResult;
}

/** Everything the node records about executing one block (served by block_results). */
export interface BlockResults {
  height: bigint;
  txResults: TxResult[];
  finalizeBlockEvents: AbciEvent[];
  /** App hash after this block (goes into the next block's header). */
  appHash: Uint8Array;
}

/** One validator of the previous block's commit, as BeginBlock sees it (CometBFT VoteInfo). */
export interface VoteInfo {
  /** Consensus address: sha256(ed25519 pubkey)[0:20]. */
  address: Uint8Array;
  power: bigint;
  /** False when the validator's precommit is absent (or nil) in the last commit. */
  signed: boolean;
}

/** Verified misbehaviour committed in a block's evidence (CometBFT Misbehavior). */
export interface Misbehavior {
  type: 'duplicate_vote';
  address: Uint8Array;
  /** Height and time of the offence (the conflicting votes' height and that block's time). */
  height: bigint;
  timeMs: bigint;
  /** The offender's power and the set's total power at that height. */
  power: bigint;
  totalVotingPower: bigint;
}

/** What the application learns about a block beyond its txs (ABCI BeginBlock / FinalizeBlock). */
export interface BlockContext {
  lastCommit: VoteInfo[];
  misbehavior: Misbehavior[];
  /** The block's proposer (consensus address). */
  proposer: Uint8Array;
}
