// `seedcast query ...` and `seedcast status`: read-only, always through the node's RPC (never its database).
import { StargateClient } from '@cosmjs/stargate';
import { Comet38Client } from '@cosmjs/tendermint-rpc';
import { decodeTxRaw } from '@cosmjs/proto-signing';
import { toBase64, toHex } from '@cosmjs/encoding';
import { isSeedAddress } from '../keys/keyring.js';
import { CLIENT_OPTIONS, CliError, nodeUrl, parse, print, requirePositionals, type OutputFormat, type Values } from './common.js';
import { withNode } from './nodeErrors.js';

export const QUERY_USAGE = `seedcast query bank balances ADDRESS [--node URL]
seedcast query bank balance ADDRESS DENOM
seedcast query account ADDRESS
seedcast query tx HASH
seedcast query block [HEIGHT]
seedcast query content card CARD_ID | cards --creator ADDRESS | by-content CONTENT_ID | providers CONTENT_ID
seedcast query social card CARD_ID | reactions CARD_ID | feed --following ADDRESS|--tag TAG|--creator ADDRESS | thread CARD_ID | trending [--limit N] | followers ADDRESS | following ADDRESS
seedcast status`;

export async function queryCommand(argv: string[]): Promise<void> {
  const [a, b] = argv;
  if (a === 'bank' && b === 'balances') return run(argv.slice(2), 'query bank balances', ['ADDRESS'], bankBalances);
  if (a === 'bank' && b === 'balance') return run(argv.slice(2), 'query bank balance', ['ADDRESS', 'DENOM'], bankBalance);
  if (a === 'staking' || a === 'slashing') return (await import('./staking.js')).stakingQueryCommand(a, b, argv.slice(2));
  if (a === 'content') return (await import('./content.js')).contentQueryCommand(b, argv.slice(2));
  if (a === 'social') return (await import('./socialQuery.js')).socialQueryCommand(b, argv.slice(2));
  if (a === 'account') return run(argv.slice(1), 'query account', ['ADDRESS'], account);
  if (a === 'tx') return run(argv.slice(1), 'query tx', ['HASH'], tx);
  if (a === 'block') return run(argv.slice(1), 'query block', [], block, 1);
  throw new CliError('CLI_BAD_ARGS', `query: unknown query "${[a, b].filter(Boolean).join(' ')}"\nusage:\n${QUERY_USAGE}`);
}

export async function statusCommand(argv: string[]): Promise<void> {
  return run(argv, 'status', [], status);
}

type Handler = (url: string, args: string[], output: OutputFormat, values: Values) => Promise<void>;

/** Parses flags, checks positionals (plus up to `optional` extra ones), resolves --node, runs the query. */
async function run(argv: string[], command: string, names: string[], handler: Handler, optional = 0): Promise<void> {
  const { values, positionals, output } = parse(command, argv, CLIENT_OPTIONS);
  const args = positionals.length > names.length && positionals.length <= names.length + optional
    ? positionals
    : requirePositionals(command, positionals, names, QUERY_USAGE);
  const url = nodeUrl(values);
  await withNode(url, () => handler(url, args, output, values));
}

function requireAddress(s: string): string {
  if (!isSeedAddress(s)) throw new CliError('CLI_BAD_ADDRESS', `"${s}" is not a seed1... address`);
  return s;
}

async function withStargate<T>(url: string, fn: (c: StargateClient) => Promise<T>): Promise<T> {
  const client = await StargateClient.connect(url);
  try { return await fn(client); } finally { client.disconnect(); }
}

async function withComet<T>(url: string, fn: (c: Comet38Client) => Promise<T>): Promise<T> {
  const client = await Comet38Client.connect(url);
  try { return await fn(client); } finally { client.disconnect(); }
}

const bankBalances: Handler = async (url, [address], output) => {
  requireAddress(address!);
  const balances = await withStargate(url, (c) => c.getAllBalances(address!));
  print(output, { address, balances }, balances.length === 0 ? 'no balances' : balances.map((c) => `${c.amount} ${c.denom}`).join('\n'));
};

const bankBalance: Handler = async (url, [address, denom], output) => {
  requireAddress(address!);
  if (!/^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/.test(denom!)) throw new CliError('CLI_BAD_ARGS', `"${denom}" is not a valid denom`);
  const c = await withStargate(url, (cl) => cl.getBalance(address!, denom!));
  print(output, c, `${c.amount} ${c.denom}`);
};

const account: Handler = async (url, [address], output) => {
  requireAddress(address!);
  const acc = await withStargate(url, (c) => c.getAccount(address!));
  if (!acc) throw new CliError('CLI_ACCOUNT_NOT_FOUND', `account ${address} not found (it has never received funds)`);
  print(output, {
    address: acc.address,
    account_number: String(acc.accountNumber),
    sequence: String(acc.sequence),
    pub_key: acc.pubkey ? { type: acc.pubkey.type, value: acc.pubkey.value as unknown } : null,
  });
};

const tx: Handler = async (url, [hash], output) => {
  if (!/^[0-9a-fA-F]{64}$/.test(hash!)) throw new CliError('CLI_BAD_ARGS', `"${hash}" is not a tx hash (64 hex characters)`);
  const t = await withStargate(url, (c) => c.getTx(hash!.toUpperCase()));
  if (!t) throw new CliError('CLI_TX_NOT_FOUND', `transaction ${hash!.toUpperCase()} not found`);
  let body: { memo: string; messages: string[]; fee: unknown } | null = null;
  try {
    const d = decodeTxRaw(t.tx);
    body = { memo: d.body.memo, messages: d.body.messages.map((m) => m.typeUrl), fee: d.authInfo.fee ? { amount: d.authInfo.fee.amount, gas_limit: String(d.authInfo.fee.gasLimit) } : null };
  } catch {
    body = null; // the node stores what was committed; an undecodable body is still worth showing the rest of
  }
  print(output, {
    txhash: t.hash, height: t.height, index: t.txIndex, code: t.code, gas_wanted: String(t.gasWanted), gas_used: String(t.gasUsed),
    raw_log: t.rawLog, tx: body, events: t.events.map((e) => ({ type: e.type, attributes: e.attributes.map((a) => ({ key: a.key, value: a.value })) })),
  });
};

const block: Handler = async (url, args, output) => {
  let height: number | undefined;
  if (args[0] !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(args[0])) throw new CliError('CLI_BAD_ARGS', `block height must be a positive integer, got "${args[0]}"`);
    height = Number(args[0]);
  }
  const r = await withComet(url, (c) => c.block(height));
  const h = r.block.header;
  print(output, {
    block_id: { hash: toHex(r.blockId.hash).toUpperCase() },
    header: {
      chain_id: h.chainId, height: String(h.height), time: h.time.toISOString(), proposer_address: toHex(h.proposerAddress).toUpperCase(),
      app_hash: toHex(h.appHash).toUpperCase(), last_block_id: toHex(h.lastBlockId?.hash ?? new Uint8Array()).toUpperCase(),
    },
    num_txs: r.block.txs.length,
    txs: r.block.txs.map((t) => toBase64(t)),
  });
};

const status: Handler = async (url, _args, output) => {
  const s = await withComet(url, (c) => c.status());
  print(output, {
    node_info: { id: toHex(s.nodeInfo.id), network: s.nodeInfo.network, version: s.nodeInfo.version, moniker: s.nodeInfo.moniker },
    sync_info: {
      latest_block_height: String(s.syncInfo.latestBlockHeight), latest_block_hash: toHex(s.syncInfo.latestBlockHash).toUpperCase(),
      latest_app_hash: toHex(s.syncInfo.latestAppHash).toUpperCase(), latest_block_time: s.syncInfo.latestBlockTime.toISOString(), catching_up: s.syncInfo.catchingUp,
    },
    validator_info: { address: toHex(s.validatorInfo.address).toUpperCase(), voting_power: String(s.validatorInfo.votingPower) },
  });
};
