// The README's cosmjs example, run as a newcomer would run it, against a real devnet node.
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startDevnetNode, tempHome, type NodeProcess } from '../helpers/devnet.js';

jest.setTimeout(120_000);

let node: NodeProcess;
beforeAll(async () => {
  node = await startDevnetNode(tempHome('readme'));
});
afterAll(async () => {
  await node?.stop();
});

test('the README example sends tokens, sets a profile, posts and reacts', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const example = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.includes('SigningStargateClient'));
  expect(example).toBeDefined();
  // Beside the README, so its relative imports resolve as they do for a reader.
  const file = join(ROOT, `.readme-example-${process.pid}.ts`);
  writeFileSync(file, example!);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', SEEDCAST_RPC: node.rpc },
    });
    expect(stdout).toMatch(/^sent [0-9A-F]{64} at height \d+$/m);
    expect(stdout).toMatch(/^profile set, code 0$/m);
    expect(stdout).toMatch(/^reacted to card \d+, code 0$/m);
  } finally {
    rmSync(file, { force: true });
  }
});
