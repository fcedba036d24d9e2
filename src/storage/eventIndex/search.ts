// The search behind tx_search and block_search: intersect the ids that each attribute
// condition selects from the index, restrict by height, order and page. Work is bounded:
// a query that would scan more than MAX_SCANNED_ENTRIES index entries fails with a clear error.
import type { QueryCondition } from '../../types/query.js';
import { Bucket, Db } from '../db.js';
import { StorageError } from '../errors.js';
import { concatBytes, readU64be, toHex, u64be } from '../bytes.js';
import { attributePrefix, attributeValuePrefix, entryIds, parseEntry } from './keys.js';
import { heightRange, matchValue } from './match.js';

export const MAX_SCANNED_ENTRIES = 500_000;

export interface SearchTarget {
  /** Bucket of the attribute index and of the list of all ids (in height order). */
  attrBucket: Bucket;
  allBucket: Bucket;
  /** The reserved height key: 'tx.height' or 'block.height'. */
  heightKey: string;
  /** Attribute entries list tx indexes (see keys.ts) rather than being one id each. */
  grouped: boolean;
}

export interface SearchPage {
  page: number; // 1-based
  perPage: number;
  orderBy: 'asc' | 'desc';
}

/** Matching ids (hex, in order). */
export interface SearchHits {
  ids: string[];
}

export function checkPage(page: SearchPage): void {
  if (!Number.isInteger(page.page) || page.page < 1 || !Number.isInteger(page.perPage) || page.perPage < 1) {
    throw new StorageError('STORAGE_BAD_ARGUMENT', 'page and perPage must be positive integers', { page: page.page, perPage: page.perPage });
  }
}

export function pageOf<T>(items: T[], page: SearchPage): T[] {
  const start = (page.page - 1) * page.perPage;
  return items.slice(start, start + page.perPage);
}

export async function searchIds(
  db: Db,
  target: SearchTarget,
  conditions: QueryCondition[],
  orderBy: 'asc' | 'desc',
  maxScanned = MAX_SCANNED_ENTRIES,
): Promise<SearchHits> {
  const heightConds = conditions.filter((c) => c.key === target.heightKey);
  const attrConds = conditions.filter((c) => c.key !== target.heightKey && c.key !== 'tm.event');
  const { lo, hi } = heightRange(heightConds);
  const heightOk = (id: Uint8Array) => {
    const h = readU64be(id);
    return h >= lo && (hi === undefined || h <= hi) && heightConds.every((c) => matchValue(h.toString(), c));
  };
  let scanned = 0;
  const count = () => {
    if (++scanned > maxScanned) {
      throw new StorageError('STORAGE_SEARCH_TOO_BROAD', `query needs more than ${maxScanned} index entries; narrow it (e.g. add a ${target.heightKey} range)`, {
        limit: maxScanned,
      });
    }
  };
  let hits: Set<string> | undefined;
  if (hi !== undefined && hi < lo) hits = new Set();

  // Equality conditions first: they are the most selective.
  const ordered = [...attrConds].sort((a, b) => rank(a) - rank(b));
  for (const cond of ordered) {
    if (hits && hits.size === 0) break;
    const next = new Set<string>();
    const exact = cond.op === '=' && cond.value?.kind === 'string';
    const prefix = exact ? attributeValuePrefix(cond.key, cond.value!.value) : attributePrefix(cond.key);
    if (!prefix) return { ids: [] };
    const head = attributePrefix(cond.key)!.length;
    // For an exact value the id follows the prefix, so the height range narrows the scan.
    const gte = exact ? concatBytes(prefix, u64be(lo)) : undefined;
    const lt = exact && hi !== undefined ? concatBytes(prefix, u64be(hi + 1n)) : undefined;
    for await (const [key, value] of db.iterate(target.attrBucket, { prefix, gte, lt })) {
      count();
      const entry = parseEntry(head, key);
      if (!entry || entry.id.length < 8 || !heightOk(entry.id)) continue;
      if (!exact && !matchValue(entry.value, cond)) continue;
      for (const idBytes of entryIds(entry.id, value, target.grouped)) {
        count();
        const id = toHex(idBytes);
        if (!hits || hits.has(id)) next.add(id);
      }
    }
    hits = next;
  }

  if (!hits) {
    // Only height conditions (or none): walk the list of all ids in the range.
    hits = new Set();
    const lt = hi !== undefined ? u64be(hi + 1n) : undefined;
    for await (const [key] of db.iterate(target.allBucket, { gte: u64be(lo), lt })) {
      count();
      if (heightOk(key)) hits.add(toHex(key));
    }
  }
  const ids = [...hits].sort();
  if (orderBy === 'desc') ids.reverse();
  return { ids };
}

function rank(c: QueryCondition): number {
  if (c.op === '=' && c.value?.kind === 'string') return 0;
  if (c.op === '=') return 1;
  if (c.op === 'EXISTS') return 3;
  return 2;
}
