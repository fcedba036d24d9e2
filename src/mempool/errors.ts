// Mempool refusals that are not CheckTx results: the RPC turns them into JSON-RPC errors,
// as CometBFT does for "tx already exists in cache".
export type MempoolErrorCode = 'TX_IN_CACHE' | 'MEMPOOL_FULL' | 'TX_TOO_LARGE';

export class MempoolError extends Error {
  constructor(
    readonly code: MempoolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MempoolError';
  }
}
