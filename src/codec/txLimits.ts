// Bounds of a tx, checked while decoding. Defaults follow the Cosmos SDK's (memo, signatures)
// and CometBFT's mempool defaults (size), scaled to what one Seedcast block holds.

export interface TxLimits {
  /** Size of the whole TxRaw (CometBFT max_tx_bytes). */
  maxTxBytes: number;
  maxMessages: number;
  /** Memo length in UTF-8 bytes: the SDK's MaxMemoCharacters counts Go `len(memo)`, i.e. bytes. */
  maxMemoBytes: number;
  /** Signer infos (the SDK's TxSigLimit). */
  maxSigners: number;
  /** Distinct coins in the fee. */
  maxFeeCoins: number;
}

export const DEFAULT_TX_LIMITS: Readonly<TxLimits> = Object.freeze({
  maxTxBytes: 1024 * 1024,
  maxMessages: 64,
  maxMemoBytes: 256,
  maxSigners: 7,
  maxFeeCoins: 16,
});

/** The Cosmos SDK's coin denom rule (types/coin.go reDnmString). */
export const DENOM_REGEX = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
/** sdk.Int is 256 bits: larger amounts are not coins. */
export const MAX_COIN_AMOUNT = (1n << 256n) - 1n;
/** The SDK's MaxGasWanted: gas limits must fit an int64. */
export const MAX_GAS_WANTED = (1n << 63n) - 1n;
