// What the node does with content for its operator (through the admin API): package and keep a
// new publication, download and seed a content from the swarm, decrypt one this node holds the key
// of (its own publication, or a key obtained for a license holder: see keyService.ts). Downloads run
// in the node, so they survive the CLI exiting; a second ask for the same content joins the running
// download, and an unfinished one restarts when the node does.
import { existsSync, statSync } from 'node:fs';
import { contentKey } from '../crypto/contentKeys.js';
import { isAbsolute } from 'node:path';
import type { ContentVault } from '../keys/contentVault.js';
import type { KeyService } from './keyService.js';
import type { ContentHandle, PieceStore } from '../storage/pieceStore/index.js';
import { BLOCK_BYTES, contentLayout, DEFAULT_PIECE_BLOCKS } from '../swarm/layout.js';
import { contentIdHex, parseContentId } from '../swarm/merkle.js';
import { packFile } from '../swarm/packer.js';
import { decryptToFile } from '../swarm/unpacker.js';
import type { DownloadProgress, PeerAddr, Swarm } from '../swarm/swarm.js';
import { AdminError, type Progress } from './admin/server.js';

/** What the chain says about a content: from its card. */
export interface CardInfo {
  cardId: bigint;
  plainSize: bigint;
  pieceSize: number;
  salt: Uint8Array;
  /** Peer ids of the nodes the creator named to deliver the key. */
  keyAgents: string[];
}

export interface ContentServiceDeps {
  store: PieceStore;
  swarm: Swarm;
  vault: ContentVault;
  keys: KeyService;
  /** The card carrying this content id, from committed state. */
  cardByContent(contentId: Uint8Array): Promise<CardInfo | undefined>;
  /** Provider records on chain for this content id. */
  providers(contentId: Uint8Array): Promise<PeerAddr[]>;
  log: (line: string) => void;
}

export class ContentService {
  private readonly downloads = new Map<string, { done: Promise<ContentHandle>; listeners: Set<Progress> }>();

  constructor(private readonly d: ContentServiceDeps) {}

  /** Encrypts `input` under the key derived from `master`, keeps the ciphertext and the sealed master secret. */
  async publish(body: Record<string, unknown>, progress: Progress) {
    const input = text(body, 'input');
    if (!isAbsolute(input) || !existsSync(input) || !statSync(input).isFile()) throw new AdminError('CONTENT_INPUT', `cannot read ${input}: not an existing file`);
    const master = bytes32(body, 'master');
    const salt = bytes32(body, 'salt');
    const pieceSize = body.piece_size === undefined ? DEFAULT_PIECE_BLOCKS * BLOCK_BYTES : Number(body.piece_size);
    const pieceBlocks = pieceSize / BLOCK_BYTES;
    if (!Number.isInteger(pieceBlocks)) throw new AdminError('CONTENT_BAD_PIECE_SIZE', `piece size ${pieceSize} is not a multiple of ${BLOCK_BYTES}`);
    const key = contentKey(master);
    const staging = await this.d.store.stagingDir();
    try {
      const packed = await packFile({
        input, outDir: staging, key, salt, pieceBlocks,
        onProgress: (done, total) => progress({ phase: 'encrypt', done, total }),
      });
      const handle = await this.d.store.adoptPacked({ contentId: packed.contentId, plainSize: packed.layout.plainSize, pieceBlocks, pieceLayer: packed.pieceLayer }, staging);
      this.d.vault.put(handle.idHex, master);
      this.d.swarm.announce(handle.contentId);
      return { content_id: handle.idHex, size: packed.layout.plainSize, piece_size: pieceSize, blocks: packed.layout.numBlocks };
    } finally {
      key.fill(0);
      master.fill(0);
    }
  }

  /** Drops a content this node packaged but that never made it on chain (the publish tx failed). */
  async discard(body: Record<string, unknown>) {
    const id = contentIdArg(body);
    await this.d.store.remove(id);
    this.d.vault.remove(contentIdHex(id));
    return { content_id: contentIdHex(id) };
  }

  /** Downloads the whole ciphertext of a content and keeps seeding it. */
  async seed(body: Record<string, unknown>, progress: Progress) {
    const handle = await this.download(contentIdArg(body), progress);
    return { content_id: handle.idHex, size: handle.layout.plainSize, pieces: handle.layout.numPieces, key_held: this.d.keys.held(handle.idHex) };
  }

  /**
   * Downloads a content and, when this node holds its key, decrypts it to `output`. With
   * `key_requests` (signed by a license holder) the key is obtained first, while the requests'
   * height is fresh, so a refusal comes before any download.
   */
  async fetch(body: Record<string, unknown>, progress: Progress) {
    const id = contentIdArg(body);
    const output = text(body, 'output');
    if (!isAbsolute(output)) throw new AdminError('CONTENT_OUTPUT', 'the output path must be absolute');
    const obtained = body.key_requests !== undefined && !this.d.keys.held(contentIdHex(id)) ? await this.d.keys.obtain(id, body.key_requests) : undefined;
    const handle = await this.download(id, progress);
    const key = this.d.keys.keyFor(handle.idHex);
    if (!key) return { content_id: handle.idHex, decrypted: false, ciphertext_bytes: BigInt(handle.layout.numBlocks) * BigInt(BLOCK_BYTES) };
    const card = await this.card(id);
    try {
      await decryptToFile({
        readBlocks: (first, count) => handle.readBlocks(first, count),
        layout: handle.layout, key, salt: card.salt, output,
        onProgress: (done, total) => progress({ phase: 'decrypt', done, total }),
      });
    } finally {
      key.fill(0);
    }
    return { content_id: handle.idHex, decrypted: true, output, size: handle.layout.plainSize, ...(obtained ? { key_via: obtained.via === 'custody' ? 'validators holding custody' : 'creator\'s key agent' } : {}) };
  }

  /** What a license holder's CLI needs to sign key requests for a content. */
  keyParams(body: Record<string, unknown>) {
    return this.d.keys.params(contentIdArg(body));
  }

  /** What the store holds, for `seedcast content list` and the status call. */
  list() {
    return this.d.store.list().map((h) => ({
      content_id: h.idHex, size: h.layout.plainSize, pieces: h.layout.numPieces, pieces_held: h.completePieces, complete: h.complete, key_held: this.d.keys.held(h.idHex),
    }));
  }

  /** Restarts every unfinished download in the background (after a node restart). */
  resumeDownloads(): void {
    for (const h of this.d.store.list()) {
      if (h.complete) continue;
      this.d.log(`content: resuming download of ${h.idHex} (${h.completePieces}/${h.layout.numPieces} pieces held)`);
      this.download(h.contentId, () => {}).catch((err) => this.d.log(`content: download of ${h.idHex} stopped: ${(err as Error).message}`));
    }
  }

  private async card(id: Uint8Array): Promise<CardInfo> {
    const card = await this.d.cardByContent(id);
    if (!card) throw new AdminError('CONTENT_UNKNOWN', `no card on chain carries content ${contentIdHex(id)}`);
    return card;
  }

  private async download(id: Uint8Array, progress: Progress): Promise<ContentHandle> {
    const idHex = contentIdHex(id);
    const held = this.d.store.get(idHex);
    if (held?.complete) return held;
    let running = this.downloads.get(idHex);
    if (!running) {
      // Registered before any await, so a second ask joins this download instead of starting another.
      const listeners = new Set<Progress>();
      const done = this.startDownload(id, listeners).finally(() => this.downloads.delete(idHex));
      running = { done, listeners };
      this.downloads.set(idHex, running);
    }
    running.listeners.add(progress);
    try {
      return await running.done;
    } finally {
      running.listeners.delete(progress);
    }
  }

  private async startDownload(id: Uint8Array, listeners: Set<Progress>): Promise<ContentHandle> {
    const card = await this.card(id);
    const pieceBlocks = card.pieceSize / BLOCK_BYTES;
    contentLayout(card.plainSize, pieceBlocks); // throws on a card the swarm cannot lay out
    return this.d.swarm.download(id, {
      plainSize: card.plainSize,
      pieceBlocks,
      providers: () => this.d.providers(id),
      onProgress: (p: DownloadProgress) => listeners.forEach((l) => l({ phase: 'download', done: p.bytesDone, total: p.totalBytes, peers: p.peers, pieces: p.piecesDone, of: p.numPieces })),
    });
  }
}

function text(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v === '') throw new AdminError('ADMIN_BAD_REQUEST', `"${name}" must be a non-empty string`);
  return v;
}

function bytes32(body: Record<string, unknown>, name: string): Uint8Array {
  const v = text(body, name);
  if (!/^[0-9a-f]{64}$/.test(v)) throw new AdminError('ADMIN_BAD_REQUEST', `"${name}" must be 32 bytes of lowercase hex`);
  return new Uint8Array(Buffer.from(v, 'hex'));
}

function contentIdArg(body: Record<string, unknown>): Uint8Array {
  try {
    return parseContentId(text(body, 'content_id'));
  } catch (err) {
    throw new AdminError('CONTENT_BAD_ID', (err as Error).message);
  }
}
