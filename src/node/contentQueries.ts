// The content service's view of the chain: the card of a content id and its provider records,
// read from committed state through the same query path abci_query serves.
import { QueryCardByContentRequest, QueryCardByContentResponse, QueryProvidersRequest, QueryProvidersResponse } from '../codec/seedcast/content.js';
import { SDK } from '../state/errors.js';
import type { PeerAddr } from '../swarm/swarm.js';
import type { CardInfo } from './contentService.js';

export type AbciQuery = (path: string, data: Uint8Array) => Promise<{ code: number; log: string; value: Uint8Array }>;


export function contentQueries(query: AbciQuery, ownPeerId: string) {
  return {
    async cardByContent(contentId: Uint8Array): Promise<CardInfo | undefined> {
      const r = await query('/seedcast.content.v1.Query/CardByContent', QueryCardByContentRequest.encode({ contentId }));
      if (r.code === SDK.KeyNotFound) return undefined;
      if (r.code !== 0) throw new Error(`card query failed: ${r.log}`);
      const card = QueryCardByContentResponse.decode(r.value).card;
      if (!card) return undefined;
      return { cardId: BigInt(card.id), plainSize: BigInt(card.size), pieceSize: card.pieceSize, salt: card.salt, keyAgents: card.keyAgents };
    },

    async providers(contentId: Uint8Array): Promise<PeerAddr[]> {
      const r = await query('/seedcast.content.v1.Query/Providers', QueryProvidersRequest.encode({ contentId }));
      if (r.code !== 0) return [];
      return QueryProvidersResponse.decode(r.value)
        .providers.filter((p) => p.peerId !== ownPeerId)
        .map((p) => ({ peerId: p.peerId, addrs: p.addrs }));
    },
  };
}
