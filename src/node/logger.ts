// Structured one-line logs: `LEVEL message key=value ...`. Callers pass only public data
// (heights, hashes, counts), never keys or network-supplied text at info level.
import type { Logger } from '../consensus/interface.js';

function format(level: string, msg: string, ctx?: Record<string, unknown>): string {
  const fields = Object.entries(ctx ?? {})
    .map(([k, v]) => `${k}=${v instanceof Uint8Array ? Buffer.from(v).toString('hex').toUpperCase() : String(v)}`)
    .join(' ');
  return fields ? `${level} ${msg} ${fields}` : `${level} ${msg}`;
}

export function consensusLogger(write: (line: string) => void, debug = false): Logger {
  return {
    debug: (m, c) => debug && write(format('DBG', m, c)),
    info: (m, c) => write(format('INF', m, c)),
    warn: (m, c) => write(format('WRN', m, c)),
    error: (m, c) => write(format('ERR', m, c)),
  };
}
