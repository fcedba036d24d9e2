// Typed queries of the content module for apps built on cosmjs's QueryClient.
import { createProtobufRpcClient, type QueryClient } from '@cosmjs/stargate';
import {
  QueryCardByContentRequest,
  QueryCardByContentResponse,
  QueryCardRequest,
  QueryCardResponse,
  QueryCardsByCreatorRequest,
  QueryCardsByCreatorResponse,
  QueryProvidersRequest,
  QueryProvidersResponse,
  type Card,
  type PageRequest,
  type PageResponse,
  type Provider,
} from '../codec/seedcast/content.js';
import { orNull } from './notFound.js';

const SERVICE = 'seedcast.content.v1.Query';

/** A 64-hex content id or its 32 bytes. */
export type ContentIdInput = string | Uint8Array;

export function contentIdBytes(id: ContentIdInput): Uint8Array {
  if (typeof id !== 'string') return id;
  if (!/^[0-9a-fA-F]{64}$/.test(id)) throw new Error(`content id must be 64 hex characters, got ${JSON.stringify(id.slice(0, 80))}`);
  return new Uint8Array(Buffer.from(id, 'hex'));
}

export function contentQuery(base: QueryClient) {
  const rpc = createProtobufRpcClient(base);
  return {
    /** The card with this id, or null. */
    card: (id: bigint | number): Promise<Card | null> =>
      orNull(async () => QueryCardResponse.decode(await rpc.request(SERVICE, 'Card', QueryCardRequest.encode({ id: BigInt(id) }))).card ?? null),

    /** The card that carries this content id, or null. */
    cardByContent: (contentId: ContentIdInput): Promise<Card | null> =>
      orNull(async () => {
        const req = QueryCardByContentRequest.encode({ contentId: contentIdBytes(contentId) });
        return QueryCardByContentResponse.decode(await rpc.request(SERVICE, 'CardByContent', req)).card ?? null;
      }),

    /** A creator's cards, newest first. */
    async cardsByCreator(creator: string, pagination?: Partial<PageRequest>): Promise<{ cards: Card[]; pagination?: PageResponse }> {
      const req = QueryCardsByCreatorRequest.encode({ creator, ...(pagination ? { pagination } : {}) });
      return QueryCardsByCreatorResponse.decode(await rpc.request(SERVICE, 'CardsByCreator', req));
    },

    /** Provider records of a content id, by provider address (empty when nobody announced it). */
    async providers(contentId: ContentIdInput, pagination?: Partial<PageRequest>): Promise<{ providers: Provider[]; pagination?: PageResponse }> {
      const req = QueryProvidersRequest.encode({ contentId: contentIdBytes(contentId), ...(pagination ? { pagination } : {}) });
      return QueryProvidersResponse.decode(await rpc.request(SERVICE, 'Providers', req));
    },
  };
}

export type ContentQueryClient = ReturnType<typeof contentQuery>;
