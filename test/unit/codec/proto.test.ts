import protobuf from 'protobufjs';
import { ProtoError } from '../../../src/codec/errors.js';
import { allMessageTypes, protoCodec, protoType, wireSchemaOf } from '../../../src/codec/proto.js';
import { MsgSetProfile, MsgSetProfileResponse, Profile, QueryProfileRequest, QueryProfileResponse } from '../../../src/codec/seedcast/social.js';
import { checkWire } from '../../../src/codec/wire.js';

describe('seedcast protobuf codecs', () => {
  it('loads our .proto files and lists the messages and services', () => {
    expect(allMessageTypes()).toEqual(
      expect.arrayContaining([
        '/seedcast.social.v1.MsgSetProfile',
        '/seedcast.social.v1.MsgSetProfileResponse',
        '/seedcast.social.v1.Profile',
        '/seedcast.social.v1.QueryProfileRequest',
        '/seedcast.social.v1.QueryProfileResponse',
      ]),
    );
    expect(MsgSetProfile.typeUrl).toBe('/seedcast.social.v1.MsgSetProfile');
    expect(protoType('/seedcast.social.v1.Profile').fieldsArray.map((f) => [f.id, f.name])).toEqual([
      [1, 'address'],
      [2, 'name'],
      [3, 'bio'],
      [4, 'avatar'],
    ]);
    const root = protoType('seedcast.social.v1.Profile').root;
    expect(root.lookupService('seedcast.social.v1.Msg').methods.SetProfile.requestType).toBe('MsgSetProfile');
    expect(root.lookupService('seedcast.social.v1.Query').methods.Profile.responseType).toBe('QueryProfileResponse');
  });

  it('encodes the wire format the .proto defines and round-trips', () => {
    const msg = MsgSetProfile.fromPartial({ signer: 'seed1x', name: 'Ada' });
    expect(msg).toEqual({ signer: 'seed1x', name: 'Ada', bio: '', avatar: '' });
    const bytes = MsgSetProfile.encode(msg);
    // field 1 "seed1x", field 2 "Ada"; empty strings are not written (proto3)
    expect(Buffer.from(bytes).toString('hex')).toBe('0a' + '06' + Buffer.from('seed1x').toString('hex') + '12' + '03' + Buffer.from('Ada').toString('hex'));
    expect(MsgSetProfile.decode(bytes)).toEqual(msg);
    const response = QueryProfileResponse.encode({ profile: { address: 'seed1y', name: 'B', bio: 'é', avatar: '' } });
    expect(QueryProfileResponse.decode(response)).toEqual({ profile: { address: 'seed1y', name: 'B', bio: 'é', avatar: '' } });
    expect(QueryProfileResponse.decode(new Uint8Array())).toEqual({});
    expect(MsgSetProfileResponse.decode(new Uint8Array())).toEqual({});
    expect(QueryProfileRequest.decode(QueryProfileRequest.encode({ address: 'a' }))).toEqual({ address: 'a' });
    expect(Profile.decode(Profile.encode(Profile.fromPartial({ bio: 'x' })))).toEqual({ address: '', name: '', bio: 'x', avatar: '' });
  });

  it('decoding is total: bad bytes give ProtoError, never another error', () => {
    const bad = [
      Uint8Array.of(0x0a, 0x05, 0x61), // truncated string
      Uint8Array.of(0x08, 0x01), // wire type 0 where a string belongs
      Uint8Array.of(0x28, 0x01), // unknown field 5
      Uint8Array.of(0x0a, 0x02, 0xc3, 0x28), // invalid UTF-8
      Uint8Array.of(0x0b), // group
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), // overlong varint
    ];
    for (const b of bad) {
      expect(() => MsgSetProfile.decode(b)).toThrow(ProtoError);
    }
    for (let i = 0; i < 3000; i++) {
      const b = Uint8Array.from({ length: (i % 40) + 1 }, (_, j) => (i * 131 + j * 17 + ((i * j) >> 3)) & 0xff);
      try {
        QueryProfileResponse.decode(b);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtoError);
      }
    }
  });

  it('rejects wrong shapes and unknown types with ProtoError', () => {
    expect(() => MsgSetProfile.encode({ signer: 5 } as never)).toThrow(/signer: string expected/);
    expect(() => MsgSetProfile.fromPartial({ name: [] } as never)).toThrow(ProtoError);
    expect(() => protoType('seedcast.social.v1.Nope')).toThrow(expect.objectContaining({ code: 'PROTO_UNKNOWN_TYPE' }));
    expect(() => protoCodec('seedcast.social.v1.Msg')).toThrow(ProtoError); // a service, not a message
  });

  it('derives wire schemas for every scalar kind, maps, enums and recursion (depth-bounded)', () => {
    const root = protobuf.parse(`
      syntax = "proto3";
      package t;
      enum Color { RED = 0; BLUE = 1; }
      message Node { repeated Node children = 1; repeated uint64 nums = 2; fixed32 f = 3; double d = 4; map<string, Node> named = 5; Color c = 6; }
    `).root;
    const Node = root.lookupType('t.Node');
    const schema = wireSchemaOf(Node);
    const ok = Node.encode(Node.fromObject({ children: [{ nums: [1, 2, 3] }], f: 7, d: 1.5, named: { a: { c: 1 } }, c: 1 })).finish();
    expect(() => checkWire(ok, schema)).not.toThrow();
    // 40 levels of children: over the default depth bound of 32.
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { children: [deep] };
    expect(() => checkWire(Node.encode(Node.fromObject(deep)).finish(), schema)).toThrow(/deeper than 32/);
  });
});
