// The card a social tx touches, read through the content module's keeper.
import type { Card } from '../../../codec/seedcast/content.js';
import { SDK, sdkError } from '../../errors.js';
import type { ReadonlyKV } from '../../store/kv.js';
import { contentKeeper } from '../content/keeper.js';

export function existingCard(kv: ReadonlyKV, cardId: bigint): Card {
  const card = contentKeeper.getCard(kv, cardId);
  if (!card) throw sdkError(SDK.NotFound, `card ${cardId} does not exist: not found`);
  return card;
}
