// The native string decoding patched into cosmjs-types' BinaryReader must read exactly what
// its JS decoder read, and checkWire must keep refusing every malformed UTF-8 it refused.
import { BinaryReader, BinaryWriter } from 'cosmjs-types/binary';
import { utf8Read } from 'cosmjs-types/utf8';
import { Coin } from 'cosmjs-types/cosmos/base/v1beta1/coin';
import { WireError, checkWire, string, type WireSchema } from '../../../src/codec/wire.js';

const TEXTS = ['', 'useed', 'seed1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu', 'é', 'ünïcödé – 日本語 ☃', '𝄞 emoji 🎬 and 4-byte 𐍈', '\uFEFFbom first', 'x'.repeat(20_000)];
const Schema: WireSchema = { name: 'S', fields: { 1: string() } };

function field1(bytes: Uint8Array): Uint8Array {
  const w = new BinaryWriter();
  w.uint32(10).bytes(bytes);
  return w.finish();
}

describe('cosmjs-types strings read natively', () => {
  it('BinaryReader.string is patched and returns what the JS decoder returns', () => {
    expect((BinaryReader as unknown as { nativeStrings?: boolean }).nativeStrings).toBe(true);
    for (const text of TEXTS) {
      const bytes = Buffer.from(text, 'utf8');
      const r = new BinaryReader(field1(bytes));
      r.uint32();
      const got = r.string();
      expect(got).toBe(text);
      expect(got).toBe(utf8Read(bytes, 0, bytes.length));
    }
    expect(Coin.decode(Coin.encode({ denom: 'useed', amount: '12345678901234567890' }).finish())).toEqual({ denom: 'useed', amount: '12345678901234567890' });
  });

  it('checkWire still refuses malformed UTF-8 and accepts valid text', () => {
    const bad = [
      [0xc3, 0x28], // bad continuation
      [0xc0, 0xaf], // overlong '/'
      [0xed, 0xa0, 0x80], // UTF-16 surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xe2, 0x82], // truncated
      [0xff],
    ];
    for (const b of bad) expect(() => checkWire(field1(Uint8Array.from(b)), Schema)).toThrow(WireError);
    for (const text of TEXTS) expect(() => checkWire(field1(Buffer.from(text, 'utf8')), Schema)).not.toThrow();
  });
});
