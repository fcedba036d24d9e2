// The PieceMessage codec. Control messages go through protoCodec (total decode of
// pieces.proto); block messages, the hot path, are encoded and decoded by hand in the same
// wire format so a block costs no protobufjs objects and no copy of its 16 KiB.
import { protoCodec } from '../codec/proto.js';
import { SwarmError } from './errors.js';
import { BLOCK_BYTES } from './layout.js';
import { MAX_HASHES_PER_FRAME, MAX_REQUEST_BLOCKS } from './protocol.js';
import { varintLen } from '../storage/protoWriter.js';

export const RejectReason = { UNSPECIFIED: 0, UNKNOWN_CONTENT: 1, NOT_HELD: 2, OUT_OF_RANGE: 3, CHOKED: 4, TOO_MANY_REQUESTS: 5, MALFORMED: 6 } as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

export type HashRequest = { kind: 'piece_layer'; offset: number; count: number } | { kind: 'leaves'; piece: number };

export type PieceMessage =
  | { type: 'handshake'; contentId: Uint8Array; version: number }
  | { type: 'bitfield'; bits: Uint8Array }
  | { type: 'have'; piece: number }
  | { type: 'interested' }
  | { type: 'not_interested' }
  | { type: 'choke' }
  | { type: 'unchoke' }
  | { type: 'request'; first: number; count: number }
  | { type: 'block'; index: number; data: Uint8Array }
  | { type: 'cancel'; first: number; count: number }
  | { type: 'reject'; first: number; count: number; reason: RejectReason; message: string; hashRequest?: HashRequest }
  | { type: 'hash_request'; request: HashRequest }
  | { type: 'hashes'; request: HashRequest; hashes: Uint8Array };

// The protobufjs object shape of pieces.proto (camelCase field names).
interface Range { firstBlock: number; count: number }
interface ProtoHashKind { pieceLayer?: { offset: number; count: number }; leaves?: { piece: number } }
interface ProtoPieceMessage {
  handshake?: { contentId: Uint8Array; version: number };
  bitfield?: { bits: Uint8Array };
  have?: { piece: number };
  interested?: object;
  notInterested?: object;
  choke?: object;
  unchoke?: object;
  request?: Range;
  block?: { index: number; data: Uint8Array };
  cancel?: Range;
  reject?: Range & { reason: number; message: string; hashRequest?: ProtoHashKind };
  hashRequest?: ProtoHashKind;
  hashes?: ProtoHashKind & { hashes: Uint8Array };
}

let codec: ReturnType<typeof protoCodec<ProtoPieceMessage>> | undefined;
const pieceCodec = () => (codec ??= protoCodec<ProtoPieceMessage>('seedcast.swarm.v1.PieceMessage'));

/**
 * Builds the codec now. It parses every .proto of the node (protoRoot), ~30 ms on a cold
 * process: a node has done it at boot (its modules' codecs), a bare swarm (benchmarks, tests)
 * would otherwise do it inside its first session's handshake, on both sides.
 */
export function loadPieceCodec(): void {
  pieceCodec();
}

const BLOCK_FIELD_TAG = (9 << 3) | 2; // PieceMessage.block, length-delimited
const BLOCK_INNER_FIXED = 1 + 1 + varintLen(BLOCK_BYTES) + BLOCK_BYTES; // Block: index tag, data tag, data length, data

/** Length of the bytes that go before block `index`'s 16 KiB on the stream (see writeBlockFrameHeader). */
export function blockFrameHeaderLength(index: number): number {
  const inner = BLOCK_INNER_FIXED + varintLen(index);
  return 4 + 1 + varintLen(inner) + inner - BLOCK_BYTES;
}

/**
 * Writes, at `pos` of `buf`, the bytes that go before block `index`'s 16 KiB on the stream: the
 * 4-byte frame length and the PieceMessage{block{index, data}} header. Returns the position
 * after it, where the block's bytes go (then the next frame).
 */
export function writeBlockFrameHeader(buf: Uint8Array, pos: number, index: number): number {
  const inner = BLOCK_INNER_FIXED + varintLen(index);
  const body = 1 + varintLen(inner) + inner;
  buf[pos] = body >>> 24;
  buf[pos + 1] = (body >>> 16) & 0xff;
  buf[pos + 2] = (body >>> 8) & 0xff;
  buf[pos + 3] = body & 0xff;
  pos += 4;
  buf[pos++] = BLOCK_FIELD_TAG;
  pos = putVarint(buf, pos, inner);
  buf[pos++] = 0x08; // Block.index, varint
  pos = putVarint(buf, pos, index);
  buf[pos++] = 0x12; // Block.data, length-delimited
  return putVarint(buf, pos, BLOCK_BYTES);
}

function putVarint(buf: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    buf[pos++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

/** The header of writeBlockFrameHeader as its own bytes (send them, then the block itself). */
export function blockFrameHeader(index: number): Uint8Array {
  const out = new Uint8Array(blockFrameHeaderLength(index));
  writeBlockFrameHeader(out, 0, index);
  return out;
}

function bad(why: string, context: Record<string, unknown> = {}): SwarmError {
  return new SwarmError('SWARM_BAD_MESSAGE', `malformed piece message: ${why}`, context);
}

// Reads a varint of at most 5 bytes (uint32) at pos; returns [value, next pos] or undefined.
function readVarint(buf: Uint8Array, pos: number, end: number): [number, number] | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 5 && pos < end; i++) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return value <= 0xffffffff ? [value, pos] : undefined;
    scale *= 128;
  }
  return undefined;
}

// The hand decoder of PieceMessage{block}: undefined when the frame is not in the plain shape
// (then the generic decoder judges it).
function decodeBlockFast(frame: Uint8Array): PieceMessage | undefined {
  const len = readVarint(frame, 1, frame.length);
  if (!len || len[1] + len[0] !== frame.length) return undefined;
  let pos = len[1];
  let index = 0;
  let data: Uint8Array | undefined;
  while (pos < frame.length) {
    const tag = frame[pos++];
    if (tag === 0x08) {
      const v = readVarint(frame, pos, frame.length);
      if (!v) return undefined;
      [index, pos] = v;
    } else if (tag === 0x12) {
      const n = readVarint(frame, pos, frame.length);
      if (!n || n[1] + n[0] > frame.length) return undefined;
      data = frame.subarray(n[1], n[1] + n[0]);
      pos = n[1] + n[0];
    } else {
      return undefined;
    }
  }
  if (!data || data.length !== BLOCK_BYTES) throw bad(`a block of ${data?.length ?? 0} bytes (must be ${BLOCK_BYTES})`, { index });
  return { type: 'block', index, data };
}

function hashRequestOf(k: ProtoHashKind | undefined): HashRequest {
  if (k?.pieceLayer && !k.leaves) {
    const { offset, count } = k.pieceLayer;
    if (count < 1 || count > MAX_HASHES_PER_FRAME) throw bad(`a piece-layer range of ${count} hashes`);
    return { kind: 'piece_layer', offset, count };
  }
  if (k?.leaves && !k.pieceLayer) return { kind: 'leaves', piece: k.leaves.piece };
  throw bad('a hash request of no single kind');
}

function checkRange(r: Range, what: string): void {
  if (r.count < 1 || r.count > MAX_REQUEST_BLOCKS) throw bad(`a ${what} of ${r.count} blocks (1..${MAX_REQUEST_BLOCKS})`);
}

/** Decodes one frame. SwarmError SWARM_BAD_MESSAGE on anything that is not one well-formed message. */
export function decodePieceMessage(frame: Uint8Array): PieceMessage {
  if (frame.length > 0 && frame[0] === BLOCK_FIELD_TAG) {
    const fast = decodeBlockFast(frame);
    if (fast) return fast;
  }
  let m: ProtoPieceMessage;
  try {
    m = pieceCodec().decode(frame);
  } catch (err) {
    throw bad((err as Error).message, { length: frame.length });
  }
  const keys = Object.keys(m);
  if (keys.length !== 1) throw bad(`${keys.length} message kinds in one frame`);
  if (m.handshake) {
    if (m.handshake.contentId.length !== 32) throw bad('a content id that is not 32 bytes');
    return { type: 'handshake', contentId: m.handshake.contentId, version: m.handshake.version };
  }
  if (m.bitfield) return { type: 'bitfield', bits: m.bitfield.bits };
  if (m.have) return { type: 'have', piece: m.have.piece };
  if (m.interested) return { type: 'interested' };
  if (m.notInterested) return { type: 'not_interested' };
  if (m.choke) return { type: 'choke' };
  if (m.unchoke) return { type: 'unchoke' };
  if (m.request) {
    checkRange(m.request, 'request');
    return { type: 'request', first: m.request.firstBlock, count: m.request.count };
  }
  if (m.block) {
    if (m.block.data.length !== BLOCK_BYTES) throw bad(`a block of ${m.block.data.length} bytes`);
    return { type: 'block', index: m.block.index, data: m.block.data };
  }
  if (m.cancel) {
    checkRange(m.cancel, 'cancel');
    return { type: 'cancel', first: m.cancel.firstBlock, count: m.cancel.count };
  }
  if (m.reject) {
    const r = m.reject;
    const reason = (Object.values(RejectReason) as number[]).includes(r.reason) ? (r.reason as RejectReason) : RejectReason.UNSPECIFIED;
    return { type: 'reject', first: r.firstBlock, count: r.count, reason, message: r.message.slice(0, 200), ...(r.hashRequest ? { hashRequest: hashRequestOf(r.hashRequest) } : {}) };
  }
  if (m.hashRequest) return { type: 'hash_request', request: hashRequestOf(m.hashRequest) };
  if (m.hashes) {
    const h = m.hashes.hashes;
    if (h.length % 32 !== 0 || h.length > MAX_HASHES_PER_FRAME * 32) throw bad(`a hashes answer of ${h.length} bytes`);
    return { type: 'hashes', request: hashRequestOf(m.hashes), hashes: h };
  }
  throw bad('an empty message');
}

function protoHashKind(r: HashRequest): ProtoHashKind {
  return r.kind === 'piece_layer' ? { pieceLayer: { offset: r.offset, count: r.count } } : { leaves: { piece: r.piece } };
}

/** Encodes a message (a block too, though senders use blockFrameHeader for blocks). */
export function encodePieceMessage(msg: PieceMessage): Uint8Array {
  const c = pieceCodec();
  switch (msg.type) {
    case 'handshake':
      return c.encode({ handshake: { contentId: msg.contentId, version: msg.version } });
    case 'bitfield':
      return c.encode({ bitfield: { bits: msg.bits } });
    case 'have':
      return c.encode({ have: { piece: msg.piece } });
    case 'interested':
      return c.encode({ interested: {} });
    case 'not_interested':
      return c.encode({ notInterested: {} });
    case 'choke':
      return c.encode({ choke: {} });
    case 'unchoke':
      return c.encode({ unchoke: {} });
    case 'request':
      return c.encode({ request: { firstBlock: msg.first, count: msg.count } });
    case 'block':
      return c.encode({ block: { index: msg.index, data: msg.data } });
    case 'cancel':
      return c.encode({ cancel: { firstBlock: msg.first, count: msg.count } });
    case 'reject':
      return c.encode({ reject: { firstBlock: msg.first, count: msg.count, reason: msg.reason, message: msg.message, ...(msg.hashRequest ? { hashRequest: protoHashKind(msg.hashRequest) } : {}) } });
    case 'hash_request':
      return c.encode({ hashRequest: protoHashKind(msg.request) });
    case 'hashes':
      return c.encode({ hashes: { ...protoHashKind(msg.request), hashes: msg.hashes } });
  }
}
