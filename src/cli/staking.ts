// `seedcast tx staking ...`, `tx slashing unjail`, `query staking ...`, `query slashing ...`:
// the SDK messages and queries, through the node's RPC like `tx bank send`.
import { readFileSync } from 'node:fs';
import { fromBech32 as cosmjsFromBech32, toBech32 } from '@cosmjs/encoding';
import { QueryClient, setupSlashingExtension, setupStakingExtension } from '@cosmjs/stargate';
import { Comet38Client } from '@cosmjs/tendermint-rpc';
import { bondStatusToJSON, type Validator } from 'cosmjs-types/cosmos/staking/v1beta1/staking';
import type { Registry } from '@cosmjs/proto-signing';
import { loadConfig } from '../node/config.js';
import { addressFromPubKey } from '../consensus/signBytes.js';
import { decFromProto, decToProto, formatDec, parseDec, ONE } from '../state/dec.js';
import { pubKeyToAny } from '../state/modules/staking/validator.js';
import { CLIENT_OPTIONS, CliError, homeOf, nodeUrl, parse, print, requirePositionals, str, type Values } from './common.js';
import { TX_OPTIONS, parseCoinList, signAndBroadcast } from './broadcast.js';
import { withNode } from './nodeErrors.js';

export const STAKING_TX_USAGE = `seedcast tx staking create-validator --amount 1000000useed --moniker M [--pubkey BASE64_ED25519] [--commission-rate 0.10] [--commission-max-rate 0.20] [--commission-max-change-rate 0.01] [--min-self-delegation 1] --from KEY
seedcast tx staking edit-validator [--moniker M] [--details D] [--website W] [--commission-rate R] --from KEY
seedcast tx staking delegate VALOPER AMOUNT --from KEY
seedcast tx staking unbond VALOPER AMOUNT --from KEY
seedcast tx slashing unjail --from KEY`;

export const STAKING_QUERY_USAGE = `seedcast query staking validators | validator VALOPER | delegation DELEGATOR VALOPER | pool | params
seedcast query slashing signing-info VALCONS_OR_VALOPER | params`;

const VALOPER = 'seedvaloper';
// cosmjs's default length limit (Infinity) is refused by @scure/base: pass BIP-173's 90.
const fromBech32 = (s: string) => cosmjsFromBech32(s, 90);
const VALCONS = 'seedvalcons';
const valoperOf = (account: string) => toBech32(VALOPER, fromBech32(account).data);

function rate(values: Values, flag: string, fallback: string): string {
  const text = str(values, flag) ?? fallback;
  let d: bigint;
  try {
    d = parseDec(text, `--${flag}`);
  } catch {
    throw new CliError('CLI_BAD_ARGS', `--${flag} must be a decimal between 0 and 1, got "${text}"`);
  }
  if (d > ONE) throw new CliError('CLI_BAD_ARGS', `--${flag} must be at most 1, got "${text}"`);
  return decToProto(d); // protobuf LegacyDec: the 18-decimal scaled integer
}

function requireValoper(s: string): string {
  try {
    if (fromBech32(s).prefix === VALOPER) return s;
  } catch { /* falls through */ }
  throw new CliError('CLI_BAD_ADDRESS', `"${s}" is not a ${VALOPER}1... address`);
}

function singleCoin(flag: string, s: string) {
  const coins = parseCoinList(flag, s);
  if (coins.length !== 1) throw new CliError('CLI_BAD_ARGS', `${flag} must be one coin like 1000000useed`);
  return coins[0]!;
}

function homePubKey(values: Values): Uint8Array {
  const path = loadConfig(homeOf(values)).paths.privValidatorKey;
  try {
    return new Uint8Array(Buffer.from(JSON.parse(readFileSync(path, 'utf8')).pub_key.value, 'base64'));
  } catch (err) {
    throw new CliError('CLI_BAD_ARGS', `cannot read the validator key ${path} (pass --pubkey): ${(err as Error).message}`);
  }
}

async function registry(): Promise<Registry> {
  return (await import('../client/registry.js')).seedcastRegistry();
}

export async function stakingTxCommand(module: string, action: string | undefined, argv: string[]): Promise<void> {
  if (module === 'staking' && action === 'register-key-agent') return (await import('./custody.js')).registerKeyAgentCommand(argv);
  const opts = {
    ...TX_OPTIONS, from: { type: 'string' }, amount: { type: 'string' }, moniker: { type: 'string' }, pubkey: { type: 'string' },
    details: { type: 'string' }, website: { type: 'string' }, identity: { type: 'string' },
    'commission-rate': { type: 'string' }, 'commission-max-rate': { type: 'string' }, 'commission-max-change-rate': { type: 'string' }, 'min-self-delegation': { type: 'string' },
  } as const;
  const command = `tx ${module} ${action ?? ''}`.trim();
  const { values, positionals, output } = parse(command, argv, opts);
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', `${command}: --from KEY is required\nusage:\n${STAKING_TX_USAGE}`);
  const reg = await registry();

  if (module === 'staking' && action === 'create-validator') {
    requirePositionals(command, positionals, [], STAKING_TX_USAGE);
    const amount = singleCoin('--amount', str(values, 'amount') ?? '');
    const moniker = str(values, 'moniker');
    if (!moniker) throw new CliError('CLI_BAD_ARGS', 'tx staking create-validator: --moniker is required');
    const pubText = str(values, 'pubkey');
    const pubKey = pubText ? new Uint8Array(Buffer.from(pubText, 'base64')) : homePubKey(values);
    if (pubKey.length !== 32) throw new CliError('CLI_BAD_ARGS', `--pubkey must be a base64 32-byte ed25519 key, got ${pubKey.length} bytes`);
    const commission = { rate: rate(values, 'commission-rate', '0.10'), maxRate: rate(values, 'commission-max-rate', '0.20'), maxChangeRate: rate(values, 'commission-max-change-rate', '0.01') };
    const minSelf = str(values, 'min-self-delegation') ?? '1';
    return signAndBroadcast(values, output, from, (signer) => [{
      typeUrl: '/cosmos.staking.v1beta1.MsgCreateValidator',
      value: {
        description: { moniker, identity: str(values, 'identity') ?? '', website: str(values, 'website') ?? '', securityContact: '', details: str(values, 'details') ?? '' },
        commission, minSelfDelegation: minSelf, delegatorAddress: signer, validatorAddress: valoperOf(signer), pubkey: pubKeyToAny(pubKey), value: amount,
      },
    }], { registry: reg, describe: `Create validator "${moniker}" bonding ${amount.amount}${amount.denom}` });
  }
  if (module === 'staking' && action === 'edit-validator') {
    requirePositionals(command, positionals, [], STAKING_TX_USAGE);
    const keep = (flag: string) => str(values, flag) ?? '[do-not-modify]';
    const newRate = str(values, 'commission-rate') !== undefined ? rate(values, 'commission-rate', '0') : '';
    return signAndBroadcast(values, output, from, (signer) => [{
      typeUrl: '/cosmos.staking.v1beta1.MsgEditValidator',
      value: {
        description: { moniker: keep('moniker'), identity: keep('identity'), website: keep('website'), securityContact: '[do-not-modify]', details: keep('details') },
        validatorAddress: valoperOf(signer), commissionRate: newRate, minSelfDelegation: str(values, 'min-self-delegation') ?? '',
      },
    }], { registry: reg, describe: 'Edit validator' });
  }
  if (module === 'staking' && (action === 'delegate' || action === 'unbond')) {
    const [val, amountText] = requirePositionals(command, positionals, ['VALOPER', 'AMOUNT'], STAKING_TX_USAGE);
    requireValoper(val!);
    const amount = singleCoin('AMOUNT', amountText!);
    const typeUrl = action === 'delegate' ? '/cosmos.staking.v1beta1.MsgDelegate' : '/cosmos.staking.v1beta1.MsgUndelegate';
    return signAndBroadcast(values, output, from, (signer) => [{ typeUrl, value: { delegatorAddress: signer, validatorAddress: val!, amount } }],
      { registry: reg, describe: `${action === 'delegate' ? 'Delegate' : 'Unbond'} ${amountText} ${action === 'delegate' ? 'to' : 'from'} ${val}` });
  }
  if (module === 'slashing' && action === 'unjail') {
    requirePositionals(command, positionals, [], STAKING_TX_USAGE);
    return signAndBroadcast(values, output, from, (signer) => [{ typeUrl: '/cosmos.slashing.v1beta1.MsgUnjail', value: { validatorAddr: valoperOf(signer) } }],
      { registry: reg, describe: 'Unjail validator' });
  }
  throw new CliError('CLI_BAD_ARGS', `tx: unknown command "${command}"\nusage:\n${STAKING_TX_USAGE}`);
}

/** A validator as the SDK's CLI prints it: printed decimals, status names. */
function validatorJson(v: Validator) {
  const r = v.commission?.commissionRates;
  return {
    operator_address: v.operatorAddress,
    consensus_pubkey: v.consensusPubkey ? { '@type': v.consensusPubkey.typeUrl, key: Buffer.from(v.consensusPubkey.value.subarray(2)).toString('base64') } : null,
    jailed: v.jailed,
    status: bondStatusToJSON(v.status),
    tokens: v.tokens,
    delegator_shares: formatDec(decFromProto(v.delegatorShares || '0')),
    description: v.description,
    commission: r ? { rate: formatDec(decFromProto(r.rate)), max_rate: formatDec(decFromProto(r.maxRate)), max_change_rate: formatDec(decFromProto(r.maxChangeRate)) } : null,
    min_self_delegation: v.minSelfDelegation,
  };
}

async function withQueries<T>(url: string, fn: (q: ReturnType<typeof queryClient>) => Promise<T>): Promise<T> {
  const comet = await Comet38Client.connect(url);
  try {
    return await fn(queryClient(comet));
  } finally {
    comet.disconnect();
  }
}
const queryClient = (c: Comet38Client) => QueryClient.withExtensions(c, setupStakingExtension, setupSlashingExtension);

export async function stakingQueryCommand(module: string, what: string | undefined, argv: string[]): Promise<void> {
  const command = `query ${module} ${what ?? ''}`.trim();
  const { values, positionals, output } = parse(command, argv, CLIENT_OPTIONS);
  const url = nodeUrl(values);
  const key = `${module} ${what}`;
  const names: Record<string, string[]> = {
    'staking validators': [], 'staking validator': ['VALOPER'], 'staking delegation': ['DELEGATOR', 'VALOPER'], 'staking pool': [], 'staking params': [],
    'slashing signing-info': ['VALCONS_OR_VALOPER'], 'slashing params': [],
  };
  if (!names[key]) throw new CliError('CLI_BAD_ARGS', `query: unknown query "${command}"\nusage:\n${STAKING_QUERY_USAGE}`);
  const args = requirePositionals(command, positionals, names[key]!, STAKING_QUERY_USAGE);
  await withNode(url, () => withQueries(url, async (q) => {
    switch (key) {
      case 'staking validators': {
        const r = await q.staking.validators('');
        const list = r.validators.map(validatorJson);
        return print(output, { validators: list }, list.map((v) => `${v.operator_address} ${v.status} tokens=${v.tokens} jailed=${v.jailed} ${v.description.moniker}`).join('\n') || 'no validators');
      }
      case 'staking validator':
        return print(output, validatorJson((await q.staking.validator(requireValoper(args[0]!))).validator));
      case 'staking delegation': {
        const d = (await q.staking.delegation(args[0]!, requireValoper(args[1]!))).delegationResponse!;
        return print(output, { delegation: { delegator_address: d.delegation.delegatorAddress, validator_address: d.delegation.validatorAddress, shares: formatDec(decFromProto(d.delegation.shares)) }, balance: d.balance });
      }
      case 'staking pool': {
        const p = (await q.staking.pool()).pool;
        return print(output, { bonded_tokens: p.bondedTokens, not_bonded_tokens: p.notBondedTokens });
      }
      case 'staking params':
        return print(output, (await q.staking.params()).params);
      case 'slashing signing-info': {
        const s = (await q.slashing.signingInfo(await consAddress(q, args[0]!))).valSigningInfo;
        return print(output, { address: s.address, start_height: String(s.startHeight), index_offset: String(s.indexOffset), jailed_until: new Date(Number(s.jailedUntil.seconds) * 1000).toISOString(), tombstoned: s.tombstoned, missed_blocks_counter: String(s.missedBlocksCounter) });
      }
      case 'slashing params':
        return print(output, (await q.slashing.params()).params);
    }
  }));
}

/** A valcons address as given, or the one of a valoper's consensus key. */
async function consAddress(q: ReturnType<typeof queryClient>, s: string): Promise<string> {
  let prefix: string;
  try {
    prefix = fromBech32(s).prefix;
  } catch {
    throw new CliError('CLI_BAD_ADDRESS', `"${s}" is not a ${VALCONS}1... or ${VALOPER}1... address`);
  }
  if (prefix === VALCONS) return s;
  if (prefix !== VALOPER) throw new CliError('CLI_BAD_ADDRESS', `"${s}" is not a ${VALCONS}1... or ${VALOPER}1... address`);
  const v = (await q.staking.validator(s)).validator;
  return toBech32(VALCONS, addressFromPubKey(v.consensusPubkey!.value.subarray(2)));
}
