// Shared CLI plumbing: argument parsing, --output json|text, user-facing errors, --home/--node resolution.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, parseLaddr } from '../node/config.js';
import { resolveHome } from '../node/home.js';
import { Keyring, type KeyringBackend } from '../keys/keyring.js';
import { readPassphrase } from './prompt.js';

/** An error the user caused or can fix: printed as one line, exit code 1, no stack. */
export class CliError extends Error {
  constructor(readonly code: string, message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CliError';
  }
}

export type OutputFormat = 'json' | 'text';
export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export const GLOBAL_OPTIONS: Options = {
  home: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
};

export const KEYRING_OPTIONS: Options = { 'keyring-backend': { type: 'string' } };
export const CLIENT_OPTIONS: Options = { node: { type: 'string' } };

/** Strict parseArgs with the global flags added; parse failures become CliErrors naming the command. */
export function parse(command: string, argv: string[], options: Options): { values: Values; positionals: string[]; output: OutputFormat } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError('CLI_BAD_ARGS', `${command}: ${(e as Error).message.replace(/\. To specify a positional.*$/s, '')}`);
  }
  const values = parsed.values as Values;
  const output = (values.output ?? 'text') as string;
  if (output !== 'json' && output !== 'text') throw new CliError('CLI_BAD_ARGS', `--output must be json or text, got "${output}"`);
  return { values, positionals: parsed.positionals, output };
}

export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requirePositionals(command: string, positionals: string[], names: string[], usage: string): string[] {
  if (positionals.length !== names.length) {
    const what = positionals.length < names.length ? `missing ${names.slice(positionals.length).join(', ')}` : `unexpected argument "${positionals[names.length]}"`;
    throw new CliError('CLI_BAD_ARGS', `${command}: ${what}\nusage: ${usage}`);
  }
  return positionals;
}

/** JSON.stringify that keeps bigints (as strings) and bytes (as base64). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v), 2);
}

/** Prints `value` as JSON, or as indented "key: value" lines for humans. */
export function print(output: OutputFormat, value: unknown, text?: string): void {
  if (output === 'json') {
    process.stdout.write(toJson(value) + '\n');
    return;
  }
  process.stdout.write((text ?? toText(value)) + '\n');
}

function toText(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return `${indent}-`;
  if (typeof value !== 'object' || value instanceof Uint8Array) return indent + JSON.parse(toJson(value));
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      const inner = toText(v, indent + '  ');
      lines.push(`${indent}${k}:${inner ? '\n' + inner : ' []'}`);
    } else {
      lines.push(`${indent}${k}: ${v === undefined || v === null ? '-' : JSON.parse(toJson(v))}`);
    }
  }
  return lines.join('\n');
}

export function homeOf(values: Values): string {
  return resolveHome(str(values, 'home'));
}

/** --node, else the home's rpc.laddr as an http URL (a wildcard host becomes 127.0.0.1). */
export function nodeUrl(values: Values): string {
  const flag = str(values, 'node');
  if (flag) {
    if (!/^(https?|wss?):\/\/[^\s]+$/.test(flag) && !/^tcp:\/\//.test(flag)) throw new CliError('CLI_BAD_NODE', `--node must be a URL like http://127.0.0.1:26657, got "${flag}"`);
    return flag.startsWith('tcp://') ? 'http://' + flag.slice(6) : flag;
  }
  const { host, port } = parseLaddr(loadConfig(homeOf(values)).rpc.laddr);
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

export function keyringBackend(values: Values): KeyringBackend {
  const b = str(values, 'keyring-backend') ?? process.env.SEEDCAST_KEYRING_BACKEND ?? 'test';
  if (b !== 'test' && b !== 'file') throw new CliError('CLI_BAD_ARGS', `--keyring-backend must be test or file, got "${b}"`);
  return b;
}

/** Opens the home's keyring; with `secret`, asks for the file backend's passphrase (twice for a new keyring). */
export async function openKeyring(values: Values, opts: { secret?: boolean } = {}): Promise<Keyring> {
  const backend = keyringBackend(values);
  const home = homeOf(values);
  if (backend !== 'file' || !opts.secret) return Keyring.open(home, backend);
  const isNew = Keyring.open(home, backend).isEmpty();
  return Keyring.open(home, backend, await readPassphrase('Keyring passphrase: ', isNew));
}
