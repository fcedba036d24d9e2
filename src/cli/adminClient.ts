// Talks to the node running in a home through its local admin API (src/node/admin/server.ts):
// reads <home>/data/admin.json, posts the call, relays progress lines, returns the result.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminFile } from '../node/admin/server.js';
import { CliError } from './common.js';

export type ProgressLine = Record<string, unknown>;

function adminFile(home: string): AdminFile {
  const path = join(home, 'data', 'admin.json');
  const notRunning = new CliError('CLI_NODE_NOT_RUNNING', `no node is running with home ${home}: start it with "seedcast start --home ${home}"`);
  if (!existsSync(path)) throw notRunning;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as AdminFile;
  } catch {
    throw notRunning;
  }
}

/** Calls `action` on the home's node; `onProgress` gets each progress line. Node errors become CliErrors with the node's code. */
export async function callNode<T = Record<string, unknown>>(home: string, action: string, body: Record<string, unknown>, onProgress: (p: ProgressLine) => void = () => {}): Promise<T> {
  const info = adminFile(home);
  let res: Response;
  try {
    res = await fetch(`${info.url}/v1/${action}`, { method: 'POST', headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new CliError('CLI_NODE_NOT_RUNNING', `the node of home ${home} does not answer at ${info.url}: is it running? ("seedcast start --home ${home}")`);
  }
  if (!res.ok || !res.body) throw new CliError('CLI_NODE_REFUSED', `the node refused "${action}": ${res.status} ${(await res.text()).trim()}`);
  let pending = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = JSON.parse(pending.slice(0, nl)) as ProgressLine;
      pending = pending.slice(nl + 1);
      if (line.event === 'progress') onProgress(line);
      else if (line.event === 'done') return line.result as T;
      else if (line.event === 'error') throw new CliError(String(line.code), String(line.message));
    }
  }
  throw new CliError('CLI_NODE_GONE', `the node of home ${home} stopped before "${action}" finished; run the command again to resume`);
}
