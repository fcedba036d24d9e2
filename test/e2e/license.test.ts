// Issue 5 end to end, every node its own process on 127.0.0.1: four validators that hold custody
// shares of content keys, and a creator's studio node. Licenses are bought, transferred and
// resold through the CLI with the real cosmjs client; buyers' nodes obtain the key from the
// creator's key agent, then from t validators once the studio is stopped. Every refusal the
// agents owe (non-holder, wrong signer, replay, stale height, former holder) is asked for through
// the real node path, and no log line or RPC answer of the whole run carries the content key.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bip39, EnglishMnemonic, Slip10, Slip10Curve, stringToPath } from '@cosmjs/crypto';
import { callNode } from '../../src/cli/adminClient.js';
import { KeyRequest } from '../../src/codec/seedcast/keys.js';
import { contentKey, contentMasterSecret, creatorSecretFromMnemonic } from '../../src/crypto/contentKeys.js';
import { HD_PATH } from '../../src/keys/keyring.js';
import { buildKeyRequest } from '../../src/keyagent/request.js';
import { runCliAsync, Testnet, type TestnetNode } from '../helpers/testnet.js';

/** Everything the CLI printed in this run: searched for key material at the end. */
const printed: string[] = [];

async function cli(args: string[]): Promise<any> {
  const r = await runCliAsync([...args, '--output', 'json']);
  printed.push(r.stdout, r.stderr);
  if (r.code !== 0) throw new Error(`seedcast ${args.slice(0, 3).join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function cliFails(args: string[]): Promise<string> {
  const r = await runCliAsync([...args, '--output', 'json']);
  printed.push(r.stdout, r.stderr);
  expect(r.code).toBe(1);
  return r.stderr;
}

async function privkeyOf(mnemonic: string): Promise<Uint8Array> {
  const seed = await Bip39.mnemonicToSeed(new EnglishMnemonic(mnemonic));
  return Slip10.derivePath(Slip10Curve.Secp256k1, seed, stringToPath(HD_PATH)).privkey;
}

async function balance(node: TestnetNode, address: string): Promise<bigint> {
  const r = await cli(['query', 'bank', 'balances', address, '--node', node.rpc]);
  return BigInt(r.balances.find((c: { denom: string }) => c.denom === 'useed')?.amount ?? '0');
}

describe('licenses and key-gated decryption across processes', () => {
  let net: Testnet;
  let studio: TestnetNode;
  let plaintext: Buffer;
  let contentId: string;
  let cardId: string;
  let key: Uint8Array;
  const addr = (name: string) => net.account(name).address;

  /** Signed requests for every agent of the content, made here (not by the CLI) so a test can bend them. */
  async function requests(via: TestnetNode, owner: string, licenseId: bigint, bend: { height?: bigint } = {}): Promise<string[]> {
    const p = await callNode<{ chain_id: string; height: string; requester_x25519: string; agents: string[] }>(via.info.home, 'key-params', { content_id: contentId });
    const ownerPrivkey = await privkeyOf(net.account(owner).mnemonic);
    return p.agents.map((agent) => Buffer.from(KeyRequest.encode(buildKeyRequest({
      chainId: p.chain_id, licenseId, contentId: Buffer.from(contentId, 'hex'), agent, requesterX25519: Buffer.from(p.requester_x25519, 'base64'),
      height: bend.height ?? BigInt(p.height), ownerPrivkey,
    }))).toString('base64'));
  }

  async function fetchWith(via: TestnetNode, keyRequests: string[]): Promise<unknown> {
    return callNode(via.info.home, 'fetch', { content_id: contentId, output: join(net.dir, `out-${randomBytes(4).toString('hex')}`), key_requests: keyRequests });
  }

  beforeAll(async () => {
    net = await Testnet.create({ validators: 4 });
    net.startAll();
    studio = await net.addFullNode('studio', { keys: ['alice'] });
    studio.start();
    await net.waitForHeight(2, { timeoutMs: 90_000 });

    plaintext = randomBytes(700 * 1024 + 13);
    const file = join(net.dir, 'film.mp4');
    writeFileSync(file, plaintext);
    const out = await cli(['publish', file, '--title', 'Licensed film', '--price', '5000000useed', '--edition-cap', '2', '--resale-royalty-bps', '1000', '--from', 'alice', '--home', studio.info.home]);
    ({ content_id: contentId, card_id: cardId } = out);
    expect(out.custody).toEqual({ threshold: 3, shares: 4 });
    const card = await cli(['query', 'content', 'card', cardId, '--node', studio.rpc]);
    key = contentKey(contentMasterSecret(await creatorSecretFromMnemonic(net.account('alice').mnemonic), Buffer.from(card.salt, 'hex')));
    // node1 seeds the ciphertext so it stays available when the studio stops.
    await cli(['seed', contentId, '--home', net.nodes[1]!.info.home]);
  }, 240_000);

  afterAll(async () => {
    await net?.stopAll();
  });

  test('a buyer pays the creator, and its node decrypts byte-identical plaintext with the key from the creator\'s agent', async () => {
    const node2 = net.nodes[2]!;
    const before = await balance(node2, addr('alice'));
    const bought = await cli(['license', 'buy', cardId, '--from', 'bob', '--home', node2.info.home]);
    expect(bought).toMatchObject({ license_id: '1', number: '1', code: 0 });
    expect(await balance(node2, addr('alice'))).toBe(before + 5_000_000n);
    const mine = await cli(['license', 'list', '--owner', addr('bob'), '--home', node2.info.home]);
    expect(mine.licenses.map((l: { id: string; content_id: string }) => [l.id, l.content_id])).toEqual([['1', contentId]]);

    const out = join(net.dir, 'bob.mp4');
    const r = await cli(['fetch', contentId, '-o', out, '--from', 'bob', '--home', node2.info.home]);
    expect(r.decrypted).toBe(true);
    expect(r.key_via).toMatch(/creator/);
    expect(readFileSync(out).equals(plaintext)).toBe(true);
    // The key the node keeps is sealed in its vault: the raw key appears in no file of its home.
    expect(existsSync(join(node2.info.home, 'data', 'license_keys', contentId))).toBe(true);
    expect(readFileSync(join(node2.info.home, 'data', 'license_keys', contentId)).indexOf(Buffer.from(key))).toBe(-1);
  }, 120_000);

  test('a non-holder, a wrong signer, a replay and a stale height are refused; nothing is written', async () => {
    const node3 = net.nodes[3]!;
    expect(await cliFails(['fetch', contentId, '-o', join(net.dir, 'dave.mp4'), '--from', 'dave', '--home', node3.info.home])).toMatch(/holds no license/);
    expect(existsSync(join(net.dir, 'dave.mp4'))).toBe(false);
    // dave signs a request naming bob's license: the agents see the signer does not own it.
    await expect(fetchWith(node3, await requests(node3, 'dave', 1n))).rejects.toThrow(/NOT_OWNER/);
    // A height more than the agents' window (20 blocks) old.
    const height = await net.until('height 30', async () => { const h = await node3.height(); return h >= 30 ? BigInt(h) : undefined; }, 60_000);
    await expect(fetchWith(node3, await requests(node3, 'bob', 1n, { height: height - 25n }))).rejects.toThrow(/STALE_HEIGHT/);
    // bob's own requests work once; the same bytes sent again are a replay.
    const once = await requests(node3, 'bob', 1n);
    await fetchWith(node3, once);
    const node0 = net.nodes[0]!;
    await expect(fetchWith(node0, once)).rejects.toThrow(/REPLAYED_NONCE/);
    expect(existsSync(join(node0.info.home, 'data', 'license_keys', contentId))).toBe(false);
  }, 120_000);

  test('after a transfer the former holder is refused and the new holder is served', async () => {
    const node0 = net.nodes[0]!;
    await cli(['license', 'transfer', '1', addr('carol'), '--from', 'bob', '--home', net.nodes[2]!.info.home]);
    await expect(fetchWith(node0, await requests(node0, 'bob', 1n))).rejects.toThrow(/NOT_OWNER/);
    const out = join(net.dir, 'carol.mp4');
    await cli(['fetch', contentId, '-o', out, '--from', 'carol', '--home', node0.info.home]);
    expect(readFileSync(out).equals(plaintext)).toBe(true);
  }, 120_000);

  test('resale pays the seller and the creator\'s royalty; delisted and capped sales are refused with state unchanged', async () => {
    const node1 = net.nodes[1]!;
    const home = ['--home', node1.info.home];
    await cli(['license', 'sell', '1', '--price', '3000000useed', '--from', 'carol', ...home]);
    const [alice0, carol0] = [await balance(node1, addr('alice')), await balance(node1, addr('carol'))];
    const bought = await cli(['license', 'buy-listed', '1', '--from', 'frank', ...home]);
    expect(bought.royalty).toBe('300000useed');
    expect(await balance(node1, addr('alice'))).toBe(alice0 + 300_000n);
    expect(await balance(node1, addr('carol'))).toBe(carol0 + 2_700_000n);
    expect((await cli(['license', 'show', '1', ...home])).owner).toBe(addr('frank'));

    await cli(['license', 'sell', '1', '--price', '4000000useed', '--from', 'frank', ...home]);
    await cli(['license', 'delist', '1', '--from', 'frank', ...home]);
    expect(await cliFails(['license', 'buy-listed', '1', '--price', '4000000useed', '--from', 'erin', ...home])).toMatch(/not listed|listing/i);
    expect(await cliFails(['license', 'transfer', '1', addr('erin'), '--from', 'carol', ...home])).toMatch(/license 1 is held by .*unauthorized/);

    await cli(['license', 'buy', cardId, '--from', 'erin', ...home]); // edition 2 of 2
    const frank0 = await balance(node1, addr('frank'));
    expect(await cliFails(['license', 'buy', cardId, '--from', 'frank', ...home])).toMatch(/card 1 has sold all of its edition_cap of 2 licenses/);
    // Refused when the CLI simulates it, before anything is signed: not even a fee is spent.
    expect(await balance(node1, addr('frank'))).toBe(frank0);
    expect((await cli(['license', 'list', '--content', contentId, ...home])).licenses).toHaveLength(2);
  }, 180_000);

  test('with the creator\'s node stopped, a holder decrypts through t validator agents', async () => {
    await studio.stop();
    const node1 = net.nodes[1]!;
    const out = join(net.dir, 'erin.mp4');
    const r = await cli(['fetch', contentId, '-o', out, '--from', 'erin', '--home', node1.info.home]);
    expect(r.key_via).toMatch(/validators/);
    expect(readFileSync(out).equals(plaintext)).toBe(true);
  }, 120_000);

  test('a validator re-registers its key agent; the creator re-deals custody with another threshold', async () => {
    const node3 = net.nodes[3]!;
    expect((await cli(['tx', 'staking', 'register-key-agent', '--from', 'validator', '--home', node3.info.home])).code).toBe(0);
    expect(await cliFails(['tx', 'staking', 'register-key-agent', '--from', 'bob', '--home', node3.info.home])).toMatch(/unauthorized|does not exist/i);
    const dealt = await cli(['custody', 'deal', contentId, '--from', 'alice', '--threshold', '2', '--home', net.nodes[0]!.info.home]);
    expect(dealt).toMatchObject({ threshold: 2, shares: 4 });
    const shown = await cli(['custody', 'show', contentId, '--home', net.nodes[0]!.info.home]);
    expect(shown.threshold).toBe(2);
    expect(shown.shares.map((x: { index: number }) => x.index)).toEqual([1, 2, 3, 4]);
    expect(await cliFails(['custody', 'deal', contentId, '--from', 'bob', '--home', net.nodes[0]!.info.home])).toMatch(/only its creator/);
  }, 120_000);

  test('no log line, CLI output or RPC answer of the whole run carries the content key', async () => {
    const forms = [Buffer.from(key).toString('hex'), Buffer.from(key).toString('hex').toUpperCase(), Buffer.from(key).toString('base64'), Buffer.from(key).toString('base64url')];
    const rpcAnswers: string[] = [];
    for (const node of net.running()) {
      const txs = await fetch(`${node.rpc}/tx_search?query=%22tx.height%3E0%22&per_page=100`).then((r) => r.text());
      rpcAnswers.push(txs, await fetch(`${node.rpc}/status`).then((r) => r.text()));
    }
    for (const [what, text] of [['logs', net.nodes.map((n) => n.output()).join('\n')], ['cli', printed.join('\n')], ['rpc', rpcAnswers.join('\n')]] as const) {
      for (const f of forms) expect([what, text.includes(f)]).toEqual([what, false]);
    }
    expect(rpcAnswers.join('').length).toBeGreaterThan(1000);
  }, 60_000);
});
