// Stateless rules (ValidateBasic) of the social messages: what a wallet can check before it
// signs. Each failure names the field. Stateful rules are in the handlers.
import { fromBech32Address, toBech32Address } from '../../../codec/address.js';
import type { Coin } from '../../../codec/seedcast/content.js';
import { SDK, sdkError } from '../../errors.js';

export const PROFILE_LIMITS = { name: 64, bio: 1024, avatar: 512 } as const;

export interface ProfileFields {
  name: string;
  bio: string;
  avatar: string;
}

// Control characters would let a name or bio forge lines in feeds and logs.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const AVATAR = /^(https?|ipfs|ar|seedcast):\/\/[^\s]+$/;

export function signerAddress(signer: string): Uint8Array {
  try {
    return fromBech32Address(signer);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid signer address: ${(err as Error).message}`);
  }
}

export function validateProfile(p: ProfileFields): void {
  const name = [...p.name].length;
  if (name === 0) throw sdkError(SDK.InvalidRequest, 'profile name must not be empty: invalid request');
  if (name > PROFILE_LIMITS.name) throw sdkError(SDK.InvalidRequest, `profile name has ${name} characters, at most ${PROFILE_LIMITS.name}: invalid request`);
  if (/[\n\t]/.test(p.name) || CONTROL.test(p.name)) throw sdkError(SDK.InvalidRequest, 'profile name must not contain control characters: invalid request');
  const bio = [...p.bio].length;
  if (bio > PROFILE_LIMITS.bio) throw sdkError(SDK.InvalidRequest, `profile bio has ${bio} characters, at most ${PROFILE_LIMITS.bio}: invalid request`);
  if (CONTROL.test(p.bio)) throw sdkError(SDK.InvalidRequest, 'profile bio must not contain control characters: invalid request');
  if (p.avatar.length > PROFILE_LIMITS.avatar) throw sdkError(SDK.InvalidRequest, `profile avatar is longer than ${PROFILE_LIMITS.avatar} characters: invalid request`);
  if (p.avatar !== '' && !AVATAR.test(p.avatar)) {
    throw sdkError(SDK.InvalidRequest, 'profile avatar must be empty or a URL (https, http, ipfs, ar or seedcast scheme): invalid request');
  }
}

// --- reactions, follows, tips, views -------------------------------------------------------

/** The fixed reaction kinds; any other kind must be a custom emoji shortcode `:name:`. */
export const REACTION_KINDS = ['like', 'love', 'laugh', 'wow', 'sad', 'angry', 'fire', 'clap'] as const;
const SHORTCODE = /^:[a-z0-9_+-]{1,32}:$/;
const AMOUNT = /^[0-9]+$/;
const AMOUNT_DIGITS = 78; // < 2^256, the SDK's Int bound (as for card prices)
export const TIP_DENOM = 'useed';

export const invalid = (message: string) => sdkError(SDK.InvalidRequest, `${message}: invalid request`);

export function isReactionKind(kind: string): boolean {
  return (REACTION_KINDS as readonly string[]).includes(kind) || SHORTCODE.test(kind);
}

/** An account address (canonical lowercase text and bytes); InvalidAddress naming the field. */
export function account(field: string, address: string): { text: string; bytes: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = fromBech32Address(address);
  } catch (err) {
    throw sdkError(SDK.InvalidAddress, `invalid ${field} address: ${(err as Error).message}`);
  }
  return { text: toBech32Address(bytes), bytes };
}

export function validateCardId(cardId: bigint): void {
  if (cardId < 1n) throw invalid('card_id must be at least 1');
}

export function validateReaction(msg: { reactor: string; cardId: bigint; kind: string }): void {
  account('reactor', msg.reactor);
  validateCardId(msg.cardId);
  if (!isReactionKind(msg.kind)) {
    throw invalid(`kind must be one of ${REACTION_KINDS.join(', ')} or a :shortcode: of [a-z0-9_+-]{1,32}, got ${JSON.stringify(msg.kind.slice(0, 40))}`);
  }
}

export function validateFollow(msg: { follower: string; followee: string }): void {
  const follower = account('follower', msg.follower);
  const followee = account('followee', msg.followee);
  if (follower.text === followee.text) throw invalid(`follower ${follower.text} cannot follow itself`);
}

/** A tip amount: a positive integer of useed. Returns it as a bigint. */
export function tipAmount(coin: Coin | undefined): bigint {
  if (!coin) throw sdkError(SDK.InvalidCoins, 'amount is required: invalid coins');
  if (coin.denom !== TIP_DENOM) throw sdkError(SDK.InvalidCoins, `amount denom must be ${TIP_DENOM}, got ${JSON.stringify(coin.denom.slice(0, 64))}: invalid coins`);
  if (!AMOUNT.test(coin.amount) || coin.amount.length > AMOUNT_DIGITS) {
    throw sdkError(SDK.InvalidCoins, `amount must be a positive integer of at most ${AMOUNT_DIGITS} digits, got ${JSON.stringify(coin.amount.slice(0, 80))}: invalid coins`);
  }
  const amount = BigInt(coin.amount);
  if (amount === 0n) throw sdkError(SDK.InvalidCoins, `amount must be greater than 0${TIP_DENOM}: invalid coins`);
  return amount;
}

export function validateTip(msg: { tipper: string; cardId: bigint; amount?: Coin }): void {
  account('tipper', msg.tipper);
  validateCardId(msg.cardId);
  tipAmount(msg.amount);
}

export function validateView(msg: { viewer: string; cardId: bigint }): void {
  account('viewer', msg.viewer);
  validateCardId(msg.cardId);
}
