// Test helpers: the devnet's public accounts, free ports, and a real node in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { NODE_V8_FLAGS } from '../../src/cli/nodeFlags.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface DevnetAccount {
  name: string;
  mnemonic: string;
  address: string;
}

export function devnetAccounts(): DevnetAccount[] {
  return JSON.parse(readFileSync(join(ROOT, 'genesis', 'devnet-accounts.json'), 'utf8')).accounts;
}

export async function devnetWallet(name: string): Promise<DirectSecp256k1HdWallet> {
  const acct = devnetAccounts().find((a) => a.name === name);
  if (!acct) throw new Error(`no devnet account ${name}`);
  return DirectSecp256k1HdWallet.fromMnemonic(acct.mnemonic, { prefix: 'seed' });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function tempHome(tag: string): string {
  return mkdtempSync(join(tmpdir(), `seedcast-${tag}-`));
}

export interface NodeProcess {
  child: ChildProcess;
  rpc: string;
  home: string;
  output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

/** Starts `bin/seedcast start --devnet` and waits until the node has committed `minHeight`. */
export async function startDevnetNode(
  home: string,
  opts: { rpcPort?: number; p2pPort?: number; minHeight?: number; extraArgs?: string[]; nodeArgs?: string[] } = {},
): Promise<NodeProcess> {
  const rpcPort = opts.rpcPort ?? (await freePort());
  const p2pPort = opts.p2pPort ?? (await freePort());
  const args = [
    ...NODE_V8_FLAGS,
    ...(opts.nodeArgs ?? []),
    join(ROOT, 'bin', 'seedcast'),
    'start',
    '--devnet',
    '--home',
    home,
    '--rpc.laddr',
    `tcp://127.0.0.1:${rpcPort}`,
    '--p2p.laddr',
    `tcp://127.0.0.1:${p2pPort}`,
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const rpc = `http://127.0.0.1:${rpcPort}`;
  const node: NodeProcess = {
    child,
    rpc,
    home,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  const deadline = Date.now() + 60_000;
  const minHeight = opts.minHeight ?? 1;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode} before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      await node.kill9();
      throw new Error(`node not ready within 60 s:\n${out}`);
    }
    const h = await latestHeight(rpc).catch(() => 0);
    if (h >= minHeight) return node;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function rpcCall(rpc: string, method: string, params: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(rpc, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return res.json();
}

export async function latestHeight(rpc: string): Promise<number> {
  const j = await rpcCall(rpc, 'status');
  return Number(j.result.sync_info.latest_block_height);
}

export async function waitForHeight(rpc: string, height: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await latestHeight(rpc)) < height) {
    if (Date.now() > deadline) throw new Error(`height ${height} not reached in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
