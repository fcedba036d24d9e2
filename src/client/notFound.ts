// A query answered NotFound (cosmjs surfaces abci_query's code as "rpc error: code = NotFound")
// is an absent record, not a failure: the typed query clients return null for it.
const isNotFound = (err: unknown): boolean => /rpc error: code = NotFound/i.test(String(err));

export async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}
