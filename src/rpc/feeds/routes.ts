// GET /feed/creator/<address>.json|.xml, /feed/tag/<tag>.json|.xml, /card/<id>.json and
// /card/<id>/preview. Links are absolute, built from the request's Host header (checked, so a
// forged Host cannot inject markup or a scheme).
import type http from 'node:http';
import { fromBech32Address } from '../../codec/address.js';
import type { FeedPage } from '../../codec/seedcast/feed.js';
import type { RpcBackend } from '../interface.js';
import { cardWithStatsJson } from './cardJson.js';
import { FeedError } from './errors.js';
import { jsonFeed, type FeedCard, type FeedMeta } from './jsonFeed.js';
import { rssFeed } from './rss.js';
import { blockTimes, cardWithStats, creatorCards, tagCards } from './source.js';

export type FeedBackend = Pick<RpcBackend, 'abciQuery' | 'commit'>;

const TAG = /^[a-z0-9_-]{1,32}$/;
const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;
const FEED_PATH = /^\/feed\/(creator|tag)\/([^/]+)\.(json|xml)$/;
const CARD_PATH = /^\/card\/([^/]+?)(\.json|\/preview)$/;
const MAX_ID = 2n ** 64n - 1n;

/** The absolute base URL of this node as the client reached it. */
export function baseUrl(req: http.IncomingMessage, fallbackHost: string): string {
  const host = req.headers.host;
  return `http://${host && HOST.test(host) ? host : fallbackHost}`;
}

/** True when the path is one of ours (then the response is sent, success or error). */
export function isFeedPath(pathname: string): boolean {
  return pathname.startsWith('/feed/') || pathname.startsWith('/card/');
}

function cardIdArg(text: string): bigint {
  if (!/^\d{1,20}$/.test(text) || BigInt(text) === 0n || BigInt(text) > MAX_ID) {
    throw new FeedError('FEED_BAD_REQUEST', `card id ${JSON.stringify(text.slice(0, 40))} must be an integer from 1 to 2^64-1`);
  }
  return BigInt(text);
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Uint8Array, extra: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  res.end(body);
}

async function feedOf(backend: FeedBackend, kind: string, arg: string, base: string): Promise<{ meta: FeedMeta; page: FeedPage }> {
  if (kind === 'creator') {
    try {
      fromBech32Address(arg);
    } catch (err) {
      throw new FeedError('FEED_BAD_REQUEST', `${JSON.stringify(arg.slice(0, 80))} is not a seed1... account address (${(err as Error).message})`);
    }
    const meta = { title: `Seedcast: cards by ${arg}`, description: `Cards published by ${arg} on Seedcast, newest first.`, selfBase: `${base}/feed/creator/${arg}`, homePageUrl: `${base}/` };
    return { meta, page: await creatorCards(backend, arg) };
  }
  if (!TAG.test(arg)) throw new FeedError('FEED_BAD_REQUEST', `tag ${JSON.stringify(arg.slice(0, 40))} must be 1-32 characters of a-z, 0-9, _ and -`);
  const meta = { title: `Seedcast: #${arg}`, description: `Cards tagged ${arg} on Seedcast, newest first.`, selfBase: `${base}/feed/tag/${arg}`, homePageUrl: `${base}/` };
  return { meta, page: await tagCards(backend, arg) };
}

async function route(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, backend: FeedBackend, base: string): Promise<void> {
  const feed = FEED_PATH.exec(pathname);
  if (feed) {
    const [, kind, rawArg, ext] = feed as unknown as [string, string, string, string];
    let arg: string;
    try {
      arg = decodeURIComponent(rawArg);
    } catch {
      throw new FeedError('FEED_BAD_REQUEST', 'the feed path is not valid percent-encoding');
    }
    const { meta, page } = await feedOf(backend, kind, arg, base);
    const items = page.items.filter((i): i is FeedCard => i.card !== undefined);
    const times = await blockTimes(backend, items.map((i) => i.card));
    if (ext === 'json') return send(res, 200, 'application/feed+json; charset=utf-8', JSON.stringify(jsonFeed(base, meta, items, times)));
    return send(res, 200, 'application/rss+xml; charset=utf-8', rssFeed(base, meta, items, times));
  }
  const card = CARD_PATH.exec(pathname);
  if (card) {
    const [, idText, what] = card as unknown as [string, string, string];
    const item = await cardWithStats(backend, cardIdArg(idText));
    const c = item.card!;
    if (what === '.json') return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(cardWithStatsJson(base, { ...item, card: c })));
    const inline = c.preview?.inline;
    if (!inline) throw new FeedError('FEED_NOT_FOUND', `card ${c.id} has no inline preview`);
    // Creator-supplied bytes on the node's origin: never sniffed, never run as a page.
    return send(res, 200, inline.mimeType, inline.data, { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "sandbox; default-src 'none'" });
  }
  throw new FeedError('FEED_NOT_FOUND', `no such feed ${JSON.stringify(pathname.slice(0, 80))}: try /feed/creator/<address>.json|.xml, /feed/tag/<tag>.json|.xml, /card/<id>.json, /card/<id>/preview`);
}

/** Serves a /feed/ or /card/ request; every failure is a plain-text status, never a throw. */
export async function serveFeed(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, backend: FeedBackend, fallbackHost: string): Promise<void> {
  try {
    await route(req, res, pathname, backend, baseUrl(req, fallbackHost));
  } catch (err) {
    if (res.headersSent) return void res.destroy();
    const e = err instanceof FeedError ? err : new FeedError('FEED_QUERY_FAILED', `feed failed: ${(err as Error).message}`);
    send(res, e.status, 'text/plain; charset=utf-8', `${e.message}\n`);
  }
}
