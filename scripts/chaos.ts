// chaos: a 4-validator testnet under steady cosmjs tx load; every ~20 s one validator is killed
// with SIGKILL and restarted, or paused with SIGSTOP and resumed with SIGCONT. At the end: no fork
// (every node has the same block hash and app hash at every height), every tx acknowledged as
// committed is in every node's chain, and blocks resumed within 10 s of each heal.
//   npm run chaos -- [--minutes 10] [--interval 20] [--validators 4] [--seed N]
// Prints one summary line and writes bench/results/chaos.json; exits 1 if a check fails.
import '../src/polyfills.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { GasPrice, SigningStargateClient } from '@cosmjs/stargate';
import { ROOT } from '../test/helpers/devnet.js';
import { Testnet, txHeight, type TestnetNode } from '../test/helpers/testnet.js';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, interval: { type: 'string', default: '20' }, validators: { type: 'string', default: '4' }, seed: { type: 'string' } },
});
const DURATION_MS = Number(values.minutes) * 60_000;
const INTERVAL_MS = Number(values.interval) * 1000;
const SEED = values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000;
const RESUME_LIMIT_MS = 10_000;
const LOADERS = ['alice', 'bob', 'carol'];

/** mulberry32: a small seeded PRNG, so a run can be repeated with --seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, j) => setTimeout(() => j(new Error('timeout')), ms).unref())]);
const log = (msg: string) => console.error(`[chaos +${Math.round(performance.now() / 1000)}s] ${msg}`);

interface Fault { kind: 'kill9' | 'pause'; node: string; at_ms: number; healed_at_ms: number; resume_ms: number | null; catchup_ms: number | null }

async function main(): Promise<void> {
  const random = prng(SEED);
  const net = await Testnet.create({ validators: Number(values.validators) });
  const healthy = new Set<TestnetNode>(net.nodes);
  const acknowledged: string[] = [];
  let sendErrors = 0;
  let running = true;
  const t0 = performance.now();
  log(`testnet in ${net.dir}, seed ${SEED}`);
  net.startAll();

  try {
    await net.waitForHeight(2, { timeoutMs: 60_000 });

    // Steady load: each loader sends through some healthy node; only code-0 results count as acknowledged.
    const loaders = LOADERS.map(async (name, li) => {
      const wallet = await DirectSecp256k1HdWallet.fromMnemonic(net.account(name).mnemonic, { prefix: 'seed' });
      const [{ address }] = await wallet.getAccounts();
      const to = net.account('dave').address;
      while (running) {
        const targets = [...healthy];
        if (targets.length === 0) { await sleep(200); continue; }
        const node = targets[(li + Math.floor(random() * targets.length)) % targets.length]!;
        let client: SigningStargateClient | undefined;
        try {
          client = await withTimeout(SigningStargateClient.connectWithSigner(node.rpc, wallet, { gasPrice: GasPrice.fromString('0.025useed') }), 10_000);
          for (let i = 0; i < 5 && running && healthy.has(node); i++) {
            const r = await withTimeout(client.sendTokens(address, to, [{ denom: 'useed', amount: '1' }], 'auto'), 30_000);
            if (r.code === 0) acknowledged.push(r.transactionHash);
          }
        } catch {
          sendErrors++;
          await sleep(300);
        } finally {
          client?.disconnect();
        }
      }
    });

    const faults: Fault[] = [];
    while (performance.now() - t0 < DURATION_MS) {
      await sleep(INTERVAL_MS * (0.75 + random() / 2));
      if (performance.now() - t0 >= DURATION_MS) break;
      const node = net.nodes[Math.floor(random() * net.nodes.length)]!;
      const kind = random() < 0.5 ? 'kill9' : 'pause';
      const downMs = 3_000 + Math.floor(random() * 5_000);
      const heightBefore = await net.maxHeight(net.nodes);
      const at = performance.now();
      healthy.delete(node);
      log(`${kind} ${node.info.name} for ${downMs} ms`);
      if (kind === 'kill9') await node.kill9(); else node.pause();
      await sleep(downMs);
      const heightAtHeal = Math.max(heightBefore, await net.maxHeight([...healthy]));
      if (kind === 'kill9') node.start(); else node.resume();
      const healedAt = performance.now();

      // Blocks resumed: the network commits past the height it had at the heal.
      let resume: number | null = null;
      let catchup: number | null = null;
      while (performance.now() - healedAt < 60_000 && (resume === null || catchup === null)) {
        if (resume === null && (await net.maxHeight(net.nodes)) > heightAtHeal) resume = performance.now() - healedAt;
        if (catchup === null && (await node.height().catch(() => 0)) >= heightAtHeal) catchup = performance.now() - healedAt;
        await sleep(100);
      }
      healthy.add(node);
      faults.push({ kind, node: node.info.name, at_ms: Math.round(at - t0), healed_at_ms: Math.round(healedAt - t0), resume_ms: resume && Math.round(resume), catchup_ms: catchup && Math.round(catchup) });
      log(`healed ${node.info.name}: blocks resumed after ${resume === null ? 'never' : Math.round(resume) + ' ms'}, caught up after ${catchup === null ? 'never' : Math.round(catchup) + ' ms'}`);
    }

    running = false;
    await Promise.all(loaders);
    const top = await net.maxHeight(net.nodes);
    await net.waitForHeight(top, { nodes: net.nodes, timeoutMs: 60_000 });

    let fork: string | null = null;
    let agreed = 0;
    try {
      agreed = await net.assertAgreement(net.nodes);
    } catch (e) {
      fork = (e as Error).message;
    }
    const missing: string[] = [];
    for (const hash of acknowledged) {
      for (const node of net.nodes) if ((await txHeight(node.rpc, hash)) === undefined) missing.push(`${hash} on ${node.info.name}`);
    }
    const slowHeals = faults.filter((f) => f.resume_ms === null || f.resume_ms > RESUME_LIMIT_MS);
    const ok = fork === null && missing.length === 0 && slowHeals.length === 0;
    const result = {
      bench: 'chaos',
      ok,
      seed: SEED,
      minutes: Number(values.minutes),
      validators: net.nodes.length,
      heights_agreed: agreed,
      fork,
      faults,
      txs_acknowledged: acknowledged.length,
      txs_missing: missing.slice(0, 20),
      send_errors: sendErrors,
      max_resume_ms: Math.max(0, ...faults.map((f) => f.resume_ms ?? Infinity)),
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'chaos.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(
      `chaos ${ok ? 'PASS' : 'FAIL'}: ${result.minutes} min, seed ${SEED}, ${faults.length} faults (${faults.filter((f) => f.kind === 'kill9').length} kill -9, ` +
        `${faults.filter((f) => f.kind === 'pause').length} pause); ${agreed} heights agree${fork ? ` — FORK: ${fork}` : ''}; ` +
        `${acknowledged.length} acknowledged txs, ${missing.length} missing; blocks resumed within ${result.max_resume_ms} ms of a heal (limit ${RESUME_LIMIT_MS})`,
    );
    if (!ok) {
      console.error(net.logTails(20));
      process.exitCode = 1;
    }
  } finally {
    running = false;
    await net.stopAll();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
