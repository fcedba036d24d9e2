// Collects the CometBFT-style events a tx emits; module code adds them through ctx.events.
import type { AbciEvent, EventAttribute } from '../types/abci.js';

export class EventManager {
  readonly events: AbciEvent[] = [];

  emit(type: string, attrs: Record<string, string>): void {
    // for-in over the literal: the order of Object.entries, without a [key, value] array per attribute.
    const attributes: EventAttribute[] = [];
    for (const key in attrs) attributes.push({ key, value: attrs[key]!, index: true });
    this.events.push({ type, attributes });
  }

  append(events: AbciEvent[]): void {
    this.events.push(...events);
  }
}
