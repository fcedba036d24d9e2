// P2P gossip figures between two hosts on 127.0.0.1 (one process): one-way vote latency
// (half a ping-pong round trip), tx gossip throughput through the batcher, and a 4 MiB
// proposal's transfer time, each beside the same exchange over a bare TCP socket in this
// process (the ratio is the figure to compare). Prints one line; writes bench/results/p2p.json.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Block } from 'cosmjs-types/tendermint/types/block';
import { Proposal, Vote } from 'cosmjs-types/tendermint/types/types';
import { P2PHost } from '../src/p2p/host.js';
import { rawTcpBaseline } from './lib/rawTcp.js';

const VOTES = Number(process.env.P2P_BENCH_VOTES ?? 2000);
const TXS = Number(process.env.P2P_BENCH_TXS ?? 50_000);
const TX_BATCH_BYTES = Number(process.env.P2P_BENCH_TX_BATCH_BYTES ?? 64 * 1024); // 1 = no batching
const TX_BYTES = 300; // a signed cosmjs MsgSend TxRaw is ~250-300 bytes

function nodeKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const raw = Buffer.concat([Buffer.from(jwk.d!, 'base64url'), Buffer.from(jwk.x!, 'base64url')]);
  const path = join(mkdtempSync(join(tmpdir(), 'seedcast-p2p-bench-')), 'node_key.json');
  writeFileSync(path, JSON.stringify({ priv_key: { type: 'tendermint/PrivKeyEd25519', value: raw.toString('base64') } }));
  return path;
}

function host(peers: string[]): Promise<P2PHost> {
  return P2PHost.create({ nodeKeyPath: nodeKey(), listen: '/ip4/127.0.0.1/tcp/0', persistentPeers: peers, chainId: 'bench', statusProvider: () => ({ height: 1n, base: 1n }), blockProvider: async () => undefined, tuning: { txBatchBytes: TX_BATCH_BYTES } });
}

const vote = (height: bigint) => Vote.fromPartial({ type: 1, height, round: 0, blockId: { hash: new Uint8Array(32).fill(1), partSetHeader: { total: 1, hash: new Uint8Array(32) } }, timestamp: { seconds: 1n, nanos: 0 }, validatorAddress: new Uint8Array(20), validatorIndex: 1, signature: new Uint8Array(64).fill(2) });

async function main(): Promise<void> {
  const a = await host([]);
  const b = await host(a.multiaddrs());
  while (!a.peers().some((p) => p.id === b.peerId) || !b.peers().some((p) => p.id === a.peerId)) await new Promise((r) => setTimeout(r, 20));

  // Vote ping-pong: B answers each vote with one of its own.
  b.transport.onMessage((msg) => {
    if (msg.type === 'vote') b.transport.broadcast({ type: 'vote', vote: vote(msg.vote.height + 1_000_000n) });
  });
  const rtts: number[] = [];
  for (let i = 1; i <= VOTES; i++) {
    const back = new Promise<void>((resolve) => {
      const off = a.transport.onMessage(() => {
        off();
        resolve();
      });
    });
    const t0 = performance.now();
    a.transport.broadcast({ type: 'vote', vote: vote(BigInt(i)) });
    await back;
    rtts.push(performance.now() - t0);
  }
  rtts.sort((x, y) => x - y);
  const voteP50 = rtts[Math.floor(rtts.length / 2)]! / 2;
  const voteP99 = rtts[Math.floor(rtts.length * 0.99)]! / 2;

  // Tx gossip: A publishes TXS distinct txs; B's handler accepts them.
  let received = 0;
  const allIn = new Promise<void>((resolve) => b.txGossip.onTx(async () => (++received === TXS && resolve(), 'accept')));
  const t0 = performance.now();
  for (let i = 0; i < TXS; i++) {
    const tx = new Uint8Array(TX_BYTES);
    new DataView(tx.buffer).setUint32(0, i);
    a.txGossip.publish(tx);
    if (i % 2000 === 0) await new Promise((r) => setImmediate(r)); // let RPC-like producers interleave
  }
  await allIn;
  const txPerSec = Math.round(TXS / ((performance.now() - t0) / 1000));

  // One 4 MiB proposal A -> B.
  const block = Block.fromPartial({ header: { height: 5n, chainId: 'bench' }, data: { txs: Array.from({ length: 64 }, () => new Uint8Array(65_000)) } });
  const got = new Promise<void>((resolve) => b.transport.onMessage((m) => m.type === 'proposal' && resolve()));
  const t1 = performance.now();
  a.transport.broadcast({ type: 'proposal', proposal: Proposal.fromPartial({ height: 5n, round: 0, polRound: -1 }), block });
  await got;
  const proposalMs = performance.now() - t1;

  await Promise.all([a.stop(), b.stop()]);
  const voteBytes = Vote.encode(vote(1n)).finish().length;
  const tcp = await rawTcpBaseline(VOTES, voteBytes, Block.encode(block).finish().length);
  const result = {
    voteLatencyP50Ms: +voteP50.toFixed(3), voteLatencyP99Ms: +voteP99.toFixed(3), txGossipPerSec: txPerSec, proposal4MiBMs: +proposalMs.toFixed(1),
    rawTcp: { voteLatencyP50Ms: +tcp.p50.toFixed(3), voteLatencyP99Ms: +tcp.p99.toFixed(3), bigMs: +tcp.bigMs.toFixed(1) },
    ratios: { voteP50VsTcp: +(voteP50 / tcp.p50).toFixed(2), proposalVsTcp: +(proposalMs / tcp.bigMs).toFixed(2) },
    votes: VOTES, txs: TXS, txBytes: TX_BYTES, txBatchBytes: TX_BATCH_BYTES,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/p2p.json', JSON.stringify(result, null, 2) + '\n');
  console.log(
    `p2p: vote one-way p50 ${result.voteLatencyP50Ms} ms p99 ${result.voteLatencyP99Ms} ms (raw TCP ${result.rawTcp.voteLatencyP50Ms} ms, ${result.ratios.voteP50VsTcp}x); ` +
      `tx gossip ${txPerSec} tx/s (${TX_BYTES} B, batches of ${TX_BATCH_BYTES} B); 4 MiB proposal ${result.proposal4MiBMs} ms (raw TCP ${result.rawTcp.bigMs} ms, ${result.ratios.proposalVsTcp}x)`,
  );
}

await main();
