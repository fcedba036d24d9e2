// Decoders of peer messages are total: any throw, or a byte left over, becomes one P2P_DECODE
// error that the channel charges to the sending peer.
import { BinaryReader } from 'cosmjs-types/binary';
import { P2PError, errorMessage } from './errors.js';

/** Runs a protobuf reader over a whole frame: any throw or leftover byte is a P2P_DECODE error. */
export function decodeTotally<T>(what: string, bytes: Uint8Array, read: (r: BinaryReader) => T): T {
  try {
    const r = new BinaryReader(bytes);
    const out = read(r);
    if (r.pos !== r.len) throw new Error('overran its length');
    return out;
  } catch (err) {
    throw new P2PError('P2P_DECODE', `undecodable ${what}: ${errorMessage(err)}`, { length: bytes.length });
  }
}
