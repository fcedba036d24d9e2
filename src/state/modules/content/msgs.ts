// Stateless rules for cards (DESIGN.md §4): what a wallet can check before it signs. Each
// failure names the field and the limit. Stateful rules (parent exists, content id unused)
// are in msgServer.ts.
import { peerIdFromString } from '@libp2p/peer-id';
import type { CardFields, Coin, Preview } from '../../../codec/seedcast/content.js';
import { fromBech32Address } from '../../../codec/address.js';
import { BLOCK_BYTES, DEFAULT_PIECE_BLOCKS, MAX_PIECE_BLOCKS, MAX_PLAIN_SIZE } from '../../../swarm/layout.js';
import { SDK, sdkError } from '../../errors.js';

export const CARD_LIMITS = {
  title: 200,
  body: 20_000,
  mimeType: 127,
  tags: 10,
  tagChars: 32,
  links: 10,
  linkChars: 512,
  inlinePreviewBytes: 65_536,
  keyAgents: 16,
  royaltyBps: 10_000,
  amountDigits: 78, // < 2^256, the SDK's Int bound
} as const;

export const CONTENT_ID_BYTES = 32;
export const SALT_BYTES = 32;
export const DEFAULT_PIECE_SIZE = BLOCK_BYTES * DEFAULT_PIECE_BLOCKS;
export const PRICE_DENOM = 'useed';

// Control characters would let a title or tag forge lines in feeds and logs.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f]/;
const TAG = /^[a-z0-9_-]{1,32}$/;
const LINK = /^(https?|ipfs|ar|seedcast):\/\/[^\s]+$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const AMOUNT = /^[0-9]+$/;

export const invalid = (message: string) => sdkError(SDK.InvalidRequest, `${message}: invalid request`);

export function accountAddress(field: string, address: string): Uint8Array {
  try {
    return fromBech32Address(address);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid ${field} address: ${(err as Error).message}`);
  }
}

export function validateContentId(field: string, id: Uint8Array): void {
  if (id.length !== CONTENT_ID_BYTES) throw invalid(`${field} must be ${CONTENT_ID_BYTES} bytes, got ${id.length}`);
}

export function validPieceSize(pieceSize: number): boolean {
  for (let blocks = 1; blocks <= MAX_PIECE_BLOCKS; blocks *= 2) if (pieceSize === BLOCK_BYTES * blocks) return true;
  return false;
}

export function validateMimeType(field: string, mime: string): void {
  if (mime.length > CARD_LIMITS.mimeType) throw invalid(`${field} has ${mime.length} characters, at most ${CARD_LIMITS.mimeType}`);
  if (!MIME.test(mime)) throw invalid(`${field} must be type/subtype (like video/mp4), got ${JSON.stringify(mime.slice(0, 40))}`);
}

function validateText(field: string, text: string, max: number, allowBreaks: boolean): void {
  const chars = [...text].length;
  if (chars > max) throw invalid(`card ${field} has ${chars} characters, at most ${max}`);
  if ((allowBreaks ? CONTROL : CONTROL_OR_BREAK).test(text)) {
    throw invalid(`card ${field} must not contain control characters${allowBreaks ? ' (newlines and tabs are fine)' : ''}`);
  }
}

function validateCoin(field: string, coin: Coin | undefined): void {
  if (!coin) return; // absent = free
  if (coin.denom !== PRICE_DENOM) throw sdkError(SDK.InvalidCoins, `card ${field} denom must be ${PRICE_DENOM}, got ${JSON.stringify(coin.denom.slice(0, 64))}`);
  if (!AMOUNT.test(coin.amount) || coin.amount.length > CARD_LIMITS.amountDigits) {
    throw sdkError(SDK.InvalidCoins, `card ${field} amount must be a non-negative integer of at most ${CARD_LIMITS.amountDigits} digits, got ${JSON.stringify(coin.amount.slice(0, 80))}`);
  }
}

function validatePreview(preview: Preview | undefined): void {
  if (!preview) return;
  const { inline, contentId } = preview;
  if (inline && contentId) throw invalid('card preview must be either inline or a content id, not both');
  if (contentId) return validateContentId('card preview content_id', contentId);
  if (!inline) throw invalid('card preview is set but holds neither inline data nor a content id');
  validateMimeType('card preview mime_type', inline.mimeType);
  if (!/^(image|text)\//i.test(inline.mimeType)) throw invalid(`card preview mime_type must be image/* or text/*, got ${JSON.stringify(inline.mimeType)}`);
  if (inline.data.length === 0) throw invalid('card preview data must not be empty');
  if (inline.data.length > CARD_LIMITS.inlinePreviewBytes) {
    throw invalid(`card preview data has ${inline.data.length} bytes, at most ${CARD_LIMITS.inlinePreviewBytes}`);
  }
}

function validateTags(tags: string[]): void {
  if (tags.length > CARD_LIMITS.tags) throw invalid(`card has ${tags.length} tags, at most ${CARD_LIMITS.tags}`);
  const seen = new Set<string>();
  for (const tag of tags) {
    if (!TAG.test(tag)) throw invalid(`card tag ${JSON.stringify(tag.slice(0, 40))} must be 1-${CARD_LIMITS.tagChars} characters of a-z, 0-9, _ and -`);
    if (seen.has(tag)) throw invalid(`card tag ${JSON.stringify(tag)} appears twice`);
    seen.add(tag);
  }
}

function validateLinks(links: string[]): void {
  if (links.length > CARD_LIMITS.links) throw invalid(`card has ${links.length} links, at most ${CARD_LIMITS.links}`);
  for (const link of links) {
    if (link.length > CARD_LIMITS.linkChars) throw invalid(`card link is ${link.length} characters long, at most ${CARD_LIMITS.linkChars}`);
    if (!LINK.test(link)) throw invalid(`card link ${JSON.stringify(link.slice(0, 60))} must be a URL (https, http, ipfs, ar or seedcast scheme)`);
  }
}

export function validatePeerId(field: string, id: string): void {
  try {
    peerIdFromString(id);
  } catch (err) {
    throw invalid(`${field} ${JSON.stringify(id.slice(0, 60))} is not a libp2p peer id (${(err as Error).message})`);
  }
}

function validateKeyAgents(agents: string[]): void {
  if (agents.length > CARD_LIMITS.keyAgents) throw invalid(`card has ${agents.length} key agents, at most ${CARD_LIMITS.keyAgents}`);
  const seen = new Set<string>();
  for (const agent of agents) {
    validatePeerId('card key agent', agent);
    if (seen.has(agent)) throw invalid(`card key agent ${agent} appears twice`);
    seen.add(agent);
  }
}

/** Content fields: either all set (an encrypted content) or all empty (a text post). */
function validateContentFields(c: CardFields): void {
  if (c.contentId.length === 0) {
    if (c.salt.length !== 0) throw invalid('card salt must be empty for a text post (no content_id)');
    if (c.size !== 0n) throw invalid('card size must be 0 for a text post (no content_id)');
    if (c.blockSize !== 0 && c.blockSize !== BLOCK_BYTES) throw invalid(`card block_size must be 0 or ${BLOCK_BYTES}, got ${c.blockSize}`);
    if (c.pieceSize !== 0 && !validPieceSize(c.pieceSize)) throw invalid(`card piece_size must be 0 or ${BLOCK_BYTES} * 2^k with k in 0..10, got ${c.pieceSize}`);
    if (c.mimeType !== '') validateMimeType('card mime_type', c.mimeType);
    return;
  }
  validateContentId('card content_id', c.contentId);
  if (c.salt.length !== SALT_BYTES) throw invalid(`card salt must be ${SALT_BYTES} bytes when content_id is set, got ${c.salt.length}`);
  if (c.size > MAX_PLAIN_SIZE) throw invalid(`card size ${c.size} is over the maximum of ${MAX_PLAIN_SIZE} bytes (64 GiB)`);
  if (c.blockSize !== BLOCK_BYTES) throw invalid(`card block_size must be ${BLOCK_BYTES} when content_id is set, got ${c.blockSize}`);
  if (c.pieceSize !== 0 && !validPieceSize(c.pieceSize)) {
    throw invalid(`card piece_size must be ${BLOCK_BYTES} * 2^k bytes with k in 0..10 (0 = ${DEFAULT_PIECE_SIZE}), got ${c.pieceSize}`);
  }
  if (c.mimeType === '') throw invalid('card mime_type is required when content_id is set');
  validateMimeType('card mime_type', c.mimeType);
}

/** Every stateless rule of a card; throws SdkError naming the field and the limit. */
export function validateCard(c: CardFields): void {
  validateContentFields(c);
  validateText('title', c.title, CARD_LIMITS.title, false);
  validateText('body', c.body, CARD_LIMITS.body, true);
  if (c.title === '' && c.body === '' && c.contentId.length === 0) throw invalid('card needs a non-empty title, body or content');
  validateTags(c.tags);
  validateLinks(c.links);
  validatePreview(c.preview);
  validateCoin('price', c.price);
  validateCoin('piece_royalty', c.pieceRoyalty);
  if (c.resaleRoyaltyBps > CARD_LIMITS.royaltyBps) throw invalid(`card resale_royalty_bps is ${c.resaleRoyaltyBps}, at most ${CARD_LIMITS.royaltyBps}`);
  validateKeyAgents(c.keyAgents);
}

/** The stored piece size: 0 with content means the default. */
export function effectivePieceSize(c: CardFields): number {
  return c.contentId.length > 0 && c.pieceSize === 0 ? DEFAULT_PIECE_SIZE : c.pieceSize;
}
