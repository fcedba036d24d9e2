import { hash, randomBytes } from 'node:crypto';
import { BlockHasher } from '../../../../src/swarm/blockHasher.js';
import { BLOCK_BYTES } from '../../../../src/swarm/layout.js';

describe('block hasher (SHA-256 on a worker thread)', () => {
  const blocks = Array.from({ length: 700 }, () => randomBytes(BLOCK_BYTES)); // more than the ring holds
  const expected = blocks.map((b) => hash('sha256', b, 'hex'));

  function hashAll(h: BlockHasher, list: Uint8Array[]): { sync: number; done: Promise<string[]> } {
    const got: string[] = [];
    let sync = 0;
    let inCall = false;
    const done = new Promise<string[]>((resolve) => {
      for (const b of list) {
        inCall = true;
        h.hash(b, (d) => {
          if (inCall) sync++;
          got.push(Buffer.from(d).toString('hex'));
          if (got.length === list.length) resolve(got);
        });
        inCall = false;
      }
    });
    return { sync, done };
  }

  it('gives each block its SHA-256, in order, from the worker (never inside the call)', async () => {
    const h = new BlockHasher();
    try {
      const run = hashAll(h, blocks);
      expect(await run.done).toEqual(expected);
      expect(run.sync).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('counters that wrap past 2^31 blocks (a long-lived node) keep order and slots right', async () => {
    const h = new BlockHasher(2 ** 31 - 300);
    try {
      expect(await hashAll(h, blocks).done).toEqual(expected);
    } finally {
      await h.close();
    }
  });

  it('closed (or its worker gone), it hashes what was pending and what follows on the main thread', async () => {
    const h = new BlockHasher();
    const pending = hashAll(h, blocks.slice(0, 300));
    await h.close();
    expect(await pending.done).toEqual(expected.slice(0, 300));
    const after = hashAll(h, blocks.slice(300, 310));
    expect(await after.done).toEqual(expected.slice(300, 310));
    expect(() => h.hash(new Uint8Array(100), () => {})).toThrow(/16384 bytes/);
  });
});
