// Event subscriptions of websocket clients: subscribe / unsubscribe / unsubscribe_all and the
// fan-out of chain events to every matching subscription, pushed with the subscribe call's id.
// Queries are indexed (subscriptionIndex.ts), so an event only evaluates the subscriptions that
// can match it; the event's JSON is encoded once and shared by every subscriber, and each
// subscription keeps its own small message head ready.
import type { Query } from '../types/query.js';
import { internalError, invalidParams, QueryParseError } from './errors.js';
import { pushableEvents } from './eventJson.js';
import type { ChainEvent } from './interface.js';
import { asStr, str, type MethodDef } from './methodTypes.js';
import { parseQuery } from './query.js';
import { matchQuery } from './queryMatch.js';
import { SubscriptionIndex } from './subscriptionIndex.js';

/** A websocket client as the hub sees it. */
export interface SubscriberHandle {
  /**
   * Queues one message: `head` (this subscription's) followed by `body` (shared by every
   * subscriber of the event; never modified). False once the client is gone or was dropped.
   */
  sendParts(head: Buffer, body: Buffer): boolean;
}

interface Subscription {
  readonly client: SubscriberHandle;
  readonly query: Query;
  /** `{"jsonrpc":"2.0","id":…,"result":{"query":…,"data":` — everything before the event data. */
  readonly head: Buffer;
  visitStamp: number;
  /** False once unsubscribed or dropped (a fan-out in progress may still hold it). */
  live: boolean;
}

export class SubscriptionHub {
  private readonly subs = new Map<SubscriberHandle, Map<string, Subscription>>();
  private readonly index = new SubscriptionIndex<Subscription>();

  constructor(private readonly maxPerClient: number) {}

  /** Subscriptions held now, over all clients. */
  get size(): number {
    return this.index.size;
  }

  subscribe(client: SubscriberHandle, query: Query, id: string | number | null): void {
    let mine = this.subs.get(client);
    if (!mine) this.subs.set(client, (mine = new Map()));
    const key = query.source.trim();
    if (mine.has(key)) throw internalError('already subscribed');
    if (mine.size >= this.maxPerClient) throw internalError(`max_subscriptions_per_client ${this.maxPerClient} reached`);
    const head = Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"query":${JSON.stringify(query.source)},"data":`);
    const sub: Subscription = { client, query, head, visitStamp: 0, live: true };
    mine.set(key, sub);
    this.index.add(sub);
  }

  unsubscribe(client: SubscriberHandle, source: string): void {
    const mine = this.subs.get(client);
    const sub = mine?.get(source.trim());
    if (!mine || !sub) throw internalError('subscription not found');
    mine.delete(source.trim());
    sub.live = false;
    this.index.remove(sub);
    if (mine.size === 0) this.subs.delete(client);
  }

  unsubscribeAll(client: SubscriberHandle): void {
    if (!this.subs.has(client)) throw internalError('subscription not found');
    this.drop(client);
  }

  /** The client went away: forget it silently. */
  drop(client: SubscriberHandle): void {
    const mine = this.subs.get(client);
    if (!mine) return;
    this.subs.delete(client);
    for (const sub of mine.values()) {
      sub.live = false;
      this.index.remove(sub);
    }
  }

  countOf(client: SubscriberHandle): number {
    return this.subs.get(client)?.size ?? 0;
  }

  publish(ev: ChainEvent): void {
    if (this.index.size === 0) return;
    // A block of txs publishes one Tx event each: skip building their JSON when no query can want them.
    if (ev.type === 'Tx' && !this.index.mayMatchEventType('Tx')) return;
    for (const p of pushableEvents(ev)) {
      let body: Buffer | undefined;
      for (const sub of this.index.candidates(p.events)) {
        // A client dropped earlier in this loop has left the index but may still be listed here.
        if (!sub.live || !matchQuery(sub.query, p.events)) continue;
        body ??= Buffer.from(`${p.data()},"events":${p.eventsText()}}}`);
        if (!sub.client.sendParts(sub.head, body)) this.drop(sub.client);
      }
    }
  }
}

/** Parses a subscribe query with our extensions (IN) allowed; errors as -32602 like tx_search's. */
export function subscribeQueryParam(text: string | undefined): Query {
  if (text === undefined) throw invalidParams('query: required');
  try {
    return parseQuery(text, { extensions: true });
  } catch (err) {
    if (err instanceof QueryParseError) throw invalidParams(`query: ${err.message}`);
    throw err;
  }
}

function requireSubscriber(ctx: { subscriber?: SubscriberHandle }): SubscriberHandle {
  if (!ctx.subscriber) throw internalError('subscriptions need a websocket connection (/websocket)');
  return ctx.subscriber;
}

export const subscriptionMethods: Record<string, MethodDef> = {
  subscribe: {
    params: [str('query')],
    wsOnly: true,
    run: (p, { subscriptions }, ctx) => {
      const client = requireSubscriber(ctx);
      subscriptions.subscribe(client, subscribeQueryParam(asStr(p.query)), ctx.id);
      return {};
    },
  },
  unsubscribe: {
    params: [str('query')],
    wsOnly: true,
    run: (p, { subscriptions }, ctx) => {
      const q = asStr(p.query);
      if (q === undefined) throw invalidParams('query: required');
      subscriptions.unsubscribe(requireSubscriber(ctx), q);
      return {};
    },
  },
  unsubscribe_all: {
    params: [],
    wsOnly: true,
    run: (_p, { subscriptions }, ctx) => {
      subscriptions.unsubscribeAll(requireSubscriber(ctx));
      return {};
    },
  },
};
