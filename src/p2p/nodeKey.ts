// The node's libp2p identity: the ed25519 key of config/node_key.json (CometBFT's file shape,
// base64 of seed || public key). Its libp2p peer id is what peers dial in /p2p/<id>.
import { readFileSync } from 'node:fs';
import { privateKeyFromRaw } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';

export function loadNodeKey(path: string): PrivateKey {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { priv_key?: { type?: string; value?: string } };
  if (file.priv_key?.type !== 'tendermint/PrivKeyEd25519' || typeof file.priv_key.value !== 'string') {
    throw new Error(`${path}: expected priv_key of type tendermint/PrivKeyEd25519`);
  }
  const raw = Buffer.from(file.priv_key.value, 'base64');
  if (raw.length !== 64) throw new Error(`${path}: an ed25519 node key is 64 bytes (seed and public key), found ${raw.length}`);
  return privateKeyFromRaw(new Uint8Array(raw));
}

/** The libp2p peer id (base58 "12D3KooW...") of the node key at `path`. */
export function nodePeerId(path: string): string {
  return peerIdFromPrivateKey(loadNodeKey(path)).toString();
}
