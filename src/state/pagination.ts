// Cosmos PageRequest over a key prefix of committed state: key (resume after), offset,
// limit (default 100, at most 1000), count_total, in key order.
import type { PageRequest, PageResponse } from 'cosmjs-types/cosmos/base/query/v1beta1/pagination';
import type { QueryView } from './context.js';
import { invalidArgument } from './errors.js';

const DEFAULT_LIMIT = 100n;
const MAX_LIMIT = 1000n;

export async function paginate(
  view: QueryView,
  prefix: Uint8Array,
  req: PageRequest | undefined,
): Promise<{ items: [Uint8Array, Uint8Array][]; response: PageResponse }> {
  const limitReq = req?.limit && req.limit > 0n ? req.limit : DEFAULT_LIMIT;
  const limit = Number(limitReq > MAX_LIMIT ? MAX_LIMIT : limitReq);
  const offset = req?.offset ?? 0n;
  const resumeKey = req?.key && req.key.length > 0 ? req.key : undefined;
  if (resumeKey && offset > 0n) throw invalidArgument('either offset or key is expected, got both');
  if (req?.reverse) throw invalidArgument('reverse pagination is not supported');

  const start = resumeKey ? concat(prefix, resumeKey) : undefined;
  const items: [Uint8Array, Uint8Array][] = [];
  let skipped = 0n;
  let total = 0n;
  let nextKey: Uint8Array = new Uint8Array();
  for await (const [key, value] of view.iterate(prefix, { start })) {
    total++;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    if (items.length < limit) {
      items.push([key.subarray(prefix.length), value]);
    } else if (nextKey.length === 0) {
      nextKey = key.subarray(prefix.length);
      if (!req?.countTotal) break;
    }
  }
  return { items, response: { nextKey, total: req?.countTotal ? total : 0n } };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
