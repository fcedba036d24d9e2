// bench:feed's load: creators that publish text cards (some replies to thread roots) and react
// to cards, signed with cosmjs (SIGN_MODE_DIRECT, our registry) and sent with
// broadcast_tx_sync; and the probe, one websocket client that sees each commit first (it holds
// the only NewBlockHeader subscription) and every Tx event (to know what was owed to whom).
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { encodePubkey, makeAuthInfoBytes, makeSignDoc, type EncodeObject } from '@cosmjs/proto-signing';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { WebSocket } from 'ws';
import { seedcastRegistry } from '../../src/client/registry.js';
import { MsgPublishCard } from '../../src/codec/seedcast/content.js';
import { MsgReact } from '../../src/codec/seedcast/social.js';
import type { FlatEvents } from '../../src/types/query.js';
import { rpcCall } from '../../test/helpers/devnet.js';
import type { LoadAccounts } from './accounts.js';
import { seeded, TAGS } from './feedQueries.js';

const GAS = 400_000;
const FEE = String((GAS * 25) / 1000);
const KINDS = ['like', 'love', 'laugh', 'wow', 'fire', 'clap', ':party:', ':seedling:'];

export function textCardMsg(creator: string, title: string, tags: string[], parentId = 0n): EncodeObject {
  const value: MsgPublishCard = {
    creator, contentId: new Uint8Array(), salt: new Uint8Array(), size: 0n, blockSize: 0, pieceSize: 0, mimeType: '',
    title, body: `${title}: a text post of the feed bench`, tags, links: [], parentId,
    preview: undefined, price: undefined, editionCap: 0n, resaleRoyaltyBps: 0, pieceRoyalty: undefined, keyAgents: [],
  };
  return { typeUrl: MsgPublishCard.typeUrl, value };
}

export class Poster {
  private readonly registry = seedcastRegistry();
  private readonly sequences: number[];
  private readonly reacted = new Set<string>();
  private readonly rnd = seeded(11);
  private sent = 0;

  constructor(private readonly rpc: string, private readonly load: LoadAccounts) {
    this.sequences = load.accounts.map(() => 0);
  }

  get creators(): string[] {
    return this.load.accounts.map((a) => a.address);
  }

  async send(signer: number, msg: EncodeObject): Promise<void> {
    const a = this.load.accounts[signer]!;
    const bodyBytes = this.registry.encodeTxBody({ messages: [msg], memo: '' });
    const authInfoBytes = makeAuthInfoBytes([{ pubkey: encodePubkey(encodeSecp256k1Pubkey(a.pubkey)), sequence: this.sequences[signer]! }], [{ denom: 'useed', amount: FEE }], GAS, undefined, undefined);
    const { signature } = await this.load.wallets[signer]!.signDirect(a.address, makeSignDoc(bodyBytes, authInfoBytes, this.load.chainId, this.load.accountNumbers[signer]!));
    const tx = TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [Buffer.from(signature.signature, 'base64')] }).finish();
    const res = await rpcCall(this.rpc, 'broadcast_tx_sync', { tx: Buffer.from(tx).toString('base64') });
    if (res.error || res.result.code !== 0) throw new Error(`tx refused: ${JSON.stringify(res.error ?? res.result.log)}`);
    this.sequences[signer]!++;
    this.sent++;
  }

  /** One event of the stream: 45% a new card, 20% a reply in a thread, 35% a reaction. */
  async next(cards: bigint[], threads: bigint[]): Promise<void> {
    const n = this.load.accounts.length;
    const who = Math.floor(this.rnd() * n);
    const creator = this.load.accounts[who]!.address;
    const roll = this.rnd();
    const tags = [TAGS[Math.floor(this.rnd() * TAGS.length)]!, ...(this.rnd() < 0.5 ? [TAGS[Math.floor(this.rnd() * TAGS.length)]!] : [])];
    if (roll < 0.45 || cards.length === 0) return this.send(who, textCardMsg(creator, `post ${this.sent}`, [...new Set(tags)]));
    if (roll < 0.65) return this.send(who, textCardMsg(creator, `reply ${this.sent}`, [], threads[Math.floor(this.rnd() * threads.length)]!));
    for (let tries = 0; tries < 20; tries++) {
      const cardId = cards[Math.floor(this.rnd() * cards.length)]!;
      const kind = KINDS[Math.floor(this.rnd() * KINDS.length)]!;
      const key = `${who}/${cardId}/${kind}`;
      if (this.reacted.has(key)) continue;
      this.reacted.add(key);
      const value: MsgReact = { reactor: creator, cardId, kind };
      return this.send(who, { typeUrl: MsgReact.typeUrl, value });
    }
    return this.send(who, textCardMsg(creator, `post ${this.sent}`, tags));
  }
}

/** What the probe saw: when each height's commit reached it, every Tx event, every card id. */
export class Probe {
  readonly commitAt: Record<string, number> = {};
  readonly headerLagMs: number[] = [];
  readonly txEvents: { height: number; events: FlatEvents }[] = [];
  readonly cards: bigint[] = [];
  private constructor(private readonly ws: WebSocket) {}

  static async open(rpc: string): Promise<Probe> {
    const ws = new WebSocket(rpc.replace(/^http/, 'ws') + '/websocket', { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const probe = new Probe(ws);
    ws.on('message', (data: Buffer) => probe.onMessage(data));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'blocks', method: 'subscribe', params: { query: "tm.event='NewBlockHeader'" } }));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'txs', method: 'subscribe', params: { query: "tm.event='Tx'" } }));
    return probe;
  }

  private onMessage(data: Buffer): void {
    const at = performance.timeOrigin + performance.now();
    const msg = JSON.parse(data.toString());
    const value = msg.result?.data?.value;
    if (!value) return;
    if (value.header) {
      this.commitAt[value.header.height] ??= at;
      this.headerLagMs.push(at - Date.parse(String(value.header.time).replace(/(\.\d{3})\d+/, '$1')));
      return;
    }
    const events = msg.result.events as FlatEvents;
    this.txEvents.push({ height: Number(value.TxResult.height), events });
    if (events['card.action']?.includes('publish')) for (const id of events['card.id'] ?? []) this.cards.push(BigInt(id));
  }

  /** Tx events at or after a height (one phase's stream). */
  eventsFrom(height: number): FlatEvents[] {
    return this.txEvents.filter((t) => t.height >= height).map((t) => t.events);
  }

  close(): void {
    this.ws.terminate();
  }
}
