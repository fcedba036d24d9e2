// End to end through the CLI only: `start --devnet` in a temp home, then tx and queries against it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execFile, spawn, type ChildProcess } from 'node:child_process';

const BIN = path.join(process.cwd(), 'bin', 'seedcast');
const accounts = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'genesis', 'devnet-accounts.json'), 'utf8')).accounts as { name: string; address: string }[];
const [alice, bob] = [accounts[0]!, accounts[1]!];
const env = { ...process.env, NODE_OPTIONS: '', SEEDCAST_HOME: '' };

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function json(args: string[]): Promise<any> {
  const r = await cli([...args, '--output', 'json']);
  if (r.code !== 0) throw new Error(`seedcast ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

let node: ChildProcess | undefined;
let nodeStderr = '';

afterAll(() => {
  if (node && node.exitCode === null) node.kill('SIGKILL');
});

test('start --devnet, send tokens and query them, all through the CLI; SIGTERM stops it cleanly', async () => {
  const home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-e2e-')), 'home');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  node = spawn(process.execPath, [BIN, 'start', '--devnet', '--home', home, '--rpc.laddr', `tcp://127.0.0.1:${port}`, '--p2p.laddr', `tcp://127.0.0.1:${await freePort()}`, '--timeout-commit', '200ms'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  node.stderr!.on('data', (d: Buffer) => { nodeStderr = (nodeStderr + d.toString()).slice(-4000); });
  const exited = new Promise<number | null>((r) => node!.once('exit', (code) => r(code)));

  // Up when it prints its RPC URL (or fail with what it said).
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`node did not come up: ${nodeStderr}`)), 30_000);
    node!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`RPC ${url}`)) { clearTimeout(timer); resolve(); }
    });
    node!.once('exit', (code) => { clearTimeout(timer); reject(new Error(`node exited ${code}: ${nodeStderr}`)); });
  });

  const status = await json(['status', '--node', url]);
  expect(status.node_info.network).toBe('seedcast-devnet');

  const before = await json(['query', 'bank', 'balance', bob.address, 'useed', '--node', url]);
  const sent = await json(['tx', 'bank', 'send', 'alice', bob.address, '10useed', '--home', home, '--node', url, '--yes']);
  expect(sent.code).toBe(0);
  expect(sent.txhash).toMatch(/^[0-9A-F]{64}$/);
  expect(sent.height).toBeGreaterThan(0);

  const balances = await json(['query', 'bank', 'balances', bob.address, '--node', url]);
  expect(balances.balances).toEqual([{ denom: 'useed', amount: String(BigInt(before.amount) + 10n) }]);

  const tx = await json(['query', 'tx', sent.txhash, '--node', url]);
  expect(tx).toMatchObject({ txhash: sent.txhash, height: sent.height, code: 0 });
  expect(tx.tx.messages).toEqual(['/cosmos.bank.v1beta1.MsgSend']);

  const acc = await json(['query', 'account', alice.address, '--node', url]);
  expect(acc).toMatchObject({ address: alice.address, sequence: '1' });
  expect(acc.pub_key.value).toBeTruthy();

  const block = await json(['query', 'block', String(sent.height), '--node', url]);
  expect(block.header.height).toBe(String(sent.height));
  expect(block.num_txs).toBeGreaterThanOrEqual(1);

  // A tx the node refuses (more than alice has) is a clear error, and the node keeps going.
  const tooMuch = await cli(['tx', 'bank', 'send', 'alice', bob.address, '9000000000000000000useed', '--home', home, '--node', url, '--yes', '--fees', '5000useed', '--gas', '200000']);
  expect(tooMuch.code).toBe(1);
  expect(tooMuch.stderr).toMatch(/^Error: .*(insufficient|failed|rejected)/i);
  expect((await json(['status', '--node', url])).node_info.network).toBe('seedcast-devnet');

  // Our own message through our registry (src/client/registry.ts, another helper's), once it exists.
  if (fs.existsSync(path.join(process.cwd(), 'src', 'client', 'registry.ts'))) {
    const prof = await json(['tx', 'social', 'set-profile', '--name', 'Alice', '--bio', 'hi', '--avatar', 'https://example.org/a.png', '--from', 'alice', '--home', home, '--node', url, '--yes']);
    expect(prof.code).toBe(0);
    expect((await json(['query', 'tx', prof.txhash, '--node', url])).tx.messages).toEqual(['/seedcast.social.v1.MsgSetProfile']);
  }

  node.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 90_000);
