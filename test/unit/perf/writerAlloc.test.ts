import '../../../src/codec/writerAlloc.js';
import { BinaryWriter } from 'cosmjs-types/binary';
import { Coin } from 'cosmjs-types/cosmos/base/v1beta1/coin';

describe('BinaryWriter exact-size alloc', () => {
  it('encodes the same bytes into a buffer of its own', () => {
    const coin = { denom: 'useed', amount: '12345' };
    const a = Coin.encode(coin).finish();
    const b = Coin.encode({ denom: 'uother', amount: '1' }).finish();
    expect(Buffer.from(a).toString('hex')).toBe('0a0575736565641205' + Buffer.from('12345').toString('hex'));
    expect(a.buffer.byteLength).toBe(a.length); // no shared 8 KiB slab behind it
    expect(a.buffer).not.toBe(b.buffer);
    expect(Coin.decode(a)).toEqual(coin);
  });

  it('handles empty and large messages', () => {
    expect(new BinaryWriter().finish().length).toBe(0);
    const big = 'x'.repeat(10_000);
    const out = Coin.encode({ denom: big, amount: '1' }).finish();
    expect(Coin.decode(out).denom).toBe(big);
  });
});
