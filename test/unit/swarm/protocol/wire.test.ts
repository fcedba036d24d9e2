import { randomBytes } from 'node:crypto';
import { protoCodec } from '../../../../src/codec/proto.js';
import { SwarmError } from '../../../../src/swarm/errors.js';
import { BLOCK_BYTES } from '../../../../src/swarm/layout.js';
import { FrameBatch } from '../../../../src/swarm/frameBatch.js';
import { blockFrameHeader, blockFrameHeaderLength, decodePieceMessage, encodePieceMessage, type PieceMessage, RejectReason } from '../../../../src/swarm/wire.js';

const id = randomBytes(32);

function roundTrip(msg: PieceMessage): PieceMessage {
  return decodePieceMessage(encodePieceMessage(msg));
}

function expectBad(bytes: Uint8Array): void {
  let err: unknown;
  try {
    decodePieceMessage(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SwarmError);
  expect((err as SwarmError).code).toBe('SWARM_BAD_MESSAGE');
}

describe('piece protocol wire codec', () => {
  it('round-trips every message kind', () => {
    const msgs: PieceMessage[] = [
      { type: 'handshake', contentId: id, version: 1 },
      { type: 'bitfield', bits: Uint8Array.from([0xff, 0x80]) },
      { type: 'have', piece: 7 },
      { type: 'interested' },
      { type: 'not_interested' },
      { type: 'choke' },
      { type: 'unchoke' },
      { type: 'request', first: 100, count: 64 },
      { type: 'cancel', first: 0, count: 1 },
      { type: 'reject', first: 3, count: 2, reason: RejectReason.NOT_HELD, message: 'not held' },
      { type: 'reject', first: 0, count: 0, reason: RejectReason.OUT_OF_RANGE, message: 'x', hashRequest: { kind: 'leaves', piece: 9 } },
      { type: 'hash_request', request: { kind: 'piece_layer', offset: 2048, count: 2048 } },
      { type: 'hash_request', request: { kind: 'leaves', piece: 0 } },
      { type: 'hashes', request: { kind: 'leaves', piece: 3 }, hashes: randomBytes(64) },
    ];
    for (const m of msgs) expect(roundTrip(m)).toEqual(m);
  });

  it('encodes a block by hand exactly as protobufjs does, and decodes both without a copy', () => {
    const data = randomBytes(BLOCK_BYTES);
    for (const index of [0, 1, 127, 128, 300_000]) {
      const head = blockFrameHeader(index);
      const viaProto = encodePieceMessage({ type: 'block', index, data });
      const frame = Buffer.concat([head.subarray(4), data]);
      expect(new DataView(head.buffer, head.byteOffset).getUint32(0)).toBe(frame.length);
      const decoded = decodePieceMessage(frame);
      expect(decoded).toEqual({ type: 'block', index, data: new Uint8Array(data) });
      expect((decoded as { data: Uint8Array }).data.buffer).toBe(frame.buffer); // a view, not a copy
      // protobufjs omits index 0 (the default); otherwise the bytes are identical.
      if (index !== 0) expect(Buffer.from(viaProto).equals(frame)).toBe(true);
      expect(decodePieceMessage(viaProto)).toEqual({ type: 'block', index, data: new Uint8Array(data) });
    }
  });

  it('encodes request and piece leaves by hand exactly as protobufjs does; other shapes go to the generic decoder', () => {
    const proto = protoCodec<Record<string, unknown>>('seedcast.swarm.v1.PieceMessage');
    const generic = (bytes: Uint8Array) => {
      const m = proto.decode(bytes) as { request?: { firstBlock: number; count: number }; hashRequest?: { leaves: { piece: number } }; hashes?: { leaves: { piece: number }; hashes: Uint8Array } };
      if (m.request) return { type: 'request', first: m.request.firstBlock, count: m.request.count };
      if (m.hashRequest) return { type: 'hash_request', request: { kind: 'leaves', piece: m.hashRequest.leaves.piece } };
      return { type: 'hashes', request: { kind: 'leaves', piece: m.hashes!.leaves.piece }, hashes: new Uint8Array(m.hashes!.hashes) };
    };
    for (const n of [0, 1, 127, 128, 300_000, 0xffffffff]) {
      const cases: [PieceMessage, Record<string, unknown>][] = [
        [{ type: 'request', first: n, count: 64 }, { request: { firstBlock: n, count: 64 } }],
        [{ type: 'hash_request', request: { kind: 'leaves', piece: n } }, { hashRequest: { leaves: { piece: n } } }],
        [{ type: 'hashes', request: { kind: 'leaves', piece: n }, hashes: randomBytes(32 * 16) }, {}],
        [{ type: 'hashes', request: { kind: 'leaves', piece: n }, hashes: new Uint8Array(0) }, {}],
      ];
      for (const [msg, obj] of cases) {
        if (msg.type === 'hashes') obj.hashes = { leaves: { piece: n }, hashes: msg.hashes };
        const bytes = encodePieceMessage(msg);
        expect(Buffer.from(bytes).equals(Buffer.from(proto.encode(obj)))).toBe(true);
        expect(decodePieceMessage(bytes)).toEqual(msg);
        expect(generic(bytes)).toEqual(msg);
      }
    }
    // Not the plain shape: judged by the generic decoder, with protobuf's rules.
    const leaves = (piece: number, hashes = new Uint8Array(0)) => ({ type: 'hashes', request: { kind: 'leaves', piece }, hashes });
    expect(decodePieceMessage(Uint8Array.from([0x42, 4, 0x10, 64, 0x08, 5]))).toEqual({ type: 'request', first: 5, count: 64 }); // fields swapped
    expect(decodePieceMessage(Uint8Array.from([0x42, 6, 0x08, 5, 0x08, 6, 0x10, 64]))).toEqual({ type: 'request', first: 6, count: 64 }); // the last wins
    expect(decodePieceMessage(Uint8Array.from([0x6a, 6, 0x12, 2, 0x08, 3, 0x1a, 0]))).toEqual(leaves(3)); // an empty hashes field
    expect(decodePieceMessage(Uint8Array.from([0x6a, 6, 0x1a, 0, 0x12, 2, 0x08, 3]))).toEqual(leaves(3)); // hashes before the kind
    expectBad(Uint8Array.from([0x62, 6, 0x12, 2, 0x08, 3, 0x0a, 0])); // leaves and piece_layer
    expectBad(Uint8Array.from([0x62, 4, 0x12, 2, 0x10, 3])); // an unknown field of PieceLeaves
    expectBad(Uint8Array.from([0x42, 3, 0x08, 5, 0x10])); // cut short
    expectBad(Uint8Array.from([0x42, 2, 0x09, 5])); // wrong wire type
  });

  it('lays block frames out in place in a frame batch, each decoding to its block', () => {
    const batch = new FrameBatch(FrameBatch.blocksBytes(127, 3) + 5);
    batch.put(Uint8Array.from([0, 0, 0, 1, 0x28])); // a framed message before them (have, piece 0)
    const views = batch.reserveBlocks(127, 3);
    views.forEach((v) => v.set(randomBytes(BLOCK_BYTES)));
    const bytes = batch.filled();
    expect(bytes.length).toBe(batch.bytes);
    expect(batch.room).toBe(0);
    let pos = 5;
    for (let k = 0; k < 3; k++) {
      expect(Buffer.from(bytes.subarray(pos, pos + blockFrameHeaderLength(127 + k))).equals(blockFrameHeader(127 + k))).toBe(true);
      const len = new DataView(bytes.buffer, bytes.byteOffset + pos).getUint32(0);
      expect(decodePieceMessage(bytes.subarray(pos + 4, pos + 4 + len))).toEqual({ type: 'block', index: 127 + k, data: views[k] });
      pos += 4 + len;
    }
    expect(pos).toBe(bytes.length);
    batch.truncate(5);
    expect(batch.bytes).toBe(5);
  });

  it('refuses malformed frames with SWARM_BAD_MESSAGE', () => {
    expectBad(new Uint8Array()); // no message kind
    expectBad(Uint8Array.from([0xff, 0xff, 0xff])); // junk
    expectBad(encodePieceMessage({ type: 'block', index: 1, data: new Uint8Array(100) })); // short block
    expectBad(encodePieceMessage({ type: 'handshake', contentId: new Uint8Array(31), version: 1 }));
    expectBad(encodePieceMessage({ type: 'request', first: 0, count: 65 }));
    expectBad(encodePieceMessage({ type: 'request', first: 0, count: 0 }));
    expectBad(encodePieceMessage({ type: 'hashes', request: { kind: 'leaves', piece: 1 }, hashes: new Uint8Array(33) }));
    expectBad(encodePieceMessage({ type: 'hash_request', request: { kind: 'piece_layer', offset: 0, count: 2049 } }));
    // two oneof members in one frame: protobuf merge rules, the last one wins
    expect(decodePieceMessage(Buffer.concat([encodePieceMessage({ type: 'choke' }), encodePieceMessage({ type: 'have', piece: 1 })]))).toEqual({ type: 'have', piece: 1 });
    // a block frame cut short, and one with trailing bytes
    const frame = Buffer.concat([blockFrameHeader(5).subarray(4), randomBytes(BLOCK_BYTES)]);
    expectBad(frame.subarray(0, frame.length - 1));
    expectBad(Buffer.concat([frame, Uint8Array.from([0])]));
    // random garbage never throws anything but SwarmError
    for (let i = 0; i < 500; i++) {
      const junk = randomBytes(1 + (i % 40));
      try {
        decodePieceMessage(junk);
      } catch (e) {
        expect(e).toBeInstanceOf(SwarmError);
      }
    }
  });
});
