// HTTP feeds served by the RPC server: JSON Feed 1.1 and RSS 2.0 per creator and per tag, a
// card with its counters as JSON, and a card's inline preview bytes.
export { isFeedPath, serveFeed, type FeedBackend } from './routes.js';
export { FeedError, type FeedErrorCode } from './errors.js';
export { jsonFeed, JSON_FEED_VERSION } from './jsonFeed.js';
export { rssFeed, xmlEscape } from './rss.js';
export { FEED_ITEMS } from './source.js';
