// `seedcast tx social ...`: react, unreact, follow, unfollow, tip, view, comment and post, signed and
// broadcast with the real cosmjs client and our registry. Arguments are checked here first, so a
// typo costs no fee and gets a clear message. Queries are in socialQuery.ts.
import type { EncodeObject } from '@cosmjs/proto-signing';
import type { DeliverTxResponse } from '@cosmjs/stargate';
import type { CardFields, Coin } from '../codec/seedcast/content.js';
import { isSeedAddress } from '../keys/keyring.js';
import { CARD_LIMITS } from '../state/modules/content/msgs.js';
import { broadcastTx, parseCoinList, summarise, TX_OPTIONS } from './broadcast.js';
import { CliError, parse, print, requirePositionals, str, type OutputFormat, type Options, type Values } from './common.js';

export const SOCIAL_TX_USAGE = `seedcast tx social react CARD_ID KIND --from KEY        KIND: like love laugh wow sad angry fire clap, or :shortcode:
seedcast tx social unreact CARD_ID KIND --from KEY
seedcast tx social follow ADDRESS --from KEY
seedcast tx social unfollow ADDRESS --from KEY
seedcast tx social tip CARD_ID AMOUNT --from KEY           AMOUNT in useed, e.g. 1000useed (paid to the card's creator)
seedcast tx social view CARD_ID --from KEY                 counted once per account
seedcast tx social comment CARD_ID --body TEXT [--title T] [--tags a,b] --from KEY   a text post replying to the card
seedcast tx social post --body TEXT [--title T] [--tags a,b] --from KEY              a top-level text post (no content)`;

export const REACTION_KINDS = ['like', 'love', 'laugh', 'wow', 'sad', 'angry', 'fire', 'clap'] as const;
const SHORTCODE = /^:[a-z0-9_+-]{1,32}:$/;
const TAG = /^[a-z0-9_-]{1,32}$/;
const TEXT_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const LINE_CONTROL = /[\u0000-\u001f\u007f]/;

export function cardIdArg(what: string, s: string): bigint {
  if (!/^[1-9]\d{0,19}$/.test(s) || BigInt(s) >= 1n << 64n) throw new CliError('CLI_BAD_ARGS', `${what} must be a card id (a positive integer), got "${s.slice(0, 40)}"`);
  return BigInt(s);
}

export function addressArg(what: string, s: string): string {
  if (!isSeedAddress(s)) throw new CliError('CLI_BAD_ADDRESS', `${what}: "${s.slice(0, 90)}" is not a seed1... address`);
  return s;
}

export function reactionKindArg(s: string): string {
  if ((REACTION_KINDS as readonly string[]).includes(s) || SHORTCODE.test(s)) return s;
  throw new CliError('CLI_BAD_ARGS', `reaction kind must be one of ${REACTION_KINDS.join(', ')} or a :shortcode: of 1-32 characters a-z 0-9 _ + -, got "${s.slice(0, 40)}"`);
}

export function tagArg(what: string, s: string): string {
  if (!TAG.test(s)) throw new CliError('CLI_BAD_ARGS', `${what}: tag "${s.slice(0, 40)}" must be 1-${CARD_LIMITS.tagChars} characters of a-z, 0-9, _ and -`);
  return s;
}

/** One positive amount of useed: a tip is paid in the chain's denom only. */
export function tipAmountArg(s: string): Coin {
  if (/^-/.test(s) || /^0+(useed)?$/.test(s)) throw new CliError('CLI_BAD_COINS', `tip amount must be positive, got "${s.slice(0, 40)}"`);
  const coins = parseCoinList('tip amount', s);
  if (coins.length !== 1 || coins[0]!.denom !== 'useed') throw new CliError('CLI_BAD_COINS', `tip amount must be one amount of useed, e.g. 1000useed, got "${s.slice(0, 40)}"`);
  return { denom: 'useed', amount: coins[0]!.amount };
}

function textFlag(field: string, text: string, max: number, allowBreaks: boolean): string {
  const chars = [...text].length;
  if (chars > max) throw new CliError('CLI_BAD_ARGS', `--${field} has ${chars} characters, at most ${max}`);
  if ((allowBreaks ? TEXT_CONTROL : LINE_CONTROL).test(text)) throw new CliError('CLI_BAD_ARGS', `--${field} must not contain control characters`);
  return text;
}

/** The fields of a text post (no content): a comment when `parentId` is a card, top level when 0. */
export function commentFields(values: Values, parentId: bigint): CardFields {
  const body = textFlag('body', str(values, 'body') ?? '', CARD_LIMITS.body, true);
  if (body.trim() === '') throw new CliError('CLI_BAD_ARGS', `tx social ${parentId === 0n ? 'post' : 'comment'}: --body TEXT is required`);
  const tags = (str(values, 'tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.length > CARD_LIMITS.tags) throw new CliError('CLI_BAD_ARGS', `--tags has ${tags.length} tags, at most ${CARD_LIMITS.tags}`);
  if (new Set(tags).size !== tags.length) throw new CliError('CLI_BAD_ARGS', '--tags lists a tag twice');
  tags.forEach((t) => tagArg('--tags', t));
  return {
    contentId: new Uint8Array(), salt: new Uint8Array(), size: 0n, blockSize: 0, pieceSize: 0, mimeType: '',
    title: textFlag('title', str(values, 'title') ?? '', CARD_LIMITS.title, false), body, tags, links: [], parentId,
    editionCap: 0n, resaleRoyaltyBps: 0, keyAgents: [],
  };
}

/** A social tx, checked and ready to sign: `build` makes its messages for the signing address. */
export interface SocialTx {
  action: string;
  values: Values;
  output: OutputFormat;
  from: string;
  describe: string;
  build(signer: string): EncodeObject[];
}

const msg = (name: string, value: object): EncodeObject => ({ typeUrl: `/seedcast.social.v1.${name}`, value });

/** Parses and checks `tx social ACTION ...` without touching the keyring or the network. */
export function prepareSocialTx(action: string | undefined, argv: string[]): SocialTx {
  const command = `tx social ${action ?? ''}`.trim();
  const lines = SOCIAL_TX_USAGE.split('\n');
  const usage = (i: number) => lines[i]!.replace(/\s{2,}.*$/, '');
  const index = ['react', 'unreact', 'follow', 'unfollow', 'tip', 'view', 'comment', 'post'].indexOf(action ?? '');
  if (index < 0) throw new CliError('CLI_BAD_ARGS', `tx: unknown command "${command}"\nusage:\n${SOCIAL_TX_USAGE}`);
  // parseArgs reads "-5useed" as a flag; name the real mistake instead.
  if (action === 'tip' && argv.some((a) => /^-\d/.test(a))) throw new CliError('CLI_BAD_COINS', `tip amount must be positive, got "${argv.find((a) => /^-\d/.test(a))}"`);
  const extra: Options = action === 'comment' || action === 'post' ? { body: { type: 'string' }, title: { type: 'string' }, tags: { type: 'string' } } : {};
  const { values, positionals, output } = parse(command, argv, { ...TX_OPTIONS, from: { type: 'string' }, ...extra });
  const names = [['CARD_ID', 'KIND'], ['CARD_ID', 'KIND'], ['ADDRESS'], ['ADDRESS'], ['CARD_ID', 'AMOUNT'], ['CARD_ID'], ['CARD_ID'], []][index]!;
  const args = requirePositionals(command, positionals, names, usage(index));
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', `${command}: --from KEY is required`);
  const base = { action: action!, values, output, from };
  switch (action) {
    case 'react':
    case 'unreact': {
      const cardId = cardIdArg('CARD_ID', args[0]!);
      const kind = reactionKindArg(args[1]!);
      return { ...base, describe: `${action === 'react' ? 'React' : 'Take back the reaction'} ${kind} ${action === 'react' ? 'to' : 'on'} card ${cardId}`,
        build: (reactor) => [msg(action === 'react' ? 'MsgReact' : 'MsgUnreact', { reactor, cardId, kind })] };
    }
    case 'follow':
    case 'unfollow': {
      const followee = addressArg('ADDRESS', args[0]!);
      return { ...base, describe: `${action === 'follow' ? 'Follow' : 'Unfollow'} ${followee}`, build: (follower) => {
        if (follower === followee) throw new CliError('CLI_BAD_ARGS', `${command}: an account cannot ${action} itself (${followee})`);
        return [msg(action === 'follow' ? 'MsgFollow' : 'MsgUnfollow', { follower, followee })];
      } };
    }
    case 'tip': {
      const cardId = cardIdArg('CARD_ID', args[0]!);
      const amount = tipAmountArg(args[1]!);
      return { ...base, describe: `Tip ${amount.amount}${amount.denom} to the creator of card ${cardId}`, build: (tipper) => [msg('MsgTip', { tipper, cardId, amount })] };
    }
    case 'view': {
      const cardId = cardIdArg('CARD_ID', args[0]!);
      return { ...base, describe: `Count a view of card ${cardId}`, build: (viewer) => [msg('MsgView', { viewer, cardId })] };
    }
    case 'post': {
      const fields = commentFields(values, 0n);
      return { ...base, describe: `Post "${fields.title || fields.body.slice(0, 40)}"`, build: (creator) => [{ typeUrl: '/seedcast.content.v1.MsgPublishCard', value: { creator, ...fields } }] };
    }
    default: {
      const parentId = cardIdArg('CARD_ID', args[0]!);
      const fields = commentFields(values, parentId);
      return { ...base, describe: `Comment on card ${parentId}`, build: (creator) => [{ typeUrl: '/seedcast.content.v1.MsgPublishCard', value: { creator, ...fields } }] };
    }
  }
}

const eventAttr = (r: DeliverTxResponse, type: string, key: string): string | undefined =>
  r.events.find((e) => e.type === type)?.attributes.find((a) => a.key === key)?.value;

export async function socialTxCommand(action: string | undefined, argv: string[]): Promise<void> {
  const tx = prepareSocialTx(action, argv);
  const registry = (await import('../client/registry.js')).seedcastRegistry();
  const r = await broadcastTx(tx.values, tx.from, (signer) => tx.build(signer), { registry, describe: tx.describe });
  const s = summarise(r);
  const cardId = tx.action === 'comment' || tx.action === 'post' ? eventAttr(r, 'card', 'id') : undefined;
  const shown = cardId ? { card_id: cardId, ...s } : s;
  print(tx.output, shown, [...(cardId ? [`card_id: ${cardId}`] : []), `txhash: ${s.txhash}`, `height: ${s.height}`, `code:   ${s.code}`].join('\n'));
}
