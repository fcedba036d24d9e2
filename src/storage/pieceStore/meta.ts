// What the store keeps about a content: its id, true size, requested blocks per piece and the
// piece layer (every piece's subtree root). The piece layer is checked against the id before
// anything is stored, so every later piece check rests on the content id alone.
import { contentLayout, type ContentLayout } from '../../swarm/layout.js';
import { contentIdHex, verifyPieceLayer, HASH_BYTES } from '../../swarm/merkle.js';
import { PieceStoreError } from './errors.js';

export interface ContentMeta {
  contentId: Uint8Array;
  plainSize: bigint;
  /** As requested when packed; the layout's effective value may be smaller for tiny contents. */
  pieceBlocks: number;
  pieceLayer: Uint8Array;
}

const META_VERSION = 1;
const META_HEADER = 1 + 8 + 4;

/** The layout of a well-formed meta whose piece layer hashes to its id; STORE_BAD_META otherwise. */
export function checkMeta(meta: ContentMeta): ContentLayout {
  if (!meta || !(meta.contentId instanceof Uint8Array) || meta.contentId.length !== HASH_BYTES) {
    throw new PieceStoreError('STORE_BAD_META', 'a content id is 32 bytes');
  }
  const idHex = contentIdHex(meta.contentId);
  let layout: ContentLayout;
  try {
    layout = contentLayout(meta.plainSize, meta.pieceBlocks);
  } catch (err) {
    throw new PieceStoreError('STORE_BAD_META', `bad content layout: ${(err as Error).message}`, { contentId: idHex });
  }
  if (!(meta.pieceLayer instanceof Uint8Array) || meta.pieceLayer.length !== layout.numPieces * HASH_BYTES) {
    throw new PieceStoreError('STORE_BAD_META', `the piece layer must be ${layout.numPieces} hashes`, {
      contentId: idHex,
      gotBytes: meta.pieceLayer instanceof Uint8Array ? meta.pieceLayer.length : null,
    });
  }
  if (!verifyPieceLayer(meta.pieceLayer, layout, meta.contentId)) {
    throw new PieceStoreError('STORE_BAD_META', 'the piece layer does not hash to the content id', { contentId: idHex });
  }
  return layout;
}

/** Same content, same layout: adding it again is a no-op. */
export function sameMeta(a: ContentMeta, b: ContentMeta): boolean {
  return (
    Buffer.compare(a.contentId, b.contentId) === 0 &&
    a.plainSize === b.plainSize &&
    a.pieceBlocks === b.pieceBlocks &&
    Buffer.compare(a.pieceLayer, b.pieceLayer) === 0
  );
}

/** A private copy, so a caller mutating its buffers cannot change what the store holds. */
export function copyMeta(meta: ContentMeta): ContentMeta {
  return {
    contentId: Uint8Array.from(meta.contentId),
    plainSize: meta.plainSize,
    pieceBlocks: meta.pieceBlocks,
    pieceLayer: Uint8Array.from(meta.pieceLayer),
  };
}

/** version(1) || plainSize(8, BE) || pieceBlocks(4, BE) || piece layer. The id is the key. */
export function encodeMeta(meta: ContentMeta): Uint8Array {
  const out = new Uint8Array(META_HEADER + meta.pieceLayer.length);
  const view = new DataView(out.buffer);
  out[0] = META_VERSION;
  view.setBigUint64(1, meta.plainSize);
  view.setUint32(9, meta.pieceBlocks);
  out.set(meta.pieceLayer, META_HEADER);
  return out;
}

/** Decodes and re-checks a stored record; STORE_BAD_META if it is damaged. */
export function decodeMeta(contentId: Uint8Array, bytes: Uint8Array): { meta: ContentMeta; layout: ContentLayout } {
  if (bytes.length < META_HEADER || bytes[0] !== META_VERSION) {
    throw new PieceStoreError('STORE_BAD_META', 'unreadable meta record', { gotBytes: bytes.length });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta: ContentMeta = {
    contentId: Uint8Array.from(contentId),
    plainSize: view.getBigUint64(1),
    pieceBlocks: view.getUint32(9),
    pieceLayer: bytes.slice(META_HEADER),
  };
  return { meta, layout: checkMeta(meta) };
}
