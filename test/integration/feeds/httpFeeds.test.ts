// The HTTP feeds of a real devnet node process: cards published and reacted to with the real
// cosmjs client, then /feed/... read by a real feed reader (@extractus/feed-extractor, for JSON
// Feed 1.1 and RSS 2.0) and /card/... by plain HTTP.
import http from 'node:http';
import { GasPrice, SigningStargateClient } from '@cosmjs/stargate';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { extract, extractFromXml } from '@extractus/feed-extractor';
import { jest } from '@jest/globals';
import { seedcastRegistry } from '../../../src/client/registry.js';
import { MsgPublishCard } from '../../../src/codec/seedcast/content.js';
import { MsgReact } from '../../../src/codec/seedcast/social.js';
import { devnetWallet, startDevnetNode, tempHome, type NodeProcess } from '../../helpers/devnet.js';
import { textCard } from '../../unit/state/content/fixtures.js';

jest.setTimeout(90_000);

let node: NodeProcess;
let alice: string, bob: string;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const TRICKY = `Fish & "chips" <b>bold</b> it's ]]> done`;

async function client(name: string): Promise<[SigningStargateClient, string]> {
  const wallet = await devnetWallet(name);
  const [{ address }] = await wallet.getAccounts();
  const c = await SigningStargateClient.connectWithSigner(node.rpc, wallet, { gasPrice: GasPrice.fromString('0.025useed'), registry: seedcastRegistry() });
  return [c, address];
}

async function ok(c: SigningStargateClient, from: string, msgs: { typeUrl: string; value: unknown }[]): Promise<void> {
  const r = await c.signAndBroadcast(from, msgs, 'auto');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  node = await startDevnetNode(tempHome('feeds'));
  const [a, aliceAddr] = await client('alice');
  const [b, bobAddr] = await client('bob');
  [alice, bob] = [aliceAddr, bobAddr];
  const publish = (over: Partial<MsgPublishCard>) => ({ typeUrl: MsgPublishCard.typeUrl, value: textCard(alice, over) });
  await ok(a, alice, [
    publish({ title: TRICKY, body: `line one\nline two & more`, tags: ['film', 'fish'] }), // card 1
    publish({ title: 'With a picture', body: 'see the preview', tags: ['film'], preview: { inline: { mimeType: 'image/png', data: PNG } } }), // card 2
  ]);
  await ok(b, bob, [
    { typeUrl: MsgPublishCard.typeUrl, value: textCard(bob, { title: 'A reply', body: 'nice', parentId: 1n, tags: [] }) }, // card 3
    { typeUrl: MsgReact.typeUrl, value: { reactor: bob, cardId: 1n, kind: 'fire' } },
  ]);
  a.disconnect();
  b.disconnect();
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

/** GET with an explicit Host header (fetch does not let a caller set Host). */
function get(path: string, host?: string): Promise<{ status: number; type: string; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(path, node.rpc);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname: url.hostname, port: url.port, path: url.pathname, headers: host ? { host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

const base = () => node.rpc; // http://127.0.0.1:<port>, which is also the Host fetch sends

describe('JSON Feed 1.1', () => {
  it('lists a creator newest first with counts, dates and absolute links; a feed reader reads it', async () => {
    const res = await get(`/feed/creator/${alice}.json`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/feed\+json/);
    const feed = JSON.parse(res.body.toString('utf8'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.feed_url).toBe(`${base()}/feed/creator/${alice}.json`);
    expect(feed.items.map((i: { _seedcast: { card_id: string } }) => i._seedcast.card_id)).toEqual(['2', '1']);
    const [pic, first] = feed.items;
    expect(pic).toMatchObject({ url: `${base()}/card/2.json`, image: `${base()}/card/2/preview`, tags: ['film'] });
    expect(first).toMatchObject({ title: TRICKY, content_text: 'line one\nline two & more', tags: ['film', 'fish'] });
    expect(first._seedcast.counts).toMatchObject({ reactions: { fire: '1' }, comments: '1', views: '0', paid_views: '0', licenses_sold: '0' });
    expect(Date.parse(first.date_published)).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(first.image).toBeUndefined();

    const parsed = await extract(`${base()}/feed/creator/${alice}.json`, { descriptionMaxLen: 10_000 });
    expect(parsed.entries!.map((e) => e.link)).toEqual([`${base()}/card/2.json`, `${base()}/card/1.json`]);
    expect(parsed.entries![1]!.title).toBe(TRICKY);
  });

  it('lists a tag, and builds links from the Host the reader used (a forged Host falls back)', async () => {
    const res = await get('/feed/tag/film.json', 'feeds.example:8443');
    const feed = JSON.parse(res.body.toString('utf8'));
    expect(feed.feed_url).toBe('http://feeds.example:8443/feed/tag/film.json');
    expect(feed.items.map((i: { id: string }) => i.id)).toEqual(['http://feeds.example:8443/card/2.json', 'http://feeds.example:8443/card/1.json']);
    const forged = JSON.parse((await get('/feed/tag/fish.json', 'x"><script>')).body.toString('utf8'));
    expect(forged.feed_url).toBe(`${base()}/feed/tag/fish.json`);
    expect(forged.items).toHaveLength(1);
  });

  it('gives an empty feed for a creator with no cards and a tag nobody used', async () => {
    const stranger = (await (await DirectSecp256k1HdWallet.generate(12, { prefix: 'seed' })).getAccounts())[0]!.address;
    expect(JSON.parse((await get(`/feed/creator/${stranger}.json`)).body.toString('utf8')).items).toEqual([]);
    expect(JSON.parse((await get('/feed/tag/nobody-uses-this.json')).body.toString('utf8')).items).toEqual([]);
  });
});

describe('RSS 2.0', () => {
  it('carries the same items, escaped, with counts in the description; a feed reader reads it', async () => {
    const res = await get(`/feed/creator/${alice}.xml`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/rss\+xml/);
    const xml = res.body.toString('utf8');
    expect(xml).not.toContain('<b>bold');
    expect(xml).toContain('<enclosure url="' + `${base()}/card/2/preview" length="${PNG.length}" type="image/png"/>`);
    const parsed = extractFromXml(xml, { descriptionMaxLen: 10_000, normalization: true });
    expect(parsed.title).toBe(`Seedcast: cards by ${alice}`);
    expect(parsed.entries!.map((e) => e.link)).toEqual([`${base()}/card/2.json`, `${base()}/card/1.json`]);
    expect(parsed.entries![1]!.title).toBe(TRICKY);
    expect(parsed.entries![1]!.description).toContain('1 comment, 0 views, 0 paid views, 0 licenses sold');
    expect(parsed.entries![1]!.description).toContain('reactions: fire 1');
    expect(Date.parse(parsed.entries![1]!.published!)).toBeGreaterThan(Date.parse('2020-01-01'));
    const viaUrl = await extract(`${base()}/feed/tag/fish.xml`);
    expect(viaUrl.entries!.map((e) => e.link)).toEqual([`${base()}/card/1.json`]);
  });
});

describe('cards', () => {
  it('serves a card with its stats (hex ids) and its inline preview bytes with their type', async () => {
    const card = JSON.parse((await get('/card/1.json')).body.toString('utf8'));
    expect(card.card).toMatchObject({ id: '1', creator: alice, title: TRICKY, content_id: null, parent_id: '0', tags: ['film', 'fish'] });
    expect(card.stats).toMatchObject({ reactions: { fire: '1' }, comments: '1' });
    const reply = JSON.parse((await get('/card/3.json')).body.toString('utf8'));
    expect(reply.card).toMatchObject({ creator: bob, parent_id: '1' });
    const preview = await get('/card/2/preview');
    expect(preview.status).toBe(200);
    expect(preview.type).toBe('image/png');
    expect(preview.headers['x-content-type-options']).toBe('nosniff');
    expect(new Uint8Array(preview.body)).toEqual(PNG);
  });

  it('answers bad and unknown paths with a status and a clear text', async () => {
    const cases: [string, number, RegExp][] = [
      ['/feed/creator/seed1notanaddress.json', 400, /not a seed1\.\.\. account address/],
      ['/feed/tag/Bad%20Tag.xml', 400, /tag "Bad Tag" must be 1-32 characters/],
      ['/feed/tag/%E0%A4%A.json', 400, /percent-encoding/],
      ['/feed/creator/x.html', 404, /no such feed/],
      ['/card/abc.json', 400, /card id "abc" must be an integer/],
      ['/card/0.json', 400, /must be an integer from 1/],
      ['/card/99999.json', 404, /card 99999/],
      ['/card/1/preview', 404, /card 1 has no inline preview/],
    ];
    for (const [path, status, text] of cases) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.type).toMatch(/^text\/plain/);
      expect(res.body.toString('utf8')).toMatch(text);
    }
  });
});
