// What a subscription pushes for each chain event: the event's data in CometBFT's amino-style
// JSON (`{type:"tendermint/event/Tx", value:{TxResult:{…}}}`) and the flattened event map,
// including the synthetic tm.event, tx.hash, tx.height and block.height keys.
import type { FlatEvents } from '../types/query.js';
import type { ChainEvent } from './interface.js';
import { base64, blockIdJson, blockJson, headerJson, hexUpper } from './jsonFormat.js';
import { finalizeBlockJson, txResultJson } from './jsonResults.js';
import { flattenEvents } from './queryMatch.js';

export interface PushableEvent {
  events: FlatEvents;
  /** JSON text of `events`, built once. */
  eventsText(): string;
  /** JSON text of `data`, built once however many subscribers get it. */
  data(): string;
}

function lazy(make: () => unknown): () => string {
  let text: string | undefined;
  return () => (text ??= JSON.stringify(make()));
}

function withText(events: FlatEvents, rest: { data(): string }): PushableEvent {
  return { events, eventsText: lazy(() => events), ...rest };
}

export function pushableEvents(ev: ChainEvent): PushableEvent[] {
  if (ev.type === 'Tx') {
    const t = ev.tx;
    const events = flattenEvents(t.result.events);
    events['tm.event'] = ['Tx'];
    events['tx.hash'] = [hexUpper(t.hash)];
    events['tx.height'] = [String(t.height)];
    return [{
      events,
      eventsText: lazy(() => events),
      data: lazy(() => ({
        type: 'tendermint/event/Tx',
        value: { TxResult: { height: String(t.height), index: t.index, tx: base64(t.tx), result: txResultJson(t.result) } },
      })),
    }];
  }
  const height = String(ev.block.header.height);
  const base = flattenEvents(ev.results.finalizeBlockEvents);
  base['block.height'] = [height];
  return [
    withText({ ...base, 'tm.event': ['NewBlock'] }, {
      data: lazy(() => ({
        type: 'tendermint/event/NewBlock',
        value: { block: blockJson(ev.block), block_id: blockIdJson(ev.blockId), result_finalize_block: finalizeBlockJson(ev.results) },
      })),
    }),
    withText({ ...base, 'tm.event': ['NewBlockHeader'] }, {
      data: lazy(() => ({ type: 'tendermint/event/NewBlockHeader', value: { header: headerJson(ev.block.header) } })),
    }),
  ];
}
