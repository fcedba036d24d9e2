// `seedcast keys add|list|show|delete`.
import { CliError, KEYRING_OPTIONS, openKeyring, parse, print, requirePositionals } from './common.js';
import { confirm, readStdinLine } from './prompt.js';
import { validateKeyName } from '../keys/keyring.js';

export const KEYS_USAGE = `seedcast keys add NAME [--recover] [--keyring-backend test|file]
seedcast keys list [--keyring-backend test|file]
seedcast keys show NAME [--address]
seedcast keys delete NAME [--yes]`;

export async function keysCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'add': return keysAdd(rest);
    case 'list': return keysList(rest);
    case 'show': return keysShow(rest);
    case 'delete': return keysDelete(rest);
    default:
      throw new CliError('CLI_BAD_ARGS', `keys: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}\nusage:\n${KEYS_USAGE}`);
  }
}

async function keysAdd(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('keys add', argv, { ...KEYRING_OPTIONS, recover: { type: 'boolean' } });
  const [name] = requirePositionals('keys add', positionals, ['NAME'], 'seedcast keys add NAME [--recover]');
  validateKeyName(name!);
  const mnemonic = values.recover ? await readStdinLine('Enter your BIP39 mnemonic: ') : undefined;
  const kr = await openKeyring(values, { secret: true });
  const key = await kr.add(name!, mnemonic === undefined ? {} : { mnemonic });
  const text = [`name:    ${key.name}`, `address: ${key.address}`, `pubkey:  ${key.pubkey}`];
  if (key.mnemonic) {
    text.push('', '**Write this mnemonic down and keep it safe. It is the only way to recover this key.**', '', key.mnemonic);
  }
  print(output, key, text.join('\n'));
}

async function keysList(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('keys list', argv, KEYRING_OPTIONS);
  requirePositionals('keys list', positionals, [], 'seedcast keys list');
  const keys = (await openKeyring(values)).list();
  const width = Math.max(4, ...keys.map((k) => k.name.length));
  print(output, keys, keys.length === 0 ? 'no keys' : keys.map((k) => `${k.name.padEnd(width)}  ${k.address}`).join('\n'));
}

async function keysShow(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('keys show', argv, { ...KEYRING_OPTIONS, address: { type: 'boolean', short: 'a' } });
  const [name] = requirePositionals('keys show', positionals, ['NAME'], 'seedcast keys show NAME [--address]');
  const key = (await openKeyring(values)).resolve(name!);
  if (values.address) print(output, { address: key.address }, key.address);
  else print(output, key);
}

async function keysDelete(argv: string[]): Promise<void> {
  const { values, positionals, output } = parse('keys delete', argv, { ...KEYRING_OPTIONS, yes: { type: 'boolean', short: 'y' } });
  const [name] = requirePositionals('keys delete', positionals, ['NAME'], 'seedcast keys delete NAME [--yes]');
  const kr = await openKeyring(values);
  const key = kr.show(name!);
  if (!values.yes && !(await confirm(`Delete key "${key.name}" (${key.address})? It cannot be recovered without its mnemonic.`))) {
    throw new CliError('CLI_ABORTED', 'aborted: key not deleted');
  }
  kr.delete(key.name);
  print(output, { deleted: key.name, address: key.address }, `Deleted key ${key.name} (${key.address})`);
}
