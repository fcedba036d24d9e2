// Genesis section of content: cards that exist from block 1 (created_height 0), validated
// like MsgPublishCard, in order (a parent must come before its replies). JSON is snake_case;
// content ids and salts are hex (as content ids are shown everywhere), inline preview data base64.
import type { MsgPublishCard } from '../../../codec/seedcast/content.js';
import type { KV } from '../../store/kv.js';
import { createCard } from './msgServer.js';
import { invalid, validateCard } from './msgs.js';

type Json = Record<string, unknown>;

export interface ContentGenesis {
  cards?: Json[];
}

function hexBytes(where: string, v: unknown): Uint8Array {
  if (v === undefined || v === '') return new Uint8Array();
  if (typeof v !== 'string' || !/^([0-9a-f]{2})*$/.test(v)) throw invalid(`${where} must be lowercase hex`);
  return new Uint8Array(Buffer.from(v, 'hex'));
}

function uint(where: string, v: unknown, bits: 32 | 64): bigint {
  if (v === undefined) return 0n;
  if ((typeof v !== 'string' && typeof v !== 'number') || !/^\d{1,20}$/.test(String(v))) throw invalid(`${where} must be a non-negative integer`);
  const n = BigInt(v);
  if (n >= 2n ** BigInt(bits)) throw invalid(`${where} does not fit in ${bits} bits`);
  return n;
}

function strings(where: string, v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw invalid(`${where} must be a list of strings`);
  return v as string[];
}

function str(where: string, v: unknown): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') throw invalid(`${where} must be a string`);
  return v;
}

function coin(where: string, v: unknown): { denom: string; amount: string } | undefined {
  if (v === undefined) return undefined;
  const c = v as Json;
  return { denom: str(`${where}.denom`, c?.denom), amount: str(`${where}.amount`, c?.amount) };
}

function preview(where: string, v: unknown): MsgPublishCard['preview'] {
  if (v === undefined) return undefined;
  const p = v as Json;
  if (p?.content_id !== undefined) return { contentId: hexBytes(`${where}.content_id`, p.content_id) };
  const inline = (p?.inline ?? {}) as Json;
  const data = str(`${where}.inline.data`, inline.data);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw invalid(`${where}.inline.data must be base64`);
  return { inline: { mimeType: str(`${where}.inline.mime_type`, inline.mime_type), data: new Uint8Array(Buffer.from(data, 'base64')) } };
}

export function cardFromJson(j: Json, i: number): MsgPublishCard {
  const w = `cards[${i}]`;
  const p = preview(`${w}.preview`, j.preview);
  const price = coin(`${w}.price`, j.price);
  const pieceRoyalty = coin(`${w}.piece_royalty`, j.piece_royalty);
  return {
    creator: str(`${w}.creator`, j.creator),
    contentId: hexBytes(`${w}.content_id`, j.content_id),
    salt: hexBytes(`${w}.salt`, j.salt),
    size: uint(`${w}.size`, j.size, 64),
    blockSize: Number(uint(`${w}.block_size`, j.block_size, 32)),
    pieceSize: Number(uint(`${w}.piece_size`, j.piece_size, 32)),
    mimeType: str(`${w}.mime_type`, j.mime_type),
    title: str(`${w}.title`, j.title),
    body: str(`${w}.body`, j.body),
    tags: strings(`${w}.tags`, j.tags),
    links: strings(`${w}.links`, j.links),
    parentId: uint(`${w}.parent_id`, j.parent_id, 64),
    ...(p ? { preview: p } : {}),
    ...(price ? { price } : {}),
    editionCap: uint(`${w}.edition_cap`, j.edition_cap, 64),
    resaleRoyaltyBps: Number(uint(`${w}.resale_royalty_bps`, j.resale_royalty_bps, 32)),
    ...(pieceRoyalty ? { pieceRoyalty } : {}),
    keyAgents: strings(`${w}.key_agents`, j.key_agents),
  };
}

export function initContentGenesis(kv: KV, section: unknown): void {
  const cards = ((section ?? {}) as ContentGenesis).cards ?? [];
  if (!Array.isArray(cards)) throw invalid('content cards must be a list');
  cards.forEach((j, i) => {
    const msg = cardFromJson(j ?? {}, i);
    try {
      validateCard(msg);
      createCard(kv, msg, 0n);
    } catch (err) {
      throw invalid(`cards[${i}]: ${(err as Error).message}`);
    }
  });
}
