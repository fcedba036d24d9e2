// Staking and slashing against a real devnet node: the unmodified cosmjs client
// (delegateTokens / undelegateTokens, staking and slashing query extensions) and the CLI
// (create-validator of a second key that joins the set).
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { GasPrice, QueryClient, SigningStargateClient, setupSlashingExtension, setupStakingExtension } from '@cosmjs/stargate';
import { Comet38Client } from '@cosmjs/tendermint-rpc';
import { jest } from '@jest/globals';
import { seedcastRegistry } from '../../src/client/registry.js';
import { ROOT, devnetWallet, latestHeight, rpcCall, startDevnetNode, tempHome, waitForHeight, type NodeProcess } from '../helpers/devnet.js';

jest.setTimeout(120_000);

let node: NodeProcess;
let comet: Comet38Client;
let q: ReturnType<typeof makeQueries>;
const makeQueries = (c: Comet38Client) => QueryClient.withExtensions(c, setupStakingExtension, setupSlashingExtension);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'seedcast'), ...args, '--home', node.home, '--node', node.rpc], { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function height(): Promise<number> {
  return latestHeight(node.rpc);
}

beforeAll(async () => {
  node = await startDevnetNode(tempHome('staking'), { extraArgs: ['--timeout-commit', '200ms'] });
  comet = await Comet38Client.connect(node.rpc);
  q = makeQueries(comet);
});

afterAll(async () => {
  comet?.disconnect();
  expect(await node?.stop()).toBe(0);
});

test('cosmjs delegateTokens / undelegateTokens and the staking and slashing query extensions', async () => {
  const { validators } = await q.staking.validators('BOND_STATUS_BONDED');
  expect(validators).toHaveLength(1);
  const valoper = validators[0].operatorAddress;
  expect(valoper).toMatch(/^seedvaloper1/);
  expect((await q.staking.params()).params.bondDenom).toBe('useed');
  expect(BigInt((await q.staking.pool()).pool.bondedTokens)).toBe(BigInt(validators[0].tokens));

  const bob = await devnetWallet('bob');
  const [{ address }] = await bob.getAccounts();
  const client = await SigningStargateClient.connectWithSigner(node.rpc, bob, { gasPrice: GasPrice.fromString('0.025useed'), registry: seedcastRegistry() });
  try {
    const d = await client.delegateTokens(address, valoper, { denom: 'useed', amount: '2000000' }, 'auto');
    expect(d.code).toBe(0);
    const del = await q.staking.delegation(address, valoper);
    expect(del.delegationResponse?.balance).toEqual({ denom: 'useed', amount: '2000000' });
    expect((await q.staking.delegatorDelegations(address)).delegationResponses).toHaveLength(1);

    const u = await client.undelegateTokens(address, valoper, { denom: 'useed', amount: '500000' }, 'auto');
    expect(u.code).toBe(0);
    const ubd = await q.staking.unbondingDelegation(address, valoper);
    expect(ubd.unbond.entries.map((e) => e.balance)).toEqual(['500000']);
    expect((await q.staking.delegation(address, valoper)).delegationResponse?.balance.amount).toBe('1500000');

    // More than delegated: refused with the staking module's code.
    await expect(client.undelegateTokens(address, valoper, { denom: 'useed', amount: '99000000' }, 200_000)).rejects.toThrow(/delegated|shares/);
  } finally {
    client.disconnect();
  }

  const infos = await q.slashing.signingInfos();
  expect(infos.info.length).toBeGreaterThanOrEqual(1);
  expect(infos.info[0].address).toMatch(/^seedvalcons1/);
  expect((await q.slashing.params()).params.signedBlocksWindow).toBe(100n);
});

test('CLI create-validator of a second key: it joins the validator set; queries show it', async () => {
  const pub = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  // Power 1 against the devnet validator's ~11: well under 1/3, so the single signer keeps committing.
  const r = await cli(['tx', 'staking', 'create-validator', '--amount', '1000000useed', '--moniker', 'second', '--pubkey', pub, '--commission-rate', '0.10', '--from', 'carol', '--yes', '--output', 'json']);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout).code).toBe(0);

  const bad = await cli(['tx', 'staking', 'create-validator', '--amount', '1000000useed', '--moniker', 'x', '--pubkey', pub, '--commission-rate', '1.5', '--from', 'dave', '--yes']);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/at most 1/);

  const start = await height();
  await waitForHeight(node.rpc, start + 3);
  const vals = (await rpcCall(node.rpc, 'validators', {})).result;
  expect(vals.validators).toHaveLength(2);
  expect(vals.validators.map((v: any) => v.pub_key.value)).toContain(pub);

  const list = await cli(['query', 'staking', 'validators', '--output', 'json']);
  expect(list.code).toBe(0);
  const parsed = JSON.parse(list.stdout).validators;
  const second = parsed.find((v: any) => v.description.moniker === 'second');
  expect(second).toMatchObject({ status: 'BOND_STATUS_BONDED', tokens: '1000000', jailed: false, commission: { rate: '0.100000000000000000' } });

  const info = await cli(['query', 'slashing', 'signing-info', second.operator_address, '--output', 'json']);
  expect(info.stderr).toBe('');
  expect(JSON.parse(info.stdout)).toMatchObject({ tombstoned: false, address: expect.stringMatching(/^seedvalcons1/) });
  // The chain keeps committing with one of two validators silent.
  await waitForHeight(node.rpc, (await height()) + 2);
});
