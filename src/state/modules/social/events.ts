// Events of the social module: the SDK's `message` event, a `card` event for the card a tx
// touches (the attributes content's card event has, plus `action`, so a subscription to a
// creator, tag or thread sees reactions, tips and views too), and each message's own event.
import type { Card } from '../../../codec/seedcast/content.js';
import type { Ctx } from '../../context.js';
import type { ReadonlyKV } from '../../store/kv.js';
import { threadRoot } from './feedIndex.js';
import { hexOf } from '../../../util/bytesText.js';

export type CardAction = 'react' | 'unreact' | 'tip' | 'view';

const hex = hexOf;

/** The `card` event's attributes, built from the stored card (content's module is not ours to call). */
export function cardAttributes(kv: ReadonlyKV, card: Card, action: CardAction): [string, string][] {
  return [
    ['id', card.id.toString()],
    ['creator', card.creator],
    ['content_id', hex(card.contentId)],
    ['parent_id', card.parentId.toString()],
    ...card.tags.map((t): [string, string] => ['tag', t]),
    ['thread', threadRoot(kv, card).toString()],
    ['action', action],
  ];
}

/** `message` and `card` events for a social tx by `sender` that touches `card`. */
export function emitCardTouched(ctx: Ctx, sender: string, card: Card, action: CardAction): void {
  ctx.events.emit('message', { sender, module: 'social' });
  const attrs = cardAttributes(ctx.kv, card, action);
  ctx.events.append([{ type: 'card', attributes: attrs.map(([key, value]) => ({ key, value, index: true })) }]);
}
