// The CLI as a user runs it: a real child process through bin/seedcast.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawnSync } from 'node:child_process';

const BIN = path.join(process.cwd(), 'bin', 'seedcast');
const accounts = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'genesis', 'devnet-accounts.json'), 'utf8')).accounts as { name: string; mnemonic: string; address: string }[];

function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '', encoding: 'utf8', timeout: 20_000,
    env: { ...process.env, NODE_OPTIONS: '', SEEDCAST_HOME: '', SEEDCAST_KEYRING_PASSPHRASE: '', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUserError(r: { code: number | null; stderr: string }, msg: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.stderr).not.toMatch(/internal/);
}

/** A port nobody listens on: bind an ephemeral one, then free it. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'seedcast-cli-'));

test('init --devnet (json), then refusing to overwrite', () => {
  const home = path.join(tmp(), 'h');
  const r = run(['init', '--devnet', '--home', home, '--output', 'json']);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ home, chain_id: 'seedcast-devnet', keys: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'] });
  expect(out.validator_address).toMatch(/^[0-9A-F]{40}$/);
  expectUserError(run(['init', '--devnet', '--home', home]), /refusing to overwrite/);

  const list = run(['keys', 'list', '--home', home, '-o', 'json']);
  expect(JSON.parse(list.stdout).map((k: { address: string }) => k.address)).toEqual(accounts.map((a) => a.address));
  const show = run(['keys', 'show', 'bob', '--address', '--home', home]);
  expect(show.stdout.trim()).toBe(accounts[1]!.address);
});

test('keys add --recover (file backend, passphrase from env), show, delete', () => {
  const home = tmp();
  const env = { SEEDCAST_KEYRING_PASSPHRASE: 'a long passphrase' };
  const add = run(['keys', 'add', 'k1', '--recover', '--keyring-backend', 'file', '--home', home, '-o', 'json'], { input: accounts[2]!.mnemonic + '\n', env });
  expect(add.code).toBe(0);
  expect(JSON.parse(add.stdout)).toMatchObject({ name: 'k1', address: accounts[2]!.address });
  expect(add.stdout).not.toContain(accounts[2]!.mnemonic.split(' ')[0] + ' ');
  expect(fs.readFileSync(path.join(home, 'keyring-file', 'k1.json'), 'utf8')).not.toContain(accounts[2]!.mnemonic);

  expectUserError(run(['keys', 'add', 'k1', '--recover', '--keyring-backend', 'file', '--home', home], { input: accounts[2]!.mnemonic, env }), /already exists/);
  expectUserError(run(['keys', 'add', 'k2', '--recover', '--keyring-backend', 'file', '--home', home], { input: accounts[3]!.mnemonic, env: { SEEDCAST_KEYRING_PASSPHRASE: 'wrong passphrase' } }), /wrong keyring passphrase/);
  expectUserError(run(['keys', 'add', 'k2', '--recover', '--keyring-backend', 'file', '--home', home], { input: accounts[3]!.mnemonic }), /SEEDCAST_KEYRING_PASSPHRASE/);
  expectUserError(run(['keys', 'add', 'k3', '--recover', '--home', home], { input: 'not a mnemonic at all' }), /invalid mnemonic/);
  expectUserError(run(['keys', 'add', 'Bad/Name', '--home', home]), /invalid key name/);

  const show = run(['keys', 'show', 'k1', '--keyring-backend', 'file', '--home', home]);
  expect(show.stdout).toContain(`address: ${accounts[2]!.address}`);
  expect(run(['keys', 'delete', 'k1', '--yes', '--keyring-backend', 'file', '--home', home]).code).toBe(0);
  expectUserError(run(['keys', 'show', 'k1', '--keyring-backend', 'file', '--home', home]), /not found/);

  const gen = run(['keys', 'add', 'fresh', '--home', home, '-o', 'json']);
  expect(JSON.parse(gen.stdout).mnemonic.split(' ')).toHaveLength(24);
});

test('bad arguments and unreachable nodes fail fast with one clear line', async () => {
  const home = path.join(tmp(), 'h');
  expectUserError(run(['start', '--home', home]), /not initialised/);
  expectUserError(run(['frobnicate']), /unknown command "frobnicate"/);
  expectUserError(run(['keys', 'list', '--bogus']), /Unknown option '--bogus'/);
  expectUserError(run(['init', '--home', home, '--output', 'yaml']), /--output must be json or text/);
  expectUserError(run(['start', '--home', home, '--rpc.laddr', 'localhost:1']), /not initialised|tcp:\/\/HOST:PORT/);
  expect(run(['init', '--devnet', '--home', home]).code).toBe(0);
  expectUserError(run(['start', '--home', home, '--rpc.laddr', 'localhost:1']), /expected tcp:\/\/HOST:PORT/);
  expectUserError(run(['tx', 'bank', 'send', 'alice', 'seed1nothing', '10useed', '--home', home]), /not a seed1\.\.\. address/);
  expectUserError(run(['tx', 'bank', 'send', 'alice', accounts[1]!.address, '10', '--home', home]), /invalid amount/);
  expectUserError(run(['tx', 'bank', 'send', 'nobody', accounts[1]!.address, '10useed', '--home', home, '--yes']), /key "nobody" not found/);
  expectUserError(run(['tx', 'bank', 'send', 'alice', accounts[1]!.address, '10useed', '--home', home, '--fees', '1useed', '--gas-prices', '0.1useed']), /either --fees or --gas-prices/);
  expectUserError(run(['query', 'bank', 'balances', 'xyz', '--home', home]), /not a seed1\.\.\. address/);
  expectUserError(run(['query', 'tx', 'abc', '--home', home]), /64 hex/);
  expectUserError(run(['query', 'bank']), /unknown query/);
  expectUserError(run(['tx', 'social', 'set-profile', '--name', 'x', '--home', home]), /--from KEY is required/);
  expectUserError(run(['tx', 'staking', 'nope', '--from', 'alice', '--home', home]), /unknown command "tx staking nope"/);

  const port = await closedPort();
  const node = `http://127.0.0.1:${port}`;
  expectUserError(run(['status', '--node', node]), /cannot reach the node at http:\/\/127\.0\.0\.1/);
  expectUserError(run(['query', 'bank', 'balances', accounts[0]!.address, '--node', node]), /cannot reach the node/);
  expectUserError(run(['tx', 'bank', 'send', 'alice', accounts[1]!.address, '10useed', '--home', home, '--node', node]), /cannot reach the node/);
});
