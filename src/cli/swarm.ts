// `seedcast publish`, `seed` and `fetch`: the node running in --home does the work (packaging,
// downloading, decrypting) through its admin API; this process only holds the keyring, signs the
// card, and shows progress. The node keeps seeding after the command exits.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { DeliverTxResponse } from '@cosmjs/stargate';
import { contentMasterSecret, newContentSalt } from '../crypto/contentKeys.js';
import { callNode } from './adminClient.js';
import { broadcastTx, parseCoinList, TX_OPTIONS } from './broadcast.js';
import { CliError, homeOf, nodeUrl, openKeyring, parse, print, requirePositionals, str, type Values } from './common.js';
import { custodyAgents, dealCustodyMsg, thresholdFlag } from './custody.js';
import { progressBar } from './progress.js';

export const SWARM_USAGE = `seedcast publish FILE --title T [--body B] [--preview IMAGE_OR_TEXT] [--price 5000000useed] [--tags a,b] [--mime TYPE]
                 [--piece-size 262144] [--edition-cap N] [--resale-royalty-bps N] [--piece-royalty 1useed] [--link URL]...
                 [--threshold T | --no-custody] --from KEY [--home H] [fee flags]
seedcast seed CONTENT_ID [--from KEY (announce as a provider on chain)] [--home H]
seedcast fetch CONTENT_ID -o OUT_FILE [--from KEY (a license holder: obtains the key from a key agent)] [--license ID] [--home H]`;

const MAX_INLINE_PREVIEW = 64 * 1024;
const MIME: Record<string, string> = {
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.webm': 'video/webm', '.mkv': 'video/x-matroska', '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg', '.m4a': 'audio/mp4', '.ogg': 'audio/ogg', '.opus': 'audio/opus', '.wav': 'audio/wav', '.flac': 'audio/flac',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf', '.epub': 'application/epub+zip', '.zip': 'application/zip', '.json': 'application/json',
  '.txt': 'text/plain', '.md': 'text/markdown', '.html': 'text/html', '.csv': 'text/csv',
};

const mimeOf = (path: string): string => MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';

interface NodeStatus { peer_id: string; addrs: string[]; rpc: string }

/** Txs go to the home's running node unless --node says otherwise. */
const viaNode = (values: Values, node: NodeStatus): Values => ({ ...values, yes: true, node: str(values, 'node') ?? node.rpc });

export async function publishCommand(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('publish', argv, {
    ...TX_OPTIONS, from: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' }, preview: { type: 'string' },
    price: { type: 'string' }, tags: { type: 'string' }, mime: { type: 'string' }, 'piece-size': { type: 'string' },
    'edition-cap': { type: 'string' }, 'resale-royalty-bps': { type: 'string' }, 'piece-royalty': { type: 'string' },
    link: { type: 'string', multiple: true } as never, threshold: { type: 'string' }, 'no-custody': { type: 'boolean' },
  });
  const [file] = requirePositionals('publish', positionals, ['FILE'], SWARM_USAGE.split('\n')[0]!);
  const input = resolve(file!);
  if (!existsSync(input) || !statSync(input).isFile()) throw new CliError('CLI_BAD_FILE', `publish: ${input} is not a file`);
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', 'publish: --from KEY is required (the creator account)');
  const home = homeOf(values);
  const card = cardFields(values, input);

  // The creator secret stays in this process: the node receives only this content's master secret.
  const keyring = await openKeyring(values, { secret: true });
  const creator = keyring.resolve(from);
  const salt = newContentSalt();
  const creatorSecret = await keyring.creatorSecret(creator.name);
  const master = contentMasterSecret(creatorSecret, salt);
  creatorSecret.fill(0);

  const node = await callNode<NodeStatus>(home, 'status', {});
  const txValues = viaNode(values, node);
  // Threshold custody (docs/custody.md): shares of the key go on chain in the same tx, so the
  // content stays purchasable while this node is offline.
  const agents = values['no-custody'] ? [] : await custodyAgents(nodeUrl(txValues));
  const threshold = thresholdFlag(values);
  if (threshold !== undefined && agents.length === 0) throw new CliError('CLI_NO_KEY_AGENTS', '--threshold: no bonded validator has registered a key agent');
  const bar = progressBar(output === 'text');
  let packed: { content_id: string; size: string };
  let custody: ReturnType<typeof dealCustodyMsg>;
  try {
    packed = await callNode<{ content_id: string; size: string }>(
      home, 'publish', { input, master: Buffer.from(master).toString('hex'), salt: Buffer.from(salt).toString('hex'), piece_size: card.pieceSize }, bar.update,
    ).finally(() => bar.done());
    custody = dealCustodyMsg(creator.address, master, Buffer.from(packed.content_id, 'hex'), agents, threshold);
  } finally {
    master.fill(0);
  }

  const registry = (await import('../client/registry.js')).seedcastRegistry();
  const contentId = Buffer.from(packed.content_id, 'hex');
  let r: DeliverTxResponse;
  try {
    r = await broadcastTx(txValues, creator.name, (signer) => [
      {
        typeUrl: '/seedcast.content.v1.MsgPublishCard',
        value: { creator: signer, ...card, contentId, salt, size: BigInt(packed.size), keyAgents: [node.peer_id] },
      },
      { typeUrl: '/seedcast.content.v1.MsgAnnounceProvider', value: { provider: signer, contentId, peerId: node.peer_id, addrs: node.addrs.slice(0, 4) } },
      ...(custody ? [custody] : []),
    ], { registry, describe: `Publish "${card.title}"` });
  } catch (err) {
    await callNode(home, 'discard', { content_id: packed.content_id }).catch(() => {});
    throw err;
  }
  const cardId = eventAttr(r, 'card', 'id');
  const custodyText = custody ? `${custody.value.threshold} of ${agents.length} validators hold shares of the key` : 'none (no validator key agents): only this node can serve the key';
  print(output, { card_id: cardId, content_id: packed.content_id, tx_hash: r.transactionHash, custody: custody ? { threshold: custody.value.threshold, shares: agents.length } : null },
    [`card_id:    ${cardId}`, `content_id: ${packed.content_id}`, `tx_hash:    ${r.transactionHash}`, `custody:    ${custodyText}`, 'seeding:    the node serves it from now on'].join('\n'));
}

export async function seedCommand(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('seed', argv, { ...TX_OPTIONS, from: { type: 'string' } });
  const [contentId] = requirePositionals('seed', positionals, ['CONTENT_ID'], SWARM_USAGE.split('\n')[3]!);
  const home = homeOf(values);
  const bar = progressBar(output === 'text');
  const done = await callNode<{ content_id: string; size: string; pieces: number }>(home, 'seed', { content_id: contentId!.toLowerCase() }, bar.update).finally(() => bar.done());
  const from = str(values, 'from');
  let announced: string | undefined;
  if (from) {
    const node = await callNode<NodeStatus>(home, 'status', {});
    const registry = (await import('../client/registry.js')).seedcastRegistry();
    const r = await broadcastTx(viaNode(values, node), from, (signer) => [
      { typeUrl: '/seedcast.content.v1.MsgAnnounceProvider', value: { provider: signer, contentId: Buffer.from(done.content_id, 'hex'), peerId: node.peer_id, addrs: node.addrs.slice(0, 4) } },
    ], { registry, describe: 'Announce as a provider' });
    announced = r.transactionHash;
  }
  print(output, { ...done, ...(announced ? { announce_tx_hash: announced } : {}) }, [`content_id: ${done.content_id}`, `pieces:     ${done.pieces} held and verified; seeding`, ...(announced ? [`announced:  tx ${announced}`] : [])].join('\n'));
}

export async function fetchCommand(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('fetch', argv, {
    output: { type: 'string' }, out: { type: 'string', short: 'o' }, from: { type: 'string' }, license: { type: 'string' }, 'keyring-backend': { type: 'string' },
  });
  const [contentId] = requirePositionals('fetch', positionals, ['CONTENT_ID'], SWARM_USAGE.split('\n')[4]!);
  const out = str(values, 'out');
  if (!out) throw new CliError('CLI_BAD_ARGS', 'fetch: -o OUT_FILE is required');
  const home = homeOf(values);
  const id = contentId!.toLowerCase();
  const from = str(values, 'from');
  const keyRequests = from ? await signedKeyRequests(values, home, id, from) : undefined;
  const bar = progressBar(output === 'text');
  const r = await callNode<{ content_id: string; decrypted: boolean; output?: string; size?: string; ciphertext_bytes?: string; key_via?: string }>(
    home, 'fetch', { content_id: id, output: resolve(out), ...(keyRequests ? { key_requests: keyRequests } : {}) }, bar.update,
  ).finally(() => bar.done());
  if (!r.decrypted) {
    throw new CliError('CLI_LICENSE_REQUIRED', `the ciphertext of ${r.content_id} is downloaded and verified (${r.ciphertext_bytes} bytes, kept and seeded by this node), but this node holds no key for it: a license is needed to decrypt it (buy one, then fetch again with --from KEY). ${out} was not written`);
  }
  print(output, r, `wrote ${r.size} bytes to ${r.output}${r.key_via ? ` (key from the ${r.key_via})` : ''}`);
}

interface KeyParams { key_held: boolean; chain_id: string; height: string; requester_x25519: string; agents: string[]; card_id: string }

/**
 * One request per key agent, signed here with the license owner's account key: the node running
 * in --home sends them and receives the key sealed to its own X25519 key. Undefined when that
 * node already holds the key.
 */
async function signedKeyRequests(values: Values, home: string, contentIdHex: string, from: string): Promise<string[] | undefined> {
  const params = await callNode<KeyParams>(home, 'key-params', { content_id: contentIdHex });
  if (params.key_held) return undefined;
  const keyring = await openKeyring(values, { secret: true });
  const owner = keyring.resolve(from);
  const licenseId = await licenseOf(values, params, owner.address, contentIdHex);
  if (params.agents.length === 0) throw new CliError('CLI_NO_KEY_AGENTS', `card ${params.card_id} names no key agent and no validator holds custody of its key: nobody can deliver it`);
  const { KeyRequest } = await import('../codec/seedcast/keys.js');
  const { keyRequestSignBytes } = await import('../keyagent/signing.js');
  const { randomBytes } = await import('node:crypto');
  const requests: string[] = [];
  for (const agent of params.agents) {
    const unsigned = {
      chainId: params.chain_id, licenseId, contentId: new Uint8Array(Buffer.from(contentIdHex, 'hex')), agent,
      requesterX25519: new Uint8Array(Buffer.from(params.requester_x25519, 'base64')), height: BigInt(params.height),
      nonce: new Uint8Array(randomBytes(16)), ownerPubkey: new Uint8Array(Buffer.from(owner.pubkey, 'base64')),
    };
    const { signature } = await keyring.signOffChain(owner.name, keyRequestSignBytes(unsigned));
    requests.push(Buffer.from(KeyRequest.encode({ ...unsigned, signature })).toString('base64'));
  }
  return requests;
}

/** --license, checked; else the first license to this content that `owner` holds. */
async function licenseOf(values: Values, params: KeyParams, owner: string, contentIdHex: string): Promise<bigint> {
  const { withLicenses } = await import('./license.js');
  const url = str(values, 'node') ?? (await callNode<NodeStatus>(homeOf(values), 'status', {})).rpc;
  const flag = str(values, 'license');
  return withLicenses(url, async (q) => {
    if (flag !== undefined) {
      if (!/^[1-9]\d{0,19}$/.test(flag)) throw new CliError('CLI_BAD_ARGS', `--license must be a license id, got "${flag}"`);
      const l = await q.license(BigInt(flag));
      if (!l || Buffer.from(l.contentId).toString('hex') !== contentIdHex) throw new CliError('CLI_NO_LICENSE', `license ${flag} is not a license to content ${contentIdHex}`);
      if (l.owner !== owner) throw new CliError('CLI_NO_LICENSE', `license ${flag} belongs to ${l.owner}, not ${owner}`);
      return l.id;
    }
    let key: Uint8Array | undefined;
    do {
      const page = await q.licensesByOwner(owner, { limit: 200n, ...(key ? { key } : {}) });
      const hit = page.licenses.find((l) => Buffer.from(l.contentId).toString('hex') === contentIdHex);
      if (hit) return hit.id;
      key = page.pagination?.nextKey.length ? page.pagination.nextKey : undefined;
    } while (key);
    throw new CliError('CLI_NO_LICENSE', `${owner} holds no license to content ${contentIdHex}: buy one with "seedcast license buy ${params.card_id} --from ..."`);
  });
}

interface CardFields {
  title: string; body: string; tags: string[]; links: string[]; mimeType: string; pieceSize: number; blockSize: number;
  price: { denom: string; amount: string }; pieceRoyalty: { denom: string; amount: string };
  editionCap: bigint; resaleRoyaltyBps: number; preview?: { inline: { mimeType: string; data: Uint8Array } };
}

function cardFields(values: Values, input: string): CardFields {
  const title = str(values, 'title') ?? '';
  const preview = str(values, 'preview');
  let inline: CardFields['preview'];
  if (preview) {
    const path = resolve(preview);
    if (!existsSync(path)) throw new CliError('CLI_BAD_FILE', `--preview: ${path} does not exist`);
    const data = readFileSync(path);
    if (data.length > MAX_INLINE_PREVIEW) throw new CliError('CLI_BAD_FILE', `--preview: ${path} is ${data.length} bytes; an inline preview holds at most ${MAX_INLINE_PREVIEW}`);
    inline = { inline: { mimeType: mimeOf(path), data } };
  }
  return {
    title,
    body: str(values, 'body') ?? '',
    tags: (str(values, 'tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    links: (values.link as unknown as string[] | undefined) ?? [],
    mimeType: str(values, 'mime') ?? mimeOf(input),
    blockSize: 16384,
    pieceSize: intFlag(values, 'piece-size', 262_144),
    price: coinFlag(values, 'price'),
    pieceRoyalty: coinFlag(values, 'piece-royalty'),
    editionCap: BigInt(intFlag(values, 'edition-cap', 0)),
    resaleRoyaltyBps: intFlag(values, 'resale-royalty-bps', 0),
    ...(inline ? { preview: inline } : {}),
  };
}

function intFlag(values: Values, name: string, fallback: number): number {
  const s = str(values, name);
  if (s === undefined) return fallback;
  if (!/^\d{1,15}$/.test(s)) throw new CliError('CLI_BAD_ARGS', `--${name} must be a non-negative integer, got "${s}"`);
  return Number(s);
}

function coinFlag(values: Values, name: string): { denom: string; amount: string } {
  const s = str(values, name);
  if (s === undefined || /^0+(useed)?$/.test(s)) return { denom: 'useed', amount: '0' };
  const [coin] = parseCoinList(`--${name}`, s);
  return { denom: coin!.denom, amount: coin!.amount };
}

function eventAttr(r: DeliverTxResponse, type: string, key: string): string | undefined {
  return r.events.find((e) => e.type === type)?.attributes.find((a) => a.key === key)?.value;
}

/** `seedcast swarm status`: what the home's node holds and has moved. */
export async function swarmCommand(argv: string[]): Promise<void> {
  const [action, ...rest] = argv;
  if (action !== 'status') throw new CliError('CLI_BAD_ARGS', 'usage: seedcast swarm status [--home H]');
  const { values, positionals, output } = parse('swarm status', rest, {});
  requirePositionals('swarm status', positionals, [], 'seedcast swarm status [--home H]');
  const s = await callNode<NodeStatus & { contents: { content_id: string; pieces_held: number; pieces: number; key_held: boolean }[] }>(homeOf(values), 'status', {});
  print(output, s, [`peer_id: ${s.peer_id}`, ...s.addrs.map((a) => `addr:    ${a}`), ...s.contents.map((c) => `content: ${c.content_id}  ${c.pieces_held}/${c.pieces} pieces${c.key_held ? '  (key held)' : ''}`)].join('\n'));
}
