import { randomBytes } from 'node:crypto';
import { contentKey, keyCheck } from '../../../src/crypto/contentKeys.js';
import { splitSecret } from '../../../src/crypto/shamir.js';
import { combineCustodyShares, type ReceivedShare } from '../../../src/keyagent/combine.js';
import { NonceCache } from '../../../src/keyagent/nonceCache.js';
import { resolveKeyAgentOptions } from '../../../src/keyagent/options.js';
import { TokenBuckets } from '../../../src/keyagent/tokenBuckets.js';

describe('TokenBuckets', () => {
  it('gives the burst at once, then refills at the rate, per key', () => {
    const b = new TokenBuckets(2, 3);
    expect([0, 0, 0, 0].map(() => b.take('p', 1000))).toEqual([true, true, true, false]);
    expect(b.take('q', 1000)).toBe(true);
    expect(b.take('p', 1400)).toBe(false); // 0.8 token
    expect(b.take('p', 1500)).toBe(true); // 1 token after 0.5 s at 2/s
    expect(b.take('p', 100_000)).toBe(true);
  });

  it('stays bounded: idle keys are dropped, and with every bucket busy a new key is refused', () => {
    const b = new TokenBuckets(1, 1, 2);
    expect(b.take('a', 0)).toBe(true);
    expect(b.take('b', 0)).toBe(true);
    expect(b.take('c', 0)).toBe(false); // a and b are both empty: not dropped
    expect(b.size).toBe(2);
    expect(b.take('c', 5000)).toBe(true); // a and b refilled: dropped
    expect(b.size).toBe(1);
  });
});

describe('NonceCache', () => {
  it('refuses a nonce seen before, whatever height it comes with', () => {
    const c = new NonceCache();
    const n = new Uint8Array(randomBytes(16));
    expect(c.add(n, 10n, 0n)).toBe('fresh');
    expect(c.add(Uint8Array.from(n), 11n, 0n)).toBe('replayed');
    expect(c.add(new Uint8Array(randomBytes(16)), 10n, 0n)).toBe('fresh');
  });

  it('when full, forgets only nonces below the window, else refuses', () => {
    const c = new NonceCache(3);
    for (let h = 1n; h <= 3n; h++) expect(c.add(new Uint8Array(randomBytes(16)), h, 0n)).toBe('fresh');
    expect(c.add(new Uint8Array(randomBytes(16)), 4n, 1n)).toBe('full'); // nothing below 1
    expect(c.add(new Uint8Array(randomBytes(16)), 4n, 3n)).toBe('fresh'); // heights 1, 2 pruned
    expect(c.size).toBe(2);
  });
});

describe('combineCustodyShares', () => {
  const key = contentKey(new Uint8Array(randomBytes(32)));
  const check = keyCheck(key);
  const shares: ReceivedShare[] = splitSecret(key, 3, 5, new Uint8Array(randomBytes(32))).map((s) => ({ agent: `agent${s.index}`, index: s.index, value: s.value }));
  const bad = (s: ReceivedShare): ReceivedShare => ({ ...s, value: new Uint8Array(randomBytes(32)) });

  it('needs t shares, and returns K only when the key check matches', () => {
    expect(combineCustodyShares(shares.slice(0, 2), 3, check)).toBeUndefined();
    const got = combineCustodyShares(shares.slice(0, 3), 3, check);
    expect(Buffer.from(got!.key).equals(Buffer.from(key))).toBe(true);
    expect(got!.agents).toEqual(['agent1', 'agent2', 'agent3']);
    expect(combineCustodyShares(shares.slice(0, 3), 3, new Uint8Array(32))).toBeUndefined();
  });

  it('steps around wrong shares as they arrive one by one', () => {
    const arriving = [bad(shares[0]!), shares[1]!, bad(shares[2]!), shares[3]!, shares[4]!];
    const received: ReceivedShare[] = [];
    let result;
    for (const s of arriving) {
      received.push(s);
      result = combineCustodyShares(received, 3, check);
      if (result) break;
    }
    expect(received).toHaveLength(5);
    expect(Buffer.from(result!.key).equals(Buffer.from(key))).toBe(true);
    expect(result!.agents).toEqual(['agent2', 'agent4', 'agent5']);
  });

  it('skips two answers claiming the same index', () => {
    const dup = [shares[0]!, { ...bad(shares[0]!), agent: 'liar' }, shares[1]!];
    expect(combineCustodyShares(dup, 3, check)).toBeUndefined();
    expect(combineCustodyShares([...dup, shares[2]!], 3, check)?.agents).toEqual(['agent1', 'agent2', 'agent3']);
  });
});

describe('options', () => {
  it('fills defaults and ignores undefined overrides', () => {
    const o = resolveKeyAgentOptions({ perPeerBurst: 7, heightWindow: undefined });
    expect(o.perPeerBurst).toBe(7);
    expect(o.heightWindow).toBe(20n);
    expect(o.perLicensePerMin).toBe(30);
  });
});
