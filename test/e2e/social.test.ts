// Issue 6 end to end on a single-validator devnet node process: the real cosmjs client with our
// exported registry signs and broadcasts every social message; two real `ws` clients subscribed
// to a creator and to a tag receive the new card and its reactions live; the CLI shows the exact
// counts, the feeds and the thread, and refuses the bad input with a clear error and exit
// 1; the node serves the creator's JSON Feed and RSS.
import { jest } from '@jest/globals';
import type { DirectSecp256k1HdWallet, EncodeObject } from '@cosmjs/proto-signing';
import { GasPrice, SigningStargateClient, type DeliverTxResponse } from '@cosmjs/stargate';
import WebSocket from 'ws';
import { seedcastRegistry } from '../../src/client/registry.js';
import { devnetAccounts, devnetWallet, startDevnetNode, tempHome, type NodeProcess } from '../helpers/devnet.js';
import { runCliAsync } from '../helpers/testnet.js';

jest.setTimeout(120_000);

const [alice, bob, carol] = devnetAccounts().map((a) => a.address) as [string, string, string];
let node: NodeProcess;
const clients: Record<string, SigningStargateClient> = {};
const sockets: WebSocket[] = [];

async function signer(name: string): Promise<SigningStargateClient> {
  const wallet: DirectSecp256k1HdWallet = await devnetWallet(name);
  return SigningStargateClient.connectWithSigner(node.rpc, wallet, {
    registry: seedcastRegistry(), gasPrice: GasPrice.fromString('0.025useed'), broadcastPollIntervalMs: 200,
  });
}

async function send(name: string, address: string, typeUrl: string, value: object): Promise<DeliverTxResponse> {
  const r = await clients[name]!.signAndBroadcast(address, [{ typeUrl, value } as EncodeObject], 'auto');
  if (r.code !== 0) throw new Error(`${typeUrl} by ${name} failed: ${r.rawLog}`);
  return r;
}
const social = (name: string, address: string, msg: string, value: object) => send(name, address, `/seedcast.social.v1.${msg}`, value);

function textPost(creator: string, over: { title?: string; body: string; tags: string[]; parentId?: bigint }) {
  return {
    creator, contentId: new Uint8Array(), salt: new Uint8Array(), size: 0n, blockSize: 0, pieceSize: 0, mimeType: '', title: over.title ?? '',
    body: over.body, tags: over.tags, links: [], parentId: over.parentId ?? 0n, editionCap: 0n, resaleRoyaltyBps: 0, keyAgents: [],
  };
}

/** A ws client subscribed to `query`: every event it receives, in order. */
async function subscriber(query: string): Promise<{ events: Record<string, string[]>[]; waitFor(pred: (e: Record<string, string[]>) => boolean): Promise<void> }> {
  const ws = new WebSocket(`${node.rpc.replace('http', 'ws')}/websocket`);
  sockets.push(ws);
  const events: Record<string, string[]>[] = [];
  const waiters: { pred: (e: Record<string, string[]>) => boolean; resolve(): void }[] = [];
  let subscribed!: () => void;
  let refused!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => { subscribed = resolve; refused = reject; });
  ws.on('message', (d) => {
    const msg = JSON.parse(String(d));
    if (msg.error) return refused(new Error(`subscribe ${query}: ${JSON.stringify(msg.error)}`));
    if (msg.id === 1 && msg.result && !msg.result.events) return subscribed();
    const e = msg.result?.events as Record<string, string[]> | undefined;
    if (!e) return;
    events.push(e);
    for (const w of waiters.filter((x) => x.pred(e))) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { query } }));
  await ready;
  return {
    events,
    waitFor: (pred) => (events.some(pred) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pred, resolve }))),
  };
}

async function cli(args: string[]): Promise<string> {
  const r = await runCliAsync([...args, '--node', node.rpc, '--home', node.home]);
  if (r.code !== 0) throw new Error(`seedcast ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}
const json = async (args: string[]) => JSON.parse(await cli([...args, '--output', 'json']));

async function cliFails(args: string[]): Promise<string> {
  const r = await runCliAsync([...args, '--node', node.rpc, '--home', node.home, ...(args[0] === 'tx' ? ['--yes'] : [])]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^Error: /);
  expect(r.stderr).not.toMatch(/internal|at .*\.ts:\d+/);
  return r.stderr;
}

const cardAction = (id: string, action: string) => (e: Record<string, string[]>) => (e['card.id'] ?? []).includes(id) && (e['card.action'] ?? []).includes(action);

beforeAll(async () => {
  node = await startDevnetNode(tempHome('social'), { extraArgs: ['--timeout-commit', '200ms'] });
  for (const name of ['alice', 'bob', 'carol']) clients[name] = await signer(name);
});

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  for (const c of Object.values(clients)) c.disconnect();
  await node?.stop();
});

let cardId: string;
let commentId: string;

test('cosmjs signs every social message; ws subscribers to a creator and a tag see the card and reactions live', async () => {
  const byCreator = await subscriber(`tm.event='Tx' AND card.creator='${alice}'`);
  const byTag = await subscriber(`tm.event='Tx' AND card.tag='film'`);

  const published = await send('alice', alice, '/seedcast.content.v1.MsgPublishCard', textPost(alice, { title: 'Dawn over the dunes', body: 'A short film, shot at dawn.', tags: ['film', 'desert'] }));
  cardId = published.events.find((e) => e.type === 'card')!.attributes.find((a) => a.key === 'id')!.value;
  const id = BigInt(cardId);
  await Promise.all([byCreator.waitFor(cardAction(cardId, 'publish')), byTag.waitFor(cardAction(cardId, 'publish'))]);

  // Bob and carol in parallel (each account's txs in order).
  await Promise.all([
    (async () => {
      await social('bob', bob, 'MsgReact', { reactor: bob, cardId: id, kind: 'fire' });
      await social('bob', bob, 'MsgReact', { reactor: bob, cardId: id, kind: ':tada:' });
      await social('bob', bob, 'MsgUnreact', { reactor: bob, cardId: id, kind: ':tada:' });
      await social('bob', bob, 'MsgFollow', { follower: bob, followee: alice });
      await social('bob', bob, 'MsgTip', { tipper: bob, cardId: id, amount: { denom: 'useed', amount: '250000' } });
      await social('bob', bob, 'MsgView', { viewer: bob, cardId: id });
      const c = await send('bob', bob, '/seedcast.content.v1.MsgPublishCard', textPost(bob, { body: 'The light at 2:10!', tags: ['film'], parentId: id }));
      commentId = c.events.find((e) => e.type === 'card')!.attributes.find((a) => a.key === 'id')!.value;
    })(),
    (async () => {
      await social('carol', carol, 'MsgFollow', { follower: carol, followee: alice });
      await social('carol', carol, 'MsgUnfollow', { follower: carol, followee: alice });
      await social('carol', carol, 'MsgReact', { reactor: carol, cardId: id, kind: 'fire' });
      await social('carol', carol, 'MsgView', { viewer: carol, cardId: id });
    })(),
  ]);

  for (const sub of [byCreator, byTag]) {
    await sub.waitFor(() => sub.events.filter(cardAction(cardId, 'react')).length >= 3);
    await sub.waitFor(cardAction(cardId, 'unreact'));
    await sub.waitFor(cardAction(cardId, 'tip'));
    await sub.waitFor(cardAction(cardId, 'view'));
    const reacts = sub.events.filter(cardAction(cardId, 'react'));
    expect(reacts.flatMap((e) => e['reaction.reactor'] ?? []).sort()).toEqual([bob, bob, carol].sort());
    expect(reacts.flatMap((e) => e['reaction.kind'] ?? []).sort()).toEqual([':tada:', 'fire', 'fire']);
  }
  // The comment is bob's card tagged film: the tag subscriber sees it, alice's does not.
  await byTag.waitFor(cardAction(commentId, 'publish'));
  expect(byTag.events.find(cardAction(commentId, 'publish'))!['card.parent_id']).toEqual([cardId]);
  expect(byCreator.events.some((e) => (e['card.id'] ?? []).includes(commentId))).toBe(false);
  // Follows touch no card: neither subscription matched them.
  expect([...byCreator.events, ...byTag.events].some((e) => e['follow.follower'])).toBe(false);
});

test('the CLI shows the card with exact counts, the feeds, the thread and the follow graph', async () => {
  const shown = await json(['query', 'social', 'card', cardId]);
  expect(shown.card).toMatchObject({ id: cardId, creator: alice, title: 'Dawn over the dunes', tags: ['film', 'desert'], content_id: '' });
  expect(shown.stats).toMatchObject({
    reactions: { fire: '2' }, reactions_total: '2', comments: '1', views: '2', paid_views: '0',
    tips: { denom: 'useed', amount: '250000' }, tippers: '1', licenses_sold: '0',
  });
  expect(BigInt(shown.stats.score)).toBeGreaterThan(0n);
  const text = await cli(['query', 'social', 'card', cardId]);
  expect(text).toContain('reactions: fire 2');
  expect(text).toContain('views: 2   paid views: 0');

  // One more through the CLI's own tx path, then the counts move.
  expect(await json(['tx', 'social', 'react', cardId, 'clap', '--from', 'carol', '--yes'])).toMatchObject({ code: 0 });
  expect((await json(['query', 'social', 'reactions', cardId])).reactions).toEqual(
    expect.arrayContaining([{ kind: 'clap', reactor: carol }, { kind: 'fire', reactor: bob }, { kind: 'fire', reactor: carol }]),
  );

  const ids = (r: { items: { card: { id: string } }[] }) => r.items.map((i) => i.card.id);
  expect(ids(await json(['query', 'social', 'feed', '--following', bob]))).toEqual([cardId]);
  expect(ids(await json(['query', 'social', 'feed', '--following', carol]))).toEqual([]);
  expect(ids(await json(['query', 'social', 'feed', '--tag', 'film']))).toEqual([commentId, cardId]);
  expect(ids(await json(['query', 'social', 'feed', '--creator', alice]))).toEqual([cardId]);
  const thread = await json(['query', 'social', 'thread', cardId]);
  expect(thread.items).toHaveLength(1);
  expect(thread.items[0].card).toMatchObject({ id: commentId, creator: bob, parent_id: cardId, body: 'The light at 2:10!' });
  expect(ids(await json(['query', 'social', 'trending', '--limit', '5']))).toContain(cardId);
  expect((await json(['query', 'social', 'followers', alice])).followers).toEqual([bob]);
  expect((await json(['query', 'social', 'following', carol])).following).toEqual([]);
  expect(await cli(['query', 'social', 'feed', '--tag', 'film'])).toMatch(new RegExp(`^#${commentId} The light at 2:10!  by ${bob}`, 'm'));
});

test('bad input through the CLI: clear errors, exit 1, nothing counted', async () => {
  expect(await cliFails(['tx', 'social', 'react', '999999', 'like', '--from', 'bob'])).toMatch(/card 999999 does not exist/);
  expect(await cliFails(['tx', 'social', 'react', cardId, 'fire', '--from', 'bob'])).toMatch(/already reacted with fire/);
  expect(await cliFails(['tx', 'social', 'unreact', cardId, 'love', '--from', 'bob'])).toMatch(/has no love reaction on card/);
  expect(await cliFails(['tx', 'social', 'react', cardId, 'meh', '--from', 'bob'])).toMatch(/reaction kind must be one of/);
  expect(await cliFails(['tx', 'social', 'follow', bob, '--from', 'bob'])).toMatch(/cannot follow itself/);
  expect(await cliFails(['tx', 'social', 'tip', cardId, '0useed', '--from', 'bob'])).toMatch(/tip amount must be positive/);
  expect(await cliFails(['tx', 'social', 'tip', cardId, '-5useed', '--from', 'bob'])).toMatch(/tip amount must be positive/);
  expect(await cliFails(['tx', 'social', 'comment', cardId, '--body', 'x'.repeat(20_001), '--from', 'bob'])).toMatch(/--body has 20001 characters, at most 20000/);
  expect(await cliFails(['tx', 'social', 'comment', cardId, '--body', 'hi', '--tags', 'a,b,c,d,e,f,g,h,i,j,k', '--from', 'bob'])).toMatch(/--tags has 11 tags, at most 10/);
  expect(await cliFails(['query', 'social', 'card', '999999'])).toMatch(/card 999999 not found/);
  expect(await cliFails(['query', 'social', 'feed', '--tag', 'film', '--creator', alice])).toMatch(/exactly one of/);
  const after = await json(['query', 'social', 'card', cardId]);
  expect(after.stats).toMatchObject({ reactions_total: '3', comments: '1', tips: { amount: '250000' } });
});

test('the node serves the creator feed as JSON Feed and RSS', async () => {
  const j = await fetch(`${node.rpc}/feed/creator/${alice}.json`);
  expect(j.status).toBe(200);
  expect(j.headers.get('content-type')).toMatch(/json/);
  const feed = await j.json() as { version: string; items: { title?: string }[] };
  expect(feed.version).toMatch(/jsonfeed\.org\/version\/1\.1/);
  expect(feed.items.map((i) => i.title)).toContain('Dawn over the dunes');
  const x = await fetch(`${node.rpc}/feed/creator/${alice}.xml`);
  expect(x.status).toBe(200);
  const rss = await x.text();
  expect(rss).toMatch(/<rss[^>]*version="2\.0"/);
  expect(rss).toContain('Dawn over the dunes');
});
