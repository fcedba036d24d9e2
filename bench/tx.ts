// bench:tx — committed MsgSend throughput and broadcast-to-commit latency on a single-validator
// devnet node (a real child process), next to the single-core secp256k1 verify rate measured in
// this same process (the ratio is the figure to compare across machines and runs).
//   npm run bench:tx -- [--txs 6000] [--accounts 600]
// BENCH_DEBUG=1 prints each block's arrival; SEEDCAST_NODE_ARGS passes flags to the node process.
import '../src/polyfills.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { devnetWallet, ROOT, startDevnetNode, tempHome } from '../test/helpers/devnet.js';
import { fundAccounts, fundingFor, signSends } from './lib/accounts.js';
import { cpuMeter } from './lib/procCpu.js';
import { pumpTxs, summarize } from './lib/pump.js';
import { singleCoreVerifyRates } from './lib/verifyRates.js';

const { values } = parseArgs({ options: { txs: { type: 'string', default: '6000' }, accounts: { type: 'string', default: '600' } } });
const N = Number(values.txs);
const M = Number(values.accounts);
const PER = Math.ceil(N / M);

async function main() {
  const rates = singleCoreVerifyRates();
  // SEEDCAST_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the node process.
  const nodeArgs = process.env.SEEDCAST_NODE_ARGS?.split(' ').filter(Boolean);
  const node = await startDevnetNode(tempHome('bench-tx'), { nodeArgs });
  try {
    // Fund M fresh accounts from alice, then sign everything up front (not timed).
    const load = await fundAccounts(node.rpc, await devnetWallet('alice'), M, fundingFor(PER));
    const { txs } = await signSends(load, N);
    const cpuPerTx = cpuMeter([node.child.pid!]);
    const r = await pumpTxs({ targets: [node.rpc], route: () => 0, blocksRpc: node.rpc, txs, debug: !!process.env.BENCH_DEBUG });

    if (r.committed < N) console.error(`only ${r.committed} of ${N} committed (${r.rejected} refused); node log tail:\n${node.output().split('\n').slice(-15).join('\n')}`);
    const nodeCpuMsPerTx = cpuPerTx(r.committed);
    const run = summarize(r);
    const tps = run.committed_tps;
    const result = {
      bench: 'tx',
      txs: N,
      accounts: M,
      ...run,
      node_cpu_ms_per_tx: nodeCpuMsPerTx,
      secp256k1_verify_per_s: rates,
      ratio_tps_to_single_core_verify: Number((tps / rates.node).toFixed(2)),
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'tx.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(
      `bench:tx ${r.committed}/${N} txs committed in ${result.seconds} s = ${tps} tx/s; latency p50 ${result.latency_ms.p50} ms p99 ${result.latency_ms.p99} ms; node CPU ${nodeCpuMsPerTx} ms per tx; ` +
        `secp256k1 verify 1 core: libsecp256k1 ${rates.libsecp256k1 ?? '-'}/s, node:crypto ${rates.nodeCrypto}/s, noble ${rates.noble}/s; ` +
          `tx/s : 1-core verify/s (${rates.backend}) = ${result.ratio_tps_to_single_core_verify}`,
    );
  } finally {
    await node.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
