// The node's tx decoder: the codec's bounded decoder with this node's size cap.
import { DEFAULT_TX_LIMITS, decodeTx, type DecodedTx } from '../codec/index.js';

export function anteTxDecoder(maxTxBytes: number): (bytes: Uint8Array, simulate?: boolean) => DecodedTx {
  const limits = { ...DEFAULT_TX_LIMITS, maxTxBytes };
  return (bytes, simulate = false) => decodeTx(bytes, limits, { simulate });
}
