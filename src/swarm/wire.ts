// The PieceMessage codec. Control messages go through protoCodec (total decode of
// pieces.proto); block messages, the hot path, are encoded and decoded by hand in the same
// wire format so a block costs no protobufjs objects and no copy of its 16 KiB. So are the
// messages that come with every request of a download (request, and the leaves of a piece
// asked and answered): bytes as protobufjs writes them, and any other shape of those
// messages goes to the generic decoder, which judges it.
import { protoCodec } from '../codec/proto.js';
import { SwarmError } from './errors.js';
import { BLOCK_BYTES } from './layout.js';
import { MAX_HASHES_PER_FRAME, MAX_PEX_ADDR_BYTES, MAX_PEX_PEERS, MAX_REQUEST_BLOCKS } from './protocol.js';
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
  | { type: 'hashes'; request: HashRequest; hashes: Uint8Array }
  | { type: 'peers'; addrs: Uint8Array[] };

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
  peers?: { addrs: Uint8Array[] };
}

let codec: ReturnType<typeof protoCodec<ProtoPieceMessage>> | undefined;
const pieceCodec = () => (codec ??= protoCodec<ProtoPieceMessage>('seedcast.swarm.v1.PieceMessage'));

/**
 * Builds the codec now, and sends one message of every kind through it. Building parses every
 * .proto of the node (protoRoot), ~30 ms on a cold process; then protobufjs generates each
 * message type's checks, encoder and decoder on its first use, ~1-3 ms per type. A node pays
 * both when it starts, not inside its first session's handshake, on both sides (measured:
 * the handshake's round trip ~20 ms shorter, on loopback, between two fresh processes).
 */
export function loadPieceCodec(): void {
  pieceCodec();
  const none = new Uint8Array(0);
  const layer: HashRequest = { kind: 'piece_layer', offset: 0, count: 1 };
  const kinds: PieceMessage[] = [
    { type: 'handshake', contentId: new Uint8Array(32), version: 1 },
    { type: 'bitfield', bits: new Uint8Array(1) },
    { type: 'have', piece: 0 },
    { type: 'interested' },
    { type: 'not_interested' },
    { type: 'choke' },
    { type: 'unchoke' },
    { type: 'cancel', first: 0, count: 1 },
    { type: 'reject', first: 0, count: 1, reason: RejectReason.NOT_HELD, message: '', hashRequest: { kind: 'leaves', piece: 0 } },
    { type: 'hash_request', request: layer },
    { type: 'hashes', request: layer, hashes: none },
    { type: 'peers', addrs: [none] },
  ];
  for (const m of kinds) decodePieceMessage(encodePieceMessage(m));
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

// ---- request and piece leaves, by hand ---------------------------------------------------------

const REQUEST_FIELD_TAG = (8 << 3) | 2;
const HASH_REQUEST_FIELD_TAG = (12 << 3) | 2;
const HASHES_FIELD_TAG = (13 << 3) | 2;
const LEAVES_KIND_TAG = (2 << 3) | 2; // HashRequest.leaves, Hashes.leaves
const HASHES_BYTES_TAG = (3 << 3) | 2; // Hashes.hashes

// A uint32 field as protobufjs writes it: left out when 0.
const uintFieldLen = (n: number): number => (n === 0 ? 0 : 1 + varintLen(n));
function putUintField(buf: Uint8Array, pos: number, tag: number, n: number): number {
  if (n === 0) return pos;
  buf[pos++] = tag;
  return putVarint(buf, pos, n);
}

// PieceMessage{<field>: {a: uint32 field 1, b: uint32 field 2}} (Request).
function encodeRequest(first: number, count: number): Uint8Array {
  const inner = uintFieldLen(first) + uintFieldLen(count);
  const out = new Uint8Array(1 + varintLen(inner) + inner);
  out[0] = REQUEST_FIELD_TAG;
  putUintField(out, putUintField(out, putVarint(out, 1, inner), 0x08, first), 0x10, count);
  return out;
}

// PieceMessage{hash_request | hashes: {leaves: {piece}, [hashes]}}.
function encodeLeaves(tag: number, piece: number, hashes?: Uint8Array): Uint8Array {
  const leaves = uintFieldLen(piece);
  const hashesField = hashes && hashes.length > 0 ? 1 + varintLen(hashes.length) + hashes.length : 0;
  const inner = 1 + varintLen(leaves) + leaves + hashesField;
  const out = new Uint8Array(1 + varintLen(inner) + inner);
  out[0] = tag;
  let pos = putVarint(out, 1, inner);
  out[pos++] = LEAVES_KIND_TAG;
  pos = putUintField(out, putVarint(out, pos, leaves), 0x08, piece);
  if (hashesField > 0) {
    out[pos++] = HASHES_BYTES_TAG;
    out.set(hashes!, putVarint(out, pos, hashes!.length));
  }
  return out;
}

// The uint32 fields 1 and 2 (each at most once, in order) filling [pos, end), or undefined.
function readUintPair(buf: Uint8Array, pos: number, end: number): [number, number] | undefined {
  const got = [0, 0];
  let next = 1;
  while (pos < end) {
    const field = buf[pos++]! >> 3;
    if (buf[pos - 1]! !== (field << 3) || field < next || field > 2) return undefined;
    const v = readVarint(buf, pos, end);
    if (!v) return undefined;
    [got[field - 1], pos] = v;
    next = field + 1;
  }
  return pos === end ? [got[0]!, got[1]!] : undefined;
}

// The body of a length-delimited field at pos: [start, end], or undefined if it overruns `end`.
function body(buf: Uint8Array, pos: number, end: number): [number, number] | undefined {
  const n = readVarint(buf, pos, end);
  return n && n[1] + n[0] <= end ? [n[1], n[1] + n[0]] : undefined;
}

// {leaves: {piece}} at [pos, end) followed by nothing or (hashes only) the hashes field.
function readLeavesKind(buf: Uint8Array, pos: number, end: number, withHashes: boolean): { piece: number; hashes?: Uint8Array } | undefined {
  if (pos >= end || buf[pos] !== LEAVES_KIND_TAG) return undefined;
  const leaves = body(buf, pos + 1, end);
  if (!leaves) return undefined;
  const pair = readUintPair(buf, leaves[0], leaves[1]);
  if (!pair || pair[1] !== 0) return undefined; // PieceLeaves has field 1 only
  pos = leaves[1];
  if (pos === end) return { piece: pair[0] };
  if (!withHashes || buf[pos] !== HASHES_BYTES_TAG) return undefined;
  const h = body(buf, pos + 1, end);
  if (!h || h[1] !== end) return undefined;
  return { piece: pair[0], hashes: buf.slice(h[0], h[1]) }; // a copy: the leaves outlive the frame's chunk
}

// The hand decoder of request, hash_request{leaves} and hashes{leaves}: undefined when the
// frame is not in the plain shape (then the generic decoder judges it).
function decodeControlFast(frame: Uint8Array): PieceMessage | undefined {
  const msg = body(frame, 1, frame.length);
  if (!msg || msg[1] !== frame.length) return undefined;
  const [start, end] = msg;
  switch (frame[0]) {
    case REQUEST_FIELD_TAG: {
      const pair = readUintPair(frame, start, end);
      if (!pair) return undefined;
      const r = { firstBlock: pair[0], count: pair[1] };
      checkRange(r, 'request');
      return { type: 'request', first: r.firstBlock, count: r.count };
    }
    case HASH_REQUEST_FIELD_TAG: {
      const k = readLeavesKind(frame, start, end, false);
      return k && { type: 'hash_request', request: { kind: 'leaves', piece: k.piece } };
    }
    case HASHES_FIELD_TAG: {
      const k = readLeavesKind(frame, start, end, true);
      if (!k) return undefined;
      const h = k.hashes ?? new Uint8Array(0);
      if (h.length % 32 !== 0 || h.length > MAX_HASHES_PER_FRAME * 32) throw bad(`a hashes answer of ${h.length} bytes`);
      return { type: 'hashes', request: { kind: 'leaves', piece: k.piece }, hashes: h };
    }
    default:
      return undefined;
  }
}

/** Decodes one frame. SwarmError SWARM_BAD_MESSAGE on anything that is not one well-formed message. */
export function decodePieceMessage(frame: Uint8Array): PieceMessage {
  if (frame.length > 0 && frame[0] === BLOCK_FIELD_TAG) {
    const fast = decodeBlockFast(frame);
    if (fast) return fast;
  } else if (frame.length > 0 && (frame[0] === REQUEST_FIELD_TAG || frame[0] === HASH_REQUEST_FIELD_TAG || frame[0] === HASHES_FIELD_TAG)) {
    const fast = decodeControlFast(frame);
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
  if (m.peers) {
    const addrs = m.peers.addrs ?? [];
    if (addrs.length > MAX_PEX_PEERS) throw bad(`${addrs.length} peers in one message (at most ${MAX_PEX_PEERS})`);
    if (addrs.some((a) => a.length > MAX_PEX_ADDR_BYTES)) throw bad(`a peer address over ${MAX_PEX_ADDR_BYTES} bytes`);
    return { type: 'peers', addrs };
  }
  throw bad('an empty message');
}

function protoHashKind(r: HashRequest): ProtoHashKind {
  return r.kind === 'piece_layer' ? { pieceLayer: { offset: r.offset, count: r.count } } : { leaves: { piece: r.piece } };
}

/** Encodes a message (a block too, though senders use blockFrameHeader for blocks). */
export function encodePieceMessage(msg: PieceMessage): Uint8Array {
  if (msg.type === 'request' && isUint32(msg.first) && isUint32(msg.count)) return encodeRequest(msg.first, msg.count);
  if ((msg.type === 'hash_request' || msg.type === 'hashes') && msg.request.kind === 'leaves' && isUint32(msg.request.piece)) {
    return msg.type === 'hashes' ? encodeLeaves(HASHES_FIELD_TAG, msg.request.piece, msg.hashes) : encodeLeaves(HASH_REQUEST_FIELD_TAG, msg.request.piece);
  }
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
    case 'peers':
      return c.encode({ peers: { addrs: msg.addrs } });
  }
}

// What the hand encoders take; anything else goes to protobufjs (which checks it).
function isUint32(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 0xffffffff;
}
