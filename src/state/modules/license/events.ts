// The `license` event (one per action, so indexers can follow a license's history) and the
// SDK's `message` event. Coin movements add the bank's coin_spent / coin_received / transfer.
import type { License } from '../../../codec/seedcast/license.js';
import type { Ctx } from '../../context.js';
import { contentIdHex } from '../content/events.js';

export type LicenseAction = 'buy' | 'transfer' | 'list' | 'delist' | 'buy_listed';

export function emitLicense(ctx: Ctx, sender: string, action: LicenseAction, license: License, extra: Record<string, string> = {}): void {
  ctx.events.emit('message', { sender, module: 'license' });
  ctx.events.emit('license', {
    id: license.id.toString(),
    card_id: license.cardId.toString(),
    content_id: contentIdHex(license.contentId),
    number: license.number.toString(),
    owner: license.owner,
    action,
    ...extra,
  });
}
