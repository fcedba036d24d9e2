// `seedcast tx bank send`, `seedcast tx social set-profile`; staking, content and the rest of social in their own files.
import type { MsgSendEncodeObject } from '@cosmjs/stargate';
import type { Registry } from '@cosmjs/proto-signing';
import { isSeedAddress } from '../keys/keyring.js';
import { CliError, parse, requirePositionals, str } from './common.js';
import { TX_OPTIONS, parseCoinList, signAndBroadcast } from './broadcast.js';

export const TX_USAGE = `seedcast tx bank send FROM_KEY_OR_ADDRESS TO_ADDRESS AMOUNT [--fees 5000useed | --gas-prices 0.025useed] [--gas auto|N] [--gas-adjustment 1.4] [--memo TEXT] [--node URL] [--chain-id ID] [--yes]
seedcast tx social set-profile --name NAME --bio BIO --avatar URL --from KEY [fee flags as above]
seedcast tx social react|unreact CARD_ID KIND | follow|unfollow ADDRESS | tip CARD_ID AMOUNT | view CARD_ID | comment CARD_ID | post --body TEXT [--title T] [--tags a,b] --from KEY
seedcast tx content announce CONTENT_ID --peer-id PEER_ID [--addr MULTIADDR ...] --from KEY | withdraw CONTENT_ID --from KEY`;

export async function txCommand(argv: string[]): Promise<void> {
  const [module, action, ...rest] = argv;
  if (module === 'bank' && action === 'send') return bankSend(rest);
  if (module === 'social' && action === 'set-profile') return socialSetProfile(rest);
  if (module === 'social') return (await import('./social.js')).socialTxCommand(action, rest);
  if (module === 'staking' || module === 'slashing') return (await import('./staking.js')).stakingTxCommand(module, action, rest);
  if (module === 'content') return (await import('./content.js')).contentTxCommand(action, rest);
  throw new CliError('CLI_BAD_ARGS', `tx: unknown command "${[module, action].filter(Boolean).join(' ')}"\nusage:\n${TX_USAGE}`);
}

function requireAddress(what: string, s: string): string {
  if (!isSeedAddress(s)) throw new CliError('CLI_BAD_ADDRESS', `${what}: "${s}" is not a seed1... address`);
  return s;
}

async function bankSend(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('tx bank send', argv, TX_OPTIONS);
  const [from, to, amount] = requirePositionals('tx bank send', positionals, ['FROM_KEY_OR_ADDRESS', 'TO_ADDRESS', 'AMOUNT'], TX_USAGE.split('\n')[0]!);
  requireAddress('TO_ADDRESS', to!);
  const coins = parseCoinList('AMOUNT', amount!);
  await signAndBroadcast(values, output, from!, (signer): MsgSendEncodeObject[] => [
    { typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: { fromAddress: signer, toAddress: to!, amount: coins } },
  ], { describe: `Send ${amount} to ${to}` });
}

/** Our registry (src/client/registry.ts): cosmjs defaults plus /seedcast.* messages; loaded only when needed. */
async function loadSeedcastRegistry(): Promise<Registry> {
  return (await import('../client/registry.js')).seedcastRegistry();
}

async function socialSetProfile(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('tx social set-profile', argv, {
    ...TX_OPTIONS, name: { type: 'string' }, bio: { type: 'string' }, avatar: { type: 'string' }, from: { type: 'string' },
  });
  requirePositionals('tx social set-profile', positionals, [], TX_USAGE.split('\n')[1]!);
  const from = str(values, 'from');
  if (!from) throw new CliError('CLI_BAD_ARGS', 'tx social set-profile: --from KEY is required');
  const profile = { name: str(values, 'name') ?? '', bio: str(values, 'bio') ?? '', avatar: str(values, 'avatar') ?? '' };
  const registry = await loadSeedcastRegistry();
  await signAndBroadcast(values, output, from, (signer) => [
    { typeUrl: '/seedcast.social.v1.MsgSetProfile', value: { signer, ...profile } },
  ], { registry, describe: `Set profile "${profile.name}"` });
}
