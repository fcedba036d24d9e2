// Issue 4 end to end, with every node a separate process on 127.0.0.1: a creator publishes an
// encrypted file through the CLI, seeders fetch and seed its ciphertext without any key, a
// leecher downloads it byte-identical past a seeder that corrupts blocks and a seeder killed
// mid-transfer, and a leecher killed mid-download resumes without fetching held pieces again.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentKey, contentMasterSecret, creatorSecretFromMnemonic } from '../../src/crypto/contentKeys.js';
import { contentLayout } from '../../src/swarm/layout.js';
import { DEFAULT_SWARM_OPTIONS } from '../../src/swarm/options.js';
import { openBlock } from '../../src/swarm/seal.js';
import { callNode } from '../../src/cli/adminClient.js';
import { runCli, runCliAsync, Testnet, type TestnetNode } from '../helpers/testnet.js';

const PIECE = 256 * 1024;
const RATE = String(1024 * 1024); // seeders that serve 1 MiB/s make a transfer last long enough to interrupt

function cli(args: string[]): any {
  return JSON.parse(runCli([...args, '--output', 'json']));
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

function blocksFile(node: TestnetNode, contentId: string): string {
  return join(node.info.home, 'data', 'pieces', contentId, 'blocks');
}

describe('encrypted content swarm across processes', () => {
  let net: Testnet;
  let creator: TestnetNode, seeder: TestnetNode, liar: TestnetNode, leecher: TestnetNode;
  let plaintext: Buffer;
  let card: any;
  let contentId: string;

  beforeAll(async () => {
    net = await Testnet.create({ validators: 1 });
    creator = net.nodes[0]!;
    creator.start(['--swarm.upload_rate_limit', RATE]);
    seeder = await net.addFullNode('seeder', { keys: ['bob'], args: ['--swarm.upload_rate_limit', RATE] });
    liar = await net.addFullNode('liar', { keys: ['carol'], args: ['--test.corrupt_pieces'] });
    leecher = await net.addFullNode('leecher', { args: ['--swarm.upload_rate_limit', RATE] });
    for (const n of [seeder, liar, leecher]) n.start();
    await net.waitForHeight(2, { timeoutMs: 60_000 });

    plaintext = randomBytes(6 * 1024 * 1024 + 777);
    const file = join(net.dir, 'film.mp4');
    writeFileSync(file, plaintext);
    writeFileSync(join(net.dir, 'thumb.png'), randomBytes(2000));
    const out = cli(['publish', file, '--title', 'My film', '--body', 'a short film', '--preview', join(net.dir, 'thumb.png'), '--price', '5000000useed', '--tags', 'film,indie', '--from', 'alice', '--home', creator.info.home]);
    expect(out.card_id).toBe('1');
    contentId = out.content_id;
    expect(contentId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.tx_hash).toMatch(/^[0-9A-F]{64}$/);
    card = cli(['query', 'content', 'card', out.card_id, '--node', creator.rpc]);
  }, 180_000);

  afterAll(async () => {
    await net?.stopAll();
  });

  test('the card is on chain with its fields', () => {
    expect(card.title).toBe('My film');
    expect(String(card.size)).toBe(String(plaintext.length));
    expect(card.tags).toEqual(['film', 'indie']);
  });

  test('seeders fetch the ciphertext from the swarm and hold no key', async () => {
    for (const [node, from] of [[seeder, 'bob'], [liar, 'carol']] as const) {
      await net.until(`${node.info.name} synced`, async () => ((await node.height()) >= 3 ? true : undefined), 60_000);
      const r = cli(['seed', contentId, '--from', from, '--home', node.info.home]);
      expect(r.content_id).toBe(contentId);
      expect(r.pieces).toBe(Math.ceil(contentLayout(BigInt(plaintext.length)).numBlocks / 16));
      expect(readFileSync(blocksFile(node, contentId)).equals(readFileSync(blocksFile(creator, contentId)))).toBe(true);
    }
    // The content key and master secret, derived here from alice's mnemonic and the card's salt,
    // appear in no file of a seeder's home; the creator's home holds the master secret sealed.
    const master = contentMasterSecret(await creatorSecretFromMnemonic(net.account('alice').mnemonic), Buffer.from(card.salt, 'hex'));
    const key = contentKey(master);
    for (const node of [seeder, liar]) {
      expect(existsSync(join(node.info.home, 'data', 'content_keys'))).toBe(false);
      for (const f of filesUnder(node.info.home)) {
        if (statSync(f).size > 64 * 1024 * 1024) continue;
        const bytes = readFileSync(f);
        expect([f, bytes.indexOf(Buffer.from(key)), bytes.indexOf(Buffer.from(master))]).toEqual([f, -1, -1]);
      }
    }
    expect(readdirSync(join(creator.info.home, 'data', 'content_keys'))).toEqual([contentId]);
    const providers = cli(['query', 'content', 'providers', contentId, '--node', creator.rpc]);
    const seederPeer = cli(['swarm', 'status', '--home', seeder.info.home]).peer_id as string;
    expect(JSON.stringify(providers)).toContain(seederPeer);
  }, 120_000);

  test('a leecher without a license gets verified, byte-identical ciphertext past a corrupting seeder', async () => {
    await net.until('leecher synced', async () => ((await leecher.height()) >= (await creator.height()) - 1 ? true : undefined), 60_000);
    const out = join(net.dir, 'leeched.mp4');
    const r = await runCliAsync(['fetch', contentId, '-o', out, '--home', leecher.info.home]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/license is needed/);
    expect(existsSync(out)).toBe(false);
    const cipher = readFileSync(blocksFile(leecher, contentId));
    expect(cipher.equals(readFileSync(blocksFile(creator, contentId)))).toBe(true);
    // With the creator's key, the leecher's ciphertext opens to the exact plaintext.
    const key = contentKey(contentMasterSecret(await creatorSecretFromMnemonic(net.account('alice').mnemonic), Buffer.from(card.salt, 'hex')));
    const salt = Buffer.from(card.salt, 'hex');
    const plain = Buffer.concat(Array.from({ length: cipher.length / 16384 }, (_, i) => openBlock(key, salt, i, cipher.subarray(i * 16384, (i + 1) * 16384))));
    expect(plain.subarray(0, plaintext.length).equals(plaintext)).toBe(true);
    // The corrupting seeder was caught on a bad block and banned.
    expect(leecher.output()).toMatch(/bann|disconnecting peer/i);
  }, 120_000);

  test('the creator decrypts its own content to the exact plaintext', async () => {
    const out = join(net.dir, 'creator-copy.mp4');
    const r = cli(['fetch', contentId, '-o', out, '--home', creator.info.home]);
    expect(r.decrypted).toBe(true);
    expect(readFileSync(out).equals(plaintext)).toBe(true);
  }, 60_000);

  test('a download survives a seeder killed mid-transfer, and a killed leecher resumes without refetching held pieces', async () => {
    await liar.stop(); // its garbage would count in the bytes the restarted leecher downloads
    const late = await net.addFullNode('late');
    late.start();
    await net.until('late synced', async () => ((await late.height()) >= (await creator.height()) - 1 ? true : undefined), 60_000);
    const download = runCliAsync(['seed', contentId, '--home', late.info.home, '--output', 'json']);
    // Interrupt once a few pieces are held: kill -9 the seeder, then the leecher itself.
    // Poll the node's admin API in-process: a CLI per poll is too slow to catch a 6 MiB transfer mid-way.
    const piecesHeld = async (): Promise<number> => {
      const status = await callNode<{ contents: { content_id: string; pieces_held: number }[] }>(late.info.home, 'status', {});
      return status.contents.find((c) => c.content_id === contentId)?.pieces_held ?? 0;
    };
    const poll = async (what: string, min: number) => {
      const deadline = Date.now() + 30_000;
      while ((await piecesHeld().catch(() => 0)) < min) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${net.logTails()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // The restarted leecher may fetch the missing pieces plus end-game duplicates: the last
    // blocks may be asked of both peers left (the creator and the first leecher), at most one
    // pipeline's worth. It must hold enough pieces at the kill for that to stay under the whole
    // file, which a restart from scratch would fetch: 9 of 25 here.
    const total = contentLayout(BigInt(plaintext.length)).numPieces;
    const duplicates = DEFAULT_SWARM_OPTIONS.pipelineBlocks * 16384;
    const minHeld = total - Math.floor((plaintext.length - duplicates - 1) / PIECE);
    await poll('a first piece held', 1);
    await seeder.kill9();
    await poll('more pieces held', minHeld);
    await late.kill9();
    await download;
    late.start();
    const resumed = await net.until('the resume log line', async () => {
      const m = /resuming download of [0-9a-f]+ \((\d+)\/(\d+) pieces held\)/.exec(late.output());
      return m ? { held: Number(m[1]), total: Number(m[2]) } : undefined;
    }, 60_000);
    expect(resumed.total).toBe(total);
    expect(resumed.held).toBeGreaterThanOrEqual(minHeld);
    expect(resumed.held).toBeLessThan(total);
    const done = cli(['seed', contentId, '--home', late.info.home]);
    expect(done.content_id).toBe(contentId);
    expect(readFileSync(blocksFile(late, contentId)).equals(readFileSync(blocksFile(creator, contentId)))).toBe(true);
    const stats = JSON.parse(runCli(['swarm', 'status', '--home', late.info.home, '--output', 'json']));
    const refetchLimit = (resumed.total - resumed.held) * PIECE + duplicates;
    expect(refetchLimit).toBeLessThan(plaintext.length);
    expect(Number(stats.swarm.downloaded_bytes)).toBeLessThanOrEqual(refetchLimit);
  }, 180_000);

  test('bad input: unknown content, an invalid card, a node that is not running', async () => {
    const unknown = await runCliAsync(['seed', '00'.repeat(32), '--home', leecher.info.home]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no card on chain carries content/);
    const bad = await runCliAsync(['publish', join(net.dir, 'thumb.png'), '--title', 'x', '--tags', 'Not A Tag', '--from', 'alice', '--home', creator.info.home]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/tag/);
    const contents = JSON.parse(runCli(['swarm', 'status', '--home', creator.info.home, '--output', 'json'])).contents as { content_id: string }[];
    expect(contents.map((c) => c.content_id)).toEqual([contentId]);
    const stopped = await runCliAsync(['seed', contentId, '--home', join(net.dir, 'nowhere')]);
    expect(stopped.stderr).toMatch(/no node is running/);
  }, 60_000);
});
