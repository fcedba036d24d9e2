// bench:tx — committed MsgSend throughput and broadcast-to-commit latency on a single-validator
// devnet node (a real child process), next to the single-core secp256k1 verify rate measured in
// this same process (the ratio is the figure to compare across machines and runs).
//   npm run bench:tx -- [--txs 6000] [--accounts 600]
// BENCH_DEBUG=1 prints each block's arrival; SEEDCAST_NODE_ARGS passes flags to the node process.
import '../src/polyfills.js';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { makeAuthInfoBytes, makeSignDoc, DirectSecp256k1Wallet, encodePubkey, Registry } from '@cosmjs/proto-signing';
import { verifySecp256k1 } from '../src/crypto/secp256k1.js';
import { encodeSecp256k1Pubkey } from '@cosmjs/amino';
import { defaultRegistryTypes, GasPrice, SigningStargateClient } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import WebSocket from 'ws';
import { devnetWallet, ROOT, startDevnetNode, tempHome } from '../test/helpers/devnet.js';

const { values } = parseArgs({ options: { txs: { type: 'string', default: '6000' }, accounts: { type: 'string', default: '600' } } });
const N = Number(values.txs);
const M = Number(values.accounts);
const PER = Math.ceil(N / M);
const GAS = 60_000n;
const FEE = (GAS * 25n) / 1000n; // 0.025useed per gas, what wallets pay

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Single-core secp256k1 verifies/s: the node's verifier (node:crypto) and @noble/curves. */
function verifyRates(): { native: number; noble: number } {
  const priv = secp256k1.utils.randomSecretKey();
  const pub = secp256k1.getPublicKey(priv, true);
  const msg = new TextEncoder().encode('a sign doc of typical size '.repeat(8));
  const digest = createHash('sha256').update(msg).digest();
  const sig = secp256k1.sign(digest, priv, { prehash: false, lowS: true });
  const rate = (fn: () => boolean) => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 1000) {
      if (!fn()) throw new Error('verify failed');
      n++;
    }
    return Math.round((n * 1000) / (performance.now() - t0));
  };
  const native = rate(() => verifySecp256k1(pub, msg, sig));
  const noble = rate(() => secp256k1.verify(sig, digest, pub, { prehash: false }));
  return { native, noble };
}

async function main() {
  const rates = verifyRates();
  // SEEDCAST_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the node process.
  const nodeArgs = process.env.SEEDCAST_NODE_ARGS?.split(' ').filter(Boolean);
  const node = await startDevnetNode(tempHome('bench-tx'), { nodeArgs });
  const registry = new Registry(defaultRegistryTypes);
  try {
    // Fund M fresh accounts from alice, 64 sends per tx.
    const alice = await devnetWallet('alice');
    const [{ address: aliceAddr }] = await alice.getAccounts();
    const client = await SigningStargateClient.connectWithSigner(node.rpc, alice, { gasPrice: GasPrice.fromString('0.025useed') });
    const keys = Array.from({ length: M }, () => secp256k1.utils.randomSecretKey());
    const wallets = await Promise.all(keys.map((k) => DirectSecp256k1Wallet.fromKey(k, 'seed')));
    const accounts = await Promise.all(wallets.map(async (w) => (await w.getAccounts())[0]));
    for (let i = 0; i < M; i += 64) {
      const msgs = accounts.slice(i, i + 64).map((a) => ({
        typeUrl: '/cosmos.bank.v1beta1.MsgSend',
        value: { fromAddress: aliceAddr, toAddress: a.address, amount: [{ denom: 'useed', amount: String(FEE * BigInt(PER) + 1_000_000n) }] },
      }));
      const res = await client.signAndBroadcast(aliceAddr, msgs, 'auto');
      if (res.code !== 0) throw new Error(`funding failed: ${res.rawLog}`);
    }
    const chainId = await client.getChainId();
    const numbers = await Promise.all(accounts.map(async (a) => (await client.getAccount(a.address))!.accountNumber));
    client.disconnect();

    // Sign everything up front (not timed): account i, sequences 0..PER-1.
    const txs: Uint8Array[] = [];
    for (let s = 0; s < PER; s++) {
      for (let i = 0; i < M && txs.length < N; i++) {
        const a = accounts[i];
        const bodyBytes = registry.encodeTxBody({
          messages: [{ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: { fromAddress: a.address, toAddress: accounts[(i + 1) % M].address, amount: [{ denom: 'useed', amount: '1' }] } }],
          memo: '',
        });
        const authInfoBytes = makeAuthInfoBytes([{ pubkey: encodePubkey(encodeSecp256k1Pubkey(a.pubkey)), sequence: s }], [{ denom: 'useed', amount: String(FEE) }], Number(GAS), undefined, undefined);
        const { signature } = await wallets[i].signDirect(a.address, makeSignDoc(bodyBytes, authInfoBytes, chainId, numbers[i]));
        txs.push(TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [Buffer.from(signature.signature, 'base64')] }).finish());
      }
    }
    const hashOf = (tx: Uint8Array) => createHash('sha256').update(tx).digest('hex').toUpperCase();
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let rejected = 0;

    // One websocket carries the broadcasts (in order, pipelined, at most WINDOW unanswered),
    // another the NewBlock events, so neither backs up behind the other.
    const open = async () => {
      const ws = new WebSocket(node.rpc.replace('http', 'ws') + '/websocket');
      await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
      ws.on('close', (code, reason) => code !== 1000 && code !== 1005 && console.error(`websocket closed: ${code} ${reason}`));
      return ws;
    };
    const blocksWs = await open();
    const txWs = await open();
    let lastCommit = 0;
    let settle!: () => void;
    const done = new Promise<void>((r) => (settle = r));
    const check = () => latencies.length + rejected >= txs.length && settle();
    blocksWs.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      const now = performance.now();
      if (process.env.BENCH_DEBUG && msg.result?.data) console.error(`block at +${Math.round(now - t0)} ms: ${msg.result.data.value.block.data.txs?.length ?? 0} txs; answered ${answered}`);
      for (const b64 of msg.result?.data?.value?.block?.data?.txs ?? []) {
        const h = hashOf(Buffer.from(b64, 'base64'));
        const t = sentAt.get(h);
        if (t !== undefined) {
          latencies.push(now - t);
          sentAt.delete(h);
          lastCommit = now;
        }
      }
      check();
    });
    blocksWs.send(JSON.stringify({ jsonrpc: '2.0', id: 'blocks', method: 'subscribe', params: { query: "tm.event='NewBlock'" } }));
    await new Promise((r) => setTimeout(r, 200));

    const WINDOW = 1000;
    let t0 = performance.now();
    let next = 0;
    let answered = 0;
    const pump = () => {
      while (next < txs.length && next - answered < WINDOW) {
        const tx = txs[next];
        sentAt.set(hashOf(tx), performance.now());
        txWs.send(JSON.stringify({ jsonrpc: '2.0', id: next++, method: 'broadcast_tx_sync', params: { tx: Buffer.from(tx).toString('base64') } }));
      }
    };
    txWs.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      answered++;
      if (msg.error || msg.result?.code) {
        rejected++;
        sentAt.delete(hashOf(txs[msg.id]));
        if (rejected <= 3) console.error('refused:', JSON.stringify(msg.error ?? msg.result).slice(0, 300));
      }
      pump();
      check();
    });
    t0 = performance.now();
    pump();
    const timeout = new Promise<void>((r) => setTimeout(r, 120_000));
    await Promise.race([done, timeout]);
    blocksWs.close();
    txWs.close();

    const committed = latencies.length;
    if (committed < N) console.error(`only ${committed} of ${N} committed (${rejected} refused); node log tail:\n${node.output().split('\n').slice(-15).join('\n')}`);
    const seconds = (lastCommit - t0) / 1000;
    const tps = Math.round(committed / seconds);
    latencies.sort((a, b) => a - b);
    const result = {
      bench: 'tx',
      txs: N,
      accounts: M,
      committed,
      rejected,
      seconds: Number(seconds.toFixed(2)),
      committed_tps: tps,
      latency_ms: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) },
      secp256k1_verify_per_s: rates,
      ratio_tps_to_single_core_verify: Number((tps / rates.native).toFixed(2)),
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'tx.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(
      `bench:tx ${committed}/${N} txs committed in ${result.seconds} s = ${tps} tx/s; latency p50 ${result.latency_ms.p50} ms p99 ${result.latency_ms.p99} ms; ` +
        `secp256k1 verify 1 core: node:crypto ${rates.native}/s, noble ${rates.noble}/s; tx/s : 1-core verify/s = ${result.ratio_tps_to_single_core_verify}`,
    );
  } finally {
    await node.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
