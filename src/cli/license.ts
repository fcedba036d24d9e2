// `seedcast license ...`: buy, transfer, resell and list licenses (the license module), through
// the node's RPC with the real cosmjs client. Amounts are useed; ids are decimal.
import type { DeliverTxResponse } from '@cosmjs/stargate';
import { licenseQuery, type LicenseQueryClient } from '../client/license.js';
import type { License, Listing } from '../codec/seedcast/license.js';
import { isSeedAddress } from '../keys/keyring.js';
import { broadcastTx, parseCoinList, summarise, TX_OPTIONS } from './broadcast.js';
import { CLIENT_OPTIONS, CliError, nodeUrl, parse, print, requirePositionals, str, type OutputFormat, type Values } from './common.js';
import { contentIdArg, nextKey, pageFlags } from './content.js';
import { withQueries } from './nodeErrors.js';

export const LICENSE_USAGE = `seedcast license buy CARD_ID --from KEY                    pays the card's price to its creator, mints the next license to KEY
seedcast license transfer LICENSE_ID ADDRESS --from KEY
seedcast license sell LICENSE_ID --price 3000000useed --from KEY   lists it for resale (the creator's royalty is paid on chain)
seedcast license delist LICENSE_ID --from KEY
seedcast license buy-listed LICENSE_ID [--price P (must match the listing)] --from KEY
seedcast license list --owner ADDRESS | --content CONTENT_ID [--limit N] [--page-key KEY]
seedcast license show LICENSE_ID
seedcast license listings [--limit N] [--page-key KEY]`;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export const licenseJson = (l: License) => ({
  id: l.id.toString(), card_id: l.cardId.toString(), content_id: hex(l.contentId), number: l.number.toString(), owner: l.owner,
  minted_height: l.mintedHeight.toString(), last_transfer_height: l.lastTransferHeight.toString(),
});
const listingJson = (l: Listing) => ({ license_id: l.licenseId.toString(), seller: l.seller, price: l.price, listed_height: l.listedHeight.toString() });

function idArg(what: string, s: string): bigint {
  if (!/^[1-9]\d{0,19}$/.test(s)) throw new CliError('CLI_BAD_ARGS', `${what} must be a positive integer, got "${s.slice(0, 40)}"`);
  return BigInt(s);
}

export const withLicenses = <T>(url: string, fn: (q: LicenseQueryClient) => Promise<T>): Promise<T> => withQueries(url, (qc) => fn(licenseQuery(qc)));

const licenseEvent = (r: DeliverTxResponse, key: string): string | undefined =>
  r.events.find((e) => e.type === 'license')?.attributes.find((a) => a.key === key)?.value;

export async function licenseCommand(argv: string[]): Promise<void> {
  const [action, ...rest] = argv;
  const command = `license ${action ?? ''}`.trim();
  const { values, positionals, output } = parse(command, rest, {
    ...TX_OPTIONS, ...CLIENT_OPTIONS, from: { type: 'string' }, price: { type: 'string' }, owner: { type: 'string' }, content: { type: 'string' },
    limit: { type: 'string' }, 'page-key': { type: 'string' },
  });
  const usage = (n: number) => LICENSE_USAGE.split('\n')[n]!;
  switch (action) {
    case 'buy': {
      const [card] = requirePositionals(command, positionals, ['CARD_ID'], usage(0));
      const cardId = idArg('CARD_ID', card!);
      const r = await send(values, command, (buyer) => ({ typeUrl: '/seedcast.license.v1.MsgBuyLicense', value: { buyer, cardId } }), `Buy a license to card ${cardId}`);
      return printTx(output, r, { license_id: licenseEvent(r, 'id'), number: licenseEvent(r, 'number') });
    }
    case 'transfer': {
      const [id, to] = requirePositionals(command, positionals, ['LICENSE_ID', 'ADDRESS'], usage(1));
      if (!isSeedAddress(to!)) throw new CliError('CLI_BAD_ADDRESS', `${command}: "${to}" is not a seed1... address`);
      const licenseId = idArg('LICENSE_ID', id!);
      const r = await send(values, command, (owner) => ({ typeUrl: '/seedcast.license.v1.MsgTransferLicense', value: { owner, licenseId, recipient: to! } }), `Transfer license ${licenseId} to ${to}`);
      return printTx(output, r, { license_id: licenseId.toString(), owner: to });
    }
    case 'sell': {
      const [id] = requirePositionals(command, positionals, ['LICENSE_ID'], usage(2));
      const licenseId = idArg('LICENSE_ID', id!);
      const price = priceFlag(values, command);
      const r = await send(values, command, (owner) => ({ typeUrl: '/seedcast.license.v1.MsgListLicense', value: { owner, licenseId, price } }), `List license ${licenseId} for ${price.amount}${price.denom}`);
      return printTx(output, r, { license_id: licenseId.toString(), price });
    }
    case 'delist': {
      const [id] = requirePositionals(command, positionals, ['LICENSE_ID'], usage(3));
      const licenseId = idArg('LICENSE_ID', id!);
      const r = await send(values, command, (owner) => ({ typeUrl: '/seedcast.license.v1.MsgDelistLicense', value: { owner, licenseId } }), `Delist license ${licenseId}`);
      return printTx(output, r, { license_id: licenseId.toString() });
    }
    case 'buy-listed': {
      const [id] = requirePositionals(command, positionals, ['LICENSE_ID'], usage(4));
      const licenseId = idArg('LICENSE_ID', id!);
      // Without --price the buyer agrees to the listing's price as it is now; the chain refuses the
      // tx if the seller changes it before inclusion.
      const price = str(values, 'price') !== undefined ? priceFlag(values, command) : await currentPrice(values, licenseId);
      const r = await send(values, command, (buyer) => ({ typeUrl: '/seedcast.license.v1.MsgBuyListedLicense', value: { buyer, licenseId, price } }), `Buy listed license ${licenseId} for ${price.amount}${price.denom}`);
      return printTx(output, r, { license_id: licenseId.toString(), price, royalty: licenseEvent(r, 'royalty') });
    }
    case 'list': return listLicenses(values, positionals, output, command);
    case 'show': {
      const [id] = requirePositionals(command, positionals, ['LICENSE_ID'], usage(6));
      const licenseId = idArg('LICENSE_ID', id!);
      const [license, listing] = await withLicenses(nodeUrl(values), (q) => Promise.all([q.license(licenseId), q.listing(licenseId)]));
      if (!license) throw new CliError('CLI_NOT_FOUND', `license ${licenseId} not found`);
      return print(output, { ...licenseJson(license), listing: listing ? listingJson(listing) : null });
    }
    case 'listings': {
      requirePositionals(command, positionals, [], usage(7));
      const r = await withLicenses(nodeUrl(values), (q) => q.listings(pageFlags(values)));
      const listings = r.listings.map(listingJson);
      return print(output, { listings, next_key: nextKey(r.pagination) }, listings.map((l) => `license ${l.license_id}  ${l.price?.amount}${l.price?.denom}  by ${l.seller}`).join('\n') || 'no listings');
    }
    default:
      throw new CliError('CLI_BAD_ARGS', `unknown command "seedcast ${command}"\nusage:\n${LICENSE_USAGE}`);
  }
}

async function listLicenses(values: Values, positionals: string[], output: OutputFormat, command: string): Promise<void> {
  requirePositionals(command, positionals, [], LICENSE_USAGE.split('\n')[5]!);
  const owner = str(values, 'owner');
  const content = str(values, 'content');
  if (!owner === !content) throw new CliError('CLI_BAD_ARGS', `${command}: give exactly one of --owner ADDRESS or --content CONTENT_ID`);
  if (owner && !isSeedAddress(owner)) throw new CliError('CLI_BAD_ADDRESS', `${command}: --owner "${owner}" is not a seed1... address`);
  const r = await withLicenses(nodeUrl(values), (q) => (owner ? q.licensesByOwner(owner, pageFlags(values)) : q.licensesByContent(contentIdArg(content!), pageFlags(values))));
  const licenses = r.licenses.map(licenseJson);
  print(output, { licenses, next_key: nextKey(r.pagination) }, licenses.map((l) => `license ${l.id}  card ${l.card_id} #${l.number}  ${l.content_id}  owner ${l.owner}`).join('\n') || 'no licenses');
}


function priceFlag(values: Values, command: string): { denom: string; amount: string } {
  const s = str(values, 'price');
  if (!s) throw new CliError('CLI_BAD_ARGS', `${command}: --price AMOUNT is required, e.g. --price 3000000useed`);
  const [coin, ...more] = parseCoinList('--price', s);
  if (more.length > 0 || coin!.denom !== 'useed') throw new CliError('CLI_BAD_COINS', `--price must be one amount of useed, got "${s}"`);
  return { denom: coin!.denom, amount: coin!.amount };
}

async function currentPrice(values: Values, licenseId: bigint): Promise<{ denom: string; amount: string }> {
  const listing = await withLicenses(nodeUrl(values), (q) => q.listing(licenseId));
  if (!listing?.price) throw new CliError('CLI_NOT_FOUND', `license ${licenseId} is not listed for sale`);
  return listing.price;
}

async function send(values: Values, command: string, build: (signer: string) => { typeUrl: string; value: unknown }, describe: string): Promise<DeliverTxResponse> {
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', `${command}: --from KEY is required`);
  const registry = (await import('../client/registry.js')).seedcastRegistry();
  return broadcastTx(values, from, (signer) => [build(signer)], { registry, describe });
}

function printTx(output: OutputFormat, r: DeliverTxResponse, extra: Record<string, unknown>): void {
  const s = summarise(r);
  const shown = Object.entries(extra).filter(([, v]) => v !== undefined);
  print(output, { ...extra, ...s }, [...shown.map(([k, v]) => `${k}: ${typeof v === 'object' ? `${(v as { amount: string }).amount}${(v as { denom: string }).denom}` : v}`), `txhash: ${s.txhash}`, `height: ${s.height}`].join('\n'));
}
