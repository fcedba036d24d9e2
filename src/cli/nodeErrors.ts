// Turns network failures and RPC errors from cosmjs into one-line CLI errors.
import { QueryClient } from '@cosmjs/stargate';
import { Comet38Client } from '@cosmjs/tendermint-rpc';
import { CliError } from './common.js';

function causeText(e: unknown): string {
  const err = e as { message?: string; code?: string; cause?: unknown };
  return [err?.code, err?.message, err?.cause ? causeText(err.cause) : ''].filter(Boolean).join(' ');
}

/** Runs `fn` against the node at `url`, rewriting "cannot connect" and JSON-RPC errors for humans. */
export async function withNode<T>(url: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CliError) throw e;
    const text = causeText(e);
    if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|fetch failed|socket hang up/i.test(text)) {
      throw new CliError('CLI_NODE_UNREACHABLE', `cannot reach the node at ${url} (is "seedcast start" running? pick another with --node)`, { url });
    }
    if (/Bad status on response|Error: \{|JSON-RPC|Query failed|Internal error/i.test(text)) {
      throw new CliError('CLI_NODE_ERROR', `the node at ${url} answered with an error: ${(e as Error).message.split('\n')[0]}`, { url });
    }
    throw e;
  }
}

/**
 * Runs `fn` with a cosmjs QueryClient on the node at `url` (errors as withNode); the connection
 * is closed afterwards. Wrap it in a module's typed queries: `withQueries(url, (qc) => licenseQuery(qc)...)`.
 */
export async function withQueries<T>(url: string, fn: (qc: QueryClient) => Promise<T>): Promise<T> {
  return withNode(url, async () => {
    const comet = await Comet38Client.connect(url);
    try {
      return await fn(QueryClient.withExtensions(comet));
    } finally {
      comet.disconnect();
    }
  });
}
