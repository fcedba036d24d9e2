// Real libp2p hosts on 127.0.0.1 for p2p tests, with short timings.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlockProvider } from '../../../src/p2p/blockSync.js';
import { P2PHost } from '../../../src/p2p/host.js';

export const TEST_TUNING = { statusIntervalMs: 200, requestTimeoutMs: 800, redialMinMs: 100, redialMaxMs: 400, banMs: 1500 };

export function writeNodeKey(): string {
  const dir = mkdtempSync(join(tmpdir(), 'seedcast-p2p-'));
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const raw = Buffer.concat([Buffer.from(jwk.d!, 'base64url'), Buffer.from(jwk.x!, 'base64url')]);
  const path = join(dir, 'node_key.json');
  writeFileSync(path, JSON.stringify({ priv_key: { type: 'tendermint/PrivKeyEd25519', value: raw.toString('base64') } }));
  return path;
}

export interface TestHostOptions {
  keyPath?: string;
  listen?: string;
  peers?: string[];
  chainId?: string;
  height?: () => bigint;
  blockProvider?: BlockProvider;
  maxBlockBytes?: number;
}

export function startHost(o: TestHostOptions = {}): Promise<P2PHost> {
  return P2PHost.create({
    nodeKeyPath: o.keyPath ?? writeNodeKey(),
    listen: o.listen ?? '/ip4/127.0.0.1/tcp/0',
    persistentPeers: o.peers ?? [],
    chainId: o.chainId ?? 'seedcast-test',
    statusProvider: () => ({ height: o.height?.() ?? 0n, base: 1n }),
    blockProvider: o.blockProvider ?? (async () => undefined),
    maxBlockBytes: o.maxBlockBytes,
    tuning: TEST_TUNING,
  });
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isPeer(host: P2PHost, other: P2PHost): boolean {
  return host.peers().some((p) => p.id === other.peerId);
}
