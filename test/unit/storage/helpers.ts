import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../../../src/storage/db.js';

export interface TempDb {
  db: Db;
  dir: string;
  reopen(): Promise<Db>;
  cleanup(): Promise<void>;
}

/** A real classic-level database in a fresh temp dir. */
export async function tempDb(): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-storage-'));
  const t: TempDb = {
    db: await Db.open(dir),
    dir,
    async reopen() {
      await t.db.close();
      t.db = await Db.open(dir);
      return t.db;
    },
    async cleanup() {
      await t.db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Deterministic pseudo-random permutation for order-independence tests (no Math.random). */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
