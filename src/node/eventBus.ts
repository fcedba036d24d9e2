// Committed-chain events for in-process listeners (the RPC's subscriptions, tests). A listener
// that throws is logged, never allowed to break the commit path or other listeners.
import type { ChainEvent } from '../rpc/interface.js';

export class EventBus {
  private readonly listeners = new Set<(ev: ChainEvent) => void>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  subscribe(listener: (ev: ChainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(ev: ChainEvent): void {
    for (const l of this.listeners) {
      try {
        l(ev);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
