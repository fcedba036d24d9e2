// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of a page of cards. Cards have heights, not
// times: date_published is the block time of the card's height when the header is at hand.
import type { Card } from '../../codec/seedcast/content.js';
import type { CardWithStats } from '../../codec/seedcast/social.js';
import { cardUrl, countsJson, previewUrl } from './cardJson.js';

export interface FeedMeta {
  title: string;
  description: string;
  /** Absolute URL of the feed itself (without the extension: .json / .xml are added). */
  selfBase: string;
  homePageUrl: string;
}

export type FeedCard = CardWithStats & { card: Card };

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/** An inline image preview is the item's image; text previews are only linked in _seedcast. */
export function imageUrl(base: string, card: Card): string | undefined {
  const inline = card.preview?.inline;
  return inline && /^image\//i.test(inline.mimeType) ? previewUrl(base, card.id) : undefined;
}

export function jsonFeed(base: string, meta: FeedMeta, items: FeedCard[], times: Map<bigint, number>): Record<string, unknown> {
  return {
    version: JSON_FEED_VERSION,
    title: meta.title,
    description: meta.description,
    home_page_url: meta.homePageUrl,
    feed_url: `${meta.selfBase}.json`,
    items: items.map(({ card, stats }) => {
      const url = cardUrl(base, card.id);
      const time = times.get(card.createdHeight);
      const image = imageUrl(base, card);
      return {
        id: url,
        url,
        ...(card.title ? { title: card.title } : {}),
        content_text: card.body,
        ...(time !== undefined ? { date_published: new Date(time).toISOString() } : {}),
        ...(image ? { image } : {}),
        ...(card.tags.length > 0 ? { tags: card.tags } : {}),
        authors: [{ name: card.creator }],
        _seedcast: {
          card_id: card.id.toString(),
          creator: card.creator,
          parent_id: card.parentId.toString(),
          created_height: card.createdHeight.toString(),
          content_id: card.contentId.length > 0 ? Buffer.from(card.contentId).toString('hex') : null,
          price: card.price ?? null,
          ...(card.preview?.inline ? { preview_url: previewUrl(base, card.id) } : {}),
          counts: countsJson(stats),
        },
      };
    }),
  };
}
