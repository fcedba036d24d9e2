// The RPC server: JSON-RPC 2.0 over HTTP (POST /, single or batch; GET /<method>?args) and over
// a websocket at /websocket, in front of an RpcBackend.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  errorResponse,
  handleRequest,
  handleUriRequest,
  MAX_BATCH_REQUESTS,
  parseErrorResponse,
  type JsonRpcResponse,
} from './dispatch.js';
import { JSONRPC_INVALID_REQUEST, JSONRPC_METHOD_NOT_FOUND, RpcError } from './errors.js';
import type { ChainEvent, RpcBackend } from './interface.js';
import { isFeedPath, serveFeed } from './feeds/index.js';
import { METHODS } from './methods.js';
import type { MethodDeps } from './methodTypes.js';
import { parseRpcLaddr, resolveRpcOptions, type ResolvedRpcOptions, type RpcServerOptions } from './options.js';
import { SubscriptionHub } from './subscriptions.js';
import { TxWaiters } from './txWaiters.js';
import { WsSession } from './wsSession.js';

const LISTEN_BACKLOG = 16_384;

export class RpcServer {
  private readonly opts: ResolvedRpcOptions;
  private readonly deps: MethodDeps;
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<WsSession>();
  private readonly sockets = new Set<Socket>();
  private unlisten?: () => void;
  private pingTimer?: NodeJS.Timeout;
  private boundPort = 0;

  constructor(opts: RpcServerOptions, private readonly backend: RpcBackend) {
    this.opts = resolveRpcOptions(opts);
    parseRpcLaddr(this.opts.laddr);
    this.deps = {
      backend,
      subscriptions: new SubscriptionHub(this.opts.maxSubscriptionsPerClient),
      txWaiters: new TxWaiters(),
      timeoutBroadcastTxCommitMs: this.opts.timeoutBroadcastTxCommitMs,
      rpcAddress: this.opts.laddr,
    };
    this.http = http.createServer((req, res) => void this.onHttp(req, res));
    // Upgraded websockets stay among the server's connections: room for both kinds.
    this.http.maxConnections = this.opts.maxOpenConnections + this.opts.maxClients;
    this.http.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.opts.maxBodyBytes });
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket as Socket, head));
  }

  get port(): number {
    return this.boundPort;
  }

  /** Websocket clients connected now. */
  get wsClientCount(): number {
    return this.sessions.size;
  }

  async start(): Promise<void> {
    const { host, port } = parseRpcLaddr(this.opts.laddr);
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      // A deep accept queue, so thousands of clients connecting at once are not refused
      // (the kernel caps it at net.core.somaxconn).
      this.http.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.http.address() as AddressInfo).port;
    this.deps.rpcAddress = `tcp://${host.includes(':') ? `[${host}]` : host}:${this.boundPort}`;
    this.unlisten = this.backend.onEvent((ev) => this.onChainEvent(ev));
    this.pingTimer = setInterval(() => this.sessions.forEach((s) => s.heartbeat()), this.opts.wsPingIntervalMs);
    this.pingTimer.unref();
  }

  /** Stops listening and closes every socket (HTTP keep-alive and websocket), so the process can exit. */
  async close(): Promise<void> {
    this.unlisten?.();
    this.unlisten = undefined;
    clearInterval(this.pingTimer);
    this.deps.txWaiters.rejectAll('the RPC server is shutting down');
    for (const s of [...this.sessions]) s.drop(1001, 'server shutting down');
    for (const client of this.wss.clients) client.terminate();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await closed;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onChainEvent(ev: ChainEvent): void {
    // Never let a push problem travel back into the node.
    try {
      if (ev.type === 'Tx') this.deps.txWaiters.notify(ev.tx);
      this.deps.subscriptions.publish(ev);
    } catch {
      /* a failing client is dropped by its session; nothing to report to the node */
    }
  }

  private onUpgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    // Like CometBFT, any Origin may open the websocket; CORS only governs plain HTTP.
    if (path !== '/websocket' && path !== '/websocket/') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.sessions.size >= this.opts.maxClients) {
        ws.close(1013, `too many websocket clients (max ${this.opts.maxClients})`);
        return;
      }
      const session = new WsSession(ws, socket, this.deps, this.opts.wsMaxSendBufferBytes, (s) => {
        this.sessions.delete(s);
        this.deps.subscriptions.drop(s);
      });
      this.sessions.add(session);
    });
  }

  private async onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      this.applyCors(req, res);
      if (req.method === 'OPTIONS') return end(res, 204, '');
      const url = new URL(req.url ?? '/', 'http://rpc.local');
      if (req.method === 'POST') return await this.onPost(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'method not allowed\n', 'text/plain');
      if (url.pathname === '/') return end(res, 200, methodListHtml(), 'text/html; charset=utf-8');
      if (url.pathname === '/websocket') return end(res, 400, 'use a websocket client for /websocket\n', 'text/plain');
      if (isFeedPath(url.pathname)) return await serveFeed(req, res, url.pathname, this.backend, `127.0.0.1:${this.boundPort}`);
      const name = url.pathname.slice(1);
      if (!Object.prototype.hasOwnProperty.call(METHODS, name)) {
        const err = new RpcError(JSONRPC_METHOD_NOT_FOUND, `unknown method ${JSON.stringify(name.slice(0, 64))}`);
        return sendJson(res, 404, errorResponse(-1, err));
      }
      sendJson(res, 200, await handleUriRequest(name, url.searchParams, this.deps));
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, errorResponse(null, new RpcError(-32603, (err as Error).message)));
      else res.destroy();
    }
  }

  private async onPost(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req, this.opts.maxBodyBytes);
    if (body === undefined) {
      const err = new RpcError(JSONRPC_INVALID_REQUEST, `error reading request body: http: request body too large (max ${this.opts.maxBodyBytes} bytes)`);
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, errorResponse(null, err));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return sendJson(res, 200, parseErrorResponse(`error unmarshaling request: ${(err as Error).message}`));
    }
    if (!Array.isArray(parsed)) {
      const one = await handleRequest(parsed, this.deps);
      return one ? sendJson(res, 200, one) : end(res, 200, '');
    }
    if (parsed.length === 0 || parsed.length > MAX_BATCH_REQUESTS) {
      const err = new RpcError(JSONRPC_INVALID_REQUEST, `a batch holds 1 to ${MAX_BATCH_REQUESTS} requests`);
      return sendJson(res, 200, errorResponse(null, err));
    }
    const responses: JsonRpcResponse[] = [];
    for (const r of parsed) {
      const one = await handleRequest(r, this.deps);
      if (one) responses.push(one);
    }
    return responses.length > 0 ? sendJson(res, 200, responses) : end(res, 200, '');
  }

  private applyCors(req: http.IncomingMessage, res: http.ServerResponse): void {
    const origin = req.headers.origin;
    const allowed = this.opts.corsAllowedOrigins;
    if (!origin || allowed.length === 0) return;
    if (!allowed.includes('*') && !allowed.includes(origin)) return;
    res.setHeader('Access-Control-Allow-Origin', allowed.includes('*') ? '*' : origin);
    res.setHeader('Access-Control-Allow-Methods', 'HEAD, GET, POST');
    res.setHeader('Access-Control-Allow-Headers', 'Origin, Accept, Content-Type, X-Requested-With, X-Server-Time');
  }
}

/** The body, or undefined once it passes the limit (checked on Content-Length first, then while reading). */
async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  end(res, status, JSON.stringify(value), 'application/json');
}

function end(res: http.ServerResponse, status: number, body: string, type?: string): void {
  res.statusCode = status;
  if (type) res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function methodListHtml(): string {
  const items = Object.keys(METHODS)
    .sort()
    .map((m) => `<li><a href="/${m}">/${m}</a>${METHODS[m]!.params.length ? '?' + METHODS[m]!.params.map((p) => `${p.name}=_`).join('&amp;') : ''}</li>`);
  return `<html><body><p>Available endpoints:</p><ul>${items.join('')}</ul></body></html>\n`;
}
