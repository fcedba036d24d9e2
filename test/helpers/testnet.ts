// Test helpers for multi-process testnets: generate homes through the real CLI (`testnet --no-start`),
// run each node as a child process (start, SIGTERM, kill -9, SIGSTOP/SIGCONT), wait for heights,
// and check that every node reports the same block hash and app hash at every height they share.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { Keyring } from '../../src/keys/keyring.js';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { latestHeight, ROOT, rpcCall, tempHome } from './devnet.js';
import { NODE_V8_FLAGS } from '../../src/cli/nodeFlags.js';

export interface TestnetNodeInfo { name: string; home: string; rpc: string; p2p: string }
export interface TestnetAccount { name: string; mnemonic: string; address: string }

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** A base port whose next `count` ports are all free (tests run in parallel; pick a random block). */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 15_000);
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = await portFree(p);
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

export interface CliRun { code: number | null; stdout: string; stderr: string }

/** Runs the CLI in the background (for long commands that run while the test acts on nodes). */
export function runCliAsync(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'seedcast'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the CLI synchronously (for short commands); throws with its output on failure. */
export function runCli(args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'seedcast'), ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`seedcast ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

export class TestnetNode {
  child: ChildProcess | undefined;
  private out = '';
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly info: TestnetNodeInfo, private readonly extraArgs: string[] = []) {}

  get rpc(): string { return this.info.rpc; }
  get running(): boolean { return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null; }
  /** Everything this node printed, across restarts. */
  output(): string { return this.out; }

  start(args: string[] = []): void {
    if (this.running) throw new Error(`${this.info.name} is already running`);
    // The node's own V8 flags, then SEEDCAST_NODE_ARGS (e.g. --cpu-prof for benchmarks).
    const nodeArgs = [...NODE_V8_FLAGS, ...(process.env.SEEDCAST_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin', 'seedcast'), 'start', '--home', this.info.home, ...this.extraArgs, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    this.out += `--- start ${this.info.name} ---\n`;
    child.stdout!.on('data', (d) => (this.out += d));
    child.stderr!.on('data', (d) => (this.out += d));
    this.exited = new Promise((r) => child.once('exit', () => r()));
    this.child = child;
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    if (!this.running) return;
    this.child!.kill(sig);
    await this.exited;
  }

  /** Graceful stop (SIGTERM); a paused node is resumed first so it can handle the signal. */
  async stop(): Promise<void> {
    if (this.running) this.child!.kill('SIGCONT');
    await this.signal('SIGTERM');
  }

  kill9(): Promise<void> { return this.signal('SIGKILL'); }
  pause(): void { if (this.running) this.child!.kill('SIGSTOP'); }
  resume(): void { if (this.running) this.child!.kill('SIGCONT'); }

  height(): Promise<number> { return latestHeight(this.rpc); }
}

export interface TestnetOptions { validators?: number; accounts?: number; dir?: string; nodeArgs?: string[] }

export class Testnet {
  readonly nodes: TestnetNode[];
  private constructor(readonly dir: string, readonly chainId: string, infos: TestnetNodeInfo[], readonly accounts: TestnetAccount[], nodeArgs: string[]) {
    this.nodes = infos.map((i) => new TestnetNode(i, nodeArgs));
  }

  /** Generates the homes through `seedcast testnet --no-start` on a free port range; starts nothing. */
  static async create(opts: TestnetOptions = {}): Promise<Testnet> {
    const n = opts.validators ?? 4;
    const dir = opts.dir ?? tempHome('testnet');
    const base = await freePortRange(2 * n);
    runCli(['testnet', '--validators', String(n), '--home', dir, '--no-start', '--base-port', String(base), '--accounts', String(opts.accounts ?? 6), '--output', 'json']);
    const manifest = JSON.parse(readFileSync(join(dir, 'testnet.json'), 'utf8'));
    const accounts = JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8'));
    return new Testnet(dir, manifest.chain_id, manifest.nodes, accounts, opts.nodeArgs ?? []);
  }

  startAll(): void { for (const n of this.nodes) if (!n.running) n.start(); }
  running(): TestnetNode[] { return this.nodes.filter((n) => n.running); }
  async stopAll(): Promise<void> { await Promise.all(this.nodes.map((n) => n.stop())); }
  account(name: string): TestnetAccount {
    const a = this.accounts.find((x) => x.name === name);
    if (!a) throw new Error(`no testnet account ${name}`);
    return a;
  }

  /**
   * A fresh full node of this network: its own home with the network's genesis, the named
   * accounts in its keyring, node0 as persistent peer. Added to `nodes`, not started.
   */
  async addFullNode(name: string, opts: { keys?: string[]; args?: string[] } = {}): Promise<TestnetNode> {
    const home = join(this.dir, name);
    runCli(['init', '--home', home, '--chain-id', this.chainId, '--moniker', name]);
    copyFileSync(join(this.nodes[0]!.info.home, 'config', 'genesis.json'), join(home, 'config', 'genesis.json'));
    const keyring = Keyring.open(home, 'test');
    for (const k of opts.keys ?? []) await keyring.add(k, { mnemonic: this.account(k).mnemonic });
    const base = await freePortRange(2);
    const node = new TestnetNode({ name, home, rpc: `http://127.0.0.1:${base + 1}`, p2p: '' }, [
      '--p2p.laddr', `tcp://127.0.0.1:${base}`, '--rpc.laddr', `tcp://127.0.0.1:${base + 1}`, '--p2p.persistent_peers', this.nodes[0]!.info.p2p, ...(opts.args ?? []),
    ]);
    this.nodes.push(node);
    return node;
  }

  /** Waits until every given node (default: the running ones) has committed `height`. */
  async waitForHeight(height: number, opts: { nodes?: TestnetNode[]; timeoutMs?: number } = {}): Promise<void> {
    const nodes = opts.nodes ?? this.running();
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    for (;;) {
      const hs = await Promise.all(nodes.map((n) => n.height().catch(() => 0)));
      if (hs.every((h) => h >= height)) return;
      if (Date.now() > deadline) throw new Error(`height ${height} not reached in time; heights ${nodes.map((n, i) => `${n.info.name}=${hs[i]}`).join(' ')}\n${this.logTails()}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** The highest height any of the given nodes (default: running) has committed. */
  async maxHeight(nodes: TestnetNode[] = this.running()): Promise<number> {
    const hs = await Promise.all(nodes.map((n) => n.height().catch(() => 0)));
    return Math.max(0, ...hs);
  }

  /** Asserts block hash and app hash agree at every height from 1 that all `nodes` share; returns that height. */
  async assertAgreement(nodes: TestnetNode[] = this.running()): Promise<number> {
    const tops = await Promise.all(nodes.map((n) => n.height()));
    const shared = Math.min(...tops);
    const seen = new Map<number, { node: string; hash: string; appHash: string }>();
    for (const node of nodes) {
      for (const [h, meta] of await blockMetas(node.rpc, 1, shared)) {
        const first = seen.get(h);
        if (!first) { seen.set(h, { node: node.info.name, ...meta }); continue; }
        if (first.hash !== meta.hash || first.appHash !== meta.appHash) {
          throw new Error(`fork at height ${h}: ${first.node} has block ${first.hash} app ${first.appHash}, ${node.info.name} has block ${meta.hash} app ${meta.appHash}`);
        }
      }
    }
    for (let h = 1; h <= shared; h++) if (!seen.has(h)) throw new Error(`no node returned height ${h}`);
    return shared;
  }

  /** Polls `probe` until it returns a value (a throw counts as not yet); on timeout the error carries the nodes' log tails. */
  async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe().catch(() => undefined);
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${this.logTails(15)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  logTails(lines = Number(process.env.LOG_TAIL_LINES ?? 12)): string {
    // Routine per-block lines would push out what explains a failure.
    const routine = /committed block|block sync (starting|caught up)/;
    return this.nodes.map((n) => `--- ${n.info.name} (${n.running ? 'running' : 'stopped'}) ---\n${n.output().split('\n').filter((l) => !routine.test(l)).slice(-lines).join('\n')}`).join('\n');
  }
}

/** Block hash and app hash at heights [from, to], 20 per `blockchain` call. */
export async function blockMetas(rpc: string, from: number, to: number): Promise<Map<number, { hash: string; appHash: string }>> {
  const out = new Map<number, { hash: string; appHash: string }>();
  for (let max = to; max >= from; max -= 20) {
    const min = Math.max(from, max - 19);
    const j = await rpcCall(rpc, 'blockchain', { minHeight: String(min), maxHeight: String(max) });
    if (j.error) throw new Error(`blockchain ${min}-${max} on ${rpc}: ${JSON.stringify(j.error)}`);
    for (const m of j.result.block_metas) out.set(Number(m.header.height), { hash: m.block_id.hash, appHash: m.header.app_hash });
  }
  return out;
}

/** Height of the block that holds tx `hash` on `rpc`, or undefined if that node does not have it. */
export async function txHeight(rpc: string, hash: string): Promise<number | undefined> {
  const j = await rpcCall(rpc, 'tx', { hash: Buffer.from(hash, 'hex').toString('base64') });
  return j.result ? Number(j.result.height) : undefined;
}
