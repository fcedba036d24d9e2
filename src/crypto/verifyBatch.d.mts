export interface BatchItem {
  pubkey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}
export function packBatch(items: readonly BatchItem[]): ArrayBuffer;
export function unpackBatch(buf: ArrayBuffer): BatchItem[];
