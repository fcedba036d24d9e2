// Events of the content module: `card` (one `tag` attribute per tag, so feeds can filter by
// tag; `thread` = the root of a reply chain, so one subscription follows a whole thread;
// `action=publish`, as social txs emit `card` events too) and `provider`, plus the SDK's
// `message` event.
import type { Card } from '../../../codec/seedcast/content.js';
import type { Ctx } from '../../context.js';
import { threadRoot } from '../social/feedIndex.js';
import { hexOf } from '../../../util/bytesText.js';

export const contentIdHex = (id: Uint8Array): string => hexOf(id);

export function emitCard(ctx: Ctx, card: Card): void {
  ctx.events.emit('message', { sender: card.creator, module: 'content' });
  const attrs: [string, string][] = [
    ['id', card.id.toString()],
    ['creator', card.creator],
    ['content_id', contentIdHex(card.contentId)],
    ['parent_id', card.parentId.toString()],
    ...card.tags.map((t): [string, string] => ['tag', t]),
    ['action', 'publish'],
    ['thread', threadRoot(ctx.kv, card).toString()],
  ];
  ctx.events.append([{ type: 'card', attributes: attrs.map(([key, value]) => ({ key, value, index: true })) }]);
}

export function emitProvider(ctx: Ctx, action: 'announce' | 'withdraw', provider: string, contentId: Uint8Array, peerId: string): void {
  ctx.events.emit('message', { sender: provider, module: 'content' });
  ctx.events.emit('provider', { content_id: contentIdHex(contentId), provider, peer_id: peerId, action });
}
