// Signing and broadcasting a tx for the CLI: key lookup, fee/gas flags, cosmjs client, result printing.
import { GasPrice, SigningStargateClient, BroadcastTxError, TimeoutError, calculateFee, parseCoins, type StdFee, type DeliverTxResponse, type Coin } from '@cosmjs/stargate';
import type { EncodeObject, Registry } from '@cosmjs/proto-signing';
import { CliError, nodeUrl, openKeyring, print, str, type OutputFormat, type Options, type Values } from './common.js';
import { confirm } from './prompt.js';
import { withNode } from './nodeErrors.js';

export const TX_OPTIONS: Options = {
  'keyring-backend': { type: 'string' },
  node: { type: 'string' },
  'chain-id': { type: 'string' },
  fees: { type: 'string' },
  'gas-prices': { type: 'string' },
  gas: { type: 'string' },
  'gas-adjustment': { type: 'string' },
  memo: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
};

export const DEFAULT_GAS_PRICE = '0.025useed';
// cosmjs polls for inclusion every 3 s by default; our blocks come every ~1 s.
const POLL_INTERVAL_MS = 500;

export function parseCoinList(flag: string, s: string): Coin[] {
  let coins: Coin[];
  try {
    coins = parseCoins(s);
  } catch {
    coins = [];
  }
  if (coins.length === 0 || coins.some((c) => BigInt(c.amount) <= 0n)) {
    throw new CliError('CLI_BAD_COINS', `${flag}: invalid amount "${s}": expected e.g. 10useed or 5000useed,1uother`);
  }
  return coins;
}

function parseGasAdjustment(s: string | undefined): number {
  if (s === undefined) return 1.4;
  const n = Number(s);
  if (!/^\d+(\.\d+)?$/.test(s) || !(n >= 1 && n <= 10)) throw new CliError('CLI_BAD_ARGS', `--gas-adjustment must be a number between 1 and 10, got "${s}"`);
  return n;
}

function parseGas(s: string | undefined): 'auto' | number {
  if (s === undefined || s === 'auto') return 'auto';
  if (!/^\d{1,15}$/.test(s) || Number(s) === 0) throw new CliError('CLI_BAD_ARGS', `--gas must be "auto" or a positive integer, got "${s}"`);
  return Number(s);
}

function parseGasPrice(s: string): GasPrice {
  try {
    return GasPrice.fromString(s);
  } catch {
    throw new CliError('CLI_BAD_ARGS', `--gas-prices: invalid gas price "${s}": expected e.g. ${DEFAULT_GAS_PRICE}`);
  }
}

export interface TxSummary { txhash: string; height: number; code: number; gas_wanted: string; gas_used: string; raw_log?: string }

export function summarise(r: DeliverTxResponse): TxSummary {
  return { txhash: r.transactionHash, height: r.height, code: r.code, gas_wanted: String(r.gasWanted), gas_used: String(r.gasUsed), ...(r.rawLog ? { raw_log: r.rawLog } : {}) };
}

/**
 * Signs `build(signerAddress)` with the keyring key `from` (name or address) and broadcasts it,
 * waiting for inclusion. Prints tx hash, height and code; a failed tx exits 1.
 */
export async function signAndBroadcast(
  values: Values,
  output: OutputFormat,
  from: string,
  build: (signer: string) => EncodeObject[],
  opts: { registry?: Registry; describe: string },
): Promise<void> {
  const r = await broadcastTx(values, from, build, opts);
  const summary = summarise(r);
  print(output, summary, [`txhash: ${summary.txhash}`, `height: ${summary.height}`, `code:   ${summary.code}`].join('\n'));
}

/**
 * Signs and broadcasts like signAndBroadcast, printing nothing: returns the committed result, and
 * throws a CliError when the tx is rejected, fails in its block or times out.
 */
export async function broadcastTx(
  values: Values,
  from: string,
  build: (signer: string) => EncodeObject[],
  opts: { registry?: Registry; describe: string },
): Promise<DeliverTxResponse> {
  const fees = str(values, 'fees');
  const gasPricesFlag = str(values, 'gas-prices');
  if (fees && gasPricesFlag) throw new CliError('CLI_BAD_ARGS', 'use either --fees or --gas-prices, not both');
  const gas = parseGas(str(values, 'gas'));
  const adjustment = parseGasAdjustment(str(values, 'gas-adjustment'));
  const feeCoins = fees ? parseCoinList('--fees', fees) : undefined;
  const gasPrice = parseGasPrice(gasPricesFlag ?? DEFAULT_GAS_PRICE);
  const memo = str(values, 'memo') ?? '';

  const kr = await openKeyring(values);
  const key = kr.resolve(from);
  const url = nodeUrl(values);
  const msgs = build(key.address);
  if (!values.yes && !(await confirm(`${opts.describe} from ${key.name} (${key.address}) via ${url}?`))) {
    throw new CliError('CLI_ABORTED', 'aborted: nothing was broadcast');
  }
  const signer = await (await openKeyring(values, { secret: true })).signer(key.name);

  return withNode(url, async () => {
    const client = await SigningStargateClient.connectWithSigner(url, signer, {
      gasPrice, broadcastPollIntervalMs: POLL_INTERVAL_MS, ...(opts.registry ? { registry: opts.registry } : {}),
    });
    try {
      const wantChain = str(values, 'chain-id');
      if (wantChain !== undefined) {
        const actual = await client.getChainId();
        if (actual !== wantChain) throw new CliError('CLI_WRONG_CHAIN', `--chain-id ${wantChain} does not match the node's chain ${actual}`);
      }
      let fee: StdFee | number;
      if (feeCoins) {
        const gasLimit = gas === 'auto' ? Math.ceil((await client.simulate(key.address, msgs, memo)) * adjustment) : gas;
        fee = { amount: feeCoins, gas: String(gasLimit) };
      } else {
        fee = gas === 'auto' ? adjustment : calculateFee(gas, gasPrice);
      }
      const r = await client.signAndBroadcast(key.address, msgs, fee, memo);
      if (r.code !== 0) throw new CliError('CLI_TX_FAILED', `transaction ${r.transactionHash} failed in block ${r.height} with code ${r.code}${r.rawLog ? `: ${r.rawLog}` : ''}`);
      return r;
    } catch (e) {
      if (e instanceof BroadcastTxError) {
        throw new CliError('CLI_TX_REJECTED', `transaction rejected by the node (codespace ${e.codespace || '-'}, code ${e.code})${e.log ? `: ${e.log}` : ''}`);
      }
      if (e instanceof TimeoutError) {
        throw new CliError('CLI_TX_TIMEOUT', `transaction ${e.txId} was broadcast but not seen in a block yet; check later with "seedcast query tx ${e.txId}"`);
      }
      throw e;
    } finally {
      client.disconnect();
    }
  });
}
