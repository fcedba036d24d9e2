// Errors of the HTTP feeds: a status and a plain-text reason the client sees.
export type FeedErrorCode = 'FEED_BAD_REQUEST' | 'FEED_NOT_FOUND' | 'FEED_QUERY_FAILED';

const STATUS: Record<FeedErrorCode, number> = { FEED_BAD_REQUEST: 400, FEED_NOT_FOUND: 404, FEED_QUERY_FAILED: 502 };

export class FeedError extends Error {
  readonly status: number;

  constructor(
    readonly code: FeedErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'FeedError';
    this.status = STATUS[code];
  }
}
