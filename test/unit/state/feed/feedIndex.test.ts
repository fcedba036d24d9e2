// The feed index writes on their own, over a CacheKV on a plain map (the index code is what is
// under test; the query walks over a real store are in feedQueries.test.ts).
import { CacheKV } from '../../../../src/state/store/kv.js';
import type { Card } from '../../../../src/codec/seedcast/content.js';
import {
  activityPrefix,
  decodeActivitySuffix,
  indexCard,
  lastActivity,
  recordActivity,
  threadRoot,
} from '../../../../src/state/modules/social/feedIndex.js';

function store(): { kv: CacheKV; keys(prefix: Uint8Array): Uint8Array[] } {
  const base = new Map<string, Uint8Array>();
  const parent = {
    get: (k: Uint8Array) => base.get(Buffer.from(k).toString('hex')),
    set: (k: Uint8Array, v: Uint8Array) => void base.set(Buffer.from(k).toString('hex'), v),
    delete: (k: Uint8Array) => void base.delete(Buffer.from(k).toString('hex')),
  };
  const kv = new CacheKV(parent);
  return {
    kv,
    keys(prefix) {
      kv.write();
      const p = Buffer.from(prefix).toString('hex');
      return [...base.keys()].filter((k) => k.startsWith(p)).sort().map((k) => new Uint8Array(Buffer.from(k, 'hex')).subarray(prefix.length));
    },
  };
}

const card = (id: bigint, parentId = 0n, tags: string[] = []): Card => ({ id, parentId, tags }) as unknown as Card;

describe('feed index', () => {
  it('gives each reply the root of its chain in one lookup', () => {
    const { kv } = store();
    expect(indexCard(kv, card(1n))).toBe(1n);
    expect(indexCard(kv, card(2n, 1n))).toBe(1n);
    expect(indexCard(kv, card(3n, 2n))).toBe(1n);
    expect(indexCard(kv, card(4n, 3n))).toBe(1n);
    expect(indexCard(kv, card(5n))).toBe(5n);
    expect(threadRoot(kv, card(4n, 3n))).toBe(1n);
    expect(threadRoot(kv, card(5n))).toBe(5n);
  });

  it('keeps one activity entry per card, most recent first', () => {
    const { kv, keys } = store();
    recordActivity(kv, 7n, 10n);
    recordActivity(kv, 8n, 12n);
    recordActivity(kv, 7n, 15n);
    recordActivity(kv, 7n, 15n);
    expect(lastActivity(kv, 7n)).toBe(15n);
    expect(lastActivity(kv, 9n)).toBeUndefined();
    const entries = keys(activityPrefix()).map(decodeActivitySuffix);
    expect(entries).toEqual([
      { height: 15n, cardId: 7n },
      { height: 12n, cardId: 8n },
    ]);
  });

  it('refuses an activity key of the wrong size', () => {
    expect(() => decodeActivitySuffix(new Uint8Array(9))).toThrow(/16 bytes/);
  });
});
