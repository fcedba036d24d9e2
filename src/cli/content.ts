// `seedcast query content ...` and `seedcast tx content announce|withdraw`: cards and provider
// records through the node's RPC (src/client/content.ts), cards printed as snake_case JSON
// with hex content ids.
import type { Card, PageResponse, Provider } from '../codec/seedcast/content.js';
import { contentQuery } from '../client/content.js';
import { isSeedAddress } from '../keys/keyring.js';
import { CLIENT_OPTIONS, CliError, nodeUrl, parse, print, requirePositionals, str, type Values } from './common.js';
import { TX_OPTIONS, signAndBroadcast } from './broadcast.js';
import { withQueries } from './nodeErrors.js';

export const CONTENT_QUERY_USAGE = `seedcast query content card CARD_ID [--node URL]
seedcast query content cards --creator ADDRESS [--limit N] [--page-key KEY]
seedcast query content by-content CONTENT_ID
seedcast query content providers CONTENT_ID [--limit N] [--page-key KEY]`;

export const CONTENT_TX_USAGE = `seedcast tx content announce CONTENT_ID --peer-id PEER_ID [--addr MULTIADDR ...] --from KEY [fee flags]
seedcast tx content withdraw CONTENT_ID --from KEY [fee flags]`;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function contentIdArg(s: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(s)) throw new CliError('CLI_BAD_ARGS', `"${s.slice(0, 80)}" is not a content id (64 hex characters)`);
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** A card as people read it: snake_case, content ids and salts in hex, inline preview data in base64. */
export function cardJson(c: Card) {
  const p = c.preview;
  return {
    id: c.id.toString(), creator: c.creator, content_id: hex(c.contentId), salt: hex(c.salt), size: c.size.toString(),
    block_size: c.blockSize, piece_size: c.pieceSize, mime_type: c.mimeType, title: c.title, body: c.body, tags: c.tags, links: c.links,
    parent_id: c.parentId.toString(),
    preview: p?.inline ? { inline: { mime_type: p.inline.mimeType, data: Buffer.from(p.inline.data).toString('base64') } } : p?.contentId ? { content_id: hex(p.contentId) } : null,
    price: c.price ?? { denom: 'useed', amount: '0' }, edition_cap: c.editionCap.toString(), resale_royalty_bps: c.resaleRoyaltyBps,
    piece_royalty: c.pieceRoyalty ?? { denom: 'useed', amount: '0' }, key_agents: c.keyAgents, created_height: c.createdHeight.toString(),
  };
}

const providerJson = (p: Provider) => ({ provider: p.provider, peer_id: p.peerId, addrs: p.addrs, height: p.height.toString() });
/** The base64 key of the next page (what --page-key takes), or null on the last page. */
export const nextKey = (p: PageResponse | undefined): string | null => (p && p.nextKey.length > 0 ? Buffer.from(p.nextKey).toString('base64') : null);
const pageJson = (p: PageResponse | undefined) => ({ next_key: nextKey(p) });

export function pageFlags(values: Values) {
  const limit = str(values, 'limit');
  if (limit !== undefined && !/^[1-9]\d{0,3}$/.test(limit)) throw new CliError('CLI_BAD_ARGS', `--limit must be an integer from 1 to 1000, got "${limit}"`);
  const key = str(values, 'page-key');
  if (key !== undefined && !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw new CliError('CLI_BAD_ARGS', '--page-key must be the base64 next_key of a previous page');
  return { ...(limit ? { limit: BigInt(limit) } : {}), ...(key ? { key: new Uint8Array(Buffer.from(key, 'base64')) } : {}) };
}

export async function contentQueryCommand(what: string | undefined, argv: string[]): Promise<void> {
  const command = `query content ${what ?? ''}`.trim();
  const { values, positionals, output } = parse(command, argv, { ...CLIENT_OPTIONS, creator: { type: 'string' }, limit: { type: 'string' }, 'page-key': { type: 'string' } });
  const names: Record<string, string[]> = { card: ['CARD_ID'], cards: [], 'by-content': ['CONTENT_ID'], providers: ['CONTENT_ID'] };
  if (!what || !names[what]) throw new CliError('CLI_BAD_ARGS', `query: unknown query "${command}"\nusage:\n${CONTENT_QUERY_USAGE}`);
  const [arg] = requirePositionals(command, positionals, names[what]!, CONTENT_QUERY_USAGE);
  const url = nodeUrl(values);
  const notFound = (thing: string) => new CliError('CLI_NOT_FOUND', `${thing} not found`);
  await withQueries(url, async (qc) => {
    const q = contentQuery(qc);
    if (what === 'card') {
      if (!/^[1-9]\d{0,19}$/.test(arg!)) throw new CliError('CLI_BAD_ARGS', `card id must be a positive integer, got "${arg}"`);
      const card = await q.card(BigInt(arg!));
      if (!card) throw notFound(`card ${arg}`);
      return print(output, cardJson(card));
    }
    if (what === 'by-content') {
      const card = await q.cardByContent(contentIdArg(arg!));
      if (!card) throw notFound(`a card of content ${arg!.toLowerCase()} was`);
      return print(output, cardJson(card));
    }
    if (what === 'cards') {
      const creator = str(values, 'creator');
      if (!creator || !isSeedAddress(creator)) throw new CliError('CLI_BAD_ADDRESS', `query content cards: --creator must be a seed1... address${creator ? `, got "${creator}"` : ''}`);
      const r = await q.cardsByCreator(creator, pageFlags(values));
      const cards = r.cards.map(cardJson);
      return print(output, { cards, pagination: pageJson(r.pagination) }, cards.map((c) => `#${c.id} ${c.title || '(untitled)'}${c.content_id ? ` ${c.content_id}` : ''}`).join('\n') || 'no cards');
    }
    const r = await q.providers(contentIdArg(arg!), pageFlags(values));
    const providers = r.providers.map(providerJson);
    return print(output, { providers, pagination: pageJson(r.pagination) }, providers.map((p) => `${p.provider} ${p.peer_id} ${p.addrs.join(' ')}`).join('\n') || 'no providers');
  });
}

export async function contentTxCommand(action: string | undefined, argv: string[]): Promise<void> {
  const command = `tx content ${action ?? ''}`.trim();
  const { values, positionals, output } = parse(command, argv, {
    ...TX_OPTIONS, from: { type: 'string' }, 'peer-id': { type: 'string' }, addr: { type: 'string', multiple: true },
  });
  if (action !== 'announce' && action !== 'withdraw') throw new CliError('CLI_BAD_ARGS', `tx: unknown command "${command}"\nusage:\n${CONTENT_TX_USAGE}`);
  const [id] = requirePositionals(command, positionals, ['CONTENT_ID'], CONTENT_TX_USAGE);
  const contentId = contentIdArg(id!);
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', `${command}: --from KEY is required`);
  const registry = (await import('../client/registry.js')).seedcastRegistry();
  if (action === 'withdraw') {
    return signAndBroadcast(values, output, from, (provider) => [{ typeUrl: '/seedcast.content.v1.MsgWithdrawProvider', value: { provider, contentId } }],
      { registry, describe: `Withdraw the provider record of ${hex(contentId)}` });
  }
  const peerId = str(values, 'peer-id');
  if (!peerId) throw new CliError('CLI_BAD_ARGS', `${command}: --peer-id PEER_ID is required (the libp2p id of the node that serves it)`);
  const addrs = (values.addr as unknown as string[] | undefined) ?? [];
  return signAndBroadcast(values, output, from, (provider) => [{ typeUrl: '/seedcast.content.v1.MsgAnnounceProvider', value: { provider, contentId, peerId, addrs } }],
    { registry, describe: `Announce that ${peerId} serves ${hex(contentId)}` });
}
