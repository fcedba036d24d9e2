// The node's local admin API: what `seedcast publish|seed|fetch` ask the running node to do.
// Bound to 127.0.0.1 on a free port; the port and a random bearer token are written to
// <home>/data/admin.json (mode 0600), so only a local user who can read the home can use it.
// Each call is `POST /v1/<action>` with a JSON body; the answer streams NDJSON lines:
// {"event":"progress",...} while the work runs, then one {"event":"done","result":...} or
// {"event":"error","code":...,"message":...}.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { replaceFileDurably } from '../../storage/durableFile.js';

export const ADMIN_FILE = 'admin.json';
const MAX_BODY_BYTES = 64 * 1024;

export interface AdminFile {
  url: string;
  token: string;
  pid: number;
}

/** A failure the caller caused or can act on: its code and message reach the CLI as they are. */
export class AdminError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

export type Progress = (fields: Record<string, unknown>) => void;
export type AdminAction = (body: Record<string, unknown>, progress: Progress) => Promise<unknown>;

export class AdminServer {
  private readonly token = randomBytes(32).toString('hex');
  private server?: Server;

  constructor(private readonly file: string, private readonly actions: Record<string, AdminAction>, private readonly log: (line: string) => void) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const info: AdminFile = { url, token: this.token, pid: process.pid };
    replaceFileDurably(this.file, JSON.stringify(info) + '\n');
    return url;
  }

  async close(): Promise<void> {
    rmSync(this.file, { force: true });
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const name = /^\/v1\/([a-z-]+)$/.exec(req.url ?? '')?.[1];
    const action = name ? this.actions[name] : undefined;
    if (req.method !== 'POST' || !action) return plain(res, 404, 'unknown admin call');
    if (!this.authorised(req.headers.authorization)) return plain(res, 401, 'missing or wrong admin token');
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (err) {
      return plain(res, 400, (err as Error).message);
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const send = (line: Record<string, unknown>) => {
      if (!res.destroyed) res.write(JSON.stringify(line, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
    };
    try {
      const result = await action(body, (fields) => send({ event: 'progress', ...fields }));
      send({ event: 'done', result });
    } catch (err) {
      // Coded errors are the caller's to act on; anything else is a bug and is logged here.
      const code = (err as { code?: unknown } | null)?.code;
      if (typeof code !== 'string') this.log(`admin ${name} failed: ${(err as Error)?.stack ?? String(err)}`);
      send({ event: 'error', code: typeof code === 'string' ? code : 'INTERNAL', message: (err as Error)?.message ?? String(err) });
    }
    res.end();
  }

  private authorised(header: string | undefined): boolean {
    const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
    const want = Buffer.from(this.token);
    return given.length === want.length && timingSafeEqual(given, want);
  }
}

function plain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(message + '\n');
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('request body must be a JSON object');
  return value as Record<string, unknown>;
}
