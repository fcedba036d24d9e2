// Events of the custody module: `custody` on every deal, plus the SDK's `message` event.
import type { Custody } from '../../../codec/seedcast/custody.js';
import type { Ctx } from '../../context.js';
import { contentIdHex } from '../content/events.js';

export function emitCustody(ctx: Ctx, record: Custody): void {
  ctx.events.emit('message', { sender: record.creator, module: 'custody' });
  ctx.events.emit('custody', {
    content_id: contentIdHex(record.contentId),
    creator: record.creator,
    threshold: String(record.threshold),
    shares: String(record.shares.length),
  });
}
