// A card with its counters as JSON: snake_case, ids as decimal strings, byte ids as hex, the
// inline preview as a link (its bytes are served at /card/<id>/preview).
import type { Card } from '../../codec/seedcast/content.js';
import type { CardWithStats } from '../../codec/seedcast/social.js';
import { statsJson } from '../../client/statsJson.js';

const hex = (b: Uint8Array | undefined): string | null => (b && b.length > 0 ? Buffer.from(b).toString('hex') : null);

export const cardUrl = (base: string, id: bigint): string => `${base}/card/${id}.json`;
export const previewUrl = (base: string, id: bigint): string => `${base}/card/${id}/preview`;

/** The counts feeds show: the same JSON as the CLI's (src/client/statsJson.ts). */
export const countsJson = statsJson;

function previewJson(base: string, card: Card): Record<string, unknown> | null {
  const p = card.preview;
  if (p?.inline) return { inline: { mime_type: p.inline.mimeType, bytes: p.inline.data.length, url: previewUrl(base, card.id) } };
  if (p?.contentId && p.contentId.length > 0) return { content_id: hex(p.contentId) };
  return null;
}

export function cardWithStatsJson(base: string, { card, stats }: CardWithStats & { card: Card }): Record<string, unknown> {
  return {
    card: {
      id: card.id.toString(),
      url: cardUrl(base, card.id),
      creator: card.creator,
      content_id: hex(card.contentId),
      size: card.size.toString(),
      mime_type: card.mimeType,
      title: card.title,
      body: card.body,
      tags: card.tags,
      links: card.links,
      parent_id: card.parentId.toString(),
      preview: previewJson(base, card),
      price: card.price ?? null,
      edition_cap: card.editionCap.toString(),
      resale_royalty_bps: card.resaleRoyaltyBps,
      piece_royalty: card.pieceRoyalty ?? null,
      key_agents: card.keyAgents,
      created_height: card.createdHeight.toString(),
    },
    stats: countsJson(stats),
  };
}
