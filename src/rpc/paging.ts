// CometBFT's paging and height rules, with its error texts.
import { internalError, invalidParams } from './errors.js';
import type { RpcBackend, SearchPage } from './interface.js';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export function perPageOf(perPage: bigint | undefined): number {
  if (perPage === undefined || perPage < 1n) return DEFAULT_PER_PAGE;
  return perPage > BigInt(MAX_PER_PAGE) ? MAX_PER_PAGE : Number(perPage);
}

export function pageOf(page: bigint | undefined): number {
  if (page === undefined) return 1;
  if (page < 1n || page > 1_000_000_000n) throw internalError(`page should be within [1, N] range, given ${page}`);
  return Number(page);
}

/** After a search: the page must exist (page 1 always does). */
export function checkPageInRange(page: number, perPage: number, total: number): void {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (page > pages) throw internalError(`page should be within [1, ${pages}] range, given ${page}`);
}

export function orderOf(orderBy: string | undefined): SearchPage['orderBy'] {
  if (orderBy === undefined || orderBy === '' || orderBy === 'asc') return 'asc';
  if (orderBy === 'desc') return 'desc';
  throw invalidParams('expected order_by to be either `asc` or `desc` or empty');
}

/** A requested height, checked against what the store holds; undefined = latest. */
export function checkHeight(backend: RpcBackend, height: bigint | undefined): bigint | undefined {
  if (height === undefined) return undefined;
  const st = backend.status();
  if (height <= 0n) throw internalError(`height must be greater than 0, but got ${height}`);
  if (height > st.latestBlockHeight) {
    throw internalError(`height ${height} must be less than or equal to the current blockchain height ${st.latestBlockHeight}`);
  }
  if (height < st.earliestBlockHeight) {
    throw internalError(`height ${height} is not available, lowest height is ${st.earliestBlockHeight}`);
  }
  return height;
}
