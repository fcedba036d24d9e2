// Collects the CometBFT-style events a tx emits; module code adds them through ctx.events.
import type { AbciEvent } from '../types/abci.js';

export class EventManager {
  readonly events: AbciEvent[] = [];

  emit(type: string, attrs: Record<string, string>): void {
    this.events.push({
      type,
      attributes: Object.entries(attrs).map(([key, value]) => ({ key, value, index: true })),
    });
  }

  append(events: AbciEvent[]): void {
    this.events.push(...events);
  }
}
