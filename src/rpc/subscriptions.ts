// Event subscriptions of websocket clients: subscribe / unsubscribe / unsubscribe_all and the
// fan-out of chain events to every matching subscription, pushed with the subscribe call's id.
import type { Query } from '../types/query.js';
import { internalError, invalidParams } from './errors.js';
import { pushableEvents } from './eventJson.js';
import type { ChainEvent } from './interface.js';
import { asStr, str, type MethodDef } from './methodTypes.js';
import { queryParam } from './methodsTx.js';
import { matchQuery } from './queryMatch.js';

/** A websocket client as the hub sees it. send() returns false once the client is gone. */
export interface SubscriberHandle {
  send(text: string): boolean;
}

interface Subscription {
  query: Query;
  id: string | number | null;
}

export class SubscriptionHub {
  private readonly subs = new Map<SubscriberHandle, Map<string, Subscription>>();

  constructor(private readonly maxPerClient: number) {}

  subscribe(client: SubscriberHandle, query: Query, id: string | number | null): void {
    let mine = this.subs.get(client);
    if (!mine) this.subs.set(client, (mine = new Map()));
    const key = query.source.trim();
    if (mine.has(key)) throw internalError('already subscribed');
    if (mine.size >= this.maxPerClient) throw internalError(`max_subscriptions_per_client ${this.maxPerClient} reached`);
    mine.set(key, { query, id });
  }

  unsubscribe(client: SubscriberHandle, source: string): void {
    const mine = this.subs.get(client);
    if (!mine?.delete(source.trim())) throw internalError('subscription not found');
    if (mine.size === 0) this.subs.delete(client);
  }

  unsubscribeAll(client: SubscriberHandle): void {
    if (!this.subs.delete(client)) throw internalError('subscription not found');
  }

  /** The client went away: forget it silently. */
  drop(client: SubscriberHandle): void {
    this.subs.delete(client);
  }

  countOf(client: SubscriberHandle): number {
    return this.subs.get(client)?.size ?? 0;
  }

  publish(ev: ChainEvent): void {
    if (this.subs.size === 0) return;
    const pushable = pushableEvents(ev);
    for (const [client, mine] of [...this.subs]) {
      for (const sub of [...mine.values()]) {
        for (const p of pushable) {
          if (!matchQuery(sub.query, p.events)) continue;
          const text =
            `{"jsonrpc":"2.0","id":${JSON.stringify(sub.id)},"result":{"query":${JSON.stringify(sub.query.source)},` +
            `"data":${p.data()},"events":${p.eventsText()}}}`;
          if (!client.send(text)) {
            this.drop(client);
            break;
          }
        }
        if (!this.subs.has(client)) break;
      }
    }
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
      subscriptions.subscribe(client, queryParam(asStr(p.query)), ctx.id);
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
