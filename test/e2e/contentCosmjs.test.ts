// The content module through the real, unmodified cosmjs client against a real node process:
// signAndBroadcast of MsgPublishCard / MsgAnnounceProvider with seedcastRegistry() (fee "auto",
// so Simulate runs too), queries through src/client/content.ts, and the `query content` /
// `tx content` CLI.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GasPrice, QueryClient, SigningStargateClient } from '@cosmjs/stargate';
import { Comet38Client } from '@cosmjs/tendermint-rpc';
import { jest } from '@jest/globals';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { contentQuery } from '../../src/client/content.js';
import { seedcastRegistry } from '../../src/client/registry.js';
import { MsgPublishCardResponse } from '../../src/codec/seedcast/content.js';
import { ROOT, devnetWallet, startDevnetNode, tempHome, type NodeProcess } from '../helpers/devnet.js';

jest.setTimeout(120_000);

let node: NodeProcess;
let comet: Comet38Client;
let client: SigningStargateClient;
let alice: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'seedcast'), ...args, '--home', node.home, '--node', node.rpc], { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  node = await startDevnetNode(tempHome('content'), { extraArgs: ['--timeout-commit', '200ms'] });
  comet = await Comet38Client.connect(node.rpc);
  const wallet = await devnetWallet('alice');
  [{ address: alice }] = await wallet.getAccounts();
  client = await SigningStargateClient.connectWithSigner(node.rpc, wallet, { gasPrice: GasPrice.fromString('0.025useed'), registry: seedcastRegistry() });
});

afterAll(async () => {
  client?.disconnect();
  comet?.disconnect();
  expect(await node?.stop()).toBe(0);
  if (node) rmSync(node.home, { recursive: true, force: true });
});

const contentId = new Uint8Array(32).fill(0xab);

test('publish a card and announce a provider with cosmjs; read them back through src/client/content.ts', async () => {
  const peerId = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString();
  const card = {
    creator: alice, contentId, salt: new Uint8Array(32).fill(1), size: 123_456n, blockSize: 16384, pieceSize: 0, mimeType: 'video/mp4',
    title: 'My film', body: 'seeds', tags: ['film'], links: [], parentId: 0n, editionCap: 0n, resaleRoyaltyBps: 250, keyAgents: [peerId],
    price: { denom: 'useed', amount: '5000000' }, preview: { inline: { mimeType: 'image/png', data: new Uint8Array([1, 2, 3]) } },
  };
  const res = await client.signAndBroadcast(alice, [{ typeUrl: '/seedcast.content.v1.MsgPublishCard', value: card }], 'auto');
  expect(res.code).toBe(0);
  const cardId = MsgPublishCardResponse.decode(res.msgResponses[0]!.value).cardId;
  expect(cardId).toBe(1n);
  expect(res.events.find((e) => e.type === 'card')?.attributes).toContainEqual({ key: 'content_id', value: 'ab'.repeat(32) });

  const ann = await client.signAndBroadcast(alice, [{ typeUrl: '/seedcast.content.v1.MsgAnnounceProvider', value: { provider: alice, contentId, peerId, addrs: ['/ip4/127.0.0.1/tcp/4001'] } }], 'auto');
  expect(ann.code).toBe(0);

  const q = contentQuery(QueryClient.withExtensions(comet));
  const stored = await q.card(cardId);
  expect(stored).toMatchObject({ id: 1n, creator: alice, size: 123_456n, pieceSize: 262144, title: 'My film', keyAgents: [peerId], price: { denom: 'useed', amount: '5000000' } });
  expect(stored!.createdHeight).toBe(BigInt(res.height));
  expect(await q.cardByContent('ab'.repeat(32))).toEqual(stored);
  expect((await q.cardsByCreator(alice)).cards).toEqual([stored]);
  expect((await q.providers(contentId)).providers).toEqual([{ provider: alice, peerId, addrs: ['/ip4/127.0.0.1/tcp/4001'], height: BigInt(ann.height) }]);
  expect(await q.card(99n)).toBeNull();
  expect(await q.cardByContent(new Uint8Array(32))).toBeNull();

  // A second card with the same content id: refused (already in simulate) with a clear error.
  await expect(client.signAndBroadcast(alice, [{ typeUrl: '/seedcast.content.v1.MsgPublishCard', value: { ...card, title: 'again' } }], 'auto'))
    .rejects.toThrow(/already published as card 1/);
  // An invalid field: refused, naming the field and the limit.
  await expect(client.signAndBroadcast(alice, [{ typeUrl: '/seedcast.content.v1.MsgPublishCard', value: { ...card, contentId: new Uint8Array(32), tags: ['Film'] } }], 'auto'))
    .rejects.toThrow(/card tag "Film" must be 1-32 characters of a-z, 0-9, _ and -/);
});

test('the CLI: query content card / by-content / cards / providers, tx content withdraw', async () => {
  const card = await cli(['query', 'content', 'card', '1', '--output', 'json']);
  expect(card.code).toBe(0);
  expect(JSON.parse(card.stdout)).toMatchObject({ id: '1', creator: alice, content_id: 'ab'.repeat(32), size: '123456', piece_size: 262144, preview: { inline: { mime_type: 'image/png', data: 'AQID' } } });
  const by = await cli(['query', 'content', 'by-content', 'AB'.repeat(32), '--output', 'json']);
  expect(JSON.parse(by.stdout).id).toBe('1');
  const cards = await cli(['query', 'content', 'cards', '--creator', alice, '--output', 'json']);
  expect(JSON.parse(cards.stdout).cards.map((c: { id: string }) => c.id)).toEqual(['1']);

  const missing = await cli(['query', 'content', 'card', '7']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/card 7 not found/);
  const badId = await cli(['query', 'content', 'providers', 'xyz']);
  expect(badId.code).toBe(1);
  expect(badId.stderr).toMatch(/"xyz" is not a content id \(64 hex characters\)/);

  const w = await cli(['tx', 'content', 'withdraw', 'ab'.repeat(32), '--from', 'alice', '--yes', '--output', 'json']);
  expect(w.code).toBe(0);
  expect(JSON.parse(w.stdout).code).toBe(0);
  const after = await cli(['query', 'content', 'providers', 'ab'.repeat(32), '--output', 'json']);
  expect(JSON.parse(after.stdout).providers).toEqual([]);
  const again = await cli(['tx', 'content', 'withdraw', 'ab'.repeat(32), '--from', 'alice', '--yes']);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/has no provider record for content/);
});
