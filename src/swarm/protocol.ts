// Constants of the piece protocol /seedcast/pieces/1.0.0: id, version and the caps every frame
// and request is checked against.
export const PROTOCOL_PIECES = '/seedcast/pieces/1.0.0';
export const PIECES_VERSION = 1;

/** Hashes per piece-layer answer: 2048 x 32 bytes = 64 KiB. Leaves of a 1024-block piece are 32 KiB. */
export const MAX_HASHES_PER_FRAME = 2048;
/** A frame holds one block (16 KiB) or one hashes answer (<= 64 KiB), plus 1 KiB of envelope. */
export const MAX_FRAME_BYTES = MAX_HASHES_PER_FRAME * 32 + 1024;
/** Blocks in one Request or Cancel. */
export const MAX_REQUEST_BLOCKS = 64;
/** Blocks a peer may have requested from us and not yet received; more -> TOO_MANY_REQUESTS. */
export const MAX_OUTSTANDING_BLOCKS = 256;
/** Hash requests a peer may have queued with us. */
export const MAX_QUEUED_HASH_REQUESTS = 64;
/** Time for the other side to answer our handshake. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Streams of this protocol per connection, each direction. */
export const MAX_STREAMS_PER_CONNECTION = 256;
/** Bytes queued on a stream before the uploader waits for it to drain. */
export const UPLOAD_HIGH_WATER_BYTES = 1024 * 1024;
/** Entries in one Peers message; each binary multiaddr has the node's peer-exchange cap in bytes. */
export const MAX_PEX_PEERS = 16;
export { MAX_PEX_ADDR_BYTES } from '../p2p/options.js';
